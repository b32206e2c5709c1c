#include "app/face_explanation.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/quantile.hpp"

namespace ferlab::app {

ClassActivationMap classifier_activation_map(const FaceClassifier& classifier, const uint8_t* face48, CamMethod method,
                                             int target_class) {
  return class_activation_map(classifier.models().front(), face48, method, target_class);
}

FaceExplanation explain_face(const ShelfModel& model, const uint8_t* face48, CamMethod method) {
  FaceExplanation out;
  out.model = model.name;
  // The first call after a model loads pays for allocations and cold caches,
  // many times a warm call, so it is not timed; the median of the warm calls
  // after it is the latency the live view will see.
  out.probabilities = model.classifier->predict_one(face48);
  std::vector<double> milliseconds;
  for (int call = 0; call < kTimedCalls; ++call) {
    const auto start = std::chrono::steady_clock::now();
    model.classifier->predict_one(face48);
    milliseconds.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(milliseconds.begin(), milliseconds.end());
  out.milliseconds = quantile_of_sorted(milliseconds, 0.5);
  // The ensemble's own prediction is explained, not its first member's.
  out.heatmap_class = argmax(out.probabilities);
  out.heatmap = classifier_activation_map(*model.classifier, face48, method, out.heatmap_class).heatmap;
  return out;
}

}  // namespace ferlab::app
