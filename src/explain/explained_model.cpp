#include "explain/explained_model.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {

const LoadedModel& single_model(const FaceClassifier& classifier) {
  if (classifier.is_ensemble())
    throw UsageError("this takes one network, not the ensemble " + classifier.description() +
                     "; name one member with --model");
  return classifier.models().front();
}

const LoadedModel& member_model(const FaceClassifier& classifier, size_t m) {
  if (m >= classifier.size())
    throw ModelError("member " + std::to_string(m) + " of " + classifier.description() + ", which has " +
                     std::to_string(classifier.size()));
  return classifier.models()[m];
}

std::vector<std::string> explainable_layers(const LoadedModel& model) { return model.net->feature_layers(); }

std::string default_explainable_layer(const LoadedModel& model) { return model.net->default_feature_layer(); }

CamMethod method_for_layers(const FaceClassifier& classifier, CamMethod wanted) {
  if (method_info(wanted).kind != MethodKind::FeatureMap) return wanted;
  for (const LoadedModel& member : classifier.models())
    if (explainable_layers(member).empty()) return CamMethod::Gradient;
  return wanted;
}

std::vector<std::string> member_layers(const FaceClassifier& classifier, const std::string& layer) {
  std::vector<std::string> resolved;
  for (const LoadedModel& member : classifier.models()) {
    const std::vector<std::string> layers = explainable_layers(member);
    if (layers.empty())
      throw UsageError(member.card.name + " offers no layer for the class activation maps (its module exports no "
                       "forward_features/forward_head and is no nn.Sequential: docs/YOUR_MODELS.md); the pixel "
                       "methods need none: --method gradient, integrated-gradients or smoothgrad");
    const std::string name = layer.empty() ? default_explainable_layer(member) : layer;
    if (std::find(layers.begin(), layers.end(), name) == layers.end()) {
      std::string known;
      for (const std::string& l : layers) known += (known.empty() ? "" : ", ") + l;
      throw UsageError("unknown --layer '" + name + "' for " + member.card.name + " (explainable layers: " + known +
                       ")");
    }
    resolved.push_back(name);
  }
  return resolved;
}

}  // namespace ferlab
