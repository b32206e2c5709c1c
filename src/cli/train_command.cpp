// `ferlab train`: parses the options into a TrainConfig and runs the trainer.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/progress_bar.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"
#include "models/model_kinds.hpp"
#include "train/trainer.hpp"
#include "train/training_targets.hpp"

namespace ferlab::cli {
namespace {

// The exact command, as the shell passed it, for the model card. Read from
// /proc because CLI11 consumes argv before the callback runs.
std::string this_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string line;
  for (size_t start = 0; start < raw.size();) {
    const size_t end = raw.find('\0', start);
    std::string arg = raw.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (arg.find_first_of(" \t'\"$") != std::string::npos) arg = "'" + arg + "'";
    line += (line.empty() ? "" : " ") + arg;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return line;
}

// key=value, where value is read as JSON when it parses (numbers, booleans)
// and as a string otherwise (stem=imagenet).
void add_model_option(nlohmann::json& options, const std::string& item) {
  const size_t eq = item.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError("--model-option expects key=value, got '" + item + "'");
  const std::string value = item.substr(eq + 1);
  try {
    options[item.substr(0, eq)] = parse_json(value, "--model-option " + item);
  } catch (const Error&) {
    options[item.substr(0, eq)] = value;
  }
}

// The teacher of --distill-from: a model or ensemble, its calibrated
// probabilities for every training face, computed once before the first epoch.
void set_teacher(TrainConfig& config, const std::string& spec) {
  auto teacher = std::make_shared<FaceClassifier>(FaceClassifier::load(resolve_model_paths(spec, models_dir())));
  config.teacher_name = teacher->description();
  config.teacher = [teacher](const FaceDataset& train) {
    std::vector<ClassDistribution> out;
    out.reserve(train.size());
    ProgressBar bar("teacher " + teacher->description(), train.size(), "img");
    constexpr size_t kChunk = 1024;
    for (size_t begin = 0; begin < train.size(); begin += kChunk) {
      const size_t n = std::min(kChunk, train.size() - begin);
      for (const Probabilities& p : teacher->predict(train.image(begin), n)) out.push_back(p);
      bar.update(begin + n);
    }
    bar.finish();
    return out;
  };
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "Train a network on FER-2013 (or any FERLab dataset)");
  cmd->footer(
      "\nExample (the shipped cnn's recipe, docs/MODELS.md):\n"
      "  ferlab --threads 2 train --model cnn --data ../shared/fer2013 --out runs/cnn --epochs 40 --batch-size 128 \\\n"
      "      --lr 0.002 --balance weights --label-smoothing 0.1 --ema 0.999 --fp16-weights\n"
      "Distilling the ensemble into the cnn, on the FER+ crowd's vote distributions:\n"
      "  ferlab --threads 1 train --model cnn --data ../shared/fer2013 --out runs/cnn-kd --labels ferplus-soft \\\n"
      "      --distill-from ensemble --distill-weight 0.5\n"
      "The run directory gets checkpoint.pt (resume with --resume), best.safetensors + best.json (the best epoch on\n"
      "the validation split) and log.csv (one row per epoch; `ferlab plot runs/cnn/log.csv` draws it).\n"
      "Data-parallel on 2 processes of this machine (--batch-size is per process; docs/DISTRIBUTED.md):\n"
      "  torchrun --no-python --standalone --nproc-per-node=2 ferlab --threads 1 train --model cnn \\\n"
      "      --data ../shared/fer2013 --out runs/cnn-ddp --batch-size 64 --check-sync");
  auto config = std::make_shared<TrainConfig>();
  auto model_options = std::make_shared<std::vector<std::string>>();
  auto balance = std::make_shared<std::string>("none");
  auto lr = std::make_shared<double>(0);
  auto weight_decay = std::make_shared<double>(0);
  auto no_augment = std::make_shared<bool>(false);
  auto teacher = std::make_shared<std::string>();

