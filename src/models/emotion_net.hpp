#pragma once
// The one interface every FERLab network implements: logits for a batch, plus
// the last convolutional feature map that Grad-CAM differentiates against.
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <memory>
#include <string>

namespace ferlab {

struct NetOutput {
  torch::Tensor logits;    // N x 7, canonical emotion order (core/emotion.hpp)
  torch::Tensor features;  // N x C x h x w, the last conv feature map, part of the autograd graph
};

class EmotionNetImpl : public torch::nn::Module {
 public:
  // x: N x 1 x S x S float, normalised as the model card says (see preprocess.hpp).
  virtual NetOutput forward_with_features(const torch::Tensor& x) = 0;
  torch::Tensor forward(const torch::Tensor& x) { return forward_with_features(x).logits; }
  virtual std::string arch() const = 0;
  // The options the network was built with, defaults filled in, so that a saved
  // card still describes the same network if a default changes later.
  virtual nlohmann::json options() const { return nlohmann::json::object(); }
};

using EmotionNet = std::shared_ptr<EmotionNetImpl>;

}  // namespace ferlab
