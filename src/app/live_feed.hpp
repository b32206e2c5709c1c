#pragma once
// LiveFeed: the workbench's side of the vision pipeline. It owns the
// LivePipeline (capture and inference run on its threads), picks up the newest
// FrameResult each UI frame without waiting, and keeps what the Live, Grad-CAM
// and Probabilities panels share: the result on screen, the selected track,
// pause and single-step.
//
// Pausing pauses the pipeline (no capture, no inference: the cores are free)
// and holds the shown result here: nothing new reaches the selection, the focus
// face or the time series (whose clock stands still) until Resume, or Step,
// which lets one more frame through and shows it once analysed. Every face
// carries its map (the vision layer's per_frame_method); changing the method or
// the target class on a paused frame explains that frame again on a worker
// thread (vision's explain_frame).
//
// A source that fails (no camera, an unreadable file) is reported once in the
// log; a missing camera is then retried quietly by the capture thread while the
// Live panel offers other sources. A recording in progress when its source
// fails is finished at once. The sources opened are kept, newest first,
// for the panel's recent list and the remembered settings.
#include <memory>
#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/live_recorder.hpp"
#include "app/workbench.hpp"
#include "vision/pipeline.hpp"

namespace ferlab::app {

class LiveFeed {
 public:
  explicit LiveFeed(std::string source, std::vector<std::string> recent = {},
                    DetectorKind detector = default_detector_options().kind);

  // UI thread, once per frame: starts the pipeline once a model is loaded,
  // follows model swaps, takes the newest result unless paused. `now` in
  // seconds (the UI's clock): the feed's own clock runs with it, except while paused.
  void poll(Workbench& bench, double now);

  // "webcam:N", "N", a video, an image, a folder, or "scene:PATH" (the demo
  // scene; made from the open data set's faces when PATH is that data set).
  // Restarts capture.
  void open(const std::string& source, Workbench& bench);
  const std::string& source() const { return source_; }
  const std::vector<std::string>& recent_sources() const { return recent_; }  // newest first
  // True when the source cannot deliver now (camera missing, unreadable file):
  // the Live panel then offers others.
  bool source_failed() const;

  const std::shared_ptr<const FrameResult>& shown() const { return shown_; }
  const FaceResult* selected_face() const;  // the selected track's face in the shown frame
  int selected_track() const { return selected_track_; }
  void select_track(int track_id, Workbench& bench);

  bool paused() const { return paused_; }
  void set_paused(bool paused);
  void step();

  bool running() const { return pipeline_ != nullptr; }
  // The pipeline's status; before it starts (no model yet), a file already
  // found unplayable shows as its Error.
  PipelineStatus status() const;
  // True until the first result after start (or a model swap) arrives: the screenshot mode waits for it.
  bool awaiting_result() const;

  AnalyzerOptions options() const;
  // The detector the pipeline uses, or will when it starts; set_options changes it.
  DetectorKind detector() const { return detector_; }
  void set_options(const AnalyzerOptions& options, Workbench& bench);

  // Record / Stop (live_recorder.hpp): the analysed frames as shown, from the
  // next one on, into `folder`; needs a running pipeline and a shown frame (its size).
  void start_recording(const std::string& folder, const AnnotateOptions& annotate, Workbench& bench);
  void stop_recording();
  void finish_recording_now(Workbench& bench);  // at exit
  const LiveRecorder& recorder() const { return recorder_; }

 private:
  void start_pipeline(Workbench& bench);
  void start_source(Workbench& bench);
  void report_failure(const PipelineStatus& status, Workbench& bench);
  void finish_recording_if_source_failed(const PipelineStatus& status, Workbench& bench);
  void report_unplayable_source(Workbench& bench);
  void show(std::shared_ptr<const FrameResult> result, Workbench& bench);
  // The selected face becomes the focus face and the time series' newest sample.
  void publish_selected(const FaceResult& face, Workbench& bench);
  void explain_held_frame(Workbench& bench);
  void advance_clock(double now);

  std::string source_;
  std::vector<std::string> recent_;
  DetectorKind detector_;
  bool failure_reported_ = false;  // for this opening of source_
  std::string source_checked_;     // the source last checked before a model was there
  std::string unplayable_;         // why that check found it unplayable; "" when it did not
  std::unique_ptr<LivePipeline> pipeline_;
  LiveRecorder recorder_;
  int model_generation_ = -1;
  std::shared_ptr<const FrameResult> shown_;
  int selected_track_ = -1;
  bool paused_ = false;
  bool step_ = false;
  bool awaiting_ = false;
  // UI seconds that stand still while paused: the time series' x axis.
  double clock_ = 0;
  double last_poll_time_ = -1;
  BackgroundTask<std::shared_ptr<const FrameResult>> held_cam_;
  std::shared_ptr<const FrameResult> held_base_;  // the paused frame held_cam_ explains
  bool held_cam_wanted_ = false;
};

// "webcam:N" (the studio's spelling) -> "camera:N" (FrameSource's); others unchanged.
std::string pipeline_source_spec(const std::string& source);

// Where the Live panel's "Play the FER-2013 scene" takes its faces: the open data
// set, else `typed` when it is a folder, else `fallback` (FER-2013 beside the
// repository) when it exists; "" when none is there.
std::string demo_scene_faces(const Workbench& bench, const std::string& typed, const std::string& fallback);

}  // namespace ferlab::app
