#pragma once
// Building networks by name, and saving/loading them as safetensors weights
// plus a JSON model card (the card sits beside the weights: NAME.safetensors
// and NAME.json).
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/emotion_net.hpp"
#include "models/model_card.hpp"
#include "models/model_kinds.hpp"

namespace ferlab {

// Throws ModelError for an unknown architecture or bad options.
EmotionNet make_model(const std::string& arch, const nlohmann::json& options = nlohmann::json::object());

struct LoadedModel {
  EmotionNet net;  // in eval mode, on CPU
  ModelCard card;
  std::string weights_path;
};

// The model's class probabilities for `logits` (N x classes): softmax(logits / T)
// with T its card's temperature. The one rule of what a model's probability is:
// classification, every explanation and the faithfulness curves go through it,
// so that a face shows the same calibrated probabilities on every path.
torch::Tensor class_probabilities(const LoadedModel& model, const torch::Tensor& logits);

// `path` may name the .safetensors file, the .json card, or the stem; or a
// TorchScript .pt/.pth file (torchscript_net.hpp). Throws ModelError naming
// the file for missing files, a wrong architecture or shapes.
LoadedModel load_model(const std::string& path);
void save_model(const std::string& weights_path, EmotionNet net, const ModelCard& card);  // atomic

// The card save_model embeds in the weights file itself, which is written in
// one atomic step with the weights and so always describes them (the .json
// beside it may be older after a crash). Throws ModelError naming the file.
ModelCard read_embedded_card(const std::string& weights_path);

// Replaces the card of the model saved at `weights_path` (stem rules as in
// load_model): the .json beside it and, when the .safetensors embeds a card,
// that copy too (its tensor bytes are kept as they are; a TorchScript file is
// never rewritten). Each file is replaced
// atomically, the weights file first: the .json is what load_model reads first.
void save_model_card(const std::string& weights_path, const ModelCard& card);

// `weights_path` ending in .safetensors is used as is, anything else is a stem
// that gets .safetensors appended; the card goes to the same stem + .json. The
// saved card takes its arch and filled-in options from `net`.
struct SaveOptions {
  bool half_precision = false;  // store floats as F16: half the size, ~1e-3 relative error
};
void save_model(const std::string& weights_path, EmotionNet net, const ModelCard& card, const SaveOptions& options);

// Every parameter and buffer (BatchNorm running statistics included) under its
// named_parameters / named_buffers name: what a weights file holds.
std::vector<std::pair<std::string, torch::Tensor>> model_state(const EmotionNet& net);

// Copies `tensors` into `net`'s parameters and buffers. Throws ModelError
// naming `source` for a missing tensor, an unexpected one or a shape mismatch.
void load_model_state(EmotionNet net, const std::map<std::string, torch::Tensor>& tensors, const std::string& source);

int64_t count_parameters(const EmotionNet& net);  // trainable parameters
// Multiply-accumulates of the convolutions and dense layers for one
// input_size x input_size face (BatchNorm, pooling and activations are not
// counted), from the shapes of one traced forward pass.
int64_t count_macs(const EmotionNet& net, int input_size = 48);

}  // namespace ferlab
