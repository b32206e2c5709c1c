// Calibration scores and temperature scaling against hand-worked numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "core/calibration.hpp"

namespace ferlab {
namespace {

// Top probability `confidence` on class `top`, the rest shared equally.
ClassScores peaked(int top, double confidence) {
  ClassScores p{};
  for (float& v : p) v = static_cast<float>((1 - confidence) / 6);
  p[static_cast<size_t>(top)] = static_cast<float>(confidence);
  return p;
}

// Four faces, 15 bins of width 1/15 (bin b = (b/15, (b+1)/15]):
//   conf 0.9, right  -> bin 13 (0.867, 0.933]
//   conf 0.9, wrong  -> bin 13
//   conf 0.5, right  -> bin 7  (0.467, 0.533]
//   conf 0.3, wrong  -> bin 4  (0.267, 0.333]
// bin 13: accuracy 1/2, confidence 0.9, gap 0.4; bin 7: gap |1 - 0.5| = 0.5; bin 4: gap 0.3
// ECE = (2*0.4 + 1*0.5 + 1*0.3) / 4 = 0.4, MCE = 0.5
TEST(Calibration, MatchesHandWorkedBins) {
  const std::vector<ClassScores> p = {peaked(0, 0.9), peaked(0, 0.9), peaked(3, 0.5), peaked(5, 0.3)};
  const std::vector<int> labels = {0, 1, 3, 2};
  const CalibrationReport r = calibration_report(p, labels);
  ASSERT_EQ(r.bins.size(), 15u);
  EXPECT_EQ(r.samples, 4u);
  for (size_t b = 0; b < r.bins.size(); ++b) {
    const size_t expected = b == 13 ? 2 : (b == 7 || b == 4) ? 1 : 0;
    EXPECT_EQ(r.bins[b].count, expected) << "bin " << b;
  }
  EXPECT_NEAR(r.bins[13].accuracy, 0.5, 1e-9);
  EXPECT_NEAR(r.bins[13].mean_confidence, 0.9, 1e-6);
  EXPECT_NEAR(r.bins[7].accuracy, 1.0, 1e-9);
  EXPECT_NEAR(r.bins[4].accuracy, 0.0, 1e-9);
  EXPECT_NEAR(r.bins[4].lower, 4.0 / 15, 1e-12);
  EXPECT_NEAR(r.bins[4].upper, 5.0 / 15, 1e-12);
  EXPECT_NEAR(r.ece, 0.4, 1e-6);
  EXPECT_NEAR(r.mce, 0.5, 1e-6);
  // NLL: -ln of the true class's probability, averaged.
  const double nll = -(std::log(0.9) + std::log(0.1 / 6) + std::log(0.5) + std::log(0.7 / 6)) / 4;
  EXPECT_NEAR(r.nll, nll, 1e-6);
  // Brier: sum over the classes of (p - one_hot)^2, averaged over the faces.
  const double e9 = 0.1 / 6, e5 = 0.5 / 6, e3 = 0.7 / 6;
  const double brier = ((0.1 * 0.1 + 6 * e9 * e9) + (0.9 * 0.9 + (1 - e9) * (1 - e9) + 5 * e9 * e9) +
                        (0.5 * 0.5 + 6 * e5 * e5) + (0.3 * 0.3 + (1 - e3) * (1 - e3) + 5 * e3 * e3)) / 4;
  EXPECT_NEAR(r.brier, brier, 1e-6);
}

TEST(Calibration, PerfectlyConfidentAndRightScoresZero) {
  const CalibrationReport r = calibration_report({peaked(2, 1.0), peaked(6, 1.0)}, {2, 6});
  EXPECT_EQ(r.bins[14].count, 2u);
  EXPECT_NEAR(r.ece, 0, 1e-9);
  EXPECT_NEAR(r.nll, 0, 1e-6);
  EXPECT_NEAR(r.brier, 0, 1e-9);
}

TEST(Calibration, ZeroProbabilityOnTheTruthIsFiniteNll) {
  ClassScores p{};
  p[0] = 1;
  const CalibrationReport r = calibration_report({p}, {1});
  EXPECT_NEAR(r.nll, -std::log(kMinProbability), 1e-6);
  EXPECT_NEAR(r.brier, 2.0, 1e-9);
}

TEST(Calibration, RejectsMismatchedInput) {
  EXPECT_THROW(calibration_report({peaked(0, 0.5)}, {}), std::invalid_argument);
  EXPECT_THROW(calibration_report({peaked(0, 0.5)}, {7}), std::invalid_argument);
}

TEST(TemperatureScaling, SoftmaxWithTemperatureFlattens) {
  const ClassScores z = {2, 0, 0, 0, 0, 0, 0};
  const ClassScores p1 = softmax_with_temperature(z, 1), p2 = softmax_with_temperature(z, 2);
  EXPECT_NEAR(p1[0], std::exp(2.0) / (std::exp(2.0) + 6), 1e-6);
  EXPECT_NEAR(p2[0], std::exp(1.0) / (std::exp(1.0) + 6), 1e-6);
}

// Labels drawn from softmax(z / T0): the NLL-optimal temperature for logits z
// is then T0 itself (up to sampling noise), which the fit must find.
TEST(TemperatureScaling, RecoversTheTemperatureThatGeneratedTheLabels) {
  for (const double true_t : {0.5, 2.5}) {
    std::mt19937_64 rng(7);
    std::normal_distribution<float> logit(0, 3);
    std::vector<ClassScores> logits(20000);
    std::vector<int> labels;
    for (ClassScores& z : logits) {
      for (float& v : z) v = logit(rng);
      const ClassScores p = softmax_with_temperature(z, true_t);
      std::discrete_distribution<int> draw(p.begin(), p.end());
      labels.push_back(draw(rng));
    }
    const double fitted = fit_temperature(logits, labels);
    EXPECT_NEAR(fitted, true_t, 0.05 * true_t) << "true T " << true_t;
    // The fitted T is a minimum of the NLL: both neighbours are worse.
    const double best = temperature_nll(logits, labels, fitted);
    EXPECT_LT(best, temperature_nll(logits, labels, fitted * 1.05));
    EXPECT_LT(best, temperature_nll(logits, labels, fitted / 1.05));
    EXPECT_EQ(fitted, fit_temperature(logits, labels));  // deterministic
  }
}

TEST(TemperatureScaling, RejectsNoSamples) { EXPECT_THROW(fit_temperature({}, {}), std::invalid_argument); }

}  // namespace
}  // namespace ferlab
