#pragma once
// The one interface every FERLab network implements: logits for a batch, plus
// the feature map of one named stage that the explanations differentiate against.
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace ferlab {

struct NetOutput {
  torch::Tensor logits;    // N x 7, canonical emotion order (core/emotion.hpp)
  torch::Tensor features;  // N x C x h x w, the chosen stage's output, part of the autograd graph
};

class EmotionNetImpl : public torch::nn::Module {
 public:
  // x: N x 1 x S x S float, normalised as the model card says (see preprocess.hpp).
  // `layer`: one of feature_layers(), or "" for default_feature_layer(). Throws
  // ModelError naming the valid layers for any other name.
  virtual NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) = 0;
  NetOutput forward_with_features(const torch::Tensor& x) { return forward_with_features(x, ""); }
  // The logits alone: a network may compute them without any feature map.
  virtual torch::Tensor forward(const torch::Tensor& x) { return forward_with_features(x).logits; }
  virtual std::string arch() const = 0;
  // The stages whose outputs can be explained, from the input towards the
  // classifier: earlier ones are finer (larger maps), later ones more abstract.
  virtual const std::vector<std::string>& feature_layers() const = 0;
  // The last stage whose map still has a spatial layout at 48x48.
  virtual std::string default_feature_layer() const { return feature_layers().back(); }
  // The options the network was built with, defaults filled in, so that a saved
  // card still describes the same network if a default changes later.
  virtual nlohmann::json options() const { return nlohmann::json::object(); }

 protected:
  // Index of `layer` in feature_layers() ("" = the default); throws ModelError listing the valid names.
  size_t feature_layer_index(const std::string& layer) const;
};

using EmotionNet = std::shared_ptr<EmotionNetImpl>;

}  // namespace ferlab
