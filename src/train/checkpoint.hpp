#pragma once
// A training checkpoint: weights (with BatchNorm statistics), optimizer state
// and the trainer's own state (epoch, best so far, schedule, log) in one
// torch::serialize archive with a CRC-32 footer, written atomically so that
// kill -9 or a full disk during the write leaves the previous checkpoint
// intact, and checked on every read so that a damaged one is never resumed.
#include <torch/torch.h>

#include <string>

#include <nlohmann/json.hpp>

namespace ferlab {

// `average`: the run's weight average (train/weight_average.hpp), if it keeps one.
void save_checkpoint(const std::string& path, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                     const nlohmann::json& trainer_state, const torch::nn::Module* average = nullptr);

// Only the trainer state: enough to check that a resume matches the run.
// Throws ModelError naming the path for an unreadable checkpoint or one whose
// checksum does not match (load_checkpoint too).
nlohmann::json read_checkpoint_state(const std::string& path);

struct LoadedCheckpoint {
  nlohmann::json trainer_state;
  bool average_loaded = false;  // false: no `average` asked for, or the run kept none
};

// Restores weights and optimizer state onto `device`, and the weight average
// into `average` where one was saved.
LoadedCheckpoint load_checkpoint(const std::string& path, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                                 const torch::Device& device, torch::nn::Module* average = nullptr);

}  // namespace ferlab
