#pragma once
// Recording: what the live pipeline analyses, as it is shown — a video of the
// annotated frames plus the per-face CSV of face_csv.hpp — behind the
// workbench's Record button. The pipeline's inference thread adds each
// analysed frame; whoever stops the recording calls finish(), which may take a
// while (the video is read back) and so belongs on a worker thread.
//
// The video has a fixed frame rate, but analysed frames come whenever inference
// finishes one (a few to 30 per second), so each frame is written as many times
// as its share of the recording's clock takes, at least once: the recording
// plays at the speed it happened. The pipeline's clock stands still while the
// feed is paused; a gap longer than kMaxFillSeconds (a source that stalled, a
// camera reconnecting) is not filled.
//
// Both files are written atomically: the video through AtomicVideoWriter, the
// CSV (kept in memory, about 150 bytes a face a frame) when finished. Where
// MP4 cannot be written, the recording falls back to Motion JPEG in an .avi
// and says so in notice().
#include <opencv2/core.hpp>

#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>

#include "vision/annotate.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/video_writer.hpp"

namespace ferlab {

struct RecordingPaths {
  std::string video;  // .mp4
  std::string csv;
};

// `folder`/ferlab-YYYYMMDD-HHMMSS.mp4 and .csv, in local time.
RecordingPaths timestamped_recording_paths(const std::string& folder, std::time_t now);

// $XDG_VIDEOS_DIR/ferlab, else $HOME/Videos/ferlab, else recordings/ in the
// working folder: a user's videos go where their desktop keeps videos, never into
// the repository the workbench happens to be started from.
std::string default_recording_folder();

struct RecordingResult {
  RecordingPaths paths;      // as written (the video may have fallen back to .avi)
  int64_t analysed_frames = 0;
  int64_t video_frames = 0;  // written to the video, repeats included
  int64_t csv_rows = 0;      // faces over all analysed frames
};

class Recording {
 public:
  static constexpr double kMaxFillSeconds = 5;

  // Creates the folder and opens the video writer at once, so that a failure
  // shows when recording starts. Throws Error naming the file and the cause.
  Recording(RecordingPaths paths, cv::Size frame_size, double fps = 30, AnnotateOptions annotate = {});

  // Thread-safe. `time_s`: seconds on a steady clock that leaves out pauses (the
  // recording starts at its first frame). Frames of another size are scaled to the recording's.
  // Does nothing once finished, or after a write failed (finish() reports it).
  void add(const FrameResult& result, double time_s);
  // Thread-safe. Closes both files into place and says what they hold; throws
  // Error naming the file when either could not be written (or an add() failed).
  RecordingResult finish();

  const RecordingPaths& paths() const { return paths_; }  // where it is being written
  const std::string& notice() const { return notice_; }   // e.g. why it is an .avi; "" when all is as asked
  int64_t analysed_frames() const;

 private:
  RecordingPaths paths_;
  std::string notice_;
  double fps_;
  AnnotateOptions annotate_;
  mutable std::mutex mutex_;  // guards everything below
  std::unique_ptr<AtomicVideoWriter> video_;
  std::string csv_;
  int64_t analysed_ = 0;
  int64_t rows_ = 0;
  double start_s_ = 0;
  double last_s_ = 0;
  double skipped_s_ = 0;  // gaps left unfilled: the video's clock skips them
  std::string error_;
  bool finished_ = false;
};

}  // namespace ferlab
