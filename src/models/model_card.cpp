// ModelCard <-> JSON. The card is what makes a weights file usable on its own:
// architecture, options and the normalisation the network was trained with.
#include <string>

#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

std::vector<std::string> canonical_classes() {
  std::vector<std::string> names;
  for (const auto name : emotion_names()) names.emplace_back(name);
  return names;
}

template <typename T>
T field(const nlohmann::json& j, const char* key, const T& fallback, const std::string& source) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw ModelError(source + ": model card field '" + key + "' has the wrong type: " + it->dump());
  }
}

nlohmann::json object_field(const nlohmann::json& j, const char* key, const std::string& source) {
  const auto value = field<nlohmann::json>(j, key, nlohmann::json::object(), source);
  if (!value.is_object()) throw ModelError(source + ": model card field '" + key + "' must be an object, got " + value.dump());
  return value;
}

}  // namespace

nlohmann::json ModelCard::to_json() const {
  nlohmann::json j = {{"format", "ferlab-model-card/1"},
          {"name", name},
          {"arch", arch},
          {"options", options},
          {"input_size", input_size},
          {"normalization", {{"mean", normalization.mean}, {"std", normalization.std}, {"blur_sigma", normalization.blur_sigma}}},
          {"classes", classes.empty() ? canonical_classes() : classes},
          {"training", training},
          {"metrics", metrics},
          {"created", created}};
  if (calibration)
    j["calibration"] = {{"temperature", calibration->temperature},
                        {"split", calibration->split},
                        {"ece_before", calibration->ece_before},
                        {"ece_after", calibration->ece_after}};
  return j;
}

ModelCard ModelCard::from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw ModelError(source + ": a model card must be a JSON object");
  ModelCard card;
  card.arch = field<std::string>(j, "arch", "", source);
  if (card.arch.empty()) throw ModelError(source + ": model card has no 'arch'");
  card.name = field<std::string>(j, "name", "", source);
  card.options = object_field(j, "options", source);
  card.input_size = field<int>(j, "input_size", 48, source);
  if (card.input_size < 8 || card.input_size > 1024)
    throw ModelError(source + ": model card 'input_size' must be in [8, 1024], got " + std::to_string(card.input_size));
  const auto norm = object_field(j, "normalization", source);
  card.normalization.mean = field<float>(norm, "mean", card.normalization.mean, source);
  card.normalization.std = field<float>(norm, "std", card.normalization.std, source);
  card.normalization.blur_sigma = field<float>(norm, "blur_sigma", 0.0f, source);
  if (!(card.normalization.blur_sigma >= 0.0f && card.normalization.blur_sigma <= 10.0f))
    throw ModelError(source + ": model card 'normalization.blur_sigma' must be in [0, 10]");
  if (!(card.normalization.std > 0.0f))
    throw ModelError(source + ": model card 'normalization.std' must be positive");
  card.classes = field<std::vector<std::string>>(j, "classes", canonical_classes(), source);
  // The logits are indexed in the canonical order everywhere; a card that says
  // otherwise would silently mislabel every prediction.
  if (card.classes != canonical_classes())
    throw ModelError(source + ": model card 'classes' must be the canonical FER-2013 order "
                     "angry, disgust, fear, happy, sad, surprise, neutral; got " + nlohmann::json(card.classes).dump());
  card.training = object_field(j, "training", source);
  card.metrics = object_field(j, "metrics", source);
  card.created = field<std::string>(j, "created", "", source);
  if (j.contains("calibration") && !j.at("calibration").is_null()) {
    const auto cal = object_field(j, "calibration", source);
    CardCalibration c;
    c.temperature = field<double>(cal, "temperature", 1.0, source);
    // Wider than the range fit_temperature searches (core/calibration.hpp); outside it is a hand edit gone wrong.
    if (!(c.temperature >= 0.01 && c.temperature <= 100))
      throw ModelError(source + ": model card 'calibration.temperature' must be in [0.01, 100], got " +
                       cal.value("temperature", nlohmann::json()).dump());
    c.split = field<std::string>(cal, "split", "", source);
    c.ece_before = field<double>(cal, "ece_before", 0.0, source);
    c.ece_after = field<double>(cal, "ece_after", 0.0, source);
    card.calibration = c;
  }
  return card;
}

}  // namespace ferlab
