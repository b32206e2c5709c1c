#pragma once
// Scoring a classifier on a labelled dataset: the confusion matrix and its
// metrics, plus every sample's prediction so that a viewer can list and open
// the misclassified faces. No torch headers.
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/confusion_matrix.hpp"
#include "core/face_dataset.hpp"
#include "core/model_comparison.hpp"
#include "eval/face_classifier.hpp"

namespace ferlab {

struct SamplePrediction {
  size_t index = 0;  // into the dataset given to evaluate()
  int true_label = 0;
  int predicted = 0;
  Probabilities probabilities{};
  bool correct() const { return true_label == predicted; }
};

struct EvalResult {
  ConfusionMatrix confusion;
  std::vector<SamplePrediction> predictions;  // in dataset order
  // For an ensemble, member_probabilities[m][k] is member m's probabilities for
  // predictions[k] (per-model calibration); empty for a single model.
  std::vector<std::vector<Probabilities>> member_probabilities;
  std::vector<std::string> model_names;
  std::vector<std::string> model_paths;  // weights files, same order
  std::string model_description;  // FaceClassifier::description()
  Tta tta = Tta::None;
  size_t dataset_size = 0;
  bool complete = true;  // false when the progress callback stopped it early
  double seconds = 0;    // wall time of the predictions

  double accuracy() const { return confusion.accuracy(); }
  double macro_f1() const { return confusion.macro_f1(); }
  std::array<ClassMetrics, kNumEmotions> per_class() const { return confusion.per_class(); }
  // Indices (into predictions) of the wrong ones, most confidently wrong first.
  std::vector<size_t> misclassified() const;
};

// Called after each chunk of faces with (done, total); return false to stop
// early (the workbench's Cancel), leaving a partial result with complete = false.
using EvalProgress = std::function<bool(size_t done, size_t total)>;

EvalResult evaluate(const FaceClassifier& classifier, const FaceDataset& dataset, Tta tta = Tta::None,
                    const EvalProgress& progress = {});

std::vector<int> true_labels(const EvalResult& result);       // in prediction order
std::vector<int> predicted_labels(const EvalResult& result);  // in prediction order

// Two models scored on the same faces: each one's bootstrap intervals and
// McNemar's test between them (core/model_comparison.hpp).
struct PairComparison {
  BootstrapIntervals a, b;
  McNemarResult mcnemar;
};
// Throws std::invalid_argument when the two results are not on the same faces
// (count or true labels differ).
PairComparison compare_pair(const EvalResult& a, const EvalResult& b);

struct EvalReportInfo {
  std::string data_path;  // what was loaded
  std::string split;      // "test", "train", "private"
  bool include_predictions = true;  // per-sample rows (about 100 bytes each)
};

// {"models", "model_paths", "model", "tta", "data", "split", "date" (UTC ISO-8601), "samples",
//  "complete", "seconds", "accuracy", "macro_f1", "confusion_matrix": ConfusionMatrix::to_json(),
//  "predictions": [{"index", "source", "true", "predicted", "probabilities": [7]}]}
// `dataset` supplies each prediction's source (file or CSV row).
nlohmann::json to_json(const EvalResult& result, const FaceDataset& dataset, const EvalReportInfo& info);

}  // namespace ferlab
