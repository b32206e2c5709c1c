#include "vision/synthetic_scene.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {

cv::Mat make_background(cv::Size size, unsigned seed) {
  // A muted room rather than coloured noise: a wall tinted a little away from
  // grey and darkening towards the floor, a few soft-edged panels (a door, a
  // window, a shelf) and a fine grain, so that a detector still meets clutter.
  cv::RNG rng(seed);
  const float grey = rng.uniform(110.f, 175.f);
  const cv::Scalar wall(grey + rng.uniform(-14.f, 14.f), grey + rng.uniform(-10.f, 10.f), grey + rng.uniform(-14.f, 14.f));
  cv::Mat background(size, CV_32FC3, wall);
  const int panels = rng.uniform(3, 6);
  for (int i = 0; i < panels; ++i) {
    const int w = rng.uniform(size.width / 8, size.width / 3 + 1), h = rng.uniform(size.height / 6, size.height / 2 + 1);
    const cv::Rect panel(rng.uniform(0, std::max(1, size.width - w)), rng.uniform(0, std::max(1, size.height - h)), w, h);
    cv::rectangle(background, panel, wall * rng.uniform(0.65, 1.25), cv::FILLED);
  }
  cv::GaussianBlur(background, background, cv::Size(0, 0), 2.5);
  for (int y = 0; y < size.height; ++y) background.row(y) *= 1.0 - 0.3 * y / std::max(1, size.height);

  cv::Mat grain(std::max(1, size.height / 8), std::max(1, size.width / 8), CV_32FC1);
  rng.fill(grain, cv::RNG::UNIFORM, -12.f, 12.f);
  cv::resize(grain, grain, size, 0, 0, cv::INTER_CUBIC);
  cv::Mat grain3;
  cv::cvtColor(grain, grain3, cv::COLOR_GRAY2BGR);
  background += grain3;
  cv::Mat out;
  background.convertTo(out, CV_8UC3);
  return out;
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

cv::Mat render_benchmark_scene(const std::vector<cv::Mat>& faces, int face_count, int frame_index,
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
