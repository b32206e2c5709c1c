#pragma once
// LivePipeline: camera (or file) -> labelled, explained faces, on two threads,
// for a UI that must never wait.
//
//   capture thread   reads frames as fast as the source gives them and pushes
//                    them into a small bounded queue; when the queue is full the
//                    oldest frame is dropped, so capture never waits for
//                    inference. Files play at their frame rate on their own
//                    clock (a frame read too late is dropped, never shown
//                    late, and a loop keeps the clock running); a still image
//                    is handed over once, and again only when the model or the
//                    settings change.
//   inference thread takes the newest queued frame (older ones are dropped:
//                    the latest frame wins), runs FrameAnalyzer (detect, align,
//                    track, classify, Grad-CAM) and publishes the FrameResult.
//   UI thread        polls latest_result(): a shared_ptr copied under a mutex
//                    held for a pointer copy only, so it never blocks on work.
//
// Usage:
//   LivePipeline pipeline(options, std::make_shared<FaceClassifier>(FaceClassifier::load(paths)));
//   pipeline.start("0");                       // camera 0, or a file / folder / image
//   every UI frame:
//     if (auto r = pipeline.latest_result()) draw(r->frame.image, r->faces);
//     PipelineStatus s = pipeline.status();   // source state, error text, fps, dropped frames
//   pipeline.set_classifier(other);            // swap the model without stopping capture
//   pipeline.set_analyzer_options(options);   // detector, cadence, Grad-CAM method, layer, class
//   pipeline.start_recording(std::make_shared<Recording>(paths, frame_size));
//   pipeline.stop_recording()->finish();       // finish() on a worker thread: it reads the video back
//   pipeline.stop();                           // also done by the destructor
//
// All public methods are thread-safe; call them from the UI thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "vision/face_analyzer.hpp"
#include "vision/frame_source.hpp"
#include "vision/recording.hpp"

namespace ferlab {

struct PipelineOptions {
  AnalyzerOptions analyzer;
  SourceOptions source;
  size_t queue_capacity = 2;  // frames waiting for inference; more only adds latency
  bool pace_files = true;     // play video files at their frame rate rather than as fast as possible
  // Images and folders have no frame rate: show them at a camera's pace. Read
  // flat out, a looping folder keeps inference busy on every core and starves the UI.
  double still_fps = 30;
  // > 0: the capture and inference threads run this much nicer than the caller,
  // so that a UI thread on the same cores is scheduled first (the workbench: 10).
  int worker_nice = 0;
};

// How a live stream is analysed, in the workbench and in the benchmark that
// measures it: `detector` on a cadence on its own thread (`nice` > 0: that much
// nicer), one of the merged detector's tiles a pass, in turn (a pass then costs
// half, docs/BENCHMARKS.md), the flow following what the others found; every
// face explained by one backward pass (per_frame_method).
AnalyzerOptions live_stream_analysis(DetectorKind detector, int nice);

struct PipelineStatus {
  bool running = false;               // analysing; false once stopped or the source has ended
  SourceState source_state = SourceState::Opening;
  std::string source_description;
  std::string message;                // source error, or an inference error; empty when all is well
  int64_t frames_captured = 0;
  int64_t frames_dropped = 0;         // captured but never analysed (inference was busy)
  int64_t frames_analyzed = 0;
  double capture_fps = 0;             // over the last second or so; falls while the source delivers nothing
  // A playing camera or file that has delivered nothing for over a second (a
  // source slower than 1 fps, or one that hangs): `message` says since when.
  bool stalled = false;
  double seconds_since_frame = 0;     // since the last frame captured (or the start)
  double inference_fps = 0;
  // Each stage's milliseconds, a moving average over the last ten or so
  // analysed frames; "detect" is the detector pass or the carrying on the
  // analysis thread, detector_pass_ms the detector's own passes (on its thread
  // in the live feed).
  StageTimings stage_ms;
  double detector_pass_ms = 0;
  std::string classifier;             // description of the classifier in use
};

class LivePipeline {
 public:
  // Throws ModelError when the detector cannot be made.
  LivePipeline(const PipelineOptions& options, std::shared_ptr<const FaceClassifier> classifier);
  ~LivePipeline();
  LivePipeline(const LivePipeline&) = delete;
  LivePipeline& operator=(const LivePipeline&) = delete;

  // Stops any running source, opens `source_spec` (see FrameSource::open) and
  // starts both threads. Never throws for a bad source: status() reports it.
  void start(const std::string& source_spec);
  // The same with a source made by the caller (the workbench's in-memory demo scene).
  void start(std::unique_ptr<FrameSource> source);
  void stop();

  // The newest finished result, or nullptr before the first one. Never waits for inference.
  std::shared_ptr<const FrameResult> latest_result() const;
  PipelineStatus status() const;

  // Paused, the capture thread reads no frames and inference goes idle: the
  // cores are free and a file's clock stands still. step() lets exactly one more
  // frame through while paused. start() begins unpaused.
  void set_paused(bool paused);
  void step();

  // Take effect from the next analysed frame; capture keeps running. A still
  // image is analysed again, once.
  void set_classifier(std::shared_ptr<const FaceClassifier> classifier);
  // Detector/tracker/Grad-CAM settings at once. Throws ModelError (and keeps the
  // old settings) when a new detector cannot be made.
  void set_analyzer_options(const AnalyzerOptions& options);
  AnalyzerOptions analyzer_options() const;

  // From the next analysed frame on, the inference thread also adds every
  // analysed frame to `recording`, until stop_recording(), which hands it back
  // (nullptr when none) for the caller to finish(). Survives start() and stop().
  void start_recording(std::shared_ptr<Recording> recording);
  std::shared_ptr<Recording> stop_recording();
  std::shared_ptr<Recording> recording() const;

 private:
  void capture_loop();
  void inference_loop();
  void hand_over(Frame frame);   // into the queue, dropping the oldest when full
  void hold_still(Frame still);  // the capture thread's work for an image, until stop()
  void reanalyse_still();

  PipelineOptions options_;
  // Only the inference thread touches analyzer_ while running; other threads
  // leave changes in the pending slots below, which it picks up between frames.
  std::unique_ptr<FrameAnalyzer> analyzer_;
  mutable std::mutex settings_mutex_;  // guards the three members below
  std::shared_ptr<const FaceClassifier> pending_classifier_;
  bool pending_options_ = false;
  AnalyzerOptions options_now_;  // the latest settings asked for (applied or pending)

  std::unique_ptr<FrameSource> source_;
  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<Frame> queue_;
  bool capture_done_ = false;

  mutable std::mutex result_mutex_;  // guards latest_ and status_
  std::shared_ptr<const FrameResult> latest_;
  PipelineStatus status_;
  std::chrono::steady_clock::time_point last_frame_at_;
  bool awaits_frames_ = false;  // the source delivers frames on its own (not a still held after its one frame)

  mutable std::mutex pause_mutex_;  // guards the three members below
  std::condition_variable pause_changed_;
  bool paused_ = false;
  int steps_pending_ = 0;
  bool reanalyse_still_ = false;

  mutable std::mutex recording_mutex_;  // held for a pointer copy only
  std::shared_ptr<Recording> recording_;

  // Seconds spent paused since construction, written by the capture thread: the
  // recording's clock leaves them out, so that a pause is not a frozen stretch of video.
  std::atomic<double> paused_s_{0};
  std::atomic<bool> stop_{false};
  std::thread capture_thread_;
  std::thread inference_thread_;
};

}  // namespace ferlab
