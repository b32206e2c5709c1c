#pragma once
// How far a classifier's confidence can be trusted: the reliability bins and
// the usual calibration scores (Guo et al., "On Calibration of Modern Neural
// Networks", 2017), and temperature scaling, which fits one scalar T that
// divides the logits before the softmax. Pure C++: the inputs are the
// probability (or logit) rows a classifier produced and the true labels.
#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <vector>

#include "core/emotion.hpp"

namespace ferlab {

using ClassScores = std::array<float, kNumEmotions>;  // probabilities or logits, canonical order

// 15 equal-width bins, as Guo et al. use: the number ECE values are quoted at.
constexpr int kCalibrationBins = 15;

struct ReliabilityBin {
  double lower = 0, upper = 0;  // confidence interval (lower, upper]; the first bin also holds 0
  size_t count = 0;             // samples whose top probability falls in the bin
  double mean_confidence = 0;   // mean top probability of those samples (0 when empty)
  double accuracy = 0;          // fraction of them whose top class is the true one (0 when empty)
};

struct CalibrationReport {
  std::vector<ReliabilityBin> bins;
  size_t samples = 0;
  // Sum over bins of count/samples * |accuracy - mean_confidence|.
  double ece = 0;
  // Largest |accuracy - mean_confidence| over the non-empty bins.
  double mce = 0;
  // Mean of -ln p(true class); p is clamped at kMinProbability so that one
  // face given probability 0 does not make the mean infinite.
  double nll = 0;
  // Mean over samples of the sum over the 7 classes of (p - one_hot)^2: 0 is
  // perfect, 2 the worst (the multi-class form of Brier 1950, not divided by 7).
  double brier = 0;
};

constexpr double kMinProbability = 1e-12;

// Throws std::invalid_argument when the sizes differ, a label is outside 0..6
// or `bins` < 1. An empty input gives zero scores and empty bins.
CalibrationReport calibration_report(const std::vector<ClassScores>& probabilities, const std::vector<int>& labels,
                                     int bins = kCalibrationBins);

// {"bins": 15, "ece", "mce", "nll", "brier", "samples",
//  "reliability": [{"lower", "upper", "count", "confidence", "accuracy"}, ...]}
nlohmann::json to_json(const CalibrationReport& report);

// softmax(logits / temperature), computed stably (the max is subtracted first).
ClassScores softmax_with_temperature(const ClassScores& logits, double temperature);

// Mean -ln softmax(logits / temperature)[label] over the samples.
double temperature_nll(const std::vector<ClassScores>& logits, const std::vector<int>& labels, double temperature);

// The temperature in [kMinTemperature, kMaxTemperature] that minimises
// temperature_nll: golden-section search on ln T (the NLL is unimodal in T for
// fixed logits, and ln T makes halving and doubling symmetric). Deterministic.
// Throws std::invalid_argument for empty or mismatched inputs.
constexpr double kMinTemperature = 0.05;
constexpr double kMaxTemperature = 20.0;
double fit_temperature(const std::vector<ClassScores>& logits, const std::vector<int>& labels);

}  // namespace ferlab
