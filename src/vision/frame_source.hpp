#pragma once
// Where frames come from: a webcam (by index), a video file, a still image or a
// folder of images, behind one interface that never throws from read(): every
// failure becomes a state plus a message the UI can show.
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ferlab {

struct Frame {
  cv::Mat image;            // 8-bit BGR
  int64_t index = 0;        // 0-based position in the source
  // Video time for files (counting on across loops, so that a looping clip
  // keeps its pace), seconds since opening for cameras.
  double timestamp_s = 0.;
  int loop = 0;             // how often a looping source had started over before this frame
  double decode_ms = 0.;    // how long reading and decoding it took
};

enum class SourceState {
  Opening,        // not yet delivered a frame
  Running,        // delivering frames
  EndOfStream,    // file or folder exhausted
  CameraMissing,  // camera absent or unplugged; read() keeps trying to reconnect
  Error,          // unreadable input; error() says why
};
const char* source_state_name(SourceState state);

enum class SourceKind { Camera, VideoFile, Image, ImageFolder, Scene };  // Scene: demo_scene.hpp

struct SourceOptions {
  bool loop = false;  // files, images and folders start over at the end instead of ending
  int camera_width = 640;  // requested camera resolution (the camera may choose another)
  int camera_height = 480;
  std::chrono::milliseconds reconnect_interval{1000};
};

class FrameSource {
 public:
  // `spec`: a camera index ("0"), "camera:N", a video file, an image file, a
  // folder of images, "demo" (the tour over the fetched photos of people,
  // photo_tour.hpp), or "scene:PATH" (the scene made of PATH's faces, see
  // demo_scene.hpp). Never throws: a bad spec gives a source in state Error.
  static std::unique_ptr<FrameSource> open(const std::string& spec, const SourceOptions& options = {});
  virtual ~FrameSource() = default;

  // Next frame, or false when there is none now (see state()). For a camera,
  // blocks until the camera delivers; while it is missing, returns false at
  // once and tries to reopen it once per reconnect interval (never sleeping,
  // so that whoever reads can stop at any moment).
  virtual bool read(Frame& frame) = 0;

  SourceKind kind() const { return kind_; }
  SourceState state() const { return state_; }
  const std::string& error() const { return error_; }
  const std::string& description() const { return description_; }
  double fps() const { return fps_; }                  // 0 when unknown (cameras, images)
  int64_t frame_count() const { return frame_count_; } // -1 when unknown
  int64_t frames_read() const { return frames_read_; }

 protected:
  FrameSource(SourceKind kind, std::string description) : kind_(kind), description_(std::move(description)) {}
  void fail(SourceState state, std::string message) {
    state_ = state;
    error_ = std::move(message);
  }

  SourceKind kind_;
  std::string description_;
  SourceState state_ = SourceState::Opening;
  std::string error_;
  double fps_ = 0.;
  int64_t frame_count_ = -1;
  int64_t frames_read_ = 0;
};

// Loads an image file as 8-bit BGR whatever its channels or depth (gray, RGBA,
// 16-bit). Throws DataError naming the file when it is missing or unreadable.
cv::Mat load_bgr_image(const std::string& path);
// Any 8/16-bit or float image, 1/3/4 channels -> 8-bit BGR.
cv::Mat to_bgr8(const cv::Mat& image);

// "0", "camera:N": what FrameSource::open takes for a camera (a file named "0" is a file).
bool is_camera_spec(const std::string& spec);
bool is_image_file(const std::string& path);  // by extension
bool is_video_file(const std::string& path);  // by extension: the common containers (FrameSource opens any it can)

}  // namespace ferlab
