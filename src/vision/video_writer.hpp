#pragma once
// Writing a video so that nobody ever finds a broken one: frames go to a
// temporary file beside the target, which commit() reads back (its frame count)
// and only then renames over the target. An interrupted run, a full disk or an
// encoder that silently dropped frames leaves any earlier file of that name as
// it was. `ferlab video --out` and the workbench's recordings write through it.
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <cstdint>
#include <string>

namespace ferlab {

// The codec for a file, by its extension: .avi gets Motion JPEG, anything else
// (.mp4) MPEG-4 Part 2 ('mp4v'). Not H.264 ('avc1'), although Debian's OpenCV 4.6
// writes it too (through libx264): it costs about four times the CPU per frame
// (15.7 against 3.9 ms at 640x480 on the project machine), on the cores the live
// inference needs. 'mp4v' plays in VLC, mpv, ffmpeg and OpenCV; web browsers want H.264.
int video_fourcc(const std::string& path);

class AtomicVideoWriter {
 public:
  // Throws Error naming the file when no writer opens for it.
  AtomicVideoWriter(const std::string& path, double fps, cv::Size size);
  ~AtomicVideoWriter();  // without commit(): removes the temporary file
  AtomicVideoWriter(const AtomicVideoWriter&) = delete;
  AtomicVideoWriter& operator=(const AtomicVideoWriter&) = delete;

  void write(const cv::Mat& frame);  // 8-bit BGR of the size given
  // Closes, checks that every frame reads back, renames into place. Throws Error
  // naming the file (the temporary file is removed) when it does not.
  void commit();

  const std::string& path() const { return path_; }
  cv::Size size() const { return size_; }
  int64_t frames() const { return frames_; }

 private:
  std::string path_;
  std::string temp_;
  cv::Size size_;
  cv::VideoWriter writer_;
  int64_t frames_ = 0;
  bool committed_ = false;
};

// Frames a reader gets back, by decoding the file: the container's own frame
// count is only an estimate. 0 when the file does not open.
int64_t count_video_frames(const std::string& path);

}  // namespace ferlab
