#pragma once
// `ferlab bench`: batch-1 inference latency and training throughput of every
// architecture on this machine, plus a baseline that shows what holding
// OpenBLAS to one thread is worth. Free of torch headers for the CLI.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/machine_info.hpp"
#include "models/model_facts.hpp"

namespace ferlab {

struct ArchBenchmark {
  std::string arch;
  nlohmann::json options;
  std::string weights;  // the model file measured, or "" for a freshly initialised network
  long long parameters = 0;
  long long macs = 0;                // multiply-accumulates per face at the input size (count_macs)
  LatencyStats latency;              // faces_to_tensor + forward, batch 1, inference mode
  double train_images_per_second = 0;  // forward + backward + AdamW step, batch 64
  int train_steps = 0;
};


struct BenchmarkOptions {
  std::string models_dir;  // measure the architecture options of the models found here
  // Measure these model files instead (FERLab's or TorchScript modules): their
  // parameters, multiply-accumulates and batch-1 latency, side by side, no training.
  std::vector<std::string> model_files;
  int runs = 200;          // timed batch-1 inferences per architecture
  int train_batch = 64;
  double train_seconds = 4;  // timed training per architecture (at least 3 steps)
  std::function<void(const std::string&)> log;  // progress lines
};

struct BenchmarkReport {
  std::vector<ArchBenchmark> models;
  LatencyStats cnn_openblas_default;  // the baseline: OpenBLAS with one thread per hardware thread
  int openblas_default_threads = 0;
  int train_batch = 64;
  bool openblas = false;
  double augmented_batch_ms = 0;  // building one augmented, normalised training batch (one thread)
  MachineInfo machine;
  std::string date, command;
};

BenchmarkReport run_model_benchmark(const BenchmarkOptions& options);

// The section "## Models: inference latency and training throughput" of
// docs/BENCHMARKS.md: machine, command, table, baseline.
extern const char* const kModelBenchmarkHeading;
std::string format_benchmark_section(const BenchmarkReport& report);
std::string format_benchmark_table(const BenchmarkReport& report);

// Replaces the section that starts with the line `heading` (up to the next
// "## " heading) in the Markdown file at `path`, or appends it; other sections
// are kept byte for byte. Atomic; creates the file if missing.

}  // namespace ferlab
