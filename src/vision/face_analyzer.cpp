#include "vision/face_analyzer.hpp"

#include <chrono>
#include <cstring>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"

namespace ferlab {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

FrameAnalyzer::FrameAnalyzer(const AnalyzerOptions& options, std::shared_ptr<const FaceClassifier> classifier)
    : options_(options), detector_(make_face_detector(options.detector)), classifier_(std::move(classifier)),
      tracker_(options.tracker) {
  if (!classifier_) throw ModelError("live pipeline: no classifier given");
}

void FrameAnalyzer::set_classifier(std::shared_ptr<const FaceClassifier> classifier) {
  if (!classifier) throw ModelError("live pipeline: no classifier given");
  classifier_ = std::move(classifier);
}

void FrameAnalyzer::set_options(const AnalyzerOptions& options) {
  const bool new_detector = options.detector.kind != options_.detector.kind ||
                            options.detector.model_dir != options_.detector.model_dir ||
                            options.detector.min_score != options_.detector.min_score ||
                            options.detector.min_face_pixels != options_.detector.min_face_pixels ||
                            options.detector.nms_iou != options_.detector.nms_iou;
  if (new_detector) detector_ = make_face_detector(options.detector);  // throws before anything changes
  options_ = options;
  tracker_.set_options(options.tracker);
}

FrameResult FrameAnalyzer::analyze(Frame frame) {
  const auto start = Clock::now();
  FrameResult result;
  result.classifier = classifier_->description();

  auto t = Clock::now();
  const std::vector<DetectedFace> detections = detector_->detect(frame.image);
  result.timings.detect = ms_since(t);

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
  const std::vector<Probabilities> probabilities =
      detections.empty() ? std::vector<Probabilities>{} : classifier_->predict(crops.data(), detections.size(), options_.tta);
  for (size_t i = 0; i < result.faces.size(); ++i) {
    FaceResult& face = result.faces[i];
    face.track_id = ids[i];
    face.raw = probabilities[i];
    face.label = tracker_.observe(face.track_id, face.raw);
    const FaceTrack* track = tracker_.find(face.track_id);
    face.smoothed = track ? track->smoothed : face.raw;
    face.confidence = face.smoothed[face.label];
  }
  result.timings.classify = ms_since(t);

  t = Clock::now();
  explain_faces(result.faces, *classifier_);
  result.timings.gradcam = ms_since(t);

  result.timings.decode = frame.decode_ms;
  result.frame = std::move(frame);
  result.timings.total = ms_since(start) + result.timings.decode;
  return result;
}

void FrameAnalyzer::explain_faces(std::vector<FaceResult>& faces, const FaceClassifier& classifier) const {
  if (options_.gradcam == GradCamFaces::None || faces.empty()) return;
  std::vector<size_t> chosen;
  if (options_.gradcam == GradCamFaces::All) {
    for (size_t i = 0; i < faces.size(); ++i) chosen.push_back(i);
  } else {
    size_t pick = 0;
    bool found = false;
    for (size_t i = 0; i < faces.size(); ++i) {
      if (faces[i].track_id == options_.gradcam_track) {
        pick = i;
        found = true;
      }
    }
    if (!found) {
      for (size_t i = 1; i < faces.size(); ++i)
        if (faces[i].box.area() > faces[pick].box.area()) pick = i;
    }
    chosen.push_back(pick);
  }
  std::vector<uint8_t> crops(chosen.size() * kFacePixels);
  std::vector<int> targets;
  for (size_t k = 0; k < chosen.size(); ++k) {
    const FaceResult& face = faces[chosen[k]];
    std::memcpy(crops.data() + k * kFacePixels, face.face.data, kFacePixels);
    // By default the explanation is for the label shown, not this frame's argmax.
    targets.push_back(options_.gradcam_class >= 0 ? options_.gradcam_class : face.label);
  }
  // An ensemble has no single feature map: its first member is explained.
  const std::vector<ClassActivationMap> maps = class_activation_maps(
      classifier.models().front(), crops.data(), chosen.size(), options_.cam_method, targets);
  for (size_t k = 0; k < chosen.size(); ++k) {
    faces[chosen[k]].heatmap = maps[k].heatmap;
    faces[chosen[k]].heatmap_class = maps[k].target_class;
  }
}

}  // namespace ferlab
