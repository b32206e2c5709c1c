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

#include "app/background_task.hpp"
#include "core/calibration.hpp"
#include "app/workbench.hpp"

namespace ferlab::app {

struct EvaluationSlot {
  int model = -1;  // index on the model shelf; -1 = none
  BackgroundTask<std::shared_ptr<const SplitEvaluation>> task;
  std::shared_ptr<const SplitEvaluation> shown;
  CalibrationReport calibration;  // of `shown`, computed once when it arrives
};

// Both slots' results on the same faces compared (bootstrap intervals, McNemar),
// computed once per pair of results: the bootstrap is too slow for every frame.
struct EvaluationComparison {
  std::shared_ptr<const SplitEvaluation> a, b;
  PairComparison result;
};

struct EvaluationPanel {
  Split split = Split::PublicTest;
  Tta tta = Tta::None;
  bool row_normalised = false;
  std::array<EvaluationSlot, 2> slots;
  // Scoring a full split takes minutes on a laptop's CPU, so it runs when the
  // user presses Evaluate; `ferlab studio --evaluate` (the screenshots) presses
  // it for them once models and data are in.
  bool start_when_ready = false;
  bool second_model_defaulted = false;  // slot 1 took the second model once; the user may clear it
  std::optional<EvaluationComparison> comparison;
  float confusion_cell = 0;  // the side of a confusion-matrix cell as last drawn (the screenshot sidecar reports it)
};

// Every frame, shown or not: takes finished evaluations and starts the one
// --evaluate asked for once the data and a model are there.
void update_evaluation_panel(EvaluationPanel& panel, Workbench& bench);
// The panel's content, inside the window or tab the studio opened for it.
void draw_evaluation_panel(EvaluationPanel& panel, Workbench& bench);

// Scores `model` on the faces of `split` in `data` (what the Evaluate button runs
// in the background). `progress` may stop it early, as Cancel does.
std::shared_ptr<const SplitEvaluation> evaluate_split(const ShelfModel& model, const FaceDataset& data, Split split,
                                                      Tta tta, int data_generation, const EvalProgress& progress = {});
// True while an evaluation runs (the screenshot mode waits for it).
bool evaluation_busy(const EvaluationPanel& panel);

}  // namespace ferlab::app
