#include "vision/photo_tour.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {
namespace {

const cv::Size kTourFrame{1280, 720};

class PhotoTourSource : public FrameSource {
 public:
  PhotoTourSource(std::vector<std::string> photos, const SourceOptions& options)
      : FrameSource(SourceKind::Scene, "demo: " + std::to_string(photos.size()) + " photos in " + demo_photos_dir()),
        photos_(std::move(photos)),
        options_(options) {
    fps_ = kTourFps;
    frame_count_ = static_cast<int64_t>(photos_.size()) * frames_per_photo();
    if (photos_.empty())
      fail(SourceState::Error, "no demo photos in " + demo_photos_dir() +
                                   ": scripts/setup.sh fetches them from the npm registry (scripts/fetch_demo.sh)");
  }

  bool read(Frame& frame) override {
    if (state_ == SourceState::Error || state_ == SourceState::EndOfStream) return false;
    if (position_ >= frame_count_) {
      if (!options_.loop) {
        fail(SourceState::EndOfStream, "");
        return false;
      }
      position_ = 0;
      ++loops_;
    }
    const int64_t photo_index = position_ / frames_per_photo();
    if (!load(photo_index)) return false;
    const double progress = static_cast<double>(position_ % frames_per_photo()) / frames_per_photo();
    frame.image = view(photo_, progress);
    frame.index = frames_read_++;
    frame.timestamp_s = static_cast<double>(frames_read_ - 1) / kTourFps;
    frame.loop = loops_;
    ++position_;
    state_ = SourceState::Running;
    return true;
  }

 private:
  static int64_t frames_per_photo() { return static_cast<int64_t>(kTourSecondsPerPhoto * kTourFps); }

  // The photo on show, read when the tour reaches it; one that cannot be read is left out.
  bool load(int64_t index) {
    if (index == loaded_) return true;
    try {
      photo_ = load_bgr_image(photos_[static_cast<size_t>(index)]);
      loaded_ = index;
      return true;
    } catch (const Error& e) {
      error_ = e.what();
      photos_.erase(photos_.begin() + index);
      frame_count_ = static_cast<int64_t>(photos_.size()) * frames_per_photo();
      position_ = index * frames_per_photo();
      loaded_ = -1;
      if (photos_.empty()) fail(SourceState::Error, "none of the demo photos in " + demo_photos_dir() + " can be read: " + error_);
      return false;
    }
  }

  // The view at `progress` (0..1) through the photo's time: the whole photo at
  // the start, zoomed in 20 % by the end while the window slides from its left
  // edge to its right, letterboxed into the frame so that nothing is stretched.
  static cv::Mat view(const cv::Mat& photo, double progress) {
    const double zoom = 1 + 0.2 * progress;
    const double w = photo.cols / zoom, h = photo.rows / zoom;
    const cv::Rect window(cv::Point(static_cast<int>((photo.cols - w) * progress), static_cast<int>((photo.rows - h) / 2)),
                          cv::Size(static_cast<int>(w), static_cast<int>(h)));
    const double scale = std::min(kTourFrame.width / w, kTourFrame.height / h);
    const cv::Size shown(static_cast<int>(w * scale), static_cast<int>(h * scale));
    cv::Mat out(kTourFrame, CV_8UC3, cv::Scalar(24, 24, 24));
    cv::resize(photo(window), out(cv::Rect((kTourFrame.width - shown.width) / 2, (kTourFrame.height - shown.height) / 2,
                                           shown.width, shown.height)),
               shown, 0, 0, cv::INTER_AREA);
    return out;
  }

  std::vector<std::string> photos_;
  SourceOptions options_;
  cv::Mat photo_;
  int64_t loaded_ = -1;
  int64_t position_ = 0;
  int loops_ = 0;
};

}  // namespace

std::string demo_photos_dir() {
  if (const char* env = std::getenv("FERLAB_DEMO_DIR"); env && *env) return env;
  return std::string(FERLAB_SOURCE_DIR) + "/third_party/downloads/demo-photos";
}

std::vector<std::string> demo_photos() {
  namespace fs = std::filesystem;
  std::vector<std::string> photos;
  std::error_code ec;
  for (fs::directory_iterator it(demo_photos_dir(), ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && is_image_file(it->path().string())) photos.push_back(it->path().string());
  std::sort(photos.begin(), photos.end());
  return photos;
}

std::unique_ptr<FrameSource> open_photo_tour(const std::vector<std::string>& photos, const SourceOptions& options) {
  return std::make_unique<PhotoTourSource>(photos, options);
}

}  // namespace ferlab
