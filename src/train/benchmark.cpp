#include "train/benchmark.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>

#include "core/quantile.hpp"
#include "core/cpu_threads.hpp"
#include "core/json_text.hpp"
#include "core/text.hpp"
#include "core/face_dataset.hpp"
#include "models/model_card.hpp"
#include "models/model_io.hpp"
#include "models/preprocess.hpp"
#include "train/batch_loader.hpp"
#include "train/run_directory.hpp"

namespace ferlab {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}


// Throughput of the training step itself on random data (the batch builders
// run beside it on other threads in a real run).
std::pair<double, int> measure_training(const std::string& arch, const nlohmann::json& options, int batch,
                                        double seconds) {
  torch::manual_seed(0);
  EmotionNet net = make_model(arch, options);
  net->train();
  torch::optim::AdamW optimizer(net->parameters(), torch::optim::AdamWOptions(1e-3));
  const auto images = torch::randn({batch, 1, kFaceSize, kFaceSize});
  const auto labels = torch::randint(0, kNumEmotions, {batch}, torch::kInt64);
  auto step = [&] {
    optimizer.zero_grad();
    const auto loss = torch::nn::functional::cross_entropy(net->forward(images), labels);
    loss.backward();
    optimizer.step();
  };
  step();  // warm-up
  const auto first = Clock::now();
  step();
  const double step_ms = std::max(1.0, ms_since(first));
  const int steps = std::clamp(static_cast<int>(seconds * 1000 / step_ms), 3, 50);
  const auto start = Clock::now();
  for (int i = 0; i < steps; ++i) step();
  return {steps * batch / (ms_since(start) / 1000), steps};
}

// What the trainer's background workers spend per batch, to compare with the step.
double measure_batch_building(int batch, int repeats) {
  FaceDataset faces;
  std::vector<uint8_t> face(kFacePixels);
  for (int i = 0; i < batch; ++i) {
    for (int p = 0; p < kFacePixels; ++p) face[p] = static_cast<uint8_t>((p * 31 + i * 7) % 256);
    faces.add(face.data(), i % kNumEmotions, Split::Train, "generated");
  }
  std::vector<uint32_t> order(static_cast<size_t>(batch));
  std::iota(order.begin(), order.end(), 0u);
  BatchPlan plan;
  plan.batch_size = static_cast<size_t>(batch);
  plan.augment = AugmentConfig{};
  const auto start = Clock::now();
  for (int r = 0; r < repeats; ++r) {
    plan.epoch = static_cast<uint64_t>(r);
    build_batch(faces, order, 0, plan);
  }
  return ms_since(start) / repeats;
}

}  // namespace

const char* const kModelBenchmarkHeading = "## Models: inference latency and training throughput";


namespace {

// The model files asked for, loaded and timed in turn, round after round (the
// machine's speed drifts: each model gets its share of every stretch of it),
// the round with the median latency reported. No training: a loaded file may
// be a TorchScript module, which FERLab does not train.
void benchmark_model_files(const BenchmarkOptions& options, BenchmarkReport& report,
                           const std::function<void(const std::string&)>& log) {
  constexpr int kRounds = 5;
  std::vector<LoadedModel> models;
  for (const std::string& path : options.model_files) {
    models.push_back(load_model(path));
    const LoadedModel& m = models.back();
    ArchBenchmark b;
    b.arch = m.card.arch;
    b.weights = m.weights_path;
    b.options = m.net->options();
    b.parameters = count_parameters(m.net);
    b.macs = count_macs(m.net, m.card.input_size);
    report.models.push_back(b);
  }
  std::vector<std::vector<LatencyStats>> rounds(models.size());
  for (int r = 0; r < kRounds; ++r) {
    log("batch-1 latency, round " + std::to_string(r + 1) + " of " + std::to_string(kRounds));
    for (size_t i = 0; i < models.size(); ++i)
      rounds[i].push_back(measure_latency(models[i], options.runs));
  }
  for (size_t i = 0; i < models.size(); ++i) {
    std::sort(rounds[i].begin(), rounds[i].end(),
              [](const LatencyStats& a, const LatencyStats& b) { return a.median_ms < b.median_ms; });
    report.models[i].latency = rounds[i][kRounds / 2];
  }
}

}  // namespace

BenchmarkReport run_model_benchmark(const BenchmarkOptions& options) {
  BenchmarkReport report;
  report.machine = describe_machine();
  report.date = utc_timestamp();
  report.train_batch = options.train_batch;
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  if (!options.model_files.empty()) {
    benchmark_model_files(options, report, log);
    return report;
  }
  for (const auto& arch : model_architectures()) {
    ArchBenchmark b;
    b.arch = arch;
    EmotionNet net;
    const std::string card = shipped_card_for(options.models_dir, arch);
    if (!card.empty()) {
      LoadedModel loaded = load_model(card);
      net = loaded.net;
      b.weights = loaded.weights_path;
    } else {
      torch::manual_seed(0);
      net = make_model(arch);
    }
    b.options = net->options();
    b.parameters = count_parameters(net);
    b.macs = count_macs(net);
    log(arch + ": batch-1 latency, " + std::to_string(options.runs) + " runs");
    b.latency = measure_latency(LoadedModel{net, ModelCard{}, ""}, options.runs);
    log(arch + ": training throughput, batch " + std::to_string(options.train_batch));
    std::tie(b.train_images_per_second, b.train_steps) =
        measure_training(arch, b.options, options.train_batch, options.train_seconds);
    report.models.push_back(b);
  }

  log("augmented batch building, batch " + std::to_string(options.train_batch));
  report.augmented_batch_ms = measure_batch_building(options.train_batch, 20);

  // Baseline: what the cnn's latency would be without configure_runtime()'s
  // hold on OpenBLAS (its default is one thread per hardware thread).
  report.openblas_default_threads = report.machine.hardware_threads;
  report.openblas = set_openblas_threads(report.openblas_default_threads);
  if (report.openblas) {
    log("cnn: baseline latency with OpenBLAS at " + std::to_string(report.openblas_default_threads) + " threads");
    torch::manual_seed(0);
    report.cnn_openblas_default = measure_latency(LoadedModel{make_model("cnn"), ModelCard{}, ""}, options.runs);
    hold_openblas_to_one_thread();
  }
  return report;
}

