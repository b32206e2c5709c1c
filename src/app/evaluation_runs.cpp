#include "app/evaluation_runs.hpp"

#include <cstdio>
#include <utility>

namespace ferlab::app {

namespace {

// A finished evaluation: shown, with its calibration, logged and added to the workbench's.
void take_result(EvaluationSlot& slot, Workbench& bench) {
  if (slot.task.running()) return;
  if (auto result = slot.task.take_result()) {
    slot.shown = *result;
    const auto& r = slot.shown->result;
    std::vector<ClassScores> probabilities;
    std::vector<int> labels;
    for (const SamplePrediction& p : r.predictions) {
      probabilities.push_back(p.probabilities);
      labels.push_back(p.true_label);
    }
    slot.calibration = calibration_report(probabilities, labels);
    char line[256];
    std::snprintf(line, sizeof line, "%s on %s: accuracy %.1f%%, macro-F1 %.3f (%zu faces, %.1f s)%s",
                  slot.shown->model.c_str(), std::string(split_name(slot.shown->split)).c_str(), 100 * r.accuracy(),
                  r.macro_f1(), r.predictions.size(), r.seconds, r.complete ? "" : " — cancelled, partial");
    bench.log.info(line);
    bench.add_evaluation(slot.shown);
  }
  if (auto error = slot.task.take_error()) bench.log.error("evaluation failed: " + *error);
}

}  // namespace

void start_evaluation(EvaluationSlot& slot, const Workbench& bench, Split split, Tta tta) {
  const auto& models = bench.models.models();
  if (slot.model < 0 || slot.model >= static_cast<int>(models.size())) return;
  const ShelfModel model = models[static_cast<size_t>(slot.model)];
  const auto data = bench.data.dataset();
  const int generation = bench.data.generation();
  slot.task.start("evaluating " + model.name, [model, data, split, tta, generation](TaskControl& control) {
    return evaluate_split(model, *data, split, tta, generation, [&control](size_t done, size_t total) {
      control.progress = total ? static_cast<float>(done) / total : 1.0f;
      return !control.cancelled;
    });
  });
}

std::shared_ptr<const SplitEvaluation> evaluate_split(const ShelfModel& model, const FaceDataset& data, Split split,
                                                      Tta tta, int data_generation, const EvalProgress& progress) {
  auto evaluation = std::make_shared<SplitEvaluation>();
  evaluation->model = model.name;
  evaluation->split = split;
  evaluation->data_generation = data_generation;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data.split(i) == split) evaluation->dataset_index.push_back(i);
  }
  evaluation->result = evaluate(*model.classifier, data.subset(evaluation->dataset_index), tta, progress);
  return evaluation;
}

bool evaluation_busy(const EvaluationRuns& runs) {
  return runs.slots[0].task.running() || runs.slots[1].task.running();
}

void update_evaluation_runs(EvaluationRuns& runs, Workbench& bench) {
  for (auto& slot : runs.slots) take_result(slot, bench);
  const auto& data = bench.data.dataset();
  if (runs.slots[0].model < 0 && !bench.models.models().empty()) runs.slots[0].model = 0;
  if (!runs.second_model_defaulted && bench.models.models().size() > 1) {
    runs.slots[1].model = 1;
    runs.second_model_defaulted = true;
  }
  if (std::exchange(bench.evaluate_request, false)) runs.start_when_ready = true;
  if (runs.start_when_ready && data && !bench.data.loading() && !bench.models.loading() && runs.slots[0].model >= 0) {
    if (data->count(runs.split) == 0) {
      for (int s = 0; s < kNumSplits; ++s) {
        if (data->count(static_cast<Split>(s)) > 0) runs.split = static_cast<Split>(s);
      }
    }
    for (auto& slot : runs.slots) start_evaluation(slot, bench, runs.split, runs.tta);
    runs.start_when_ready = false;
  }
}

}  // namespace ferlab::app
