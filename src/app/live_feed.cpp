#include "app/live_feed.hpp"

#include <imgui.h>

#include "core/errors.hpp"

namespace ferlab::app {

std::string pipeline_source_spec(const std::string& source) {
  const std::string prefix = "webcam:";
  if (source.rfind(prefix, 0) == 0) return "camera:" + source.substr(prefix.size());
  return source;
}

void LiveFeed::start_pipeline(Workbench& bench) {
  PipelineOptions options;
  // BlazeFace is the better detector but is fetched separately; Haar ships with OpenCV.
  if (!blazeface_available()) options.analyzer.detector.kind = DetectorKind::Haar;
  options.analyzer.gradcam = GradCamFaces::Selected;
  options.source.loop = true;  // a folder or a clip keeps playing in the workbench
  try {
    pipeline_ = std::make_unique<LivePipeline>(options, bench.models.active_classifier());
  } catch (const Error& e) {
    bench.log.error(std::string("cannot start the live pipeline: ") + e.what());
    source_.clear();
    return;
  }
  pipeline_->start(pipeline_source_spec(source_));
  awaiting_ = true;
  bench.log.info("live feed: " + source_);
}

void LiveFeed::open(const std::string& source, Workbench& bench) {
  source_ = source;
  shown_.reset();
  selected_track_ = -1;
  if (pipeline_) {
    pipeline_->start(pipeline_source_spec(source_));
    awaiting_ = true;
  }
  // Without a model yet, poll() starts the pipeline once one is loaded.
  (void)bench;
}

void LiveFeed::poll(Workbench& bench) {
  const auto classifier = bench.models.active_classifier();
  if (!pipeline_) {
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
  const PipelineStatus status = pipeline_->status();
  auto latest = pipeline_->latest_result();
  if (awaiting_ && (!status.message.empty() || status.source_state == SourceState::Error)) awaiting_ = false;
  if (!latest) return;
  if (classifier && latest->classifier == classifier->description()) awaiting_ = false;
  if (latest == shown_ || (paused_ && !step_)) return;
  step_ = false;
  shown_ = latest;
  if (shown_->faces.empty()) return;
  // Follow the selected track; when it is gone, the largest face (as Grad-CAM does).
  const FaceResult* face = selected_face();
  if (!face) {
    face = &shown_->faces.front();
    for (const auto& f : shown_->faces) {
      if (f.box.area() > face->box.area()) face = &f;
    }
    selected_track_ = face->track_id;
    pipeline_->set_gradcam(GradCamFaces::Selected, options().cam_method, selected_track_, options().gradcam_class);
  }
  // UI time, not the frame's: image folders and stills carry no clock of their own.
  bench.history.add(face->track_id, ImGui::GetTime(), face->raw, face->smoothed);
  if (face->face.isContinuous() && face->face.total() == static_cast<size_t>(kFacePixels)) {
    bench.set_focus_face(face->face.data, "track " + std::to_string(face->track_id));
  }
}

const FaceResult* LiveFeed::selected_face() const {
  if (!shown_) return nullptr;
  for (const auto& face : shown_->faces) {
    if (face.track_id == selected_track_) return &face;
  }
  return nullptr;
}

void LiveFeed::select_track(int track_id) {
  selected_track_ = track_id;
  if (pipeline_) {
    const AnalyzerOptions o = pipeline_->analyzer_options();
    pipeline_->set_gradcam(GradCamFaces::Selected, o.cam_method, track_id, o.gradcam_class);
  }
}

PipelineStatus LiveFeed::status() const { return pipeline_ ? pipeline_->status() : PipelineStatus{}; }

bool LiveFeed::awaiting_result() const { return pipeline_ && awaiting_; }

AnalyzerOptions LiveFeed::options() const { return pipeline_ ? pipeline_->analyzer_options() : AnalyzerOptions{}; }

void LiveFeed::set_options(const AnalyzerOptions& options, Workbench& bench) {
  if (!pipeline_) return;
  try {
    pipeline_->set_analyzer_options(options);
  } catch (const Error& e) {
    bench.log.error(e.what());
  }
}

}  // namespace ferlab::app
