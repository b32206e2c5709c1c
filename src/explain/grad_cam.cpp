#include "explain/grad_cam.hpp"

#include <torch/torch.h>

#include <cstring>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_input.hpp"
#include "models/model_io.hpp"

namespace ferlab {

std::string_view cam_method_name(CamMethod method) {
  return method == CamMethod::GradCam ? "gradcam" : "gradcam++";
}

namespace {

// Per-channel weights, N x C x 1 x 1.
torch::Tensor channel_weights(const torch::Tensor& features, const torch::Tensor& grads, CamMethod method) {
  if (method == CamMethod::GradCam) return grads.mean({2, 3}, /*keepdim=*/true);
  // Grad-CAM++ with the paper's closed form for an exponential of the score:
  // alpha = g^2 / (2 g^2 + sum_ij(A) g^3), weights = sum_ij alpha * relu(g).
  const torch::Tensor g2 = grads.pow(2);
  const torch::Tensor g3 = g2 * grads;
  const torch::Tensor sum_a = features.sum({2, 3}, /*keepdim=*/true);
  torch::Tensor denominator = 2 * g2 + sum_a * g3;
  // Where the gradient vanishes alpha is 0/0; any finite value works since relu(g) is 0 there.
  denominator = torch::where(denominator != 0, denominator, torch::ones_like(denominator));
  const torch::Tensor alpha = g2 / denominator;
  return (alpha * torch::relu(grads)).sum({2, 3}, /*keepdim=*/true);
}

}  // namespace

struct GradCamPass::Graph {
  torch::Tensor logits, features, probabilities;
};

GradCamPass::GradCamPass(const LoadedModel& model, const uint8_t* faces48, size_t n)
    : graph_(std::make_unique<Graph>()) {
  if (!model.net) throw ModelError("Grad-CAM: model " + model.weights_path + " has no network");
  if (n == 0) return;
  // Callers may sit inside a no-grad scope; a leaf input that requires grad also
  // keeps the graph alive for a network whose parameters are frozen.
  torch::AutoGradMode enable_grad(true);
  const torch::Tensor input = model_input(model.card, faces48, n).requires_grad_(true);
  const NetOutput out = model.net->forward_with_features(input);
  graph_->logits = out.logits;
  graph_->features = out.features;
  graph_->probabilities = torch::softmax(out.logits.detach(), 1).contiguous();
  probabilities_.resize(n);
  const float* p = graph_->probabilities.data_ptr<float>();
  for (size_t i = 0; i < n; ++i) std::memcpy(probabilities_[i].data(), p + i * kNumEmotions, sizeof(float) * kNumEmotions);
}

GradCamPass::~GradCamPass() = default;

std::vector<ClassActivationMap> GradCamPass::maps(CamMethod method, const std::vector<int>& target_classes) {
  const size_t n = size();
  if (n == 0) return {};
  if (!graph_->logits.defined()) throw ModelError("Grad-CAM: the backward pass of this batch was already taken");
  if (!target_classes.empty() && target_classes.size() != n)
    throw ModelError("Grad-CAM: " + std::to_string(target_classes.size()) + " target classes for " +
                     std::to_string(n) + " faces");
  for (const int c : target_classes)
    if (c < 0 || c >= kNumEmotions) throw ModelError("Grad-CAM: class index " + std::to_string(c) + " out of range");

  torch::AutoGradMode enable_grad(true);
  torch::Tensor targets = target_classes.empty()
                              ? graph_->probabilities.argmax(1)
                              : torch::tensor(std::vector<int64_t>(target_classes.begin(), target_classes.end()));
  // Faces in a batch are independent (eval mode), so the gradient of the sum of
  // each face's own class score gives every face its own gradients at once.
  const torch::Tensor scores = graph_->logits.gather(1, targets.view({-1, 1})).sum();
  const torch::Tensor grads = torch::autograd::grad({scores}, {graph_->features})[0];
  const torch::Tensor features = graph_->features.detach();
  graph_->logits = torch::Tensor();  // frees the graph
  graph_->features = torch::Tensor();

  torch::Tensor cam = torch::relu((channel_weights(features, grads, method) * features).sum(1, /*keepdim=*/true));
  namespace F = torch::nn::functional;
  cam = F::interpolate(cam, F::InterpolateFuncOptions()
                                .size(std::vector<int64_t>{kFaceSize, kFaceSize})
                                .mode(torch::kBilinear)
                                .align_corners(false));
  const torch::Tensor flat = cam.view({static_cast<int64_t>(n), -1});
  const torch::Tensor low = std::get<0>(flat.min(1, true));
  const torch::Tensor range = std::get<0>(flat.max(1, true)) - low;
  // A map with no positive evidence stays all zero rather than amplifying noise.
  const torch::Tensor normalised =
      torch::where(range > 1e-12, (flat - low) / range.clamp_min(1e-12), torch::zeros_like(flat)).contiguous();

  targets = targets.to(torch::kLong).contiguous();
  std::vector<ClassActivationMap> maps(n);
  for (size_t i = 0; i < n; ++i) {
    ClassActivationMap& m = maps[i];
    m.heatmap = cv::Mat(kFaceSize, kFaceSize, CV_32FC1);
    std::memcpy(m.heatmap.data, normalised[i].data_ptr<float>(), sizeof(float) * kFacePixels);
    m.target_class = static_cast<int>(targets[i].item<int64_t>());
    m.probabilities = probabilities_[i];
  }
  return maps;
}

std::vector<ClassActivationMap> class_activation_maps(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                                      CamMethod method, const std::vector<int>& target_classes) {
  return GradCamPass(model, faces48, n).maps(method, target_classes);
}

ClassActivationMap class_activation_map(const LoadedModel& model, const uint8_t* face48, CamMethod method,
                                        int target_class) {
  const std::vector<int> targets = target_class < 0 ? std::vector<int>{} : std::vector<int>{target_class};
  return class_activation_maps(model, face48, 1, method, targets).front();
}

}  // namespace ferlab
