#pragma once
// Is model A better than model B on this test set, or is the difference
// noise? Percentile-bootstrap confidence intervals for accuracy and macro-F1
// (Efron & Tibshirani 1993), and McNemar's test on the faces where exactly one
// of the two is right (McNemar 1947), in its exact binomial form: no
// continuity correction or large-sample assumption needed, and with a few
// thousand discordant faces at most it is cheap to compute.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ferlab {

class ConfusionMatrix;

struct Interval {
  double low = 0, high = 0;
};

struct BootstrapIntervals {
  Interval accuracy;
  Interval macro_f1;
  int resamples = 0;
  double level = 0.95;
};

constexpr int kBootstrapResamples = 1000;
constexpr uint64_t kBootstrapSeed = 2013;

// Resamples the faces with replacement `resamples` times from a seeded
// mt19937_64 (the same inputs and seed give the same intervals on every
// machine) and takes the (1-level)/2 and (1+level)/2 quantiles. Throws
// std::invalid_argument for empty or mismatched inputs.
BootstrapIntervals bootstrap_intervals(const std::vector<int>& labels, const std::vector<int>& predicted,
                                       int resamples = kBootstrapResamples, uint64_t seed = kBootstrapSeed,
                                       double level = 0.95);

struct McNemarResult {
  size_t only_a_correct = 0;  // b in McNemar's table
  size_t only_b_correct = 0;  // c
  size_t both_correct = 0, both_wrong = 0;
  double p_value = 1;  // two-sided exact binomial: min(1, 2 P(X <= min(b, c))), X ~ Bin(b + c, 1/2)
};

// Throws std::invalid_argument for mismatched sizes.
McNemarResult mcnemar_test(const std::vector<int>& labels, const std::vector<int>& predicted_a,
                           const std::vector<int>& predicted_b);
double mcnemar_exact_p(size_t only_a_correct, size_t only_b_correct);

// The counts of `b` minus those of `a`, signed, laid out as ConfusionMatrix::to_table's
// counts: where model B moved faces to and from, relative to model A.
std::string confusion_difference_table(const ConfusionMatrix& a, const ConfusionMatrix& b);

}  // namespace ferlab
