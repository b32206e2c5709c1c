#include "train/trainer.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/output_paths.hpp"
#include "core/progress_bar.hpp"
#include "core/text.hpp"
#include "models/model_io.hpp"
#include "models/preprocess.hpp"
#include "train/batch_loader.hpp"
#include "train/checkpoint.hpp"
#include "train/distributed.hpp"
#include "train/lr_schedule.hpp"
#include "train/pretrained_weights.hpp"
#include "train/rank_shard.hpp"
#include "train/run_directory.hpp"
#include "train/sample_rng.hpp"
#include "train/teacher_cache.hpp"
#include "train/training_data.hpp"
#include "train/training_targets.hpp"
#include "train/weight_average.hpp"

namespace ferlab {
namespace {

using Clock = std::chrono::steady_clock;

void require_one_of(const std::string& option, const std::string& value, const std::vector<std::string>& modes) {
  if (std::find(modes.begin(), modes.end(), value) != modes.end()) return;
  std::string expected;
  for (const auto& m : modes) expected += (expected.empty() ? "" : ", ") + m;
  throw UsageError("unknown " + option + " '" + value + "' (expected " + expected + ")");
}

void validate(const TrainConfig& c) {
  if (c.data_path.empty()) throw UsageError("no training data given (--data PATH)");
  if (c.out_dir.empty()) throw UsageError("no run directory given (--out runs/NAME)");
  if (c.epochs < 1) throw UsageError("--epochs must be at least 1, got " + std::to_string(c.epochs));
  if (c.batch_size < 2) throw UsageError("--batch-size must be at least 2 (BatchNorm), got " + std::to_string(c.batch_size));
  if (c.optimizer != "adam" && c.optimizer != "sgd")
    throw UsageError("unknown --optimizer '" + c.optimizer + "' (expected adam or sgd)");
  if (c.schedule != "cosine" && c.schedule != "plateau")
    throw UsageError("unknown --schedule '" + c.schedule + "' (expected cosine or plateau)");
  if (c.lr && !(*c.lr > 0)) throw UsageError("--lr must be positive");
  if (c.weight_decay && *c.weight_decay < 0) throw UsageError("--weight-decay must not be negative");
  if (c.label_smoothing < 0 || c.label_smoothing >= 1) throw UsageError("--label-smoothing must be in [0, 1)");
  if (c.warmup_epochs && (*c.warmup_epochs < 0 || *c.warmup_epochs >= c.epochs))
    throw UsageError("--warmup-epochs must be in [0, --epochs)");
  if (c.workers < 0) throw UsageError("--workers must not be negative");
  if (c.patience < 0) throw UsageError("--patience must not be negative (0 = no early stopping)");
  require_one_of("--labels", c.labels, training_label_modes());
  require_one_of("--val-labels", c.val_labels, validation_label_modes());
  if (!c.ferplus_path.empty() && c.labels == "fer2013" && c.val_labels == "fer2013")
    throw UsageError("--ferplus FILE only applies with --labels ferplus-soft or ferplus-majority, or --val-labels "
                     "ferplus-majority");
  if (!(c.distill_weight >= 0 && c.distill_weight <= 1)) throw UsageError("--distill-weight must be in [0, 1]");
  if (!(c.ema_decay >= 0 && c.ema_decay < 1))
    throw UsageError("--ema must be in [0, 1) (0 = no weight average), got " + std::to_string(c.ema_decay));
  validate(c.mixing);
}

torch::Device select_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name != "cuda") throw UsageError("unknown --device '" + name + "' (expected cpu or cuda)");
  if (!torch::cuda::is_available())
    throw UsageError("--device cuda: this LibTorch " TORCH_VERSION
                     " sees no CUDA device (a CPU-only build, or no GPU); use --device cpu or build "
                     "FERLab against a CUDA LibTorch");
  return torch::Device(torch::kCUDA);
}

