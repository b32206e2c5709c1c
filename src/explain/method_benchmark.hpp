#pragma once
// `ferlab bench --explain`: what each explanation method costs per face, on a
// batch of real faces, beside a baseline from the same run (classifying the
// same batch), so that the ratios hold on any machine. Free of torch headers.
#include <cstdint>
#include <string>
#include <vector>

#include "explain/methods.hpp"

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

struct MethodCost {
  std::string method;        // a method's name, or "classify (baseline)"
  double median_ms_per_face = 0;
};

struct ModelMethodCosts {
  std::string model, layer;  // card name, the default layer
  std::vector<MethodCost> costs;  // the baseline first, then the methods in explain_methods() order
};

struct MethodBenchmarkOptions {
  int runs = 3;  // timed runs of the whole batch per method, after an untimed one-face warm-up
};

// `faces48`: n contiguous 48x48 faces, explained in one batch for their predicted classes.
ModelMethodCosts benchmark_methods(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                   const MethodBenchmarkOptions& options = {});

// The "## Explanation methods" section of docs/BENCHMARKS.md: `header` (the
// machine and the command), then one row per method and a column per model.
extern const char* const kMethodBenchmarkHeading;
std::string method_benchmark_markdown(const std::vector<ModelMethodCosts>& models, size_t faces, int runs,
                                      const std::string& header);

}  // namespace ferlab
