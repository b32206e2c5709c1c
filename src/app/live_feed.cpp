#include "app/live_feed.hpp"

#include <algorithm>
#include <filesystem>

#include "core/errors.hpp"
#include "vision/demo_scene.hpp"
#include "vision/explained_face.hpp"
#include "vision/face_finder.hpp"

namespace ferlab::app {

namespace {

constexpr size_t kRecentSources = 8;

void remember(std::vector<std::string>& recent, const std::string& source) {
  if (source.empty()) return;
  recent.erase(std::remove(recent.begin(), recent.end(), source), recent.end());
  recent.insert(recent.begin(), source);
  if (recent.size() > kRecentSources) recent.resize(kRecentSources);
}

}  // namespace

std::string pipeline_source_spec(const std::string& source) {
  const std::string prefix = "webcam:";
  if (source.rfind(prefix, 0) == 0) return "camera:" + source.substr(prefix.size());
  return source;
}

std::string demo_scene_faces(const Workbench& bench, const std::string& typed, const std::string& fallback) {
  if (bench.data.dataset()) return bench.data.path();
  std::error_code ec;
  if (!typed.empty() && std::filesystem::is_directory(typed, ec)) return typed;
  if (!fallback.empty() && std::filesystem::is_directory(fallback, ec)) return fallback;
  return "";
}

LiveFeed::LiveFeed(std::string source, std::vector<std::string> recent, DetectorKind detector)
    : source_(std::move(source)), recent_(std::move(recent)), detector_(detector) {
  remember(recent_, source_);
}

void LiveFeed::start_source(Workbench& bench) {
  awaiting_ = true;
  // Said already while no model was loaded (report_unplayable_source): not twice.
  failure_reported_ = failure_reported_ && source_checked_ == source_;
  const std::string scene_prefix = kSceneSpecPrefix;
  const bool is_scene = source_.rfind(scene_prefix, 0) == 0;
  const std::string faces_path = is_scene ? source_.substr(scene_prefix.size()) : "";
  // The open data set is already in memory: no need to read it again.
  if (is_scene && bench.data.dataset() && faces_path == bench.data.path()) {
    SourceOptions options;
    options.loop = true;
    pipeline_->start(open_scene_source(bench.data.dataset(), "demo scene of " + faces_path, options));
    return;
  }
  pipeline_->start(pipeline_source_spec(source_));
}

void LiveFeed::start_pipeline(Workbench& bench) {
  PipelineOptions options;
  // By default default_detector_options(), as in `ferlab image` and `video`.
  options.analyzer = live_stream_analysis(detector_, kWorkerNice);
  options.source.loop = true;  // a folder or a clip keeps playing in the workbench
  options.worker_nice = kWorkerNice;
  try {
    pipeline_ = std::make_unique<LivePipeline>(options, bench.models.active_classifier());
  } catch (const Error& e) {
    bench.log.error(std::string("cannot start the live pipeline: ") + e.what());
    source_.clear();
    return;
  }
  start_source(bench);
  bench.log.info("live feed: " + source_);
}

void LiveFeed::open(const std::string& source, Workbench& bench) {
  source_ = source;
  source_checked_.clear();
  unplayable_.clear();
  failure_reported_ = false;
  remember(recent_, source_);
  shown_.reset();
  selected_track_ = -1;
  paused_ = step_ = false;  // a new source starts playing (LivePipeline::start unpauses)
  // Without a model yet, poll() starts the pipeline once one is loaded.
  if (pipeline_) {
    start_source(bench);
    bench.log.info("live feed: " + source_);
  }
}

bool LiveFeed::source_failed() const {
  const SourceState state = status().source_state;
  return state == SourceState::CameraMissing || state == SourceState::Error;
}

void LiveFeed::report_failure(const PipelineStatus& status, Workbench& bench) {
  if (failure_reported_ || status.message.empty()) return;
  if (status.source_state == SourceState::CameraMissing) {
    bench.log.info(status.message + "; looking for it again quietly, once a second");
  } else if (status.source_state == SourceState::Error) {
    bench.log.error(status.message);
  } else {
    return;
  }
  failure_reported_ = true;
}

void LiveFeed::report_unplayable_source(Workbench& bench) {
  // Without a model the pipeline waits; a file that cannot play is said now,
  // not once a model arrives. Cameras are not opened just to check.
  if (failure_reported_ || source_.empty() || source_checked_ == source_) return;
  source_checked_ = source_;
  const std::string spec = pipeline_source_spec(source_);
  if (is_camera_spec(spec)) return;
  if (spec.rfind(kSceneSpecPrefix, 0) == 0) return;  // made from the data set, which may still be loading
  const auto source = FrameSource::open(spec);
  if (source->state() != SourceState::Error) return;
  bench.log.error(source->error());
  unplayable_ = source->error();
  failure_reported_ = true;
}

void LiveFeed::finish_recording_if_source_failed(const PipelineStatus& status, Workbench& bench) {
  // A camera unplugged or a file gone mid-recording: what was recorded is
  // finished into playable files now, rather than left open until Stop or exit.
  const bool failed = status.source_state == SourceState::CameraMissing || status.source_state == SourceState::Error;
  if (!recorder_.active() || !failed) return;
  bench.log.info("the source stopped delivering frames: finishing the recording of " + recorder_.video_path());
  recorder_.stop(*pipeline_);
}

void LiveFeed::advance_clock(double now) {
  if (last_poll_time_ >= 0 && !paused_) clock_ += now - last_poll_time_;
  last_poll_time_ = now;
}

void LiveFeed::poll(Workbench& bench, double now) {
  advance_clock(now);
  recorder_.poll(bench.log);
  const auto classifier = bench.models.active_classifier();
  if (!pipeline_) {
    if (!classifier) report_unplayable_source(bench);
    if (source_.empty() || !classifier) return;
    start_pipeline(bench);
    model_generation_ = bench.models.generation();
    if (!pipeline_) return;
  }
  if (model_generation_ != bench.models.generation() && classifier) {
    pipeline_->set_classifier(classifier);
    model_generation_ = bench.models.generation();
    awaiting_ = true;
  }
  if (auto held = held_cam_.take_result()) {
    if (paused_ && shown_ == held_base_) shown_ = std::move(*held);
  }
  if (auto error = held_cam_.take_error()) bench.log.error("Grad-CAM of the paused frame failed: " + *error);
  if (held_cam_wanted_ && paused_ && !held_cam_.running()) explain_held_frame(bench);

  const PipelineStatus status = pipeline_->status();
  report_failure(status, bench);
  finish_recording_if_source_failed(status, bench);
  auto latest = pipeline_->latest_result();
  // A failure ends the wait; a source that is merely slow to deliver does not.
  const bool failed = (!status.message.empty() && !status.stalled) || status.source_state == SourceState::Error;
  if (awaiting_ && failed) awaiting_ = false;
  if (!latest) return;
  if (classifier && latest->classifier == classifier->description()) awaiting_ = false;
  if (latest == shown_ || (paused_ && !step_)) return;
  if (step_ && shown_) {
    // A step moves the paused clock by one frame: the frame's own gap, or a camera's for stills.
    const double gap = latest->frame.timestamp_s - shown_->frame.timestamp_s;
    clock_ += gap > 0 ? std::min(gap, 1.0) : 1.0 / 30;
  }
  step_ = false;
  held_cam_wanted_ = false;
  show(std::move(latest), bench);
}

void LiveFeed::show(std::shared_ptr<const FrameResult> result, Workbench& bench) {
  shown_ = std::move(result);
  if (shown_->faces.empty()) return;
  // Follow the selected track; when it is gone, the face the vision layer falls back on.
  const FaceResult* face = selected_face();
  if (!face) {
    face = &shown_->faces[*selected_or_largest_face(shown_->faces, selected_track_)];
    selected_track_ = face->track_id;
  }
  publish_selected(*face, bench);
}

void LiveFeed::publish_selected(const FaceResult& face, Workbench& bench) {
  bench.history.add(face.track_id, clock_, face.raw, face.smoothed);
  if (face.face.isContinuous() && face.face.total() == static_cast<size_t>(kFacePixels)) {
    bench.set_focus_face(face.face.data, "track " + std::to_string(face.track_id));
  }
}

void LiveFeed::explain_held_frame(Workbench& bench) {
  held_cam_wanted_ = false;
  const auto classifier = bench.models.active_classifier();
  if (!shown_ || !classifier) return;
  held_base_ = shown_;
  held_cam_.start("Grad-CAM of the paused frame", [base = shown_, classifier, settings = options()](TaskControl&) {
    return std::shared_ptr<const FrameResult>(std::make_shared<FrameResult>(explain_frame(*base, *classifier, settings)));
  });
}

const FaceResult* LiveFeed::selected_face() const {
  if (!shown_) return nullptr;
  for (const auto& face : shown_->faces) {
    if (face.track_id == selected_track_) return &face;
  }
  return nullptr;
}

void LiveFeed::select_track(int track_id, Workbench& bench) {
  // Every face already carries its map: a new selection needs no new explanation.
  selected_track_ = track_id;
  if (!paused_) return;
  if (const FaceResult* face = selected_face()) publish_selected(*face, bench);
}

void LiveFeed::set_paused(bool paused) {
  paused_ = paused;
  if (pipeline_) pipeline_->set_paused(paused);
}

void LiveFeed::step() {
  step_ = true;
  if (pipeline_ && paused_) pipeline_->step();
}

void LiveFeed::start_recording(const std::string& folder, const AnnotateOptions& annotate, Workbench& bench) {
  if (!pipeline_ || !shown_) return;
  recorder_.start(*pipeline_, shown_->frame.image.size(), folder, annotate, bench.log);
}

void LiveFeed::stop_recording() {
  if (pipeline_) recorder_.stop(*pipeline_);
}

void LiveFeed::finish_recording_now(Workbench& bench) {
  if (pipeline_) recorder_.finish_now(*pipeline_, bench.log);
}

PipelineStatus LiveFeed::status() const {
  if (pipeline_) return pipeline_->status();
  PipelineStatus waiting;  // for a model; a file found unplayable meanwhile is said as the pipeline would
  if (!unplayable_.empty()) {
    waiting.source_state = SourceState::Error;
    waiting.message = unplayable_;
  }
  return waiting;
}

bool LiveFeed::awaiting_result() const { return pipeline_ && awaiting_; }

AnalyzerOptions LiveFeed::options() const { return pipeline_ ? pipeline_->analyzer_options() : AnalyzerOptions{}; }

void LiveFeed::set_options(const AnalyzerOptions& options, Workbench& bench) {
  if (!pipeline_) return;
  try {
    pipeline_->set_analyzer_options(options);
  } catch (const Error& e) {
    bench.log.error(e.what());
    return;
  }
  detector_ = options.detector.kind;
  // The paused frame's heatmap follows a new method or target class.
  if (paused_) held_cam_wanted_ = true;
}

}  // namespace ferlab::app
