#pragma once
// A researcher's own network, exported from PyTorch with torch.jit.save (of
// torch.jit.script or torch.jit.trace), loaded as an EmotionNet so that every
// command and panel runs, compares, explains and evaluates it like FERLab's
// own networks. docs/YOUR_MODELS.md is the user's side of this contract:
//
//  - forward(x) takes N x C x S x S floats (C and S from the card, 1 x 48 x 48
//    without one) and returns one N x K tensor of logits, K = the card's classes;
//  - a layer for the CAM methods: the module's exported `forward_features(x)`
//    (a feature map N x C' x h x w) and `forward_head(features)` (the logits),
//    timm's split; or, for a module that is an nn.Sequential, the output of each
//    child whose output is still a map. Without either, the gradient and
//    perturbation methods work and the CAM methods say why they cannot.
//
// The outputs are mapped by name onto the seven emotions (the card's
// `classes`): an emotion the network lacks gets a logit of -1e4 (probability
// 0), an output that is none of the seven (FER+'s contempt) is left out.
//
// Loading runs TorchScript code: the operators PyTorch registers, no Python
// and no pickled objects of other classes. The module is probed once on
// load with a batch of two faces, so a module that wants other shapes,
// returns a tuple or the wrong number of classes is refused up front.
#include <string>

#include "models/model_io.hpp"

namespace ferlab {

// Files larger than this are refused before reading: FER networks are a few
// megabytes, a ResNet-50 about 100.
inline constexpr int64_t kMaxTorchScriptBytes = int64_t{1} << 30;

// `path` ends in .pt or .pth (models/model_files.hpp); its card, when there is
// one, is the .json beside it. Throws ModelError naming the file and what is
// wrong: not TorchScript (a torch.save state dict, a pickle), truncated,
// written by a newer PyTorch than LibTorch 1.13 reads, a card that disagrees
// with the module, a forward that fails on the card's input or returns the
// wrong thing.
LoadedModel load_torchscript_model(const std::string& path);

}  // namespace ferlab
