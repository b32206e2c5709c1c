#include "explain/explained_model.hpp"

#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {

const LoadedModel& single_model(const FaceClassifier& classifier) {
  if (classifier.is_ensemble())
    throw UsageError("explain takes one model, not the ensemble " + classifier.description() +
                     "; name one member with --model");
  return classifier.models().front();
}

std::vector<std::string> explainable_layers(const LoadedModel& model) { return model.net->feature_layers(); }

std::string default_explainable_layer(const LoadedModel& model) { return model.net->default_feature_layer(); }

}  // namespace ferlab
