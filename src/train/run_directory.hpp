#pragma once
// The files of one training run (runs/NAME): checkpoint.pt, log.csv,
// best.safetensors + best.json.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/trainer.hpp"

namespace ferlab {

struct RunPaths {
  std::string dir, checkpoint, log, best_weights, best_card;
  std::string teacher_predictions;  // with --distill-from (train/teacher_cache.hpp)
  explicit RunPaths(const std::string& out_dir);
  std::vector<std::string> files() const { return {checkpoint, log, best_weights, best_card, teacher_predictions}; }
};

// Refuses (UsageError) to reuse a non-empty directory unless `resume`, and a
// directory it cannot write in (before any data is loaded); creates it;
// deletes temporary files left by a write that was killed. Returns whether a
// checkpoint exists to resume from.
bool prepare_run_directory(const RunPaths& paths, bool resume);

// epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds; written atomically.
void write_training_log(const std::string& path, const std::vector<EpochStats>& history);

// After a crash between an epoch's writes, the files can disagree. Makes them
// agree again before a resume: log.csv is rewritten from the checkpoint's
// `history`, and best.json from the card embedded in best.safetensors (both are
// written in one atomic step, so that card describes those weights).
void repair_run_files(const RunPaths& paths, const std::vector<EpochStats>& history);

nlohmann::json to_json(const EpochStats& stats);
EpochStats epoch_stats_from_json(const nlohmann::json& j);

// "epoch 3/60  train loss 1.234 acc 45.6%  val loss 1.111 acc 50.2%  lr 1.0e-03  42 s  *best"
std::string describe_epoch(const EpochStats& stats, int total_epochs);


}  // namespace ferlab
