#pragma once
// Reads the per-epoch log that `ferlab train` writes (runs/NAME/log.csv,
// models/NAME.log.csv). Columns are found by name, so a log with more columns
// (a later trainer) still reads.
#include <string>
#include <vector>

namespace ferlab {

struct TrainingLogRow {
  int epoch = 0;
  double train_loss = 0, train_accuracy = 0, val_loss = 0, val_accuracy = 0, lr = 0;
};

struct TrainingLog {
  std::string name;  // what the plot's legend calls it
  std::vector<TrainingLogRow> rows;
};

// Throws DataError naming the file and the line for a missing column, a
// non-numeric value or a file with no epochs.
TrainingLog read_training_log(const std::string& path, const std::string& name);

// "models/resnet18.log.csv" -> "resnet18"; "runs/cnn/log.csv" -> "cnn".
std::string training_log_name(const std::string& path);

}  // namespace ferlab
