// Score-CAM (Wang et al. 2020): each channel of the feature map, upsampled to
// the input and scaled to [0,1], masks the face; the class score of every
// masked face, softmaxed over the channels, weights the channels. No gradients,
// but one forward pass per channel, batched.
#include <torch/torch.h>

#include "explain/map_tensors.hpp"

namespace ferlab {

torch::Tensor score_cam(EmotionNetImpl& net, const torch::Tensor& input, const torch::Tensor& features,
                        const torch::Tensor& targets, size_t batch_size) {
  torch::NoGradGuard no_grad;
  namespace F = torch::nn::functional;
  const int64_t n = features.size(0), channels = features.size(1);
  torch::Tensor masks = F::interpolate(features, F::InterpolateFuncOptions()
                                                     .size(std::vector<int64_t>{input.size(2), input.size(3)})
                                                     .mode(torch::kBilinear)
                                                     .align_corners(false));
  const torch::Tensor flat = masks.flatten(2);
  const torch::Tensor low = std::get<0>(flat.min(2, true)).unsqueeze(3);
  const torch::Tensor range = (std::get<0>(flat.max(2, true)).unsqueeze(3) - low);
  // A constant channel masks everything away: its mask is 0, not 0/0.
  masks = torch::where(range > 1e-12, (masks - low) / range.clamp_min(1e-12), torch::zeros_like(masks));

  const auto chunk = static_cast<int64_t>(std::max<size_t>(1, batch_size));
  torch::Tensor weights = torch::empty({n, channels});
  for (int64_t i = 0; i < n; ++i) {
    // Masking in the normalised space: a masked pixel becomes 0, the
    // normalisation mean, a mid-grey rather than a black that the network never saw.
    const torch::Tensor masked = input[i].unsqueeze(0) * masks[i].unsqueeze(1);  // C x 1 x S x S
    const int64_t target = targets[i].item<int64_t>();
    std::vector<torch::Tensor> scores;
    for (int64_t start = 0; start < channels; start += chunk)
      scores.push_back(net.forward(masked.slice(0, start, std::min(channels, start + chunk))).select(1, target));
    weights[i] = torch::softmax(torch::cat(scores), 0);
  }
  return torch::relu((weights.view({n, channels, 1, 1}) * features).sum(1));
}

}  // namespace ferlab
