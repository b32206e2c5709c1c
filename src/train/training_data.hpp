#pragma once
// The images a run trains and validates on, chosen from the command line's
// --data / --val / --max-train.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/face_dataset.hpp"
#include "train/trainer.hpp"

namespace ferlab {

struct TrainingData {
  FaceDataset train;
  FaceDataset val;
  std::string train_source;  // "PATH (train split)"
  std::string val_source;    // "PATH (test split)" or "PATH (all)"
  // Per training face, what it is trained towards when that is not just its
  // label (FER+ votes, a teacher); empty: the labels, one-hot.
  std::vector<ClassDistribution> targets;
  nlohmann::json targets_report = nlohmann::json::object();  // for the card: labels, FER+ file and counts, teacher
  // Bad rows or images the loaders skipped, per file read (--data, then --val if given).
  struct Skipped {
    std::string path;
    size_t count = 0;
    std::string first_problem;
  };
  std::vector<Skipped> skipped;
};

// Throws DataError naming the path and split when a split is empty, or a FER+
// table that cannot be used.
TrainingData load_training_data(const TrainConfig& config);

}  // namespace ferlab
