#pragma once
// The Evaluation panel's work apart from its drawing: up to two models scored
// on one split of the data set in the background, started by Evaluate, or,
// once models and data are in, by `ferlab studio --evaluate` and the
// browser's Evaluate; each result taken with its calibration into the
// workbench's evaluations. Free of ImGui.
#include <array>
#include <memory>

#include "app/background_task.hpp"
#include "app/workbench.hpp"
#include "core/calibration.hpp"

namespace ferlab::app {

struct EvaluationSlot {
  int model = -1;  // index on the model shelf; -1 = none
  BackgroundTask<std::shared_ptr<const SplitEvaluation>> task;
  std::shared_ptr<const SplitEvaluation> shown;
  CalibrationReport calibration;  // of `shown`, computed once when it arrives
};

struct EvaluationRuns {
  Split split = Split::PublicTest;
  Tta tta = Tta::None;
  std::array<EvaluationSlot, 2> slots;
  // Scoring a full split takes minutes on a laptop's CPU, so it runs when the
  // user presses Evaluate; `ferlab studio --evaluate` (the screenshots) presses
  // it for them once models and data are in.
  bool start_when_ready = false;
  bool second_model_defaulted = false;  // slot 1 took the second model once; the user may clear it
};

// Scores the slot's model on `split` of the open data set in the background.
void start_evaluation(EvaluationSlot& slot, const Workbench& bench, Split split, Tta tta);
// Every frame, shown or not: takes finished evaluations, picks the first models
// for the slots, and starts the runs asked for once the data and a model are there.
void update_evaluation_runs(EvaluationRuns& runs, Workbench& bench);
// True while an evaluation runs (the screenshot mode waits for it).
bool evaluation_busy(const EvaluationRuns& runs);

// Scores `model` on the faces of `split` in `data` (what Evaluate runs in the
// background). `progress` may stop it early, as Cancel does.
std::shared_ptr<const SplitEvaluation> evaluate_split(const ShelfModel& model, const FaceDataset& data, Split split,
                                                      Tta tta, int data_generation, const EvalProgress& progress = {});

}  // namespace ferlab::app
