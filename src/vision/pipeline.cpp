#include "vision/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <utility>

#include "core/cpu_threads.hpp"
#include "core/errors.hpp"

namespace ferlab {

namespace {

using Clock = std::chrono::steady_clock;

// Frames per second over a sliding window of about a second.
class RateMeter {
 public:
  double tick() {
    const auto now = Clock::now();
    times_.push_back(now);
    while (times_.size() > 2 && now - times_.front() > std::chrono::seconds(1)) times_.pop_front();
    if (times_.size() < 2) return 0;
    return (times_.size() - 1) / std::chrono::duration<double>(times_.back() - times_.front()).count();
  }

 private:
  std::deque<Clock::time_point> times_;
};

// Each stage's time, smoothed over about ten frames: one slow frame does not make the status line jump.
StageTimings moving_average(const StageTimings& average, const StageTimings& latest) {
  constexpr double kWeight = 0.1;
  const auto mix = [&](double a, double b) { return (1 - kWeight) * a + kWeight * b; };
  return {mix(average.decode, latest.decode),     mix(average.detect, latest.detect),
          mix(average.align, latest.align),       mix(average.classify, latest.classify),
          mix(average.gradcam, latest.gradcam),   mix(average.total, latest.total)};
}

}  // namespace

AnalyzerOptions live_stream_analysis(DetectorKind detector, int nice) {
  AnalyzerOptions options;
  options.detector.kind = detector;
  options.detector.tiles_per_frame = 1;
  options.finder = {kStreamDetectEvery, true, nice};
  options.gradcam = GradCamFaces::All;
  return options;
}

LivePipeline::LivePipeline(const PipelineOptions& options, std::shared_ptr<const FaceClassifier> classifier)
    : options_(options),
      analyzer_(std::make_unique<FrameAnalyzer>(options.analyzer, classifier)),
      options_now_(options.analyzer) {
  options_.queue_capacity = std::max<size_t>(1, options_.queue_capacity);
  status_.classifier = classifier->description();
}

LivePipeline::~LivePipeline() { stop(); }

void LivePipeline::start(const std::string& source_spec) { start(FrameSource::open(source_spec, options_.source)); }

void LivePipeline::start(std::unique_ptr<FrameSource> source) {
  stop();
  source_ = std::move(source);
  {
    std::lock_guard lock(result_mutex_);
    latest_.reset();
    const std::string classifier = status_.classifier;
    status_ = PipelineStatus{};
    status_.classifier = classifier;
    status_.running = true;
    status_.source_description = source_->description();
    status_.source_state = source_->state();
    status_.message = source_->error();
    last_frame_at_ = Clock::now();
    awaits_frames_ = source_->kind() != SourceKind::Image;
  }
  analyzer_->reset_stream();  // threads are stopped: no one else touches it
  stop_ = false;
  capture_done_ = false;
  reanalyse_still_ = false;  // no thread runs: nothing else touches it
  set_paused(false);
  capture_thread_ = std::thread(&LivePipeline::capture_loop, this);
  inference_thread_ = std::thread(&LivePipeline::inference_loop, this);
}

void LivePipeline::set_paused(bool paused) {
  {
    std::lock_guard lock(pause_mutex_);
    paused_ = paused;
    steps_pending_ = 0;
  }
  pause_changed_.notify_all();
}

void LivePipeline::step() {
  {
    std::lock_guard lock(pause_mutex_);
    ++steps_pending_;
  }
  pause_changed_.notify_all();
}

void LivePipeline::stop() {
  stop_ = true;
  {
    std::lock_guard lock(pause_mutex_);  // wakes a paused capture thread
  }
  pause_changed_.notify_all();
  queue_ready_.notify_all();
  if (capture_thread_.joinable()) capture_thread_.join();
  if (inference_thread_.joinable()) inference_thread_.join();
  std::lock_guard lock(queue_mutex_);
  queue_.clear();
  std::lock_guard result_lock(result_mutex_);
  status_.running = false;
}

void LivePipeline::capture_loop() {
  if (options_.worker_nice > 0) lower_this_thread_priority(options_.worker_nice);
  RateMeter meter;
  auto start = Clock::now();
  int64_t frames_read = 0;
  while (!stop_) {
    {
      std::unique_lock lock(pause_mutex_);
      if (paused_ && steps_pending_ == 0) {
        const auto paused_at = Clock::now();
        pause_changed_.wait(lock, [&] { return stop_ || !paused_ || steps_pending_ > 0; });
        const auto paused_for = Clock::now() - paused_at;
        start += paused_for;  // the file's clock stood still
        paused_s_ = paused_s_ + std::chrono::duration<double>(paused_for).count();
        if (stop_) break;
      }
      if (paused_ && steps_pending_ > 0) --steps_pending_;
    }
    Frame frame;
    const auto before = Clock::now();
    const bool ok = source_->read(frame);
    const double decode_ms = std::chrono::duration<double, std::milli>(Clock::now() - before).count();
    const SourceState state = source_->state();
    {
      std::lock_guard lock(result_mutex_);
      status_.source_state = state;
      status_.message = source_->error();
      if (ok) {
        last_frame_at_ = Clock::now();
        ++frames_read;
        ++status_.frames_captured;
        status_.capture_fps = meter.tick();
      }
    }
    if (!ok) {
      if (state == SourceState::EndOfStream || state == SourceState::Error) break;
      // Camera missing: read() retries once per reconnect interval; look again
      // soon, in steps short enough that stop() is never kept waiting.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    const SourceKind kind = source_->kind();
    const bool is_still = kind == SourceKind::Image || kind == SourceKind::ImageFolder;
    const bool is_timed = kind == SourceKind::VideoFile || kind == SourceKind::Scene;
    const double pace_fps = is_timed ? source_->fps() : is_still ? options_.still_fps : 0;
    if (options_.pace_files && pace_fps > 0) {
      // Play at the file's own speed: sleep until the frame's presentation time.
      const double due_s = is_timed ? frame.timestamp_s : static_cast<double>(frames_read) / pace_fps;
      const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(due_s));
      const auto now = Clock::now();
      if (is_timed && now - due > std::chrono::duration<double>(1 / pace_fps)) {
        // Behind the file's clock by more than a frame (a slow decode, a busy
        // machine): drop the frame rather than stretch the video's time.
        std::lock_guard lock(result_mutex_);
        ++status_.frames_dropped;
        continue;
      }
      while (!stop_ && Clock::now() < due)
        std::this_thread::sleep_for(std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(20)));
    }
    frame.decode_ms = decode_ms;  // includes waiting for a camera's next frame
    if (kind == SourceKind::Image) {
      hold_still(std::move(frame));
      break;
    }
    hand_over(std::move(frame));
  }
  std::lock_guard lock(queue_mutex_);
  capture_done_ = true;
  queue_ready_.notify_all();
}

