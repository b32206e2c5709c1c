#include "vision/face_analyzer.hpp"

#include <chrono>
#include <cstring>
#include <optional>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "models/model_io.hpp"
#include "explain/explained_model.hpp"
#include "vision/explained_face.hpp"

namespace ferlab {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

FrameAnalyzer::FrameAnalyzer(const AnalyzerOptions& options, std::shared_ptr<const FaceClassifier> classifier)
    : options_(options), finder_(options.detector, options.finder), classifier_(std::move(classifier)),
      tracker_(options.tracker) {
  if (!classifier_) throw ModelError("live pipeline: no classifier given");
}

void FrameAnalyzer::set_classifier(std::shared_ptr<const FaceClassifier> classifier) {
  if (!classifier) throw ModelError("live pipeline: no classifier given");
  classifier_ = std::move(classifier);
}

void FrameAnalyzer::set_options(const AnalyzerOptions& options) {
  finder_.set_options(options.detector, options.finder);  // throws before anything changes
  options_ = options;
  tracker_.set_options(options.tracker);
}

FrameResult FrameAnalyzer::analyze(Frame frame) {
  const auto start = Clock::now();
  FrameResult result;
  result.classifier = classifier_->description();

  auto t = Clock::now();
  const std::vector<DetectedFace> detections = finder_.find(frame.image, result.detector_ran);
  result.timings.detect = ms_since(t);
  result.detector_pass_ms = finder_.last_pass_ms();

  t = Clock::now();
  std::vector<uint8_t> crops(detections.size() * kFacePixels);
  std::vector<cv::Rect2f> boxes;
  result.faces.resize(detections.size());
  for (size_t i = 0; i < detections.size(); ++i) {
    FaceResult& face = result.faces[i];
    AlignOptions align = options_.align;
    align.size = kFaceSize;
    AlignedFace aligned = align_face(frame.image, detections[i], align);
    face.box = detections[i].box;
    face.detector_score = detections[i].score;
    face.keypoints = detections[i].keypoints;
    face.to_crop = aligned.to_crop;
    face.face = aligned.face;
    std::memcpy(crops.data() + i * kFacePixels, aligned.face.data, kFacePixels);
    boxes.push_back(face.box);
  }
  const std::vector<int> ids = tracker_.update(boxes);
  result.timings.align = ms_since(t);

  t = Clock::now();
  const size_t n = detections.size();
  // When Grad-CAM's forward pass can classify too, a frame costs one forward pass, not two.
  std::optional<GradCamPass> cam_pass;
  if (n > 0 && gradcam_can_classify())
    cam_pass.emplace(classifier_->models().front(), crops.data(), n, explained_layer(*classifier_, options_.cam_layer));
  const std::vector<Probabilities> probabilities =
      cam_pass ? cam_pass->probabilities()
               : (n ? classifier_->predict(crops.data(), n, options_.tta) : std::vector<Probabilities>{});
  for (size_t i = 0; i < result.faces.size(); ++i) {
    FaceResult& face = result.faces[i];
    face.track_id = ids[i];
    face.raw = probabilities[i];
    const ShownEmotion shown = tracker_.observe(face.track_id, face.raw, frame.timestamp_s);
    face.smoothed = shown.probabilities;
    face.label = shown.label;
    face.confidence = shown.confidence;
  }
  result.timings.classify = ms_since(t);

  t = Clock::now();
  if (cam_pass) {
    // The backward pass runs from the scores to the last feature map only (the
    // network's head), so every face's map costs little; the chosen ones are kept.
    std::vector<int> targets;
    for (const FaceResult& face : result.faces) targets.push_back(explained_class(face, options_.gradcam_class));
    const auto maps = cam_pass->maps(options_.cam_method, targets);
    for (size_t i : faces_to_explain(result.faces, options_)) {
      result.faces[i].heatmap = maps[i].heatmap;
      result.faces[i].heatmap_class = maps[i].target_class;
      result.faces[i].heatmap_range = maps[i].range;
    }
  } else if (n > 0) {
    explain_faces(result.faces, *classifier_, options_);
  }
  result.timings.gradcam = ms_since(t);

  result.timings.decode = frame.decode_ms;
  result.frame = std::move(frame);
  result.timings.total = ms_since(start) + result.timings.decode;
  return result;
}

void FrameAnalyzer::reset_stream() {
  tracker_.reset();
  finder_.reset();
}

bool FrameAnalyzer::gradcam_can_classify() const {
  // Only a single model without test-time augmentation classifies exactly as its
  // Grad-CAM forward pass does, and only the one-pass methods share that pass.
  return options_.gradcam != GradCamFaces::None && options_.tta == Tta::None && classifier_->models().size() == 1 &&
         uses_one_backward_pass(method_for_layers(*classifier_, options_.cam_method));
}

}  // namespace ferlab
