#include "vision/frame_source.hpp"
#include "core/text.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "core/errors.hpp"
#include "data/image_file.hpp"
#include "vision/demo_scene.hpp"
#include "vision/photo_tour.hpp"

namespace fs = std::filesystem;

namespace ferlab {

const char* source_state_name(SourceState state) {
  switch (state) {
    case SourceState::Opening: return "opening";
    case SourceState::Running: return "running";
    case SourceState::EndOfStream: return "end of stream";
    case SourceState::CameraMissing: return "camera missing";
    case SourceState::Error: return "error";
  }
  return "unknown";
}

bool is_image_file(const std::string& path) {
  const std::string ext = file_extension_lower(path);
  static const std::vector<std::string> kImageExtensions{".jpg", ".jpeg", ".png", ".bmp", ".pgm", ".ppm",
                                                         ".tif", ".tiff", ".webp"};
  return std::find(kImageExtensions.begin(), kImageExtensions.end(), ext) != kImageExtensions.end();
}

bool is_video_file(const std::string& path) {
  const std::string ext = file_extension_lower(path);
  static const std::vector<std::string> kVideoExtensions{".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v",
                                                         ".mpg", ".mpeg", ".wmv", ".flv", ".ogv"};
  return std::find(kVideoExtensions.begin(), kVideoExtensions.end(), ext) != kVideoExtensions.end();
}

cv::Mat to_bgr8(const cv::Mat& image) {
  cv::Mat eight = image;
  if (image.depth() == CV_16U) image.convertTo(eight, CV_8U, 1.0 / 257.0);
  else if (image.depth() == CV_32F || image.depth() == CV_64F) image.convertTo(eight, CV_8U, 255.0);
  else if (image.depth() != CV_8U) image.convertTo(eight, CV_8U);
  cv::Mat bgr;
  switch (eight.channels()) {
    case 1: cv::cvtColor(eight, bgr, cv::COLOR_GRAY2BGR); break;
    case 4: cv::cvtColor(eight, bgr, cv::COLOR_BGRA2BGR); break;
    case 3: bgr = eight; break;
    default: throw DataError("image with " + std::to_string(eight.channels()) + " channels is not supported");
  }
  return bgr;
}

cv::Mat load_bgr_image(const std::string& path) {
  const cv::Mat image = read_image_file(path);
  try {
    return to_bgr8(image);
  } catch (const DataError& e) {
    throw DataError(path + ": " + e.what());
  }
}

namespace {

class CameraSource : public FrameSource {
 public:
  CameraSource(int index, const SourceOptions& options)
      : FrameSource(SourceKind::Camera, "camera " + std::to_string(index)), index_(index), options_(options) {
    connect();
    start_ = std::chrono::steady_clock::now();
  }

  bool read(Frame& frame) override {
    if (state_ == SourceState::CameraMissing) {
      if (std::chrono::steady_clock::now() < next_attempt_) return false;
      if (!connect()) return false;
    }
    cv::Mat image;
    if (!capture_.read(image) || image.empty()) {
      capture_.release();
      next_attempt_ = std::chrono::steady_clock::now() + options_.reconnect_interval;
      fail(SourceState::CameraMissing, description_ + " stopped delivering frames (unplugged?)");
      return false;
    }
    frame.image = to_bgr8(image);
    frame.index = frames_read_++;
    frame.timestamp_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    state_ = SourceState::Running;
    error_.clear();
    return true;
  }

 private:
  bool connect() {
    try {
      capture_.open(index_);
    } catch (const cv::Exception&) {
      capture_.release();
    }
    if (!capture_.isOpened()) {
      next_attempt_ = std::chrono::steady_clock::now() + options_.reconnect_interval;
      fail(SourceState::CameraMissing,
           description_ + " is not available (no camera at /dev/video" + std::to_string(index_) + "?)");
      return false;
    }
    capture_.set(cv::CAP_PROP_FRAME_WIDTH, options_.camera_width);
    capture_.set(cv::CAP_PROP_FRAME_HEIGHT, options_.camera_height);
    state_ = SourceState::Opening;
    error_.clear();
    return true;
  }

  int index_;
  SourceOptions options_;
  cv::VideoCapture capture_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point next_attempt_;  // while missing: when to try to reopen
};

class VideoFileSource : public FrameSource {
 public:
  VideoFileSource(const std::string& path, const SourceOptions& options)
      : FrameSource(SourceKind::VideoFile, path), path_(path), options_(options) {
    if (!fs::exists(path)) {
      fail(SourceState::Error, path + ": no such file");
      return;
    }
    if (!open_capture()) return;
    fps_ = capture_.get(cv::CAP_PROP_FPS);
    if (!(fps_ > 0 && fps_ < 1000)) fps_ = 0;
    const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
    frame_count_ = count > 0 ? static_cast<int64_t>(count) : -1;
  }