nlohmann::json filled_options(const EmotionNet& net, const nlohmann::json& given) {
  nlohmann::json options = given.is_object() ? given : nlohmann::json::object();
  const nlohmann::json filled = net->options();  // items() of a temporary would dangle
  for (const auto& [key, value] : filled.items()) options[key] = value;
  return options;
}

struct Hyperparameters {
  double lr, weight_decay, warmup_epochs;
};

Hyperparameters resolve(const TrainConfig& c) {
  const bool adam = c.optimizer == "adam";
  return {c.lr.value_or(adam ? 1e-3 : 0.01), c.weight_decay.value_or(adam ? 1e-2 : 5e-4),
          c.warmup_epochs.value_or(std::min(2.0, c.epochs / 10.0))};
}

// Everything that decides the result of a run: what a resumed run must match
// (architecture) or should match (the rest) to reproduce it.
nlohmann::json run_settings(const TrainConfig& c, const Hyperparameters& h, const nlohmann::json& options) {
  nlohmann::json optimizer = {{"name", c.optimizer == "adam" ? "adamw" : "sgd"}, {"lr", h.lr},
                              {"weight_decay", h.weight_decay}};
  if (c.optimizer == "sgd") {
    optimizer["momentum"] = c.momentum;
    optimizer["nesterov"] = c.nesterov;
  }
  nlohmann::json schedule = {{"name", c.schedule}, {"min_lr", c.min_lr}};
  if (c.schedule == "cosine") {
    schedule["warmup_epochs"] = h.warmup_epochs;
  } else {
    schedule["factor"] = c.plateau_factor;
    schedule["patience"] = c.plateau_patience;
    schedule["monitor"] = "val_accuracy";
  }
  return {{"arch", c.arch},
          {"options", options},
          {"data", c.data_path},
          {"val", c.val_path},
          {"epochs", c.epochs},
          {"batch_size", c.batch_size},
          {"optimizer", optimizer},
          {"schedule", schedule},
          {"label_smoothing", c.label_smoothing},
          {"labels", c.labels},
          {"ferplus", c.ferplus_path},
          {"teacher", c.teacher ? nlohmann::json{{"model", c.teacher_name}, {"weight", c.distill_weight}}
                                : nlohmann::json(nullptr)},
          {"weight_average", c.ema_decay > 0 ? nlohmann::json{{"name", "ema"}, {"decay", c.ema_decay}}
                                             : nlohmann::json(nullptr)},
          {"input_blur", c.input_blur},
          {"balance", balance_name(c.balance)},
          {"early_stopping_patience", c.patience},
          {"seed", c.seed},
          {"max_train", c.max_train},
          {"augmentation", c.augment ? to_json(c.augmentation) : nlohmann::json("none")},
          {"mixing", to_json(c.mixing)},
          {"pretrained", c.pretrained}};
}

