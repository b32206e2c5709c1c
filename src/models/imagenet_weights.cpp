#include "models/imagenet_weights.hpp"

#include "core/errors.hpp"
#include "models/model_io.hpp"
#include "models/safetensors.hpp"

namespace ferlab {

void load_imagenet_weights(EmotionNet net, const std::string& path) {
  if (!net || net->arch() != "resnet18" || net->options().value("stem", "") != "imagenet")
    throw ModelError(path + ": ImageNet weights need a resnet18 with {\"stem\": \"imagenet\"}");
  auto tensors = read_safetensors(path).tensors;
  for (auto it = tensors.begin(); it != tensors.end();)
    it = it->first.rfind("fc.", 0) == 0 ? tensors.erase(it) : std::next(it);

  const auto conv1 = tensors.find("conv1.weight");
  if (conv1 == tensors.end()) throw ModelError(path + ": no tensor 'conv1.weight': not a torchvision ResNet checkpoint");
  if (conv1->second.dim() != 4 || conv1->second.size(1) != 3)
    throw ModelError(path + ": tensor 'conv1.weight' should be RGB [64,3,7,7], got " + std::to_string(conv1->second.dim()) +
                     "-D with " + std::to_string(conv1->second.dim() > 1 ? conv1->second.size(1) : 0) + " input channels");
  conv1->second = conv1->second.sum(1, /*keepdim=*/true);

  // Older torchvision checkpoints predate num_batches_tracked; it only matters with momentum=None.
  for (const auto& [name, tensor] : model_state(net))
    if (name.size() > 20 && name.compare(name.size() - 20, 20, ".num_batches_tracked") == 0 && tensors.count(name) == 0)
      tensors[name] = torch::zeros_like(tensor);
  auto fc = net->named_parameters();
  tensors["fc.weight"] = fc["fc.weight"].detach().clone();
  tensors["fc.bias"] = fc["fc.bias"].detach().clone();
  load_model_state(net, tensors, path);
}

}  // namespace ferlab
