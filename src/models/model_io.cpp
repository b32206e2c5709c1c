#include "models/model_io.hpp"
#include "core/text.hpp"

#include <ctime>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "models/model_files.hpp"
#include "models/safetensors.hpp"
#include "models/torchscript_net.hpp"

namespace ferlab {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCardMetadataKey = "ferlab_card";



std::string shape_text(c10::IntArrayRef shape) {
  std::string s;
  for (const auto d : shape) s += (s.empty() ? "" : ",") + std::to_string(d);
  return "[" + s + "]";
}


ModelCard embedded_card(const SafetensorsContents& contents, const std::string& weights_path) {
  const auto it = contents.metadata.find(kCardMetadataKey);
  if (it == contents.metadata.end())
    throw ModelError(weights_path + ": no model card in metadata '" + kCardMetadataKey + "'");
  const std::string source = weights_path + " (metadata " + kCardMetadataKey + ")";
  try {
    return ModelCard::from_json(parse_json(it->second, source), source);
  } catch (const ModelError&) {
    throw;
  } catch (const Error& e) {
    throw ModelError(e.what());
  }
}

ModelCard read_card(const std::string& stem, const SafetensorsContents& contents, const std::string& weights_path) {
  const std::string card_path = stem + ".json";
  if (!fs::exists(card_path)) {
    if (contents.metadata.count(kCardMetadataKey) == 0)
      throw ModelError(weights_path + ": no model card: neither " + card_path + " nor metadata '" + kCardMetadataKey + "' exists");
    return embedded_card(contents, weights_path);
  }
  nlohmann::json j;
  try {
    j = parse_json(read_text_file(card_path), card_path + ": model card");
  } catch (const Error& e) {
    throw ModelError(e.what());
  }
  return ModelCard::from_json(j, card_path);
}

}  // namespace

std::vector<std::pair<std::string, torch::Tensor>> model_state(const EmotionNet& net) {
  std::vector<std::pair<std::string, torch::Tensor>> state;
  for (const auto& p : net->named_parameters()) state.emplace_back(p.key(), p.value());
  for (const auto& b : net->named_buffers()) state.emplace_back(b.key(), b.value());
  return state;
}

torch::Tensor class_probabilities(const LoadedModel& model, const torch::Tensor& logits) {
  return torch::softmax(logits.to(torch::kFloat) / model.card.temperature(), 1);
}

int64_t count_parameters(const EmotionNet& net) {
  int64_t n = 0;
  for (const auto& p : net->parameters())
    if (p.requires_grad()) n += p.numel();
  return n;
}

void load_model_state(EmotionNet net, const std::map<std::string, torch::Tensor>& tensors, const std::string& source) {
  const auto state = model_state(net);
  std::vector<std::string> problems;
  std::set<std::string> expected;
  for (const auto& [name, target] : state) {
    expected.insert(name);
    const auto it = tensors.find(name);
    if (it == tensors.end()) {
      problems.push_back("architecture '" + net->arch() + "' expects tensor '" + name + "' " + shape_text(target.sizes()) +
                         " which the file lacks");
    } else if (it->second.sizes() != target.sizes()) {
      problems.push_back("tensor '" + name + "' has shape " + shape_text(it->second.sizes()) + " but architecture '" +
                         net->arch() + "' expects " + shape_text(target.sizes()));
    }
  }
  for (const auto& [name, tensor] : tensors)
    if (expected.count(name) == 0)
      problems.push_back("tensor '" + name + "' " + shape_text(tensor.sizes()) + " is not part of architecture '" + net->arch() + "'");
  if (!problems.empty()) {
    std::string message = source + ": " + problems.front();
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more mismatched tensors)";
    throw ModelError(message);
  }
  torch::NoGradGuard no_grad;
  for (auto& [name, target] : state) target.copy_(tensors.at(name));
}

void save_model(const std::string& weights_path, EmotionNet net, const ModelCard& card) {
  save_model(weights_path, std::move(net), card, SaveOptions{});
}

void save_model(const std::string& weights_path, EmotionNet net, const ModelCard& card, const SaveOptions& options) {
  if (!net) throw ModelError("save_model(" + weights_path + "): no network");
  if (!card.arch.empty() && card.arch != net->arch())
    throw ModelError("save_model(" + weights_path + "): card says architecture '" + card.arch + "' but the network is '" + net->arch() + "'");
  ModelCard saved = card;
  saved.arch = net->arch();
  const auto net_options = net->options();  // items() would dangle on a temporary
  for (const auto& [key, value] : net_options.items()) saved.options[key] = value;
  if (saved.created.empty()) saved.created = utc_date();
  const std::string stem = model_stem(weights_path);
  const std::string card_text = json_text(saved.to_json(), 2) + "\n";
  write_safetensors(stem + ".safetensors", model_state(net), {{kCardMetadataKey, json_text(saved.to_json())}},
                    options.half_precision ? FloatStorage::F16 : FloatStorage::F32);
  write_text_atomically(stem + ".json", card_text);
}

ModelCard read_embedded_card(const std::string& weights_path) {
  return embedded_card(read_safetensors(weights_path), weights_path);
}

void save_model_card(const std::string& weights_path, const ModelCard& card) {
  const std::string stem = model_stem(weights_path);
  if (is_torchscript_file(weights_path)) {  // the module itself is never rewritten
    nlohmann::json written = card.to_json();
    written["training"].erase("card");  // "none beside the file": there is one now
    write_text_atomically(model_card_path(weights_path), json_text(written, 2) + "\n");
    return;
  }
  const std::string safetensors_path = stem + ".safetensors";
  if (!fs::exists(safetensors_path)) throw ModelError(weights_path + ": no weights file " + safetensors_path);
  const std::string card_json = json_text(card.to_json());
  auto metadata = read_safetensors_metadata(safetensors_path);
  if (metadata.count(kCardMetadataKey)) {
    metadata[kCardMetadataKey] = card_json;
    replace_safetensors_metadata(safetensors_path, metadata);
  }
  write_text_atomically(stem + ".json", json_text(card.to_json(), 2) + "\n");
}

LoadedModel load_model(const std::string& path) {
  if (is_torchscript_file(path)) return load_torchscript_model(path);
  const std::string stem = model_stem(path);
  const std::string weights_path = stem + kWeightsExtension;
  if (!fs::exists(weights_path)) {
    // "x" or "x.json" beside a TorchScript x.pt.
    for (const std::string ext : {".pt", ".pth"})
      if (fs::exists(stem + ext)) return load_torchscript_model(stem + ext);
    throw ModelError(path + ": no weights file " + weights_path);
  }
  const auto contents = read_safetensors(weights_path);
  LoadedModel loaded;
  loaded.card = read_card(stem, contents, weights_path);
  loaded.weights_path = weights_path;
  try {
    loaded.net = make_model(loaded.card.arch, loaded.card.options);
  } catch (const ModelError& e) {
    throw ModelError(weights_path + ": " + e.what());
  }
  load_model_state(loaded.net, contents.tensors, weights_path);
  loaded.net->eval();
  return loaded;
}

}  // namespace ferlab
