// Ablation-CAM (Ramaswamy & Desai 2020): each channel of the feature map is
// weighted by how much the class score drops when that channel alone is set
// to zero. No gradients; one forward pass per channel, as many channels per
// batch as fit, each copy of the face with another channel zeroed at the
// layer (models/explain_hooks.hpp's StageEditScope).
//
// The paper divides the drop by the unablated score. That is one positive
// factor per face, which the per-face scaling of the finished map undoes, and
// for a negative logit it would turn the map upside down; the drop alone is used.
#include <torch/torch.h>

#include "explain/map_tensors.hpp"
#include "models/explain_hooks.hpp"

namespace ferlab {

torch::Tensor ablation_cam(EmotionNetImpl& net, const torch::Tensor& input, const std::string& layer,
                           const torch::Tensor& features, const torch::Tensor& logits, const torch::Tensor& targets,
                           size_t batch_size) {
  torch::NoGradGuard no_grad;
  const int64_t n = features.size(0), channels = features.size(1);
  const auto chunk = static_cast<int64_t>(std::max<size_t>(1, batch_size));
  torch::Tensor weights = torch::empty({n, channels});
  for (int64_t i = 0; i < n; ++i) {
    const int64_t target = targets[i].item<int64_t>();
    const float score = logits[i][target].item<float>();
    std::vector<torch::Tensor> drops;
    for (int64_t start = 0; start < channels; start += chunk) {
      const int64_t count = std::min(channels, start + chunk) - start;
      // Copy k of the face has channel start + k zeroed.
      torch::Tensor keep = torch::ones({count, channels});
      keep.index_put_({torch::arange(count), torch::arange(start, start + count)}, 0.f);
      const StageEditScope ablate([&](const torch::Tensor& f) { return f * keep.view({count, channels, 1, 1}); });
      const torch::Tensor copies = input[i].unsqueeze(0).expand({count, input.size(1), input.size(2), input.size(3)});
      drops.push_back(score - net.forward_with_features(copies, layer).logits.select(1, target));
    }
    weights[i] = torch::cat(drops);
  }
  return torch::relu((weights.view({n, channels, 1, 1}) * features).sum(1));
}

}  // namespace ferlab
