#include "explain/method_benchmark.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

#include "core/text.hpp"
#include "core/quantile.hpp"
#include "eval/model_input.hpp"
#include "explain/grad_cam.hpp"
#include "models/model_io.hpp"

namespace ferlab {

const char* const kMethodBenchmarkHeading = "## Explanation methods: cost per face";

namespace {

// Median over `runs` of the batch's time, per face.
double median_ms_per_face(const std::function<void()>& run_batch, size_t n, int runs) {
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run_batch();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                 static_cast<double>(n));
  }
  std::sort(ms.begin(), ms.end());
  return quantile_of_sorted(ms, 0.5);
}

}  // namespace

ModelMethodCosts benchmark_methods(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                   const MethodBenchmarkOptions& options) {
  ModelMethodCosts out{model.card.name, model.net->default_feature_layer(), {}};
  const int runs = std::max(1, options.runs);
  const auto classify = [&] {
    torch::NoGradGuard no_grad;
    class_probabilities(model, model.net->forward(model_input(model.card, faces48, n)));
  };
  classify();
  out.costs.push_back({"classify (baseline)", median_ms_per_face(classify, n, runs)});
  for (const MethodInfo& info : explain_methods()) {
    class_activation_maps(model, faces48, 1, info.method);  // warm-up: first-call allocations
    out.costs.push_back({std::string(info.name),
                         median_ms_per_face([&] { class_activation_maps(model, faces48, n, info.method); }, n, runs)});
  }
  return out;
}

std::string method_benchmark_markdown(const std::vector<ModelMethodCosts>& models, size_t faces, int runs,
                                      const std::string& header) {
  std::string s = std::string(kMethodBenchmarkHeading) + "\n\n" + header + "\n\n";
  s += "Milliseconds per face: the median of " + std::to_string(runs) + " runs over one batch of " +
       std::to_string(faces) + " FER-2013 PublicTest faces, each explained for its predicted class with the "
       "defaults of docs/EXPLAIN.md, after a one-face warm-up; the first row is the baseline of the same run, "
       "classifying the same batch (no gradients).\n\n| method |";
  for (const ModelMethodCosts& m : models) s += " " + m.model + ", " + m.layer + " (ms) | x classify |";
  s += "\n|---|";
  for (size_t i = 0; i < models.size(); ++i) s += "---:|---:|";
  s += "\n";
  for (size_t row = 0; !models.empty() && row < models.front().costs.size(); ++row) {
    s += "| " + models.front().costs[row].method + " |";
    for (const ModelMethodCosts& m : models) {
      const double ms = m.costs[row].median_ms_per_face, baseline = m.costs.front().median_ms_per_face;
      s += " " + fixed(ms, ms < 10 ? 2 : 1) + " | " + fixed(ms / baseline, ms / baseline < 10 ? 1 : 0) + " |";
    }
    s += "\n";
  }
  return s + "\n";
}

}  // namespace ferlab
