#include "explain/classifier_maps.hpp"

#include <opencv2/core.hpp>

#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {

std::vector<double> ensemble_member_weights(const FaceClassifier& classifier) {
  return std::vector<double>(classifier.size(), 1.0 / static_cast<double>(classifier.size()));
}

ClassActivationMap combine_member_maps(const std::vector<cv::Mat>& maps, const std::vector<double>& weights) {
  if (maps.empty() || maps.size() != weights.size())
    throw ModelError("combine_member_maps: " + std::to_string(maps.size()) + " maps and " +
                     std::to_string(weights.size()) + " weights");
  cv::Mat sum = cv::Mat::zeros(maps.front().size(), CV_32FC1);
  for (size_t m = 0; m < maps.size(); ++m) {
    if (maps[m].type() != CV_32FC1 || maps[m].size() != sum.size())
      throw ModelError("combine_member_maps: map " + std::to_string(m) + " is not a CV_32FC1 map of the first's size");
    cv::scaleAdd(maps[m], weights[m], sum, sum);
  }
  double low = 0, high = 0;
  cv::minMaxLoc(sum, &low, &high);
  ClassActivationMap combined;
  combined.range = {static_cast<float>(low), static_cast<float>(high)};
  combined.heatmap = high - low <= 1e-12 ? cv::Mat(cv::Mat::zeros(sum.size(), CV_32FC1)) : cv::Mat((sum - low) / (high - low));
  return combined;
}

ClassifierMaps explain_classifier(const FaceClassifier& classifier, const uint8_t* faces48, size_t n,
                                  CamMethod method, const std::vector<int>& target_classes,
                                  const ExplainOptions& options) {
  ClassifierMaps out;
  out.weights = ensemble_member_weights(classifier);
  if (!classifier.is_ensemble()) {
    out.maps = class_activation_maps(classifier.models().front(), faces48, n, method, target_classes, options);
    out.members = {out.maps};
    return out;
  }
  const std::vector<Probabilities> probabilities = classifier.predict(faces48, n);
  std::vector<int> targets = target_classes;
  if (targets.empty())
    for (const Probabilities& p : probabilities) targets.push_back(argmax(p));
  for (const LoadedModel& member : classifier.models())
    out.members.push_back(class_activation_maps(member, faces48, n, method, targets, options));
  for (size_t i = 0; i < n; ++i) {
    std::vector<cv::Mat> maps;
    for (const auto& member : out.members) maps.push_back(member[i].heatmap);
    ClassActivationMap combined = combine_member_maps(maps, out.weights);
    combined.target_class = out.members.front()[i].target_class;
    combined.probabilities = probabilities[i];
    out.maps.push_back(std::move(combined));
  }
  return out;
}

}  // namespace ferlab
