#include "train/training_data.hpp"

#include <algorithm>
#include <numeric>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data/ferplus.hpp"
#include "train/sample_rng.hpp"
#include "train/training_targets.hpp"

namespace ferlab {
namespace {

std::string split_label(Split split) { return std::string(split_name(split)) + " split"; }

// A seeded random subset keeps every class in its natural share, unlike the
// first N images of a class-sorted file.
FaceDataset random_subset(const FaceDataset& data, size_t n, uint64_t seed) {
  std::vector<size_t> indices(data.size());
  std::iota(indices.begin(), indices.end(), size_t{0});
  SampleRng rng(seed, 0, kSubsetStream);
  rng.shuffle(indices);
  indices.resize(n);
  std::sort(indices.begin(), indices.end());
  return data.subset(indices);
}

FaceDataset load_counting_skipped(const std::string& path, TrainingData& out) {
  LoadReport report;
  FaceDataset dataset = load_dataset(path, {}, &report);
  if (report.skipped > 0) out.skipped.push_back({path, report.skipped, report.problems.front()});
  return dataset;
}

void apply_label_mode(const TrainConfig& config, TrainingData& out) {
  out.targets_report["labels"] = config.labels;
  if (config.labels == "fer2013") return;
  const std::string path = ferplus_csv_for(config.ferplus_path, config.data_path, "--labels " + config.labels);
  CrowdLabelledFaces crowd = apply_crowd_labels(out.train, load_ferplus_csv(path), config.labels);
  out.targets_report["ferplus"] = {{"file", path},
                                   {"kept", crowd.faces.size()},
                                   {"without_row", crowd.without_row},
                                   {"left_out", crowd.left_out},
                                   {"relabelled", crowd.relabelled}};
  if (crowd.faces.empty()) throw DataError(path + ": the FER+ votes leave no training face with a usable label");
  out.train = std::move(crowd.faces);
  out.targets = std::move(crowd.distributions);
  out.train_source += ", " + config.labels + " labels";
}

// Validation faces are scored as `ferlab eval --labels ferplus` scores them
// (data/ferplus.hpp: faces without a row are left out too), so the card's
// validation accuracy is what that command reports.
void apply_val_label_mode(const TrainConfig& config, TrainingData& out) {
  if (config.val_labels == "fer2013") return;  // any other value is ferplus-majority (validated by the trainer)
  const std::string path = ferplus_csv_for(config.ferplus_path, config.data_path, "--val-labels " + config.val_labels);
  FerPlusRelabelled crowd = relabel_with_ferplus(out.val, load_ferplus_csv(path));
  if (crowd.dataset.empty()) throw DataError(path + ": the FER+ votes leave no validation face with a majority label");
  out.targets_report["val_labels"] = config.val_labels;
  out.targets_report["val_ferplus"] = {{"file", path},
                                       {"kept", crowd.dataset.size()},
                                       {"relabelled", crowd.changed},
                                       {"left_out", crowd.left_out()},
                                       {"without_row", crowd.missing}};
  out.val = std::move(crowd.dataset);
  out.val_source += ", ferplus-majority labels";
}

// The faces validation scores: --data's PublicTest split, or --val's (all of
// it when it has no split marks).
void select_validation_faces(const TrainConfig& config, const FaceDataset& all, TrainingData& out) {
  if (config.val_path.empty()) {
    out.val = all.subset(Split::PublicTest);
    out.val_source = config.data_path + " (" + split_label(Split::PublicTest) + ")";
    if (out.val.empty())
      throw DataError(config.data_path + ": the test (PublicTest) split used for validation is empty; "
                      "give a validation set with --val PATH");
    return;
  }
  const FaceDataset val_all = load_counting_skipped(config.val_path, out);
  out.val = val_all.subset(Split::PublicTest);
  out.val_source = config.val_path + " (" + split_label(Split::PublicTest) + ")";
  if (out.val.empty()) {
    // A --val set without split marks (e.g. a flat folder of classes) is all validation.
    out.val = val_all;
    out.val_source = config.val_path + " (all)";
  }
  if (out.val.empty()) throw DataError(config.val_path + ": the validation set is empty");
}

void add_teacher_targets(const TrainConfig& config, TrainingData& out) {
  if (!config.teacher) return;
  const std::vector<ClassDistribution> base = out.targets.empty() ? one_hot_targets(out.train) : out.targets;
  out.targets = mix_in_teacher(base, config.teacher(out.train), config.distill_weight);
  out.targets_report["teacher"] = {{"model", config.teacher_name}, {"weight", config.distill_weight}};
}

}  // namespace

TrainingData load_training_data(const TrainConfig& config) {
  TrainingData out;
  const FaceDataset all = load_counting_skipped(config.data_path, out);
  out.train = all.subset(Split::Train);
  out.train_source = config.data_path + " (" + split_label(Split::Train) + ")";
  if (out.train.empty())
    throw DataError(config.data_path + ": the train split is empty (" + std::to_string(all.size()) +
                    " images, none marked Training); training needs a train split");
  if (config.max_train > 0 && config.max_train < out.train.size()) {
    out.train = random_subset(out.train, config.max_train, config.seed);
    out.train_source += ", random " + std::to_string(config.max_train);
  }
  apply_label_mode(config, out);
  add_teacher_targets(config, out);

  select_validation_faces(config, all, out);
  apply_val_label_mode(config, out);
  return out;
}

}  // namespace ferlab
