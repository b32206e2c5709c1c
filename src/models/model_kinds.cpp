#include "models/model_kinds.hpp"

#include "models/architectures.hpp"
#include "models/model_card.hpp"

namespace ferlab {

const std::vector<ModelKind>& model_kinds() {
  static const std::vector<ModelKind> kinds = {
      {"cnn", "the seeds' VGG-style network: three blocks of two 3x3 convolutions, dense 256", make_cnn},
      {"resemotenet", "ResEmoteNet (Roy et al. 2024): squeeze-excitation and residual blocks", make_resemotenet},
      {"resnet18", "ResNet-18 (He et al. 2016), from scratch or from torchvision's ImageNet weights", make_resnet18},
      {ModelCard::kTorchScriptArch, "a PyTorch module saved with torch.jit.save (docs/YOUR_MODELS.md)", nullptr},
  };
  return kinds;
}

const ModelKind* find_model_kind(const std::string& name) {
  for (const ModelKind& kind : model_kinds())
    if (kind.name == name) return &kind;
  return nullptr;
}

std::vector<std::string> model_architectures() {
  std::vector<std::string> names;
  for (const ModelKind& kind : model_kinds())
    if (kind.build) names.push_back(kind.name);
  return names;
}

std::string architecture_list(const std::string& last) {
  const std::vector<std::string> names = model_architectures();
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) list += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
  return list;
}

}  // namespace ferlab