std::string format_benchmark_table(const BenchmarkReport& r) {
  std::string t =
      "| model | options | parameters | MACs per face | latency median (ms) | latency p95 (ms) | training (img/s, batch " +
      std::to_string(r.train_batch) + ") |\n|---|---|---:|---:|---:|---:|---:|\n";
  for (const auto& m : r.models) {
    t += "| " + m.arch + (m.weights.empty() ? "" : " (" + std::filesystem::path(m.weights).filename().string() + ")") +
         " | `" + json_text(m.options) + "` | " + std::to_string(m.parameters) + " | " + fixed(m.macs / 1e6, 1) + " M | " +
         fixed(m.latency.median_ms, 2) +
         " | " + fixed(m.latency.p95_ms, 2) + " | " + (m.train_steps > 0 ? fixed(m.train_images_per_second, 0) : "-") + " |\n";
  }
  if (r.openblas)
    t += "| cnn, BASELINE: OpenBLAS at its default " + std::to_string(r.openblas_default_threads) +
         " threads | `{}` | | | " + fixed(r.cnn_openblas_default.median_ms, 2) + " | " +
         fixed(r.cnn_openblas_default.p95_ms, 2) + " | |\n";
  return t;
}

std::string format_benchmark_section(const BenchmarkReport& r) {
  const auto& m = r.machine;
  std::string s = std::string(kModelBenchmarkHeading) + "\n\n";
  s += "Measured " + r.date + " with `" + r.command + "`.\n\n";
  s += "- CPU: " + m.cpu + ", " + std::to_string(m.hardware_threads) + " hardware threads, " + fixed(m.ram_gib, 1) +
       " GiB RAM\n";
  if (!m.load_average.empty())
    s += "- Load average when the run started (1/5/15 min): " + m.load_average +
         "; other processes on the same cores slow every figure below\n";
  s += "- LibTorch " + m.libtorch + ", " + std::to_string(m.torch_threads) + " intra-op threads; BLAS: " + m.blas + "\n";
  s += "- Latency: one 48x48 face, uint8 -> normalised tensor -> network -> softmax, eval mode under "
       "torch::InferenceMode, " + std::to_string(r.models.empty() ? 0 : r.models.front().latency.runs) +
       " timed runs after a warm-up.\n";
  s += "- Training: forward + backward + AdamW step on a random batch of " + std::to_string(r.train_batch) +
       ", after a warm-up step.\n\n";
  s += format_benchmark_table(r);
  if (r.openblas && !r.models.empty()) {
    const double held = r.models.front().latency.median_ms;
    const double baseline = r.cnn_openblas_default.median_ms;
    s += "\nOpenBLAS held to one thread (configure_runtime, as every `ferlab` command does): cnn " + fixed(held, 2) +
         " ms per face; at OpenBLAS's default " + std::to_string(r.openblas_default_threads) + " threads: " +
         fixed(baseline, 2) + " ms" +
         (held < baseline ? " (its pool and LibTorch's OpenMP pool compete for the same cores).\n"
                          : "; no gain from the hold in this run.\n");
  }
  if (!r.models.empty() && r.models.front().train_images_per_second > 0) {
    const double step_ms = 1000.0 * r.train_batch / r.models.front().train_images_per_second;
    s += "\nBuilding one augmented, normalised batch of " + std::to_string(r.train_batch) + " faces takes " +
         fixed(r.augmented_batch_ms, 2) + " ms on one thread, " + fixed(100 * r.augmented_batch_ms / step_ms, 1) +
         " % of the cnn's " + fixed(step_ms, 0) +
         " ms training step: the trainer's background worker (`--workers 1`, the default) hides it, and more "
         "workers cannot buy more than that.\n";
  }
  const ArchBenchmark* cnn = r.models.empty() ? nullptr : &r.models.front();
  if (cnn && cnn->arch == "cnn") {
    s += "\nTargets for the cnn: inference <= 2.5 ms per face (" +
         std::string(cnn->latency.median_ms <= 2.5 ? "met" : "not met") + " here: " + fixed(cnn->latency.median_ms, 2) +
         " ms); training >= 250 img/s (" + (cnn->train_images_per_second >= 250 ? "met" : "not met") + " here: " +
         fixed(cnn->train_images_per_second, 0) + " img/s).\n";
  }
  return s + "\n";
}


}  // namespace ferlab
