#include "app/live_recorder.hpp"

#include <cstdio>
#include <ctime>
#include <utility>

#include "core/errors.hpp"

namespace ferlab::app {

namespace {

constexpr double kRecordingFps = 30;  // a camera's pace; slower inference repeats frames (recording.hpp)

}  // namespace

std::string describe_recording(const RecordingResult& result, double fps) {
  char text[64];
  std::snprintf(text, sizeof text, "recorded %lld frames (%.1f s) to ", static_cast<long long>(result.analysed_frames),
                result.video_frames / fps);
  return text + result.paths.video + " and " + result.paths.csv + " (" + std::to_string(result.csv_rows) + " rows)";
}

void LiveRecorder::start(LivePipeline& pipeline, cv::Size frame_size, const std::string& folder,
                         const AnnotateOptions& annotate, EventLog& log) {
  if (recording_ || finishing()) return;
  try {
    recording_ = std::make_shared<Recording>(timestamped_recording_paths(folder, std::time(nullptr)), frame_size,
                                             kRecordingFps, annotate);
  } catch (const Error& e) {
    log.error(std::string("cannot record: ") + e.what());
    return;
  }
  video_path_ = recording_->paths().video;
  if (!recording_->notice().empty()) log.error(recording_->notice());
  log.info("recording to " + video_path_ + " (faces to " + recording_->paths().csv + ")");
  pipeline.start_recording(recording_);
}

void LiveRecorder::stop(LivePipeline& pipeline) {
  if (!recording_) return;
  pipeline.stop_recording();
  finishing_.start("finishing the recording",
                   [recording = std::exchange(recording_, nullptr)](TaskControl&) { return recording->finish(); });
}

void LiveRecorder::poll(EventLog& log) {
  if (auto result = finishing_.take_result()) log.info(describe_recording(*result, kRecordingFps));
  if (auto error = finishing_.take_error()) log.error("recording failed: " + *error);
}

void LiveRecorder::finish_now(LivePipeline& pipeline, EventLog& log) {
  if (recording_) {
    pipeline.stop_recording();
    try {
      log.info(describe_recording(std::exchange(recording_, nullptr)->finish(), kRecordingFps));
    } catch (const Error& e) {
      log.error(std::string("recording failed: ") + e.what());
    }
  }
  finishing_.cancel_and_join();  // a recording stopped earlier finishes its files first
  poll(log);
}

}  // namespace ferlab::app
