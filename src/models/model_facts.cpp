#include "models/model_facts.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/emotion.hpp"
#include "core/quantile.hpp"
#include "models/model_io.hpp"
#include "models/preprocess.hpp"

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

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string input_text(const ModelCard& card) {
  char text[160];
  std::snprintf(text, sizeof text, "%d x %d x %d, (pixel - %g) / %g with pixels in [0, 1]", card.channels,
                card.input_size, card.input_size, card.normalization.mean, card.normalization.std);
  return text;
}

// A TorchScript module's classes, when they are not FER-2013's seven in order.
std::string outputs_text(const ModelCard& card) {
  const std::vector<int> emotions = card.output_emotions();
  bool canonical = emotions.size() == static_cast<size_t>(kNumEmotions);
  for (size_t i = 0; canonical && i < emotions.size(); ++i) canonical = emotions[i] == static_cast<int>(i);
  if (canonical) return "";
  std::string text, others;
  for (size_t i = 0; i < card.classes.size(); ++i) {
    text += (i ? ", " : "") + card.classes[i];
    if (emotions[i] < 0) others += (others.empty() ? "" : ", ") + card.classes[i];
  }
  text = "outputs " + text + " (mapped by name)";
  if (!others.empty()) text += "; " + others + ": not one of the seven, left out";
  if (const std::string missing = card.missing_emotions(); !missing.empty()) text += "; no " + missing;
  return text;
}

}  // namespace

LatencyStats measure_latency(const LoadedModel& model, int runs) {
  model.net->eval();
  torch::InferenceMode inference;
  const int size = model.card.input_size;
  std::vector<uint8_t> face(static_cast<size_t>(size * size));
  for (size_t i = 0; i < face.size(); ++i) face[i] = static_cast<uint8_t>((i * 37) % 256);
  const auto infer = [&] {
    return torch::softmax(model.net->forward(faces_to_tensor(face.data(), 1, model.card.normalization, size)), 1);
  };
  for (int i = 0; i < std::max(10, runs / 10); ++i) infer();  // warm-up: allocator, OpenMP pool
  std::vector<double> times;
  times.reserve(static_cast<size_t>(runs));
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto probabilities = infer();
    (void)probabilities.data_ptr<float>();
    times.push_back(ms_since(start));
  }
  std::sort(times.begin(), times.end());
  LatencyStats stats;
  stats.runs = runs;
  stats.median_ms = quantile_of_sorted(times, 0.5);
  stats.p95_ms = quantile_of_sorted(times, 0.95);
  return stats;
}

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
  facts.input = input_text(card);
  if (card.arch == ModelCard::kTorchScriptArch) {
    facts.outputs = outputs_text(card);
    facts.assumed = optional_field<std::string>(card.training, "card", "");
  }
  facts.latency = measure_latency(model, kFactsLatencyRuns);
  return facts;
}

}  // namespace ferlab
