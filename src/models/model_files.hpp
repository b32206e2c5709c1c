#pragma once
// How a model sits on disk: FERLab's own NAME.safetensors with its card
// NAME.json beside it, or a researcher's TorchScript file NAME.pt (or .pth,
// written by torch.jit.save) with an optional NAME.json card. The one place
// that knows the extensions. No LibTorch: the CLI resolves names without it.
#include <string>

namespace ferlab {

inline constexpr const char* kWeightsExtension = ".safetensors";

bool is_torchscript_file(const std::string& path);   // ends in .pt or .pth (any case)
bool is_model_weights_file(const std::string& path); // .safetensors, .pt or .pth
// "x.safetensors", "x.pt", "x.json" and "x" -> "x".
std::string model_stem(const std::string& path);
std::string model_card_path(const std::string& weights_path);  // the stem + ".json"

}  // namespace ferlab
