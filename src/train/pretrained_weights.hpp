#pragma once
// --pretrained FILE: the weights a run starts from instead of a random
// initialisation. Either a FERLab model of the same architecture and options
// (fine-tuning, e.g. on more data), or torchvision's ImageNet ResNet-18
// converted to safetensors, for resnet18 built with {"stem": "imagenet"}.
#include <string>

#include "models/emotion_net.hpp"

namespace ferlab {

// Returns what was loaded ("FERLab model" / "ImageNet weights"). Throws
// ModelError naming the file if it does not fit `net`.
std::string load_pretrained_weights(EmotionNet net, const std::string& path);

}  // namespace ferlab
