#include "vision/synthetic_scene.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {

cv::Mat make_background(cv::Size size, unsigned seed) {
  cv::Mat small(std::max(1, size.height / 16), std::max(1, size.width / 16), CV_8UC3);
  cv::RNG rng(seed);
  rng.fill(small, cv::RNG::UNIFORM, 40, 200);
  cv::Mat background;
  cv::resize(small, background, size, 0, 0, cv::INTER_CUBIC);
  return background;
}

void paste_face(cv::Mat& scene, const cv::Mat& face, const cv::Rect& box) {
  const cv::Rect visible = box & cv::Rect(0, 0, scene.cols, scene.rows);
  if (visible.empty()) return;
  cv::Mat scaled;
  cv::resize(face, scaled, box.size(), 0, 0, box.width >= face.cols ? cv::INTER_CUBIC : cv::INTER_AREA);
  if (scaled.channels() == 1) cv::cvtColor(scaled, scaled, cv::COLOR_GRAY2BGR);
  scaled(visible - box.tl()).copyTo(scene(visible));
}

std::vector<cv::Mat> load_fer_test_faces(const std::string& fer2013_dir, size_t count,
                                         const std::vector<std::string>& classes) {
  namespace fs = std::filesystem;
  std::vector<std::vector<std::string>> per_class;
  for (const std::string& name : classes) {
    const fs::path dir = fs::path(fer2013_dir) / "test" / name;
    if (!fs::is_directory(dir)) throw DataError(dir.string() + ": FER-2013 test folder not found");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    per_class.push_back(std::move(files));
  }
  std::vector<cv::Mat> faces;
  for (size_t i = 0; faces.size() < count; ++i) {
    bool any = false;
    for (const auto& files : per_class) {
      if (i >= files.size() || faces.size() >= count) continue;
      any = true;
      cv::Mat face = cv::imread(files[i], cv::IMREAD_GRAYSCALE);
      if (face.empty()) throw DataError(files[i] + ": cannot decode");
      faces.push_back(face);
    }
    if (!any) break;
  }
  return faces;
}

cv::Mat render_demo_scene(const std::vector<cv::Mat>& faces, int face_count, int frame_index,
                          const cv::Mat& background) {
  const std::vector<cv::Rect> one{{240, 120, 170, 170}};
  const std::vector<cv::Rect> four{{60, 40, 120, 120}, {400, 50, 120, 120}, {80, 290, 120, 120}, {420, 280, 120, 120}};
  const std::vector<cv::Rect>& boxes = face_count == 1 ? one : four;
  cv::Mat scene = background.clone();
  for (int i = 0; i < std::min<int>(face_count, static_cast<int>(boxes.size())); ++i) {
    const cv::Point drift(static_cast<int>(8 * std::sin(0.1 * frame_index + i)),
                          static_cast<int>(6 * std::cos(0.13 * frame_index + i)));
    paste_face(scene, faces[static_cast<size_t>(i) % faces.size()], boxes[static_cast<size_t>(i)] + drift);
  }
  return scene;
}

}  // namespace ferlab
