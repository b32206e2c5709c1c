#pragma once
// Starting a resnet18 from torchvision's ImageNet weights. The checkpoint must
// first be converted to safetensors with torchvision's parameter names
// (conv1.weight 64x3x7x7, bn1.*, layer1.0.conv1.weight, ..., fc.*).
#include <string>

#include "models/emotion_net.hpp"

namespace ferlab {

// `net` must be a resnet18 built with {"stem": "imagenet"}. The RGB first
// convolution is folded to one channel by summing over its input channels: a
// gray face fed as R = G = B = x gives exactly sum_c W_c * x. The 1000-way fc.*
// is ignored (the 7-way head keeps its initialisation). Throws ModelError naming
// `path` for a missing tensor or a shape mismatch.
void load_imagenet_weights(EmotionNet net, const std::string& path);

}  // namespace ferlab
