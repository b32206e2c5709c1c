#include "train/pretrained_weights.hpp"

#include <filesystem>

#include "core/errors.hpp"
#include "models/imagenet_weights.hpp"
#include "models/model_io.hpp"
#include "models/safetensors.hpp"

namespace ferlab {

std::string load_pretrained_weights(EmotionNet net, const std::string& path) {
  if (!std::filesystem::exists(path)) throw ModelError("--pretrained " + path + ": no such file");
  const auto contents = read_safetensors(path);
  // save_model embeds the model card; a converted torchvision file has none.
  if (contents.metadata.count("ferlab_card")) {
    load_model_state(net, contents.tensors, path);
    return "FERLab model";
  }
  if (net->arch() != "resnet18")
    throw ModelError("--pretrained " + path + ": not a FERLab model, and only resnet18 "
                     "(--model-option stem=imagenet) starts from torchvision ImageNet weights");
  load_imagenet_weights(net, path);
  return "ImageNet weights";
}

}  // namespace ferlab
