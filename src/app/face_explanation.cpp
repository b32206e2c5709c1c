#include "app/face_explanation.hpp"

#include <chrono>

namespace ferlab::app {

ClassActivationMap classifier_activation_map(const FaceClassifier& classifier, const uint8_t* face48, CamMethod method,
                                             int target_class) {
  return class_activation_map(classifier.models().front(), face48, method, target_class);
}

FaceExplanation explain_face(const ShelfModel& model, const uint8_t* face48, CamMethod method) {
  FaceExplanation out;
  out.model = model.name;
  const auto start = std::chrono::steady_clock::now();
  out.probabilities = model.classifier->predict_one(face48);
  out.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // The ensemble's own prediction is explained, not its first member's.
  out.heatmap_class = argmax(out.probabilities);
  out.heatmap = classifier_activation_map(*model.classifier, face48, method, out.heatmap_class).heatmap;
  return out;
}

}  // namespace ferlab::app
