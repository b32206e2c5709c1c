#pragma once
// The facts a user compares loaded networks by: what the card says (accuracy
// on its validation split, training data, teacher, date, calibration) and what
// the network itself measures (parameters, multiply-accumulates per face,
// batch-1 latency).
// Free of torch headers, so that the workbench's panels show them cheaply.
#include <cstdint>
#include <optional>
#include <string>

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

struct LatencyStats {
  double median_ms = 0, p95_ms = 0;
  int runs = 0;
};

// Batch-1 latency of classifying one face already at the model's input size
// (normalising it, the forward pass, the softmax), in inference mode, after a
// warm-up: what every latency FERLab reports measures.
LatencyStats measure_latency(const LoadedModel& model, int runs);

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
  std::string input;    // "1 x 48 x 48, (pixel - 0.5) / 0.5 with pixels in [0, 1]"
  std::string outputs;  // a TorchScript module's classes when they are not FER-2013's seven in order; else ""
  std::string assumed;  // what was assumed for a module without a card; else ""
  LatencyStats latency;  // measured when the facts are gathered (kFactsLatencyRuns)
};

inline constexpr int kFactsLatencyRuns = 20;

// Traces one forward pass (count_macs), which briefly switches the network's
// requires-grad flags off: call it before the network is shared between threads.
ModelFacts model_facts(const LoadedModel& model);

}  // namespace ferlab
