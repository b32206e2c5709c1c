#include "models/model_card.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace ferlab {
namespace {

constexpr int kMaxInputSize = 512;
constexpr float kMaxNormalizationMean = 10.0f;
constexpr float kMinNormalizationStd = 1e-3f, kMaxNormalizationStd = 1e3f;

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
    throw ModelError(source + ": model card field '" + key + "' has the wrong type: " + json_text(*it));
  }
}

nlohmann::json object_field(const nlohmann::json& j, const char* key, const std::string& source) {
  const auto value = field<nlohmann::json>(j, key, nlohmann::json::object(), source);
  if (!value.is_object()) throw ModelError(source + ": model card field '" + key + "' must be an object, got " + json_text(value));
  return value;
}

// A TorchScript model's own classes: mapped by name, each of ours at most once,
// and at least two of ours (one alone cannot be classified against).
void check_output_classes(const ModelCard& card, const std::string& source) {
  if (card.classes.size() < 2 || card.classes.size() > 64)
    throw ModelError(source + ": model card 'classes' must name the network's 2 to 64 outputs in order, got " +
                     std::to_string(card.classes.size()));
  std::vector<int> seen(kNumEmotions, 0);
  int ours = 0;
  for (const int e : card.output_emotions()) {
    if (e < 0) continue;
    if (seen[static_cast<size_t>(e)]++)
      throw ModelError(source + ": model card 'classes' names " + std::string(emotion_name(e)) + " twice: " +
                       json_text(nlohmann::json(card.classes)));
    ++ours;
  }
  if (ours < 2)
    throw ModelError(source + ": model card 'classes' " + json_text(nlohmann::json(card.classes)) +
                     " has fewer than two of FER-2013's emotions (angry, disgust, fear, happy, sad, surprise, neutral)");
}

}  // namespace

std::vector<int> ModelCard::output_emotions() const {
  const std::vector<std::string> names = classes.empty() ? canonical_classes() : classes;
  std::vector<int> emotions;
  for (const std::string& name : names) emotions.push_back(emotion_from_name(name).value_or(-1));
  return emotions;
}

std::string ModelCard::missing_emotions() const {
  const std::vector<int> outputs = output_emotions();
  std::string missing;
  for (int e = 0; e < kNumEmotions; ++e)
    if (std::find(outputs.begin(), outputs.end(), e) == outputs.end())
      missing += (missing.empty() ? "" : ", ") + std::string(emotion_name(e));
  return missing;
}

nlohmann::json ModelCard::to_json() const {
  nlohmann::json j = {{"format", "ferlab-model-card/1"},
          {"name", name},
          {"arch", arch},
          {"options", options},
          {"input_size", input_size},
          {"channels", channels},
          {"normalization", {{"mean", normalization.mean}, {"std", normalization.std}, {"blur_sigma", normalization.blur_sigma}}},
          {"classes", classes.empty() ? canonical_classes() : classes},
          {"training", training},
          {"metrics", metrics},
          {"created", created}};
  if (calibration)
    j["calibration"] = {{"temperature", calibration->temperature},
                        {"split", calibration->split},
                        {"ece_before", calibration->ece_before},
                        {"ece_after", calibration->ece_after},
                        {"labels", calibration->labels}};
  return j;
}

