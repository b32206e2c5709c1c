#pragma once
// The facts a user compares loaded networks by: what the card says (accuracy
// on its validation split, training data, teacher, date, calibration) and what
// the network itself measures (parameters, multiply-accumulates per face).
// Free of torch headers, so that the workbench's panels show them cheaply.
#include <cstdint>
#include <optional>
#include <string>

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

struct ModelFacts {
  std::string name;  // the card's name, e.g. "cnn-fer2013"
  std::string arch;
  std::string weights_path;
  int64_t parameters = 0;
  int64_t macs = 0;  // per face at the card's input size
  std::optional<double> val_accuracy;  // the trainer's best epoch on val_split
  std::string val_split;
  std::string train_split;
  int64_t train_images = 0;
  std::string teacher;     // the model it was distilled from; empty when trained on labels alone
  std::string pretrained;  // the weights it started from; empty when from scratch
  std::optional<double> weight_average_decay;  // the weights are an average kept while training (`train --ema`)
  std::string created;     // ISO-8601, when the weights were written
  std::optional<double> temperature;  // fitted by `ferlab calibrate`; none when uncalibrated
  std::string calibration_labels;     // what the temperature was fitted against: fer2013 or ferplus
};

// Traces one forward pass (count_macs), which briefly switches the network's
// requires-grad flags off: call it before the network is shared between threads.
ModelFacts model_facts(const LoadedModel& model);

}  // namespace ferlab
