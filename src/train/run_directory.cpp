#include "train/run_directory.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/output_paths.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace fs = std::filesystem;

RunPaths::RunPaths(const std::string& out_dir)
    : dir(out_dir),
      checkpoint((fs::path(out_dir) / "checkpoint.pt").string()),
      log((fs::path(out_dir) / "log.csv").string()),
      best_weights((fs::path(out_dir) / "best.safetensors").string()),
      best_card((fs::path(out_dir) / "best.json").string()),
      teacher_predictions((fs::path(out_dir) / "teacher.bin").string()) {}

bool prepare_run_directory(const RunPaths& paths, bool resume) {
  std::error_code ec;
  const bool exists = fs::exists(paths.dir, ec);
  if (exists && !fs::is_directory(paths.dir, ec))
    throw UsageError("--out " + paths.dir + " exists and is not a directory");
  if (exists && !resume && !fs::is_empty(paths.dir, ec))
    throw UsageError("run directory " + paths.dir +
                     " already exists; pass --resume to continue that run, or choose another --out");
  fs::create_directories(paths.dir, ec);
  if (ec) throw UsageError("cannot create run directory " + paths.dir + ": " + ec.message());
  check_directory_writable(paths.dir);
  // write_file_atomically names its temporary files PATH.tmp-PID; one that is
  // still here belongs to a write that was killed and is garbage.
  for (const auto& entry : fs::directory_iterator(paths.dir)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(entry.path(), ec);
  }
  return fs::exists(paths.checkpoint);
}

void write_training_log(const std::string& path, const std::vector<EpochStats>& history) {
  const bool averaged = std::any_of(history.begin(), history.end(), [](const auto& s) { return s.raw_val_accuracy; });
  std::string text = averaged ? "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,raw_val_acc\n"
                              : "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n";
  char line[256];
  for (const auto& s : history) {
    std::snprintf(line, sizeof line, "%d,%.5f,%.5f,%.5f,%.5f,%.6g,%.1f", s.epoch, s.train_loss, s.train_accuracy,
                  s.val_loss, s.val_accuracy, s.lr, s.seconds);
    text += line;
    if (averaged) {
      // Epochs trained before a resume added --ema have no raw accuracy: an empty field.
      std::snprintf(line, sizeof line, ",%.5f", s.raw_val_accuracy.value_or(0));
      text += s.raw_val_accuracy ? line : ",";
    }
    text += "\n";
  }
  write_text_atomically(path, text);
}

void repair_run_files(const RunPaths& paths, const std::vector<EpochStats>& history) {
  write_training_log(paths.log, history);
  if (fs::exists(paths.best_weights))
    write_text_atomically(paths.best_card, json_text(read_embedded_card(paths.best_weights).to_json(), 2) + "\n");
}

nlohmann::json to_json(const EpochStats& s) {
  nlohmann::json j = {{"epoch", s.epoch},       {"train_loss", s.train_loss}, {"train_acc", s.train_accuracy},
                      {"val_loss", s.val_loss}, {"val_acc", s.val_accuracy},  {"lr", s.lr},
                      {"seconds", s.seconds},   {"img_per_s", s.images_per_second}, {"best", s.best}};
  if (s.raw_val_accuracy) j["raw_val_acc"] = *s.raw_val_accuracy;
  return j;
}

EpochStats epoch_stats_from_json(const nlohmann::json& j) {
  EpochStats s;
  s.epoch = j.at("epoch").get<int>();
  s.train_loss = j.at("train_loss").get<double>();
  s.train_accuracy = j.at("train_acc").get<double>();
  s.val_loss = j.at("val_loss").get<double>();
  s.val_accuracy = j.at("val_acc").get<double>();
  s.lr = j.at("lr").get<double>();
  s.seconds = j.at("seconds").get<double>();
  s.images_per_second = j.at("img_per_s").get<double>();
  s.best = j.at("best").get<bool>();
  if (j.contains("raw_val_acc")) s.raw_val_accuracy = j.at("raw_val_acc").get<double>();
  return s;
}

std::string describe_epoch(const EpochStats& s, int total_epochs) {
  char raw[48] = "";
  if (s.raw_val_accuracy) std::snprintf(raw, sizeof raw, " (raw weights %.2f%%)", 100 * *s.raw_val_accuracy);
  char line[320];
  std::snprintf(line, sizeof line,
                "epoch %d/%d  train loss %.4f acc %.2f%%  val loss %.4f acc %.2f%%%s  lr %.2e  %.0f s (%.0f img/s)%s",
                s.epoch, total_epochs, s.train_loss, 100 * s.train_accuracy, s.val_loss, 100 * s.val_accuracy, raw,
                s.lr, s.seconds, s.images_per_second, s.best ? "  *best" : "");
  return line;
}


}  // namespace ferlab
