#include "core/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ferlab {
namespace {

void check_inputs(size_t rows, const std::vector<int>& labels, const char* what) {
  if (rows != labels.size())
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(rows) + " score rows but " +
                                std::to_string(labels.size()) + " labels");
  for (const int label : labels)
    if (label < 0 || label >= kNumEmotions)
      throw std::invalid_argument(std::string(what) + ": label " + std::to_string(label) + " is outside 0..6");
}

// ln sum exp(z / T) - z[label] / T: the NLL of one sample, without forming the probabilities.
double sample_nll(const ClassScores& logits, int label, double temperature) {
  const double top = *std::max_element(logits.begin(), logits.end()) / temperature;
  double sum = 0;
  for (const float z : logits) sum += std::exp(z / temperature - top);
  return top + std::log(sum) - logits[static_cast<size_t>(label)] / temperature;
}

}  // namespace

CalibrationReport calibration_report(const std::vector<ClassScores>& probabilities, const std::vector<int>& labels,
                                     int bins) {
  check_inputs(probabilities.size(), labels, "calibration_report");
  if (bins < 1) throw std::invalid_argument("calibration_report: needs at least one bin");
  CalibrationReport report;
  report.samples = probabilities.size();
  report.bins.resize(static_cast<size_t>(bins));
  std::vector<double> confidence_sum(report.bins.size(), 0), correct(report.bins.size(), 0);
  for (size_t b = 0; b < report.bins.size(); ++b) {
    report.bins[b].lower = static_cast<double>(b) / bins;
    report.bins[b].upper = static_cast<double>(b + 1) / bins;
  }
  for (size_t i = 0; i < probabilities.size(); ++i) {
    const ClassScores& p = probabilities[i];
    const size_t label = static_cast<size_t>(labels[i]);
    const size_t top = static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    const double confidence = p[top];
    // Bin b holds (b/B, (b+1)/B]: ceil(c*B) - 1, with 0 going to the first bin.
    const auto b = static_cast<size_t>(std::clamp(static_cast<int>(std::ceil(confidence * bins)) - 1, 0, bins - 1));
    ++report.bins[b].count;
    confidence_sum[b] += confidence;
    correct[b] += top == label ? 1 : 0;
    report.nll -= std::log(std::max(static_cast<double>(p[label]), kMinProbability));
    for (size_t c = 0; c < p.size(); ++c) {
      const double error = p[c] - (c == label ? 1.0 : 0.0);
      report.brier += error * error;
    }
  }
  if (report.samples == 0) return report;
  for (size_t b = 0; b < report.bins.size(); ++b) {
    ReliabilityBin& bin = report.bins[b];
    if (bin.count == 0) continue;
    bin.mean_confidence = confidence_sum[b] / bin.count;
    bin.accuracy = correct[b] / bin.count;
    const double gap = std::abs(bin.accuracy - bin.mean_confidence);
    report.ece += gap * bin.count / report.samples;
    report.mce = std::max(report.mce, gap);
  }
  report.nll /= report.samples;
  report.brier /= report.samples;
  return report;
}

nlohmann::json to_json(const CalibrationReport& report) {
  nlohmann::json bins = nlohmann::json::array();
  for (const ReliabilityBin& b : report.bins)
    bins.push_back({{"lower", b.lower},
                    {"upper", b.upper},
                    {"count", b.count},
                    {"confidence", b.mean_confidence},
                    {"accuracy", b.accuracy}});
  return {{"bins", report.bins.size()}, {"ece", report.ece},     {"mce", report.mce},        {"nll", report.nll},
          {"brier", report.brier},      {"samples", report.samples}, {"reliability", std::move(bins)}};
}

ClassScores softmax_with_temperature(const ClassScores& logits, double temperature) {
  const double top = *std::max_element(logits.begin(), logits.end());
  ClassScores out{};
  double sum = 0;
  for (size_t c = 0; c < logits.size(); ++c) {
    const double e = std::exp((logits[c] - top) / temperature);
    out[c] = static_cast<float>(e);
    sum += e;
  }
  for (float& p : out) p = static_cast<float>(p / sum);
  return out;
}

double temperature_nll(const std::vector<ClassScores>& logits, const std::vector<int>& labels, double temperature) {
  check_inputs(logits.size(), labels, "temperature_nll");
  if (logits.empty()) return 0;
  double sum = 0;
  for (size_t i = 0; i < logits.size(); ++i) sum += sample_nll(logits[i], labels[i], temperature);
  return sum / logits.size();
}

double fit_temperature(const std::vector<ClassScores>& logits, const std::vector<int>& labels) {
  check_inputs(logits.size(), labels, "fit_temperature");
  if (logits.empty()) throw std::invalid_argument("fit_temperature: no samples");
  const auto nll_at = [&](double log_t) { return temperature_nll(logits, labels, std::exp(log_t)); };
  // 60 golden-section steps shrink the ln T interval (width ~6) by 0.618^60: far below float noise.
  const double inverse_phi = (std::sqrt(5.0) - 1) / 2;
  double a = std::log(kMinTemperature), b = std::log(kMaxTemperature);
  double c = b - inverse_phi * (b - a), d = a + inverse_phi * (b - a);
  double fc = nll_at(c), fd = nll_at(d);
  for (int step = 0; step < 60; ++step) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - inverse_phi * (b - a), fc = nll_at(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + inverse_phi * (b - a), fd = nll_at(d);
    }
  }
  return std::exp((a + b) / 2);
}

}  // namespace ferlab
