#include "vision/explained_face.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "explain/classifier_maps.hpp"
#include "explain/explained_model.hpp"
#include "explain/heatmap_overlay.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

// The layers offered are the first member's: every member is asked for the
// same layer, and the members of the shipped ensembles differ in architecture
// only past their first stages.
const LoadedModel& layer_model(const FaceClassifier& classifier) { return classifier.models().front(); }

}  // namespace

std::optional<size_t> selected_or_largest_face(const std::vector<FaceResult>& faces, int track_id) {
  if (faces.empty()) return std::nullopt;
  size_t largest = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    if (faces[i].track_id == track_id) return i;
    if (faces[i].box.area() > faces[largest].box.area()) largest = i;
  }
  return largest;
}

std::vector<size_t> faces_to_explain(const std::vector<FaceResult>& faces, const AnalyzerOptions& options) {
  std::vector<size_t> chosen;
  if (options.gradcam == GradCamFaces::None) return chosen;
  if (options.gradcam == GradCamFaces::All) {
    for (size_t i = 0; i < faces.size(); ++i) chosen.push_back(i);
    return chosen;
  }
  if (const auto pick = selected_or_largest_face(faces, options.gradcam_track)) chosen.push_back(*pick);
  return chosen;
}

int explained_class(const FaceResult& face, int target_class) { return target_class >= 0 ? target_class : face.label; }

CamMethod per_frame_method(CamMethod chosen) {
  return uses_one_backward_pass(chosen) ? chosen : CamMethod::GradCam;
}

std::vector<std::string> explainable_layers(const FaceClassifier& classifier) {
  return explainable_layers(layer_model(classifier));
}

std::string explained_layer(const FaceClassifier& classifier, const std::string& wanted) {
  const auto layers = explainable_layers(classifier);
  return std::find(layers.begin(), layers.end(), wanted) != layers.end() ? wanted : "";
}

std::vector<ClassActivationMap> classifier_activation_maps(const FaceClassifier& classifier, const uint8_t* faces48,
                                                           size_t n, CamMethod method,
                                                           const std::vector<int>& target_classes,
                                                           const ExplainOptions& options) {
  // An ensemble as an ensemble: its members' maps for the same class, combined (explain/classifier_maps.hpp).
  return explain_classifier(classifier, faces48, n, method, target_classes, options).maps;
}

std::vector<FaithfulnessCurves> classifier_faithfulness(const FaceClassifier& classifier, const uint8_t* faces48,
                                                        const std::vector<ClassActivationMap>& maps,
                                                        const FaithfulnessOptions& options) {
  return faithfulness_curves(classifier, faces48, maps, options);
}

void explain_faces(std::vector<FaceResult>& faces, const FaceClassifier& classifier, const AnalyzerOptions& options) {
  for (FaceResult& face : faces) {
    face.heatmap = cv::Mat();
    face.heatmap_class = -1;
    face.heatmap_range = {};
  }
  const std::vector<size_t> chosen = faces_to_explain(faces, options);
  if (chosen.empty()) return;
  std::vector<uint8_t> crops(chosen.size() * kFacePixels);
  std::vector<int> targets;
  for (size_t k = 0; k < chosen.size(); ++k) {
    const FaceResult& face = faces[chosen[k]];
    if (!face.face.isContinuous() || face.face.total() != static_cast<size_t>(kFacePixels) || face.face.type() != CV_8UC1)
      throw ModelError("track " + std::to_string(face.track_id) + ": the aligned face is not a 48x48 gray crop");
    std::memcpy(crops.data() + k * kFacePixels, face.face.data, kFacePixels);
    targets.push_back(explained_class(face, options.gradcam_class));
  }
  ExplainOptions explain;
  explain.layer = explained_layer(classifier, options.cam_layer);
  const auto maps = classifier_activation_maps(classifier, crops.data(), chosen.size(),
                                               method_for_layers(classifier, options.cam_method), targets, explain);
  for (size_t k = 0; k < chosen.size(); ++k) {
    faces[chosen[k]].heatmap = maps[k].heatmap;
    faces[chosen[k]].heatmap_class = maps[k].target_class;
    faces[chosen[k]].heatmap_range = maps[k].range;
  }
}

FrameResult explain_frame(const FrameResult& frame, const FaceClassifier& classifier, const AnalyzerOptions& options) {
  FrameResult out = frame;
  explain_faces(out.faces, classifier, options);
  return out;
}

std::array<cv::Point2f, 3> heatmap_corners(const FaceResult& face) {
  return crop_corners_in_frame(face.to_crop, {kFaceSize, kFaceSize});
}

}  // namespace ferlab
