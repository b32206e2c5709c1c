#pragma once
// LiveRecorder: the Live panel's Record / Stop. Start hands the pipeline a
// Recording (vision/recording.hpp), whose frames its inference thread writes;
// Stop takes it back and finishes the files on a worker thread, because
// finishing reads the whole video back. One line in the log when it starts,
// one when the files are in place (or why they are not).
#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "app/background_task.hpp"
#include "app/event_log.hpp"
#include "vision/pipeline.hpp"

namespace ferlab::app {

class LiveRecorder {
 public:
  // Into `folder` with a timestamped name; a writer that cannot open is logged
  // as an error naming the file, and nothing starts.
  void start(LivePipeline& pipeline, cv::Size frame_size, const std::string& folder, const AnnotateOptions& annotate,
             EventLog& log);
  void stop(LivePipeline& pipeline);
  // UI thread, every frame: logs a finished (or failed) recording.
  void poll(EventLog& log);
  // At exit: stops and finishes at once, on this thread.
  void finish_now(LivePipeline& pipeline, EventLog& log);

  bool active() const { return recording_ != nullptr; }
  bool finishing() const { return finishing_.running(); }
  const std::string& video_path() const { return video_path_; }  // being written, or the last one written
  int64_t frames() const { return recording_ ? recording_->analysed_frames() : 0; }

 private:
  std::shared_ptr<Recording> recording_;
  std::string video_path_;
  BackgroundTask<RecordingResult> finishing_;
};

// "recorded 90 frames (3.0 s) to F.mp4 and F.csv (120 rows)": the log's line.
std::string describe_recording(const RecordingResult& result, double fps);

}  // namespace ferlab::app
