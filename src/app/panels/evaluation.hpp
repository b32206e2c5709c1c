#pragma once
// Evaluation: score up to two loaded models on one split of the data set in the
// background (with progress and Cancel), then show each one's confusion matrix
// (counts or row-normalised; a click opens that cell's faces in the browser)
// and per-class precision, recall and F1, and its calibration (ECE, MCE, NLL,
// Brier, reliability diagram), side by side; below them, whether the two differ
// by more than chance (eval/evaluator.hpp compare_pair, as `ferlab eval --compare`).
#include <array>
#include <memory>
#include <optional>

#include "app/evaluation_runs.hpp"
#include "app/workbench.hpp"

namespace ferlab::app {

// Both slots' results on the same faces compared (bootstrap intervals, McNemar),
// computed once per pair of results: the bootstrap is too slow for every frame.
struct EvaluationComparison {
  std::shared_ptr<const SplitEvaluation> a, b;
  PairComparison result;
};

struct EvaluationPanel {
  EvaluationRuns runs;  // what is scored and its results (evaluation_runs.hpp)
  bool row_normalised = false;
  std::optional<EvaluationComparison> comparison;
  float confusion_cell = 0;  // the side of a confusion-matrix cell as last drawn (the screenshot sidecar reports it)
};

// The panel's content, inside the window or tab the studio opened for it.
void draw_evaluation_panel(EvaluationPanel& panel, Workbench& bench);

}  // namespace ferlab::app
