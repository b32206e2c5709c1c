#include "vision/video_writer.hpp"

#include <filesystem>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace fs = std::filesystem;

namespace ferlab {

namespace {

// Below this a "video" is at most a container header: no frame made it to disk.
constexpr uintmax_t kMinVideoBytes = 512;
constexpr const char* kKept = "any previous file of that name is left as it was";

}  // namespace

int video_fourcc(const std::string& path) {
  return file_extension_lower(path) == ".avi" ? cv::VideoWriter::fourcc('M', 'J', 'P', 'G')
                                              : cv::VideoWriter::fourcc('m', 'p', '4', 'v');
}

int64_t count_video_frames(const std::string& path) {
  cv::VideoCapture capture(path);
  int64_t n = 0;
  while (capture.isOpened() && capture.grab()) ++n;
  return n;
}

AtomicVideoWriter::AtomicVideoWriter(const std::string& path, double fps, cv::Size size) : path_(path), size_(size) {
  const fs::path target(path);
  temp_ = (target.parent_path() / (".tmp-" + target.filename().string())).string();
  writer_.open(temp_, video_fourcc(path), fps, size);
  if (!writer_.isOpened())
    throw Error(path + ": cannot write video (no encoder for its extension here, or the folder is not writable)");
}

AtomicVideoWriter::~AtomicVideoWriter() {
  if (committed_) return;
  writer_.release();
  std::error_code ec;
  fs::remove(temp_, ec);
}

void AtomicVideoWriter::write(const cv::Mat& frame) {
  writer_.write(frame);
  ++frames_;
}

void AtomicVideoWriter::commit() {
  writer_.release();  // returns nothing: whether the file is whole is checked below
  std::error_code ec;
  const uintmax_t bytes = fs::file_size(temp_, ec);
  if (ec || bytes < kMinVideoBytes)
    throw Error(path_ + ": writing the video failed (" + (ec ? ec.message() : std::to_string(bytes) + " bytes written") +
                ", disk full?); " + kKept);
  const int64_t readable = count_video_frames(temp_);
  if (readable != frames_)
    throw Error(path_ + ": the written video reads back " + std::to_string(readable) + " of its " +
                std::to_string(frames_) + " frames (disk full or encoder failure?); " + kKept);
  fs::rename(temp_, path_, ec);
  if (ec) throw Error(path_ + ": cannot move the finished video into place: " + ec.message());
  committed_ = true;
}

}  // namespace ferlab
