#pragma once
// Building networks by name, and saving/loading them as safetensors weights
// plus a JSON model card (the card sits beside the weights: NAME.safetensors
// and NAME.json).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/emotion_net.hpp"

namespace ferlab {

struct Normalization {
  float mean = 0.5f;  // applied to pixels scaled to [0,1]
  float std = 0.5f;
};

struct ModelCard {
  std::string name;           // e.g. "cnn-fer2013"
  std::string arch;           // "cnn", "resemotenet", "resnet18"
  nlohmann::json options = nlohmann::json::object();  // architecture options (widths, ...)
  int input_size = 48;
  Normalization normalization;
  std::vector<std::string> classes;  // canonical order, filled by default
  nlohmann::json training = nlohmann::json::object();  // data, split, epochs, seed, command, ...
  nlohmann::json metrics = nlohmann::json::object();   // from `ferlab eval`
  std::string created;        // ISO-8601 date

  nlohmann::json to_json() const;
  static ModelCard from_json(const nlohmann::json& j, const std::string& source_for_errors);
};

std::vector<std::string> model_architectures();  // {"cnn", "resemotenet", "resnet18"}

// Throws ModelError for an unknown architecture or bad options.
EmotionNet make_model(const std::string& arch, const nlohmann::json& options = nlohmann::json::object());

struct LoadedModel {
  EmotionNet net;  // in eval mode, on CPU
  ModelCard card;
  std::string weights_path;
};

// `path` may name the .safetensors file, the .json card, or the stem. Throws
// ModelError naming the file for missing files, a wrong architecture or shapes.
LoadedModel load_model(const std::string& path);
void save_model(const std::string& weights_path, EmotionNet net, const ModelCard& card);  // atomic

}  // namespace ferlab
