#include "explain/grad_cam.hpp"

#include <torch/torch.h>

#include <cstring>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_input.hpp"
#include "explain/map_tensors.hpp"
#include "models/model_io.hpp"

namespace ferlab {

namespace {

// Grad-CAM++ with the paper's closed form for an exponential of the score:
// alpha = g^2 / (2 g^2 + sum_ij(A) g^3), weights = sum_ij alpha * relu(g).
torch::Tensor grad_cam_plus_plus_weights(const torch::Tensor& features, const torch::Tensor& grads) {
  const torch::Tensor g2 = grads.pow(2);
  const torch::Tensor g3 = g2 * grads;
  const torch::Tensor sum_a = features.sum({2, 3}, /*keepdim=*/true);
  torch::Tensor denominator = 2 * g2 + sum_a * g3;
  // Where the gradient vanishes alpha is 0/0; any finite value works since relu(g) is 0 there.
  denominator = torch::where(denominator != 0, denominator, torch::ones_like(denominator));
  return (g2 / denominator * torch::relu(grads)).sum({2, 3}, /*keepdim=*/true);
}

// Eigen-CAM: each face's activations (h*w positions x C channels), centred,
// projected on their first principal direction. An eigenvector's sign is
// arbitrary; it is chosen so that the projection agrees with the summed
// activations, else half the maps would highlight the background.
torch::Tensor eigen_cam(const torch::Tensor& features) {
  const torch::Tensor positions = features.flatten(2).transpose(1, 2);  // N x hw x C
  const torch::Tensor centred = positions - positions.mean(1, /*keepdim=*/true);
  const torch::Tensor first = std::get<2>(torch::linalg_svd(centred, /*full_matrices=*/false)).select(1, 0);  // N x C
  torch::Tensor projection = torch::bmm(centred, first.unsqueeze(2)).squeeze(2);                          // N x hw
  const torch::Tensor agreement = (projection * positions.sum(2)).sum(1, /*keepdim=*/true);
  projection = projection * torch::where(agreement < 0, -torch::ones_like(agreement), torch::ones_like(agreement));
  return projection.view({features.size(0), features.size(2), features.size(3)});
}

}  // namespace

torch::Tensor gradient_cam(CamMethod method, const torch::Tensor& features, const torch::Tensor& grads) {
  switch (method) {
    case CamMethod::GradCam:
      return (grads.mean({2, 3}, /*keepdim=*/true) * features).sum(1);
    case CamMethod::GradCamPlusPlus:
      return (grad_cam_plus_plus_weights(features, grads) * features).sum(1);
    case CamMethod::XGradCam: {
      // Each channel's gradient averaged with its own activations as weights.
      const torch::Tensor weights =
          (grads * features).sum({2, 3}, /*keepdim=*/true) / (features.sum({2, 3}, /*keepdim=*/true) + 1e-7);
      return (weights * features).sum(1);
    }
    case CamMethod::HiResCam:
      return (grads * features).sum(1);
    case CamMethod::LayerCam:
      return (torch::relu(grads) * features).sum(1);
    case CamMethod::EigenCam:
      return eigen_cam(features);
    default:
      throw ModelError("explanation method '" + std::string(cam_method_name(method)) +
                       "' does not come from one backward pass");
  }
}

std::vector<Probabilities> probability_rows(const torch::Tensor& probabilities) {
  const torch::Tensor p = probabilities.contiguous();
  std::vector<Probabilities> rows(static_cast<size_t>(p.size(0)));
  for (size_t i = 0; i < rows.size(); ++i)
    std::memcpy(rows[i].data(), p.data_ptr<float>() + i * kNumEmotions, sizeof(float) * kNumEmotions);
  return rows;
}

torch::Tensor target_tensor(const std::vector<int>& target_classes, const torch::Tensor& probabilities) {
  const auto n = static_cast<size_t>(probabilities.size(0));
  if (target_classes.empty()) return probabilities.argmax(1);
  if (target_classes.size() != n)
    throw ModelError("explain: " + std::to_string(target_classes.size()) + " target classes for " +
                     std::to_string(n) + " faces");
  for (const int c : target_classes)
    if (c < 0 || c >= kNumEmotions) throw ModelError("explain: class index " + std::to_string(c) + " out of range");
  return torch::tensor(std::vector<int64_t>(target_classes.begin(), target_classes.end()));
}

std::vector<ClassActivationMap> finished_maps(const torch::Tensor& maps, const torch::Tensor& targets,
                                              const std::vector<Probabilities>& probabilities) {
  const int64_t n = maps.size(0);
  torch::Tensor resized = maps.dim() == 3 ? maps.unsqueeze(1) : maps;
  if (resized.size(2) != kFaceSize || resized.size(3) != kFaceSize) {
    namespace F = torch::nn::functional;
    resized = F::interpolate(resized, F::InterpolateFuncOptions()
                                          .size(std::vector<int64_t>{kFaceSize, kFaceSize})
                                          .mode(torch::kBilinear)
                                          .align_corners(false));
  }
  const torch::Tensor flat = resized.reshape({n, -1});
  const torch::Tensor low = std::get<0>(flat.min(1, true));
  const torch::Tensor range = std::get<0>(flat.max(1, true)) - low;
  // A map with no positive evidence stays all zero rather than amplifying noise.
  const torch::Tensor normalised =
      torch::where(range > 1e-12, (flat - low) / range.clamp_min(1e-12), torch::zeros_like(flat)).contiguous();
  const torch::Tensor classes = targets.to(torch::kLong).contiguous();
  const torch::Tensor lows = low.reshape({n}).contiguous(), highs = (low + range).reshape({n}).contiguous();
  std::vector<ClassActivationMap> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    ClassActivationMap& m = out[static_cast<size_t>(i)];
    m.heatmap = cv::Mat(kFaceSize, kFaceSize, CV_32FC1);
    std::memcpy(m.heatmap.data, normalised[i].data_ptr<float>(), sizeof(float) * kFacePixels);
    m.target_class = static_cast<int>(classes[i].item<int64_t>());
    m.probabilities = probabilities[static_cast<size_t>(i)];
    m.range = {lows[i].item<float>(), highs[i].item<float>()};
  }
  return out;
}

