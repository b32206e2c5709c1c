#pragma once
// What the command line needs to know about the model it explains, without
// torch headers: which model of a classifier, and its explainable layers.
#include <string>
#include <vector>

#include "eval/face_classifier.hpp"

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

// The classifier's one model. Throws UsageError for an ensemble: its members
// explain different things, and combining their maps is not done yet.
const LoadedModel& single_model(const FaceClassifier& classifier);

// The network's feature_layers(), from the input towards the classifier, and the default one.
std::vector<std::string> explainable_layers(const LoadedModel& model);
std::string default_explainable_layer(const LoadedModel& model);

}  // namespace ferlab
