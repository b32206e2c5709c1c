#include "core/model_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

#include "core/confusion_matrix.hpp"
#include "core/quantile.hpp"

namespace ferlab {
namespace {

void check_sizes(size_t a, size_t b, const char* what) {
  if (a != b)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(a) + " labels but " + std::to_string(b) +
                                " predictions");
}

// Uniform in [0, n) by multiply-high: unlike std::uniform_int_distribution its
// output is specified, so the intervals do not depend on the standard library.
size_t draw_index(std::mt19937_64& rng, size_t n) {
  return static_cast<size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

}  // namespace

BootstrapIntervals bootstrap_intervals(const std::vector<int>& labels, const std::vector<int>& predicted,
                                       int resamples, uint64_t seed, double level) {
  check_sizes(labels.size(), predicted.size(), "bootstrap_intervals");
  if (labels.empty() || resamples < 1) throw std::invalid_argument("bootstrap_intervals: no samples or no resamples");
  std::mt19937_64 rng(seed);
  std::vector<double> accuracies, macro_f1s;
  accuracies.reserve(static_cast<size_t>(resamples));
  macro_f1s.reserve(static_cast<size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    ConfusionMatrix cm;
    for (size_t k = 0; k < labels.size(); ++k) {
      const size_t i = draw_index(rng, labels.size());
      cm.add(labels[i], predicted[i]);
    }
    accuracies.push_back(cm.accuracy());
    macro_f1s.push_back(cm.macro_f1());
  }
  std::sort(accuracies.begin(), accuracies.end());
  std::sort(macro_f1s.begin(), macro_f1s.end());
  const double lo = (1 - level) / 2, hi = (1 + level) / 2;
  BootstrapIntervals out;
  out.accuracy = {quantile_of_sorted(accuracies, lo), quantile_of_sorted(accuracies, hi)};
  out.macro_f1 = {quantile_of_sorted(macro_f1s, lo), quantile_of_sorted(macro_f1s, hi)};
  out.resamples = resamples;
  out.level = level;
  return out;
}

double mcnemar_exact_p(size_t only_a_correct, size_t only_b_correct) {
  const size_t n = only_a_correct + only_b_correct;
  if (n == 0) return 1;
  const size_t k_max = std::min(only_a_correct, only_b_correct);
  // P(X <= k_max) for X ~ Bin(n, 1/2), summed in log space: C(n, k) / 2^n underflows for n in the thousands.
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  const double log_n_fact = std::lgamma(static_cast<double>(n) + 1);
  double tail = 0;
  for (size_t k = 0; k <= k_max; ++k)
    tail += std::exp(log_n_fact - std::lgamma(static_cast<double>(k) + 1) -
                     std::lgamma(static_cast<double>(n - k) + 1) + log_half_n);
  return std::min(1.0, 2 * tail);
}

McNemarResult mcnemar_test(const std::vector<int>& labels, const std::vector<int>& predicted_a,
                           const std::vector<int>& predicted_b) {
  check_sizes(labels.size(), predicted_a.size(), "mcnemar_test");
  check_sizes(labels.size(), predicted_b.size(), "mcnemar_test");
  McNemarResult r;
  for (size_t i = 0; i < labels.size(); ++i) {
    const bool a = predicted_a[i] == labels[i], b = predicted_b[i] == labels[i];
    if (a && b) ++r.both_correct;
    else if (a) ++r.only_a_correct;
    else if (b) ++r.only_b_correct;
    else ++r.both_wrong;
  }
  r.p_value = mcnemar_exact_p(r.only_a_correct, r.only_b_correct);
  return r;
}

std::string confusion_difference_table(const ConfusionMatrix& a, const ConfusionMatrix& b) {
  char cell[64];
  std::snprintf(cell, sizeof cell, "%-10s", "true\\pred");
  std::string out = cell;
  for (const std::string_view name : emotion_names()) {
    std::snprintf(cell, sizeof cell, " %8s", std::string(name).c_str());
    out += cell;
  }
  out += "\n";
  for (int t = 0; t < kNumEmotions; ++t) {
    std::snprintf(cell, sizeof cell, "%-10s", emotion_name(t));
    out += cell;
    for (int p = 0; p < kNumEmotions; ++p) {
      const long diff = static_cast<long>(b.count(t, p)) - static_cast<long>(a.count(t, p));
      // Unchanged cells print a bare 0 so that the changes stand out.
      if (diff == 0) std::snprintf(cell, sizeof cell, " %8s", "0");
      else std::snprintf(cell, sizeof cell, " %+8ld", diff);
      out += cell;
    }
    out += "\n";
  }
  return out;
}

}  // namespace ferlab
