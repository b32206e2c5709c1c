// Pixel attributions: how much each input pixel moves the class score. Maps
// are absolute values (the magnitude of the influence, as the saliency papers
// draw them), taken after any averaging (SmoothGrad's mean gradient, as in the
// paper) and before Guided Grad-CAM's product; the finished map is scaled per
// face like every other.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "core/errors.hpp"
#include "explain/map_tensors.hpp"
#include "models/explain_hooks.hpp"

namespace ferlab {

namespace {

// d(score of each face's target) / d(input), for a batch of independent faces.
torch::Tensor input_gradients(EmotionNetImpl& net, const torch::Tensor& input, const torch::Tensor& targets) {
  torch::AutoGradMode enable_grad(true);
  const torch::Tensor x = input.detach().requires_grad_(true);
  const torch::Tensor scores = net.forward(x).gather(1, targets.view({-1, 1})).sum();
  return torch::autograd::grad({scores}, {x})[0];
}

// The same with every ReLU of the network guided (models/explain_hooks.hpp).
torch::Tensor guided_gradients(EmotionNetImpl& net, const torch::Tensor& input, const torch::Tensor& targets) {
  const GuidedReluScope guided;
  return input_gradients(net, input, targets);
}

// Grad-CAM on `layer`, ReLU'd and upsampled bilinearly to the input's size:
// Guided Grad-CAM's coarse factor, with the network's ordinary ReLUs.
torch::Tensor input_sized_grad_cam(EmotionNetImpl& net, const torch::Tensor& input, const torch::Tensor& targets,
                                   const std::string& layer) {
  torch::AutoGradMode enable_grad(true);
  const NetOutput out = net.forward_with_features(input.detach().requires_grad_(true), layer);
  const torch::Tensor scores = out.logits.gather(1, targets.view({-1, 1})).sum();
  const torch::Tensor grads = torch::autograd::grad({scores}, {out.features})[0];
  const torch::Tensor cam = torch::relu(gradient_cam(CamMethod::GradCam, out.features.detach(), grads)).unsqueeze(1);
  namespace F = torch::nn::functional;
  return F::interpolate(cam, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{input.size(2), input.size(3)})
                                 .mode(torch::kBilinear)
                                 .align_corners(false))
      .squeeze(1);
}

// `samples` inputs per face, made by `make(face index, sample indices)`, their
// gradients averaged per face; in chunks of about `batch_size` images.
template <typename MakeSamples>
torch::Tensor mean_sample_gradients(EmotionNetImpl& net, const torch::Tensor& input, const torch::Tensor& targets,
                                    int64_t samples, size_t batch_size, MakeSamples make) {
  const int64_t n = input.size(0);
  const int64_t faces_per_chunk = std::max<int64_t>(1, static_cast<int64_t>(batch_size) / samples);
  std::vector<torch::Tensor> means;
  for (int64_t start = 0; start < n; start += faces_per_chunk) {
    const int64_t end = std::min(n, start + faces_per_chunk);
    std::vector<torch::Tensor> batch;
    for (int64_t i = start; i < end; ++i) batch.push_back(make(i));
    const torch::Tensor grads =
        input_gradients(net, torch::cat(batch), targets.slice(0, start, end).repeat_interleave(samples));
    means.push_back(grads.view({end - start, samples, input.size(1), input.size(2), input.size(3)}).mean(1));
  }
  return torch::cat(means);
}

}  // namespace

torch::Tensor pixel_attribution(EmotionNetImpl& net, const ModelCard& card, const torch::Tensor& input,
                                const torch::Tensor& targets, CamMethod method, const ExplainOptions& options) {
  switch (method) {
    case CamMethod::Gradient:
      return input_gradients(net, input, targets).abs().sum(1);
    case CamMethod::GuidedBackprop:
      return guided_gradients(net, input, targets).abs().sum(1);
    case CamMethod::GuidedGradCam:
      return guided_gradients(net, input, targets).abs().sum(1) *
             input_sized_grad_cam(net, input, targets, options.layer);
    case CamMethod::SmoothGrad: {
      const int64_t samples = std::max(1, options.smoothgrad_samples);
      torch::Generator generator = at::detail::createCPUGenerator(options.seed);
      return mean_sample_gradients(net, input, targets, samples, options.batch_size, [&](int64_t i) {
               const torch::Tensor face = input[i].unsqueeze(0);
               const double sigma = options.smoothgrad_noise * (face.max() - face.min()).item<double>();
               const torch::Tensor noise = torch::randn({samples, face.size(1), face.size(2), face.size(3)}, generator);
               return face + sigma * noise;
             })
          .abs()
          .sum(1);
    }
    case CamMethod::IntegratedGradients: {
      const int64_t steps = std::max(1, options.integrated_gradient_steps);
      // In the normalised space the card's mean is 0; black is (0 - mean) / std.
      const float baseline_value =
          options.path_baseline == PathBaseline::Mean ? 0.f : -card.normalization.mean / card.normalization.std;
      const torch::Tensor baseline = torch::full_like(input, baseline_value);
      // Midpoint rule over the straight path from the baseline to the face.
      const torch::Tensor alphas = (torch::arange(steps, torch::kFloat) + 0.5f).div(steps).view({steps, 1, 1, 1});
      const torch::Tensor mean_grads =
          mean_sample_gradients(net, input, targets, steps, options.batch_size, [&](int64_t i) {
            return baseline[i].unsqueeze(0) + alphas * (input[i] - baseline[i]).unsqueeze(0);
          });
      return ((input - baseline) * mean_grads).abs().sum(1);
    }
    default:
      throw ModelError("explain: '" + std::string(cam_method_name(method)) + "' is not a pixel attribution");
  }
}

}  // namespace ferlab
