#pragma once
// ConfusionMatrix: the 7x7 tally of (true class, predicted class) pairs in the
// canonical emotion order, and the metrics derived from it. Rows are the true
// class, columns the prediction. Every ratio whose denominator is zero (a class
// never seen, never predicted) is 0, never NaN, so that the numbers always
// serialise to valid JSON.
#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <string>

#include "core/emotion.hpp"

namespace ferlab {

struct ClassMetrics {
  double precision = 0;  // of the samples predicted as this class, the fraction that are
  double recall = 0;     // of the samples of this class, the fraction found
  double f1 = 0;         // harmonic mean of precision and recall
  size_t support = 0;    // samples whose true class this is
};

class ConfusionMatrix {
 public:
  using Counts = std::array<std::array<size_t, kNumEmotions>, kNumEmotions>;

  // Throws std::out_of_range for a label outside 0..6: a bad label is a bug upstream.
  void add(int true_label, int predicted_label);
  void merge(const ConfusionMatrix& other);

  size_t count(int true_label, int predicted_label) const;
  const Counts& counts() const { return counts_; }
  size_t total() const { return total_; }
  size_t correct() const;

  // Each row divided by its sum (the per-class recall spread); empty rows are zeros.
  std::array<std::array<double, kNumEmotions>, kNumEmotions> row_normalized() const;

  double accuracy() const;
  ClassMetrics class_metrics(int label) const;
  std::array<ClassMetrics, kNumEmotions> per_class() const;
  // Unweighted mean of the seven F1 scores. A class with no samples and no
  // predictions counts as F1 = 0, as scikit-learn's zero_division=0 does, so
  // macro-F1 always averages over all seven classes and runs stay comparable.
  double macro_f1() const;

  // {"classes": [...], "counts": [[...]], "row_normalized": [[...]], "accuracy",
  //  "macro_f1", "total", "per_class": {"angry": {"precision", "recall", "f1", "support"}, ...}}
  nlohmann::json to_json() const;
  // Header "true\predicted,angry,...,neutral", then one row per true class.
  std::string to_csv() const;
  // Aligned counts with class names, then one precision/recall/F1/support line per class.
  std::string to_table() const;

 private:
  Counts counts_{};
  size_t total_ = 0;
};

}  // namespace ferlab
