#pragma once
// LiveFeed: the workbench's side of the vision pipeline. It owns the
// LivePipeline (capture and inference run on its threads), picks up the newest
// FrameResult each UI frame without waiting, and keeps what the Live, Grad-CAM
// and Probabilities panels share: the result on screen, the selected track,
// pause and single-step.
#include <memory>
#include <string>

#include "app/workbench.hpp"
#include "vision/pipeline.hpp"

namespace ferlab::app {

class LiveFeed {
 public:
  explicit LiveFeed(std::string source) : source_(std::move(source)) {}

  // UI thread, once per frame: starts the pipeline once a model is loaded,
  // follows model swaps, takes the newest result unless paused.
  void poll(Workbench& bench);

  // "webcam:N", "N", a video, an image or a folder. Restarts capture.
  void open(const std::string& source, Workbench& bench);
  const std::string& source() const { return source_; }

  const std::shared_ptr<const FrameResult>& shown() const { return shown_; }
  const FaceResult* selected_face() const;  // the selected track's face in the shown frame
  int selected_track() const { return selected_track_; }
  void select_track(int track_id);

  bool paused() const { return paused_; }
  void set_paused(bool paused) { paused_ = paused; }
  void step() { step_ = true; }

  bool running() const { return pipeline_ != nullptr; }
  PipelineStatus status() const;
  // True until the first result after start (or a model swap) arrives: the screenshot mode waits for it.
  bool awaiting_result() const;

  AnalyzerOptions options() const;
  void set_options(const AnalyzerOptions& options, Workbench& bench);

 private:
  void start_pipeline(Workbench& bench);

  std::string source_;
  std::unique_ptr<LivePipeline> pipeline_;
  int model_generation_ = -1;
  std::shared_ptr<const FrameResult> shown_;
  int selected_track_ = -1;
  bool paused_ = false;
  bool step_ = false;
  bool awaiting_ = false;
};

// "webcam:N" (the studio's spelling) -> "camera:N" (FrameSource's); others unchanged.
std::string pipeline_source_spec(const std::string& source);

}  // namespace ferlab::app