void LivePipeline::hand_over(Frame frame) {
  {
    std::lock_guard lock(queue_mutex_);
    if (queue_.size() >= options_.queue_capacity) {
      queue_.pop_front();
      std::lock_guard result_lock(result_mutex_);
      ++status_.frames_dropped;
    }
    queue_.push_back(std::move(frame));
  }
  queue_ready_.notify_one();
}

void LivePipeline::hold_still(Frame still) {
  // Nothing in a still changes: it is analysed once, and again only when the
  // model or the explanation settings change (reanalyse_still_), never per frame.
  while (!stop_) {
    hand_over(still);
    std::unique_lock lock(pause_mutex_);
    pause_changed_.wait(lock, [&] { return stop_ || reanalyse_still_; });
    reanalyse_still_ = false;
  }
}

void LivePipeline::reanalyse_still() {
  {
    std::lock_guard lock(pause_mutex_);
    reanalyse_still_ = true;
  }
  pause_changed_.notify_all();
}

void LivePipeline::inference_loop() {
  if (options_.worker_nice > 0) lower_this_thread_priority(options_.worker_nice);
  RateMeter meter;
  int loop = 0;
  while (true) {
    Frame frame;
    int64_t skipped = 0;
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [&] { return stop_ || capture_done_ || !queue_.empty(); });
      if (stop_ || queue_.empty()) {  // stopped, or capture ended and everything is analysed
        lock.unlock();
        std::lock_guard result_lock(result_mutex_);
        status_.running = false;
        return;
      }
      // The newest frame wins; anything older is stale by now.
      skipped = static_cast<int64_t>(queue_.size()) - 1;
      frame = std::move(queue_.back());
      queue_.clear();
    }
    std::shared_ptr<const FaceClassifier> new_classifier;
    std::optional<AnalyzerOptions> new_options;
    {
      std::lock_guard lock(settings_mutex_);
      new_classifier = std::move(pending_classifier_);
      pending_classifier_.reset();
      if (pending_options_) new_options = options_now_;
      pending_options_ = false;
    }
    std::shared_ptr<FrameResult> result;
    std::string error;
    try {
      if (new_classifier) analyzer_->set_classifier(std::move(new_classifier));
      if (new_options) analyzer_->set_options(*new_options);
      // A looping file started over: its faces start over too, rather than
      // leaving tracks behind at the seam for new ones to pile up beside.
      if (frame.loop != loop) analyzer_->reset_tracks();
      loop = frame.loop;
      result = std::make_shared<FrameResult>(analyzer_->analyze(std::move(frame)));
    } catch (const std::exception& e) {
      // A failing frame (e.g. a model that rejects its input) is reported and skipped, never fatal.
      error = std::string("inference failed: ") + e.what();
    }
    std::unique_lock lock(result_mutex_);
    status_.frames_dropped += skipped;
    if (!result) {
      status_.message = error;
      continue;
    }
    ++status_.frames_analyzed;
    status_.inference_fps = meter.tick();
    status_.stage_ms = status_.frames_analyzed == 1 ? result->timings : moving_average(status_.stage_ms, result->timings);
    status_.detector_pass_ms = result->detector_pass_ms;
    status_.classifier = result->classifier;
    latest_ = result;
    lock.unlock();
    // Written after publishing, so that the UI never waits for the encoder.
    if (const auto recording_now = recording())
      recording_now->add(*result, std::chrono::duration<double>(Clock::now().time_since_epoch()).count() - paused_s_);
  }
}

