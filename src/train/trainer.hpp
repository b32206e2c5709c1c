#pragma once
// `ferlab train` as a library call. Free of torch headers so that the CLI and
// the workbench compile quickly against it.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/emotion.hpp"
#include "core/face_dataset.hpp"
#include "train/augment.hpp"
#include "train/batch_mixing.hpp"
#include "train/class_balance.hpp"
#include "train/distributed_config.hpp"
#include "train/teacher_cache.hpp"

namespace ferlab {

struct TrainConfig {
  std::string arch = "cnn";
  nlohmann::json model_options = nlohmann::json::object();
  std::string data_path;
  std::string val_path;  // empty: the PublicTest split of data_path
  std::string out_dir;

  int epochs = 60;
  int batch_size = 64;
  std::string optimizer = "adam";  // "adam" (AdamW-style decoupled decay) or "sgd"
  std::optional<double> lr;            // default: 1e-3 adam, 0.01 sgd
  double momentum = 0.9;               // sgd
  bool nesterov = true;                // sgd
  std::optional<double> weight_decay;  // default: 1e-2 adam (decoupled), 5e-4 sgd
  std::string schedule = "cosine";     // "cosine" or "plateau"
  std::optional<double> warmup_epochs;  // cosine; default: min(2, epochs / 10)
  double plateau_factor = 0.5;
  int plateau_patience = 4;
  double min_lr = 1e-6;
  double label_smoothing = 0.1;
  // What the training faces are trained towards (train/training_targets.hpp):
  // "fer2013", "ferplus-soft" or "ferplus-majority".
  std::string labels = "fer2013";
  // What the validation faces are scored against, and so what selects the
  // best epoch: "fer2013" or "ferplus-majority" (faces without a crowd
  // majority left out). A run trained towards the crowd is best selected by it.
  std::string val_labels = "fer2013";
  std::string ferplus_path;  // empty: ferplus.csv at data_path's root
  // Distillation: the teacher's probabilities for each training face, as
  // loaded (not augmented), mixed into the targets with weight distill_weight.
  // Set by the caller that can load models (the CLI); empty: no teacher. Its
  // predictions are kept in the run directory (teacher.bin) for --resume.
  TeacherFunction teacher;
  std::string teacher_name;  // recorded in the card, e.g. "ensemble (cnn, resnet18)"
  double distill_weight = 0.5;
  // Decay per optimiser step of an exponential moving average of the weights
  // (train/weight_average.hpp), which is then what is validated, selected and
  // saved; the raw weights are validated beside it for comparison. 0 = none.
  double ema_decay = 0;
  // Gaussian blur applied to validation and (through the model card) every
  // inference input, matching training faces that were blurred; 0 = none.
  double input_blur = 0;
  Balance balance = Balance::None;
  int patience = 15;  // early stopping: epochs without a better val accuracy; 0 = never
  uint64_t seed = 42;
  // Background batch builders; 0 = build on the training thread. One is
  // plenty: an augmented batch of 64 costs ~1.5 ms of CPU against ~400 ms for
  // the cnn's training step, and on 2 cores more threads only contend.
  int workers = 1;
  size_t max_train = 0;    // 0: all training images; else a seeded random subset
  bool augment = true;
  AugmentConfig augmentation;
  // Pairwise mixing of the training batches (mixup, CutMix); off by default.
  // The targets become soft, so the loss is the soft cross-entropy.
  MixConfig mixing;
  std::string pretrained;  // weights to start from (matching names and shapes are copied)
  std::string device = "cpu";  // "cpu" or "cuda"
  bool resume = false;
  bool fp16_weights = false;   // best.safetensors stored in half precision
  std::string command_line;    // recorded in the model card
  // Used when torchrun or Slurm started this process as one rank of a job
  // (docs/DISTRIBUTED.md); batch_size is then per rank.
  DistributedConfig distributed;
};

struct EpochStats {
  int epoch = 0;  // 1-based
  double train_loss = 0, train_accuracy = 0;
  double val_loss = 0, val_accuracy = 0;  // of the weight average, where the run keeps one
  std::optional<double> raw_val_accuracy;  // with a weight average: the raw weights' accuracy
  double lr = 0;  // at the end of the epoch
  double seconds = 0;
  double images_per_second = 0;
  bool best = false;
};

struct TrainResult {
  std::vector<EpochStats> history;  // including epochs of an earlier, resumed run
  int best_epoch = 0;
  double best_val_accuracy = 0, best_val_loss = 0;
  bool stopped_early = false;
  std::string best_weights_path;
  int rank = 0;            // of a data-parallel job; only rank 0 writes the run's files
  std::string sync_check;  // --check-sync: "ranks agree: ..."
};

struct TrainCallbacks {
  // After each completed (checkpointed) epoch; return false to stop the run
  // there, as an interruption would (the workbench's Stop button, tests).
  std::function<bool(const EpochStats&)> on_epoch_end;
  bool show_progress = true;  // progress bar and per-epoch lines on stderr
};

// Throws UsageError for bad options or a run directory that cannot be used,
// DataError for missing or empty data, ModelError for model problems.
TrainResult train_model(const TrainConfig& config, const TrainCallbacks& callbacks = {});

}  // namespace ferlab
