#include "app/face_explanation.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/errors.hpp"
#include "core/quantile.hpp"
#include "vision/explained_face.hpp"

namespace ferlab::app {
namespace {

// The model's prediction and its warm latency, without a heatmap.
FaceExplanation measure(const ShelfModel& model, const uint8_t* face48) {
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
  return out;
}

void add_heatmap(FaceExplanation& view, const ShelfModel& model, const uint8_t* face48, CamMethod method,
                 int target_class) {
  // An ensemble's own prediction is explained, not its first member's.
  view.heatmap_class = target_class >= 0 ? target_class : argmax(view.probabilities);
  const ClassActivationMap map = classifier_activation_maps(*model.classifier, face48, 1, method, {view.heatmap_class}).front();
  view.heatmap = map.heatmap;
  view.heatmap_range = map.range;
}

}  // namespace

FaceExplanation explain_face(const ShelfModel& model, const uint8_t* face48, CamMethod method, int target_class) {
  FaceExplanation out = measure(model, face48);
  add_heatmap(out, model, face48, method, target_class);
  return out;
}

std::vector<FaceExplanation> compare_models(const std::vector<ShelfModel>& models, const uint8_t* face48,
                                            CamMethod method, const ComparisonTarget& target, size_t reference) {
  std::vector<FaceExplanation> views;
  for (const ShelfModel& model : models) views.push_back(measure(model, face48));
  if (views.empty()) return views;
  const int shared = target.target_class >= 0 ? target.target_class
                                              : argmax(views[std::min(reference, views.size() - 1)].probabilities);
  for (size_t m = 0; m < models.size(); ++m)
    add_heatmap(views[m], models[m], face48, method, target.each_own_prediction ? -1 : shared);
  return views;
}

cv::Mat heatmap_difference(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != CV_32FC1 || b.type() != CV_32FC1)
    throw Error("heatmap difference: the two maps must be the same size of CV_32FC1");
  return a - b;
}

}  // namespace ferlab::app
