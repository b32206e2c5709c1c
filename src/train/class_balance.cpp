#include "train/class_balance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"
#include "train/sample_rng.hpp"

namespace ferlab {

Balance balance_from_name(const std::string& name) {
  if (name == "none") return Balance::None;
  if (name == "weights") return Balance::Weights;
  if (name == "oversample") return Balance::Oversample;
  throw UsageError("unknown --balance '" + name + "' (expected none, weights or oversample)");
}

std::string balance_name(Balance balance) {
  switch (balance) {
    case Balance::None: return "none";
    case Balance::Weights: return "weights";
    case Balance::Oversample: return "oversample";
  }
  return "none";
}

std::array<double, kNumEmotions> inverse_sqrt_class_weights(const ClassCounts& counts) {
  std::array<double, kNumEmotions> weights{};
  double total = 0, weighted = 0;
  for (int c = 0; c < kNumEmotions; ++c) {
    if (counts[c] == 0) continue;
    weights[c] = 1.0 / std::sqrt(static_cast<double>(counts[c]));
    total += static_cast<double>(counts[c]);
    weighted += static_cast<double>(counts[c]) * weights[c];
  }
  if (weighted > 0)
    for (double& w : weights) w *= total / weighted;
  return weights;
}

std::vector<uint32_t> epoch_order(const std::vector<uint8_t>& labels, Balance balance,
                                  uint64_t seed, uint64_t epoch) {
  const size_t n = labels.size();
  SampleRng rng(seed, epoch, kShuffleStream);
  std::vector<uint32_t> order(n);
  if (balance != Balance::Oversample) {
    std::iota(order.begin(), order.end(), 0u);
    rng.shuffle(order);
    return order;
  }
  ClassCounts counts{};
  for (uint8_t l : labels) ++counts[l];
  const auto class_weights = inverse_sqrt_class_weights(counts);
  std::vector<double> cumulative(n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) cumulative[i] = (sum += class_weights[labels[i]]);
  for (auto& index : order) {
    const double r = rng.uniform01() * sum;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
    index = static_cast<uint32_t>(std::min<size_t>(it - cumulative.begin(), n - 1));
  }
  return order;
}

}  // namespace ferlab
