#pragma once
// The files of one training run (runs/NAME): checkpoint.pt, log.csv,
// best.safetensors + best.json.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/trainer.hpp"

namespace ferlab {

struct RunPaths {
  std::string dir, checkpoint, log, best_weights;
  explicit RunPaths(const std::string& out_dir);
};

// Refuses (UsageError) to reuse a non-empty directory unless `resume`; creates
// it; deletes temporary files left by a write that was killed. Returns whether
// a checkpoint exists to resume from.
bool prepare_run_directory(const RunPaths& paths, bool resume);

// epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds; written atomically.
void write_training_log(const std::string& path, const std::vector<EpochStats>& history);

nlohmann::json to_json(const EpochStats& stats);
EpochStats epoch_stats_from_json(const nlohmann::json& j);

// "epoch 3/60  train loss 1.234 acc 45.6%  val loss 1.111 acc 50.2%  lr 1.0e-03  42 s  *best"
std::string describe_epoch(const EpochStats& stats, int total_epochs);


}  // namespace ferlab