std::shared_ptr<const FrameResult> LivePipeline::latest_result() const {
  std::lock_guard lock(result_mutex_);
  return latest_;
}

PipelineStatus LivePipeline::status() const {
  constexpr double kStalledAfterS = 1.0;
  bool paused = false;
  {
    std::lock_guard lock(pause_mutex_);
    paused = paused_;
  }
  std::lock_guard lock(result_mutex_);
  PipelineStatus status = status_;
  status.seconds_since_frame = std::chrono::duration<double>(Clock::now() - last_frame_at_).count();
  const bool playing = status.source_state == SourceState::Running || status.source_state == SourceState::Opening;
  if (status.running && playing && awaits_frames_ && !paused && status.seconds_since_frame > kStalledAfterS) {
    status.stalled = true;
    status.capture_fps = std::min(status.capture_fps, 1 / status.seconds_since_frame);
    char since[96];
    std::snprintf(since, sizeof since, " has delivered no frame for %.1f s (slower than 1 fps, or stalled)",
                  status.seconds_since_frame);
    if (status.message.empty()) status.message = status.source_description + since;
  }
  return status;
}

void LivePipeline::set_classifier(std::shared_ptr<const FaceClassifier> classifier) {
  if (!classifier) throw ModelError("live pipeline: set_classifier given no classifier");
  {
    std::lock_guard lock(settings_mutex_);
    pending_classifier_ = std::move(classifier);
  }
  reanalyse_still();
}

void LivePipeline::set_analyzer_options(const AnalyzerOptions& options) {
  // Build a detector up front so that a bad choice throws here, in the caller's thread.
  if (!same_detector(options.detector, analyzer_options().detector)) make_face_detector(options.detector);
  {
    std::lock_guard lock(settings_mutex_);
    options_now_ = options;
    pending_options_ = true;
  }
  reanalyse_still();
}

void LivePipeline::start_recording(std::shared_ptr<Recording> recording) {
  std::lock_guard lock(recording_mutex_);
  recording_ = std::move(recording);
}

std::shared_ptr<Recording> LivePipeline::stop_recording() {
  std::lock_guard lock(recording_mutex_);
  return std::exchange(recording_, nullptr);
}

std::shared_ptr<Recording> LivePipeline::recording() const {
  std::lock_guard lock(recording_mutex_);
  return recording_;
}

AnalyzerOptions LivePipeline::analyzer_options() const {
  std::lock_guard lock(settings_mutex_);
  return options_now_;
}

}  // namespace ferlab
