#pragma once
// What the command line needs to know about the model it explains, without
// torch headers: which model of a classifier, and the members' explainable layers.
#include <string>
#include <vector>

#include "eval/face_classifier.hpp"
#include "explain/methods.hpp"

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

// The classifier's one model, for what works on one network (the sanity
// check randomises its weights). Throws UsageError for an ensemble.
const LoadedModel& single_model(const FaceClassifier& classifier);

// Member m of the classifier (0 for a single model); throws ModelError past the last.
const LoadedModel& member_model(const FaceClassifier& classifier, size_t m);

// The network's feature_layers(), from the input towards the classifier, and the default one.
std::vector<std::string> explainable_layers(const LoadedModel& model);
std::string default_explainable_layer(const LoadedModel& model);

// `wanted`, or, when it is a class activation map and a member offers no layer
// (a TorchScript module without forward_features: models/torchscript_net.hpp),
// the gradient (saliency): the method of one backward pass that needs none.
CamMethod method_for_layers(const FaceClassifier& classifier, CamMethod wanted);

// `layer` resolved for each member (its default when ""): what ExplainOptions::layer
// means for the classifier. A member without that layer is a UsageError listing
// the member's layers.
std::vector<std::string> member_layers(const FaceClassifier& classifier, const std::string& layer);

}  // namespace ferlab
