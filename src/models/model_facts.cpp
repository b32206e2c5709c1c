#include "models/model_facts.hpp"

#include "models/model_io.hpp"

namespace ferlab {
namespace {

// The trainer's card fields are free-form JSON: a missing or odd-typed field is
// simply not shown rather than an error, since a card written by hand (or by
// an older trainer) is still a valid model.
template <typename T>
T optional_field(const nlohmann::json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return fallback;
  } else {
    if (!it->is_number()) return fallback;
  }
  return it->get<T>();
}

}  // namespace

ModelFacts model_facts(const LoadedModel& model) {
  const ModelCard& card = model.card;
  ModelFacts facts;
  facts.name = card.name;
  facts.arch = card.arch;
  facts.weights_path = model.weights_path;
  facts.parameters = count_parameters(model.net);
  facts.macs = count_macs(model.net, card.input_size);
  if (card.metrics.contains("val_accuracy") && card.metrics["val_accuracy"].is_number())
    facts.val_accuracy = card.metrics["val_accuracy"].get<double>();
  facts.val_split = optional_field<std::string>(card.metrics, "val_split", "");
  facts.train_split = optional_field<std::string>(card.training, "train_split", "");
  facts.train_images = optional_field<int64_t>(card.training, "train_images", 0);
  if (const auto teacher = card.training.find("teacher"); teacher != card.training.end() && teacher->is_object())
    facts.teacher = optional_field<std::string>(*teacher, "model", "");
  facts.pretrained = optional_field<std::string>(card.training, "pretrained", "");
  if (const auto average = card.training.find("weight_average"); average != card.training.end() && average->is_object())
    if (const double decay = optional_field<double>(*average, "decay", 0); decay > 0) facts.weight_average_decay = decay;
  facts.created = card.created;
  if (card.calibration) {
    facts.temperature = card.calibration->temperature;
    facts.calibration_labels = card.calibration->labels;
  }
  return facts;
}

}  // namespace ferlab