  bool read(Frame& frame) override {
    if (state_ == SourceState::Error || state_ == SourceState::EndOfStream) return false;
    cv::Mat image;
    bool ok = false;
    try {
      ok = capture_.read(image) && !image.empty();
    } catch (const cv::Exception& e) {
      fail(SourceState::Error, path_ + ": decoding failed at frame " + std::to_string(position_) + ": " + e.what());
      return false;
    }
    if (!ok && options_.loop && position_ > 0 && !stopped_early()) {
      looped_s_ = last_timestamp_s_ + (fps_ > 0 ? 1 / fps_ : 0);
      ++loops_;
      position_ = 0;
      if (!open_capture()) return false;
      ok = capture_.read(image) && !image.empty();
    }
    if (!ok) {
      if (position_ == 0) fail(SourceState::Error, path_ + ": no frame could be decoded (truncated or not a video)");
      else if (stopped_early()) fail(SourceState::Error, path_ + ": decoding stopped at frame " + std::to_string(position_) +
                                     " of " + std::to_string(frame_count_) + " (the file is truncated, damaged or gone)");
      else fail(SourceState::EndOfStream, "");
      return false;
    }
    frame.image = to_bgr8(image);
    frame.index = frames_read_++;
    frame.timestamp_s = looped_s_ + (fps_ > 0 ? position_ / fps_ : capture_.get(cv::CAP_PROP_POS_MSEC) / 1000.0);
    frame.loop = loops_;
    last_timestamp_s_ = frame.timestamp_s;
    ++position_;
    state_ = SourceState::Running;
    return true;
  }

 private:
  bool open_capture() {
    capture_.release();
    try {
      capture_.open(path_, cv::CAP_ANY);
    } catch (const cv::Exception& e) {
      fail(SourceState::Error, path_ + ": cannot open video: " + e.what());
      return false;
    }
    if (!capture_.isOpened()) {
      fail(SourceState::Error, path_ + ": not a video OpenCV can open (unsupported format or corrupt file)");
      return false;
    }
    return true;
  }

  // The container's frame count is an estimate for some formats (duration
  // times rate): only an end well short of it is a damaged or vanished file.
  bool stopped_early() const { return frame_count_ > 0 && position_ < frame_count_ * 9 / 10; }

  std::string path_;
  SourceOptions options_;
  cv::VideoCapture capture_;
  int64_t position_ = 0;
  int loops_ = 0;
  double looped_s_ = 0;         // the video time the passes before this one took
  double last_timestamp_s_ = 0;
};

// A still image or the images of a folder, in name order.
class ImageListSource : public FrameSource {
 public:
  ImageListSource(SourceKind kind, std::string description, std::vector<std::string> paths,
                  const SourceOptions& options)
      : FrameSource(kind, std::move(description)), paths_(std::move(paths)), options_(options) {
    frame_count_ = static_cast<int64_t>(paths_.size());
    if (paths_.empty()) fail(SourceState::Error, description_ + ": no images found");
  }

  bool read(Frame& frame) override {
    if (state_ == SourceState::Error || state_ == SourceState::EndOfStream) return false;
    while (next_ < paths_.size() || (options_.loop && delivered_any_)) {
      if (next_ >= paths_.size()) next_ = 0;
      const std::string& path = paths_[next_++];
      try {
        frame.image = load_bgr_image(path);
      } catch (const Error& e) {
        // One bad image in a folder is skipped; the message stays visible.
        error_ = e.what();
        if (paths_.size() == 1) {
          fail(SourceState::Error, e.what());
          return false;
        }
        continue;
      }
      frame.index = frames_read_++;
      frame.timestamp_s = static_cast<double>(frame.index);
      delivered_any_ = true;
      state_ = SourceState::Running;
      return true;
    }
    fail(delivered_any_ ? SourceState::EndOfStream : SourceState::Error,
         delivered_any_ ? "" : description_ + ": none of the images could be decoded");
    return false;
  }

 private:
  std::vector<std::string> paths_;
  SourceOptions options_;
  size_t next_ = 0;
  bool delivered_any_ = false;
};

class FailedSource : public FrameSource {
 public:
  FailedSource(std::string spec, std::string message) : FrameSource(SourceKind::VideoFile, std::move(spec)) {
    fail(SourceState::Error, std::move(message));
  }
  bool read(Frame&) override { return false; }
};

std::optional<int> camera_index(const std::string& spec) {
  std::string digits = spec;
  if (digits.rfind("camera:", 0) == 0) digits = digits.substr(7);
  if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::nullopt;
  if (spec == digits && fs::exists(spec)) return std::nullopt;  // a file named "0" wins
  return std::stoi(digits);
}

}  // namespace

bool is_camera_spec(const std::string& spec) { return camera_index(spec).has_value(); }

std::unique_ptr<FrameSource> FrameSource::open(const std::string& spec, const SourceOptions& options) {
  const std::string scene = kSceneSpecPrefix;
  if (spec.rfind(scene, 0) == 0) return open_scene_source(spec.substr(scene.size()), options);
  std::error_code exists_ec;
  if (spec == kDemoSpec && !fs::exists(spec, exists_ec)) return open_photo_tour(demo_photos(), options);  // a file named "demo" wins
  if (const auto index = camera_index(spec)) return std::make_unique<CameraSource>(*index, options);
  std::error_code ec;
  if (fs::is_directory(spec, ec)) {
    std::vector<std::string> paths;
    for (const auto& entry : fs::directory_iterator(spec, ec))
      if (entry.is_regular_file() && is_image_file(entry.path().string())) paths.push_back(entry.path().string());
    std::sort(paths.begin(), paths.end());
    return std::make_unique<ImageListSource>(SourceKind::ImageFolder, spec, std::move(paths), options);
  }
  if (!fs::exists(spec, ec)) return std::make_unique<FailedSource>(spec, spec + ": no such file, folder or camera");
  if (is_image_file(spec))
    return std::make_unique<ImageListSource>(SourceKind::Image, spec, std::vector<std::string>{spec}, options);
  return std::make_unique<VideoFileSource>(spec, options);
}

}  // namespace ferlab