void check_resume_matches(const nlohmann::json& saved, const nlohmann::json& now, const std::string& checkpoint) {
  for (const char* key : {"arch", "options"}) {
    if (saved.at(key) != now.at(key))
      throw UsageError("cannot --resume " + checkpoint + ": it was trained with " + key + " " + json_text(saved.at(key)) +
                       ", this command asks for " + json_text(now.at(key)) +
                       "; use the same --model and --model-option values, or another --out");
  }
  for (const auto& [key, value] : now.items()) {
    if (saved.contains(key) && saved.at(key) != value)
      std::fprintf(stderr, "note: resuming with changed %s: %s -> %s\n", key.c_str(), json_text(saved.at(key)).c_str(),
                   json_text(value).c_str());
  }
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainConfig& c, const Hyperparameters& h,
                                                        const EmotionNet& net) {
  if (c.optimizer == "adam")
    return std::make_unique<torch::optim::AdamW>(net->parameters(),
                                                 torch::optim::AdamWOptions(h.lr).weight_decay(h.weight_decay));
  return std::make_unique<torch::optim::SGD>(
      net->parameters(),
      torch::optim::SGDOptions(h.lr).momentum(c.momentum).nesterov(c.nesterov && c.momentum > 0).weight_decay(h.weight_decay));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

struct Evaluation {
  double loss = 0, accuracy = 0;
};

// Each rank validates its share; the sums are reduced, so every rank sees the
// same accuracy and takes the same early-stopping decision.
Evaluation evaluate(const EmotionNet& net, const FaceDataset& data, const Normalization& norm,
                    const torch::Device& device, DataParallelWorld& world) {
  torch::NoGradGuard no_grad;
  net->eval();
  std::vector<uint32_t> order = validation_shard(data.size(), world.size(), world.rank());
  BatchPlan plan;
  plan.batch_size = 256;
  plan.normalization = norm;
  plan.drop_single_last = false;
  BatchLoader loader(data, std::move(order), plan);
  double loss_sum = 0;
  int64_t correct = 0;
  while (auto batch = loader.next()) {
    const auto labels = batch->labels.to(device);
    // Validation faces get the inference-time blur of the model card, so that the
    // best model is chosen on what it will see once shipped.
    const auto logits = net->forward(gaussian_blur(batch->images.to(device), norm.blur_sigma));
    loss_sum += torch::nn::functional::cross_entropy(
                    logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
    correct += logits.argmax(1).eq(labels).sum().item<int64_t>();
  }
  const auto sums = world.sum({loss_sum, static_cast<double>(correct)}, "reduction of the validation results");
  const auto n = static_cast<double>(data.size());
  return {sums[0] / n, sums[1] / n};
}

// What survives an interruption: everything the next epoch depends on.
struct RunState {
  int epochs_completed = 0;
  double best_val_accuracy = -1, best_val_loss = 0;
  int best_epoch = 0;
  int epochs_since_best = 0;
  bool stopped_early = false;
  int64_t average_updates = 0;
  std::vector<EpochStats> history;

  nlohmann::json to_json(const nlohmann::json& settings, const PlateauSchedule& plateau) const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& s : history) rows.push_back(ferlab::to_json(s));
    return {{"format", 1},
            {"settings", settings},
            {"epochs_completed", epochs_completed},
            {"best_val_accuracy", best_val_accuracy},
            {"best_val_loss", best_val_loss},
            {"best_epoch", best_epoch},
            {"epochs_since_best", epochs_since_best},
            {"stopped_early", stopped_early},
            {"weight_average_updates", average_updates},
            {"plateau", plateau.state()},
            {"history", rows}};
  }
  void restore(const nlohmann::json& j, PlateauSchedule& plateau) {
    epochs_completed = j.at("epochs_completed").get<int>();
    best_val_accuracy = j.at("best_val_accuracy").get<double>();
    best_val_loss = j.at("best_val_loss").get<double>();
    best_epoch = j.at("best_epoch").get<int>();
    epochs_since_best = j.at("epochs_since_best").get<int>();
    stopped_early = j.at("stopped_early").get<bool>();
    average_updates = j.value("weight_average_updates", int64_t{0});  // absent before weight averaging existed
    plateau.restore(j.at("plateau"));
    history.clear();
    for (const auto& row : j.at("history")) history.push_back(epoch_stats_from_json(row));
  }
};

// Cross-entropy against a distribution per face (FER+ votes, a teacher's
// probabilities), with the same label smoothing and class weights as the hard
// labels get: weighted, each face counts by its target's weight, as PyTorch's
// weighted cross-entropy does for one-hot targets.
torch::Tensor soft_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets, double smoothing,
                                 const torch::Tensor& class_weights) {
  const auto smoothed = targets * (1 - smoothing) + smoothing / kNumEmotions;
  const auto log_p = torch::log_softmax(logits, 1);
  if (!class_weights.defined()) return -(smoothed * log_p).sum(1).mean();
  const auto weighted = smoothed * class_weights;
  return -(weighted * log_p).sum() / weighted.sum();
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * fraction);
  return buf;
}

}  // namespace