ModelCard ModelCard::from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw ModelError(source + ": a model card must be a JSON object");
  ModelCard card;
  card.arch = field<std::string>(j, "arch", "", source);
  if (card.arch.empty()) throw ModelError(source + ": model card has no 'arch'");
  card.name = field<std::string>(j, "name", "", source);
  card.options = object_field(j, "options", source);
  if (j.contains("input_size") && !j.at("input_size").is_null() && !j.at("input_size").is_number_integer())
    throw ModelError(source + ": model card 'input_size' must be an integer, got " + json_text(j.at("input_size")));
  const auto input_size = field<int64_t>(j, "input_size", 48, source);
  // Faces are 48x48; a larger input only upsamples them, and a huge one would
  // make every inference allocate gigabytes.
  if (input_size < 8 || input_size > kMaxInputSize)
    throw ModelError(source + ": model card 'input_size' must be in [8, " + std::to_string(kMaxInputSize) + "], got " +
                     std::to_string(input_size));
  card.input_size = static_cast<int>(input_size);
  const auto norm = object_field(j, "normalization", source);
  card.normalization.mean = field<float>(norm, "mean", card.normalization.mean, source);
  card.normalization.std = field<float>(norm, "std", card.normalization.std, source);
  card.normalization.blur_sigma = field<float>(norm, "blur_sigma", 0.0f, source);
  if (!(card.normalization.blur_sigma >= 0.0f && card.normalization.blur_sigma <= 10.0f))
    throw ModelError(source + ": model card 'normalization.blur_sigma' must be in [0, 10]");
  // Pixels are in [0,1]: a mean far outside it or a std near 0 or huge turns every
  // input into the same extreme value and the predictions into noise.
  if (!std::isfinite(card.normalization.mean) || std::fabs(card.normalization.mean) > kMaxNormalizationMean)
    throw ModelError(source + ": model card 'normalization.mean' must be a finite number in [-10, 10], got " +
                     json_text(norm.value("mean", nlohmann::json())));
  if (!(card.normalization.std >= kMinNormalizationStd && card.normalization.std <= kMaxNormalizationStd))
    throw ModelError(source + ": model card 'normalization.std' must be in [0.001, 1000], got " +
                     json_text(norm.value("std", nlohmann::json())));
  const auto channels = field<int64_t>(j, "channels", 1, source);
  if (channels != 1 && channels != 3)
    throw ModelError(source + ": model card 'channels' must be 1 or 3, got " + std::to_string(channels));
  card.channels = static_cast<int>(channels);
  card.classes = field<std::vector<std::string>>(j, "classes", canonical_classes(), source);
  if (card.arch == kTorchScriptArch) {
    check_output_classes(card, source);
  } else if (card.classes != canonical_classes()) {
    // FERLab's networks index their logits in the canonical order; a card that
    // says otherwise would silently mislabel every prediction.
    throw ModelError(source + ": model card 'classes' must be the canonical FER-2013 order "
                     "angry, disgust, fear, happy, sad, surprise, neutral; got " + json_text(nlohmann::json(card.classes)));
  }
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
                       json_text(cal.value("temperature", nlohmann::json())));
    c.split = field<std::string>(cal, "split", "", source);
    c.ece_before = field<double>(cal, "ece_before", 0.0, source);
    c.ece_after = field<double>(cal, "ece_after", 0.0, source);
    c.labels = field<std::string>(cal, "labels", "fer2013", source);  // cards from before the field: FER-2013's
    card.calibration = c;
  }
  return card;
}

namespace {

bool is_card_for(const std::string& card_path, const std::string& arch) {
  try {
    const nlohmann::json j = parse_json(read_text_file(card_path), card_path);
    return j.is_object() && j.contains("arch") && j.at("arch") == arch;
  } catch (const Error&) {
    return false;  // not a model card (an eval report, a broken file): not a shipped model
  }
}

}  // namespace

std::string shipped_card_for(const std::string& models_dir, const std::string& arch) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (models_dir.empty() || !fs::is_directory(models_dir, ec)) return "";
  const std::string named = (fs::path(models_dir) / (arch + ".json")).string();
  if (fs::is_regular_file(named, ec) && is_card_for(named, arch)) return named;
  std::vector<std::string> cards;
  for (fs::directory_iterator it(models_dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json") cards.push_back(it->path().string());
  std::sort(cards.begin(), cards.end());
  for (const std::string& card_path : cards)
    if (is_card_for(card_path, arch)) return card_path;
  return "";
}

}  // namespace ferlab
