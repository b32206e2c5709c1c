#include "eval/evaluator.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include "models/model_io.hpp"

namespace ferlab {

namespace {

// Faces per progress call: small enough that the bar moves every second or so
// on 2 cores even with ten-crop TTA, large enough to keep batches full.
constexpr size_t kChunk = 256;


}  // namespace

std::vector<size_t> EvalResult::misclassified() const {
  std::vector<size_t> wrong;
  for (size_t i = 0; i < predictions.size(); ++i)
    if (!predictions[i].correct()) wrong.push_back(i);
  auto confidence = [&](size_t i) {
    const SamplePrediction& p = predictions[i];
    return p.probabilities[static_cast<size_t>(p.predicted)];
  };
  std::stable_sort(wrong.begin(), wrong.end(), [&](size_t a, size_t b) { return confidence(a) > confidence(b); });
  return wrong;
}

std::vector<int> true_labels(const EvalResult& result) {
  std::vector<int> labels;
  labels.reserve(result.predictions.size());
  for (const SamplePrediction& p : result.predictions) labels.push_back(p.true_label);
  return labels;
}

std::vector<int> predicted_labels(const EvalResult& result) {
  std::vector<int> labels;
  labels.reserve(result.predictions.size());
  for (const SamplePrediction& p : result.predictions) labels.push_back(p.predicted);
  return labels;
}

PairComparison compare_pair(const EvalResult& a, const EvalResult& b) {
  const std::vector<int> labels = true_labels(a);
  if (labels != true_labels(b))
    throw std::invalid_argument("compare_pair: " + a.model_description + " and " + b.model_description +
                                " were not scored on the same faces");
  const std::vector<int> predicted_a = predicted_labels(a), predicted_b = predicted_labels(b);
  return {bootstrap_intervals(labels, predicted_a), bootstrap_intervals(labels, predicted_b),
          mcnemar_test(labels, predicted_a, predicted_b)};
}

EvalResult evaluate(const FaceClassifier& classifier, const FaceDataset& dataset, Tta tta,
                    const EvalProgress& progress) {
  EvalResult result;
  result.model_names = classifier.model_names();
  for (const LoadedModel& m : classifier.models()) result.model_paths.push_back(m.weights_path);
  result.model_description = classifier.description();
  result.tta = tta;
  result.dataset_size = dataset.size();
  result.predictions.reserve(dataset.size());

  const auto start = std::chrono::steady_clock::now();
  for (size_t begin = 0; begin < dataset.size(); begin += kChunk) {
    const size_t count = std::min(kChunk, dataset.size() - begin);
    // FaceDataset stores faces contiguously, so a chunk is one pointer.
    // predict() is mean_over_members(predict_members()); keeping the members costs nothing extra.
    const auto members = classifier.predict_members(dataset.image(begin), count, tta);
    const std::vector<Probabilities> probs = mean_over_members(members);
    if (classifier.is_ensemble()) {
      result.member_probabilities.resize(members.size());
      for (size_t m = 0; m < members.size(); ++m)
        result.member_probabilities[m].insert(result.member_probabilities[m].end(), members[m].begin(),
                                              members[m].end());
    }
    for (size_t k = 0; k < count; ++k) {
      SamplePrediction p;
      p.index = begin + k;
      p.true_label = dataset.label(p.index);
      p.predicted = argmax(probs[k]);
      p.probabilities = probs[k];
      result.confusion.add(p.true_label, p.predicted);
      result.predictions.push_back(p);
    }
    if (progress && !progress(begin + count, dataset.size())) {
      result.complete = begin + count == dataset.size();
      break;
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

nlohmann::json to_json(const EvalResult& result, const FaceDataset& dataset, const EvalReportInfo& info) {
  nlohmann::json j;
  j["models"] = result.model_names;
  j["model_paths"] = result.model_paths;
  j["model"] = result.model_description;
  j["tta"] = std::string(tta_name(result.tta));
  j["data"] = info.data_path;
  j["split"] = info.split;
  j["date"] = utc_timestamp();
  j["samples"] = result.predictions.size();
  j["dataset_size"] = result.dataset_size;
  j["complete"] = result.complete;
  j["seconds"] = result.seconds;
  j["accuracy"] = result.accuracy();
  j["macro_f1"] = result.macro_f1();
  j["confusion_matrix"] = result.confusion.to_json();
  if (info.include_predictions) {
    nlohmann::json rows = nlohmann::json::array();
    for (const SamplePrediction& p : result.predictions) {
      rows.push_back({{"index", p.index},
                      {"source", p.index < dataset.size() ? dataset.source(p.index) : std::string()},
                      {"true", std::string(emotion_name(p.true_label))},
                      {"predicted", std::string(emotion_name(p.predicted))},
                      {"probabilities", p.probabilities}});
    }
    j["predictions"] = std::move(rows);
  }
  return j;
}

}  // namespace ferlab