TrainResult train_model(const TrainConfig& config, const TrainCallbacks& callbacks) {
  validate(config);
  // First of all, so that an error on one rank ends the others at once.
  const torch::Device requested_device = select_device(config.device);
  DataParallelWorld world = join_world_from_environment(config.distributed, requested_device);
  const torch::Device device = world.local_device(requested_device);
  // Only rank 0 talks: the ranks' progress lines would garble one terminal.
  const bool show_progress = callbacks.show_progress && world.is_main();
  const Hyperparameters hyper = resolve(config);
  const RunPaths paths(config.out_dir);

  torch::manual_seed(config.seed);  // the initial weights
  EmotionNet net = make_model(config.arch, config.model_options);
  nlohmann::json settings = run_settings(config, hyper, filled_options(net, config.model_options));
  settings["world_size"] = world.size();  // with batch_size: the global batch, and each rank's shard

  for (const std::string& file : paths.files())
    refuse_output_over_inputs("--out", file, {config.data_path, config.val_path, config.pretrained});
  // Rank 0 owns the run directory; the others follow its decision.
  const bool resuming =
      world.broadcast_flag(world.is_main() && prepare_run_directory(paths, config.resume), "sharing rank 0's --resume");
  if (resuming && world.is_main())
    check_resume_matches(read_checkpoint_state(paths.checkpoint).at("settings"), settings, paths.checkpoint);

  TrainConfig data_config = config;
  // Every rank asks the teacher for the same faces; rank 0 alone keeps the answer in the run directory.
  if (config.teacher && world.is_main())
    data_config.teacher = [&](const FaceDataset& faces) {
      return cached_teacher_predictions(paths.teacher_predictions, config.teacher_name, faces, config.teacher);
    };
  const TrainingData data = load_training_data(data_config);
  if (!resuming && !config.pretrained.empty()) {
    const std::string what = load_pretrained_weights(net, config.pretrained);
    if (show_progress) std::fprintf(stderr, "starting from %s %s\n", what.c_str(), config.pretrained.c_str());
  }
  net->to(device);
  auto optimizer = make_optimizer(config, hyper, net);
  std::optional<WeightAverage> average;
  if (config.ema_decay > 0) average.emplace(make_model(config.arch, config.model_options), net, config.ema_decay);

  torch::nn::functional::CrossEntropyFuncOptions loss_options;
  loss_options.label_smoothing(config.label_smoothing);
  const auto train_counts = data.train.class_counts();
  torch::Tensor class_weights;
  if (config.balance == Balance::Weights) {
    const auto weights = inverse_sqrt_class_weights(train_counts);
    class_weights = torch::tensor(std::vector<double>(weights.begin(), weights.end()), torch::kFloat32).to(device);
    loss_options.weight(class_weights);
  }
  const CosineSchedule cosine{hyper.lr, config.min_lr, hyper.warmup_epochs, static_cast<double>(config.epochs)};
  PlateauSchedule plateau(hyper.lr, config.plateau_factor, config.plateau_patience, config.min_lr);

  RunState run;
  if (resuming) {
    const auto checkpoint = world.share_file(paths.checkpoint, "sending rank 0's checkpoint");
    const LoadedCheckpoint loaded =
        load_checkpoint(checkpoint.path(), *net, *optimizer, device, average ? average->net().get() : nullptr);
    run.restore(loaded.trainer_state, plateau);
    if (average && loaded.average_loaded) {
      average->set_updates(run.average_updates);
    } else if (average) {
      average->restart_from(net);
      if (show_progress)
        std::fprintf(stderr, "note: %s kept no weight average; --ema starts averaging from its current weights\n",
                     paths.checkpoint.c_str());
    }
    if (world.is_main()) repair_run_files(paths, run.history);
    if (show_progress)
      std::fprintf(stderr, "resuming %s after epoch %d (best val acc %s at epoch %d)\n", paths.dir.c_str(),
                   run.epochs_completed, percent(run.best_val_accuracy).c_str(), run.best_epoch);
  }

  world.broadcast_state(*net, "at the start");
  if (average) world.broadcast_state(*average->net(), "the weight average at the start");

  Normalization norm;
  norm.blur_sigma = static_cast<float>(config.input_blur);
  ModelCard card;
  card.name = std::filesystem::path(paths.dir).filename().string();
  card.arch = config.arch;
  card.options = settings.at("options");
  card.normalization = norm;
  card.training = settings;
  card.training["train_split"] = data.train_source;
  card.training["val_split"] = data.val_source;
  card.training["train_images"] = data.train.size();
  card.training["val_images"] = data.val.size();
  card.training["device"] = config.device;
  card.training["torch_threads"] = torch::get_num_threads();
  card.training["workers"] = config.workers;
  card.training["command"] = config.command_line;
  card.training["dist_backend"] = world.backend();
  card.training["global_batch_size"] = config.batch_size * world.size();
  // Rows or images the loaders skipped: a model trained on less than its data
  // file holds says so, in the card and on the terminal.
  nlohmann::json skipped = nlohmann::json::object();
  for (const auto& s : data.skipped) {
    skipped[s.path] = s.count;
    if (world.is_main())
      std::fprintf(stderr, "warning: skipped %zu bad item%s in %s, first: %s\n", s.count, s.count == 1 ? "" : "s",
                   s.path.c_str(), s.first_problem.c_str());
  }
  card.training["skipped_items"] = skipped;
  card.training["targets"] = data.targets_report;
  auto write_best_card = [&](int epochs_run) {
    card.training["epochs_run"] = epochs_run;
    card.training["best_epoch"] = run.best_epoch;
    card.training["stopped_early"] = run.stopped_early;
    card.metrics = {{"val_accuracy", run.best_val_accuracy}, {"val_loss", run.best_val_loss},
                    {"val_split", data.val_source}};
    card.created = utc_timestamp();
  };

  if (show_progress && !resuming)
    std::fprintf(stderr, "training %s on %zu images, validating on %zu (%s), %d epochs, %s\n", config.arch.c_str(),
                 data.train.size(), data.val.size(), data.val_source.c_str(), config.epochs, device.str().c_str());
  if (show_progress && world.size() > 1)
    std::fprintf(stderr, "data-parallel: %d ranks (%s), global batch %d\n", world.size(), world.backend().c_str(),
                 config.batch_size * world.size());
  const uint64_t seed = rank_seed(config.seed, world.rank());

  for (int epoch = run.epochs_completed; epoch < config.epochs && !run.stopped_early; ++epoch) {
    const auto start = Clock::now();
    // Dropout's randomness per epoch, so a resumed run draws what an uninterrupted one would.
    torch::manual_seed(SampleRng(seed, static_cast<uint64_t>(epoch), kTorchSeedStream).next());
    net->train();
    if (config.schedule == "plateau") set_learning_rate(*optimizer, plateau.lr());

    BatchPlan plan;
    plan.batch_size = static_cast<size_t>(config.batch_size);
    if (config.augment) plan.augment = config.augmentation;
    plan.seed = seed;
    plan.epoch = static_cast<uint64_t>(epoch);
    plan.normalization = norm;
    plan.workers = config.workers;
    if (!data.targets.empty()) plan.targets = &data.targets;
    if (config.mixing.enabled()) plan.mix = config.mixing;
    // The epoch's order is the same on every rank (config.seed); each takes its shard.
    BatchLoader loader(data.train,
                       rank_shard(epoch_order(data.train.labels(), config.balance, config.seed, plan.epoch),
                                  world.size(), world.rank()),
                       plan);

    const std::string label = "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(config.epochs);
    std::optional<ProgressBar> bar;
    if (show_progress) bar.emplace(label, std::min(data.train.size(), loader.num_batches() * plan.batch_size));
    double loss_sum = 0, lr = plateau.lr();
    int64_t correct = 0, seen = 0;
    for (size_t b = 0; auto batch = loader.next(); ++b) {
      if (config.schedule == "cosine") {
        lr = cosine.lr_at(epoch + static_cast<double>(b) / static_cast<double>(loader.num_batches()));
        set_learning_rate(*optimizer, lr);
      }
      const auto images = batch->images.to(device);
      const auto labels = batch->labels.to(device);
      optimizer->zero_grad();
      const auto logits = net->forward(images);
      const auto loss = batch->targets.defined()
                            ? soft_cross_entropy(logits, batch->targets.to(device), config.label_smoothing, class_weights)
                            : torch::nn::functional::cross_entropy(logits, labels, loss_options);
      loss.backward();
      world.average_gradients(net->parameters());
      optimizer->step();
      if (average) average->update(net);
      const int64_t n = labels.size(0);
      loss_sum += loss.item<double>() * static_cast<double>(n);
      correct += logits.argmax(1).eq(labels).sum().item<int64_t>();
      seen += n;
      if (bar) bar->update(static_cast<size_t>(seen), "loss " + std::to_string(loss_sum / seen).substr(0, 5) + " acc " +
                                                          percent(static_cast<double>(correct) / seen));
    }
    const double train_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (bar) bar->finish("loss " + std::to_string(loss_sum / seen).substr(0, 5) + " acc " +
                         percent(static_cast<double>(correct) / seen));

    {
      const auto totals = world.sum({loss_sum, static_cast<double>(correct), static_cast<double>(seen)},
                                    "reduction of the training loss");
      loss_sum = totals[0];
      correct = static_cast<int64_t>(totals[1]);
      seen = static_cast<int64_t>(totals[2]);
    }
    world.average_buffers(*net);
    if (average) world.average_buffers(*average->net());
    // With a weight average, the average is the run's model: validated, selected and saved.
    const EmotionNet& model = average ? average->net() : net;
    const Evaluation val = evaluate(model, data.val, norm, device, world);
    EpochStats stats;
    stats.epoch = epoch + 1;
    stats.train_loss = loss_sum / static_cast<double>(seen);
    stats.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen);
    stats.val_loss = val.loss;
    stats.val_accuracy = val.accuracy;
    if (average) stats.raw_val_accuracy = evaluate(net, data.val, norm, device, world).accuracy;
    stats.lr = lr;
    stats.images_per_second = static_cast<double>(seen) / train_seconds;
    if (config.schedule == "plateau") plateau.step(val.accuracy);

    stats.best = val.accuracy > run.best_val_accuracy;
    if (stats.best) {
      run.best_val_accuracy = val.accuracy;
      run.best_val_loss = val.loss;
      run.best_epoch = stats.epoch;
      run.epochs_since_best = 0;
      write_best_card(stats.epoch);
      if (world.is_main()) save_model(paths.best_weights, model, card, SaveOptions{config.fp16_weights});
    } else {
      ++run.epochs_since_best;
    }
    run.stopped_early = config.patience > 0 && run.epochs_since_best >= config.patience;
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    run.history.push_back(stats);
    run.epochs_completed = stats.epoch;
    if (average) run.average_updates = average->updates();

    if (world.is_main()) {
      save_checkpoint(paths.checkpoint, *net, *optimizer, run.to_json(settings, plateau),
                      average ? average->net().get() : nullptr);
      write_training_log(paths.log, run.history);
    }
    if (show_progress) {
      std::fprintf(stderr, "%s\n", describe_epoch(stats, config.epochs).c_str());
      if (run.stopped_early)
        std::fprintf(stderr, "early stop: no better val accuracy for %d epochs\n", config.patience);
    }
    if (callbacks.on_epoch_end && !callbacks.on_epoch_end(stats)) break;
  }

  // The card of the best weights ends up describing the whole run.
  write_best_card(run.epochs_completed);
  if (world.is_main()) write_text_atomically(paths.best_card, json_text(card.to_json(), 2) + "\n");

  TrainResult result;
  result.history = run.history;
  result.best_epoch = run.best_epoch;
  result.best_val_accuracy = run.best_val_accuracy;
  result.best_val_loss = run.best_val_loss;
  result.stopped_early = run.stopped_early;
  result.best_weights_path = paths.best_weights;
  result.rank = world.rank();
  if (config.distributed.check_sync) result.sync_check = world.check_sync(*net);
  return result;
}

}  // namespace ferlab
