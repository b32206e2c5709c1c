#pragma once
// What the explanation methods' files share, in torch terms: private to
// src/explain (the public headers stay free of torch).
#include <torch/torch.h>

#include <vector>

#include "explain/grad_cam.hpp"
#include "models/model_io.hpp"

namespace ferlab {

// `target_classes` (one per face, or empty for the argmax of `probabilities`,
// N x 7) as an N-long int64 tensor. Throws ModelError for a bad count or class.
torch::Tensor target_tensor(const std::vector<int>& target_classes, const torch::Tensor& probabilities);

// N x h x w (or N x 1 x h x w) non-negative maps -> the finished maps: resized
// bilinearly to 48x48 and scaled to [0,1] per face (all 0 when a map is flat).
std::vector<ClassActivationMap> finished_maps(const torch::Tensor& maps, const torch::Tensor& targets,
                                              const std::vector<Probabilities>& probabilities);

std::vector<Probabilities> probability_rows(const torch::Tensor& probabilities);  // N x 7 -> one row per face

// The map of a method that uses_one_backward_pass(): N x h x w from `features`
// (N x C x h x w) and the class score's gradient there, before the final ReLU.
torch::Tensor gradient_cam(CamMethod method, const torch::Tensor& features, const torch::Tensor& grads);

// Score-CAM: N x h x w maps from `features` (N x C x h x w) of `input` (N x 1 x S x S).
torch::Tensor score_cam(EmotionNetImpl& net, const torch::Tensor& input, const torch::Tensor& features,
                        const torch::Tensor& targets, size_t batch_size);

// Ablation-CAM: N x h x w maps from `features` of `layer` and the `logits` of the same forward pass.
torch::Tensor ablation_cam(EmotionNetImpl& net, const torch::Tensor& input, const std::string& layer,
                           const torch::Tensor& features, const torch::Tensor& logits, const torch::Tensor& targets,
                           size_t batch_size);

// Gradient, Guided Backpropagation, Guided Grad-CAM, Integrated Gradients or SmoothGrad: N x S x S non-negative maps for `input`.
torch::Tensor pixel_attribution(EmotionNetImpl& net, const ModelCard& card, const torch::Tensor& input,
                                const torch::Tensor& targets, CamMethod method, const ExplainOptions& options);

// The random baseline: N x 48 x 48 smooth maps, each seeded by its face's pixels and `seed`.
torch::Tensor random_maps(const uint8_t* faces48, size_t n, uint32_t seed);

}  // namespace ferlab