cv::Mat on_shared_scale(const cv::Mat& heatmap, MapRange range, float shared_high) {
  if (shared_high <= 0) return cv::Mat::zeros(heatmap.size(), CV_32FC1);
  cv::Mat values;
  heatmap.convertTo(values, CV_32FC1, (range.high - range.low) / shared_high, range.low / shared_high);
  return cv::min(cv::max(values, 0.0), 1.0);
}

struct GradCamPass::Graph {
  torch::Tensor logits, features, probabilities;
};

GradCamPass::GradCamPass(const LoadedModel& model, const uint8_t* faces48, size_t n, const std::string& layer)
    : graph_(std::make_unique<Graph>()) {
  if (!model.net) throw ModelError("explain: model " + model.weights_path + " has no network");
  if (n == 0) return;
  // Callers may sit inside a no-grad scope; a leaf input that requires grad also
  // keeps the graph alive for a network whose parameters are frozen.
  torch::AutoGradMode enable_grad(true);
  const torch::Tensor input = model_input(model.card, faces48, n).requires_grad_(true);
  const NetOutput out = model.net->forward_with_features(input, layer);
  graph_->logits = out.logits;
  graph_->features = out.features;
  graph_->probabilities = class_probabilities(model, out.logits.detach()).contiguous();
  probabilities_ = probability_rows(graph_->probabilities);
}

GradCamPass::~GradCamPass() = default;

std::vector<ClassActivationMap> GradCamPass::maps(CamMethod method, const std::vector<int>& target_classes) {
  if (size() == 0) return {};
  if (!uses_one_backward_pass(method))
    throw ModelError("explain: '" + std::string(cam_method_name(method)) + "' needs more than one backward pass");
  if (!graph_->logits.defined()) throw ModelError("explain: the backward pass of this batch was already taken");
  const torch::Tensor targets = target_tensor(target_classes, graph_->probabilities);

  torch::AutoGradMode enable_grad(true);
  // Faces in a batch are independent (eval mode), so the gradient of the sum of
  // each face's own class score gives every face its own gradients at once.
  const torch::Tensor scores = graph_->logits.gather(1, targets.view({-1, 1})).sum();
  const torch::Tensor grads = torch::autograd::grad({scores}, {graph_->features})[0];
  const torch::Tensor features = graph_->features.detach();
  graph_->logits = torch::Tensor();  // frees the graph
  graph_->features = torch::Tensor();
  return finished_maps(torch::relu(gradient_cam(method, features, grads)), targets, probabilities_);
}

std::vector<ClassActivationMap> class_activation_maps(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                                      CamMethod method, const std::vector<int>& target_classes,
                                                      const ExplainOptions& options) {
  if (uses_one_backward_pass(method))
    return GradCamPass(model, faces48, n, options.layer).maps(method, target_classes);
  if (!model.net) throw ModelError("explain: model " + model.weights_path + " has no network");
  if (n == 0) return {};
  torch::NoGradGuard no_grad;
  const torch::Tensor input = model_input(model.card, faces48, n);
  // Only the feature-map methods need a layer: a network without one (a
  // TorchScript module, torchscript_net.hpp) still has its pixel methods.
  const NetOutput out = method_info(method).kind == MethodKind::FeatureMap
                            ? model.net->forward_with_features(input, options.layer)
                            : NetOutput{model.net->forward(input), torch::Tensor()};
  const torch::Tensor probabilities = class_probabilities(model, out.logits);
  const torch::Tensor targets = target_tensor(target_classes, probabilities);
  torch::Tensor maps;
  switch (method_info(method).kind) {
    case MethodKind::FeatureMap:
      maps = method == CamMethod::AblationCam
                 ? ablation_cam(*model.net, input, options.layer, out.features, out.logits, targets, options.batch_size)
                 : score_cam(*model.net, input, out.features, targets, options.batch_size);
      break;
    case MethodKind::Pixel:
      maps = pixel_attribution(*model.net, model.card, input, targets, method, options);
      break;
    case MethodKind::Baseline:
      maps = random_maps(faces48, n, options.seed);
      break;
  }
  return finished_maps(maps, targets, probability_rows(probabilities));
}

ClassActivationMap class_activation_map(const LoadedModel& model, const uint8_t* face48, CamMethod method,
                                        int target_class, const ExplainOptions& options) {
  const std::vector<int> targets = target_class < 0 ? std::vector<int>{} : std::vector<int>{target_class};
  return class_activation_maps(model, face48, 1, method, targets, options).front();
}

}  // namespace ferlab