  cmd->add_option("--model", config->arch, "Architecture: " + architecture_list(" or "))->capture_default_str();
  cmd->add_option("--data", config->data_path, "Dataset: packed file, CSV or folder root (trains on its train split)")
      ->required();
  cmd->add_option("--out", config->out_dir, "Run directory, e.g. runs/NAME")->required();
  cmd->add_option("--val", config->val_path, "Validation set (its test split, or all of it); default: --data's test split");
  cmd->add_option("--epochs", config->epochs, "Passes over the training set (with --resume: may be changed, re-planning the schedule)")->capture_default_str();
  cmd->add_option("--batch-size", config->batch_size, "Faces per optimiser step (per rank in a data-parallel run)")->capture_default_str();
  cmd->add_option("--optimizer", config->optimizer, "adam (AdamW-style decoupled weight decay) or sgd (Nesterov momentum)")
      ->capture_default_str();
  cmd->add_option("--lr", *lr, "Learning rate (default: 1e-3 adam, 0.01 sgd)")->check(CLI::PositiveNumber);
  cmd->add_option("--momentum", config->momentum, "SGD momentum")->capture_default_str();
  cmd->add_option("--weight-decay", *weight_decay, "Weight decay (default: 0.01 adam, 5e-4 sgd)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--schedule", config->schedule, "cosine (with warm-up) or plateau (ReduceLROnPlateau on val accuracy)")
      ->capture_default_str();
  cmd->add_option("--warmup-epochs", config->warmup_epochs, "Linear warm-up before the cosine decay (default: min(2, epochs/10))");
  cmd->add_option("--plateau-factor", config->plateau_factor, "plateau schedule: the rate is multiplied by this when it drops")->capture_default_str();
  cmd->add_option("--plateau-patience", config->plateau_patience, "Epochs without improvement before the rate drops")
      ->capture_default_str();
  cmd->add_option("--min-lr", config->min_lr, "Lowest learning rate either schedule goes to")->capture_default_str();
  cmd->add_option("--label-smoothing", config->label_smoothing, "Share of each target spread over the other classes (0 = one-hot)")->capture_default_str();
  cmd->add_option("--labels", config->labels,
                  "What the training faces are trained towards: fer2013 (their labels), ferplus-soft (the FER+ "
                  "crowd's vote distribution; contempt/unknown/not-a-face votes dropped) or ferplus-majority (the "
                  "crowd's majority; faces without one are left out). Faces without a FER+ row keep their label")
      ->check(CLI::IsMember(training_label_modes()))
      ->capture_default_str();
  cmd->add_option("--val-labels", config->val_labels,
                  "What validation, and so the choice of the best epoch, scores against: fer2013 (the faces' labels) "
                  "or ferplus-majority (the FER+ crowd's majority; faces without one are left out). A run trained "
                  "towards the crowd (--labels ferplus-*) is best selected by the crowd")
      ->check(CLI::IsMember(validation_label_modes()))
      ->capture_default_str();
  cmd->add_option("--ferplus", config->ferplus_path,
                  "FER+ votes CSV for --labels ferplus-* and --val-labels ferplus-majority; default: ferplus.csv at the root of --data");
  cmd->add_option("--distill-from", *teacher,
                  "Knowledge distillation: a model or `ensemble` whose calibrated probabilities for each training "
                  "face are mixed into its target (computed once, on the faces as loaded)");
  cmd->add_option("--distill-weight", config->distill_weight, "Share of the target that is the teacher's (with --distill-from)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--ema", config->ema_decay,
                  "Keep an exponential moving average of the weights with this decay per step (e.g. 0.999) and "
                  "validate, select and save it instead of the raw weights (0 = off)")
      ->check(CLI::Range(0.0, 0.999999))
      ->capture_default_str();
  cmd->add_option("--mixup", config->mixing.mixup_alpha,
                  "mixup: blend each training face with a partner from its batch, lambda ~ Beta(ALPHA, ALPHA), and "
                  "their targets alike (e.g. 0.2; 0 = off). The training accuracy then counts the larger share's label")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--cutmix", config->mixing.cutmix_alpha,
                  "CutMix: paste a box of a partner's face, of area 1 - lambda with lambda ~ Beta(ALPHA, ALPHA), and "
                  "mix the targets by area (e.g. 1; 0 = off). With --mixup too, each mixed batch uses one of the two")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--mix-probability", config->mixing.probability,
                  "Share of the batches that --mixup/--cutmix mix; the others train on the faces as augmented")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--input-blur", config->input_blur,
                  "Off by default. Gaussian blur sigma (pixels) for validation and every inference input, recorded "
                  "in the model card: only for training faces that are blurred while the others are not (`ferlab "
                  "data stats` warns when that is so); FER-2013's own images need none")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  cmd->add_option("--balance", *balance, "none, weights (inverse-sqrt class weights) or oversample")->capture_default_str();
  cmd->add_option("--patience", config->patience, "Early stopping: epochs without a better val accuracy (0 = off)")
      ->capture_default_str();
  cmd->add_option("--seed", config->seed, "Seeds initialisation, shuffling and augmentation")->capture_default_str();
  cmd->add_option("--workers", config->workers, "Background threads building augmented batches (0 = none)")
      ->capture_default_str();
  cmd->add_option("--max-train", config->max_train, "Train on a seeded random subset of this many images (0 = all)")
      ->capture_default_str();
  cmd->add_option("--model-option", *model_options, "Architecture option key=value (repeatable), e.g. width=0.5, stem=imagenet");
  cmd->add_option("--pretrained", config->pretrained,
                  "Start from these weights: a FERLab model, or torchvision ImageNet weights for resnet18 with stem=imagenet");
  cmd->add_option("--device", config->device, "cpu or cuda")->capture_default_str();
  cmd->add_flag("--resume", config->resume, "Continue the run in --out from its last completed epoch");
  cmd->add_flag("--fp16-weights", config->fp16_weights, "Store best.safetensors in half precision");
  cmd->add_flag("--no-augment", *no_augment, "Train on the images as they are");
  // Data-parallel runs (docs/DISTRIBUTED.md): torchrun's or Slurm's environment makes each process one rank.
  cmd->add_option("--dist-backend", config->distributed.backend,
                  "Under torchrun/srun: gloo or nccl (default: nccl with --device cuda, gloo on the CPU)");
  cmd->add_option("--dist-timeout", config->distributed.timeout_seconds,
                  "Under torchrun/srun: seconds the rendezvous or one collective may wait for a rank before the "
                  "whole job ends with an error naming it")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("--check-sync", config->distributed.check_sync,
                "At the end, compare every rank's parameter checksum with rank 0's: prints 'ranks agree' or fails");

  cmd->callback([cmd, config, model_options, balance, lr, weight_decay, no_augment, teacher] {
    TrainConfig c = *config;
    for (const auto& item : *model_options) add_model_option(c.model_options, item);
    c.balance = balance_from_name(*balance);
    if (cmd->count("--lr") > 0) c.lr = *lr;
    if (cmd->count("--weight-decay") > 0) c.weight_decay = *weight_decay;
    c.augment = !*no_augment;
    if (cmd->count("--distill-weight") > 0 && teacher->empty())
      throw UsageError("--distill-weight only applies with --distill-from MODEL");
    if (!teacher->empty()) set_teacher(c, *teacher);
    if (cmd->count("--mix-probability") > 0 && c.mixing.mixup_alpha <= 0 && c.mixing.cutmix_alpha <= 0)
      throw UsageError("--mix-probability only applies with --mixup ALPHA or --cutmix ALPHA");
    c.command_line = this_command_line();
    const TrainResult result = train_model(c);
    if (result.rank != 0) return;  // rank 0 speaks for the job
    if (!result.sync_check.empty()) std::printf("%s\n", result.sync_check.c_str());
    std::printf("best val accuracy %.2f%% at epoch %d%s -> %s\n", 100 * result.best_val_accuracy, result.best_epoch,
                result.stopped_early ? " (stopped early)" : "", result.best_weights_path.c_str());
  });
}

}  // namespace ferlab::cli
