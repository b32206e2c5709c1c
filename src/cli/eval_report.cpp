#include "cli/eval_report.hpp"

#include <algorithm>
#include <cstdio>

#include "core/model_comparison.hpp"

namespace ferlab::cli {

std::vector<NamedCalibration> calibration_of(const EvalResult& result) {
  const std::vector<int> labels = true_labels(result);
  std::vector<NamedCalibration> out;
  for (size_t m = 0; m < result.member_probabilities.size(); ++m)
    out.push_back({result.model_names[m], calibration_report(result.member_probabilities[m], labels)});
  std::vector<ClassScores> probabilities;
  for (const SamplePrediction& p : result.predictions) probabilities.push_back(p.probabilities);
  out.push_back({result.model_description, calibration_report(probabilities, labels)});
  return out;
}

void print_calibration(const std::vector<NamedCalibration>& calibrations) {
  size_t width = 5;
  for (const NamedCalibration& c : calibrations) width = std::max(width, c.name.size());
  const int w = static_cast<int>(width);
  std::printf("\ncalibration (%d equal-width confidence bins; Brier summed over the 7 classes, 0..2)\n",
              kCalibrationBins);
  std::printf("%-*s  %8s  %8s  %8s  %8s\n", w, "model", "ECE %", "MCE %", "NLL", "Brier");
  for (const NamedCalibration& c : calibrations)
    std::printf("%-*s  %8.2f  %8.2f  %8.4f  %8.4f\n", w, c.name.c_str(), 100 * c.report.ece, 100 * c.report.mce,
                c.report.nll, c.report.brier);
  const CalibrationReport& last = calibrations.back().report;
  std::printf("\nreliability of %s (bin: faces, mean confidence, accuracy)\n", calibrations.back().name.c_str());
  for (const ReliabilityBin& b : last.bins) {
    if (b.count == 0) continue;
    std::printf("  (%.3f, %.3f]  %5zu  %6.1f %%  %6.1f %%\n", b.lower, b.upper, b.count, 100 * b.mean_confidence,
                100 * b.accuracy);
  }
}

nlohmann::json calibration_json(const std::vector<NamedCalibration>& calibrations) {
  nlohmann::json out = nlohmann::json::array();
  for (const NamedCalibration& c : calibrations) {
    nlohmann::json j = to_json(c.report);
    j["model"] = c.name;
    out.push_back(std::move(j));
  }
  return out;
}

void print_comparison(const std::vector<EvalResult>& results) {
  const std::vector<int> labels = true_labels(results.front());
  std::printf("\ncomparison on the same %zu faces (95 %% percentile-bootstrap intervals, %d resamples, seed %llu)\n",
              labels.size(), kBootstrapResamples, static_cast<unsigned long long>(kBootstrapSeed));
  int width = 0;
  for (const EvalResult& r : results) width = std::max(width, static_cast<int>(r.model_description.size()));
  for (const EvalResult& r : results) {
    const BootstrapIntervals ci = bootstrap_intervals(labels, predicted_labels(r));
    std::printf("  %-*s  accuracy %6.2f %% [%6.2f, %6.2f]   macro-F1 %.4f [%.4f, %.4f]\n",
                width, r.model_description.c_str(), 100 * r.accuracy(), 100 * ci.accuracy.low, 100 * ci.accuracy.high,
                r.macro_f1(), ci.macro_f1.low, ci.macro_f1.high);
  }
  std::printf("\nMcNemar's test, exact two-sided binomial on the discordant faces\n");
  for (size_t a = 0; a < results.size(); ++a)
    for (size_t b = a + 1; b < results.size(); ++b) {
      const McNemarResult m = mcnemar_test(labels, predicted_labels(results[a]), predicted_labels(results[b]));
      std::printf("  %s vs %s: only the first right %zu, only the second right %zu, p = %.4g\n",
                  results[a].model_description.c_str(), results[b].model_description.c_str(), m.only_a_correct,
                  m.only_b_correct, m.p_value);
    }
  for (size_t a = 0; a < results.size(); ++a)
    for (size_t b = a + 1; b < results.size(); ++b)
      std::printf("\nconfusion counts of %s minus %s (rows = true class)\n%s", results[b].model_description.c_str(),
                  results[a].model_description.c_str(),
                  confusion_difference_table(results[a].confusion, results[b].confusion).c_str());
}

nlohmann::json comparison_json(const std::vector<EvalResult>& results) {
  const std::vector<int> labels = true_labels(results.front());
  nlohmann::json models = nlohmann::json::array();
  for (const EvalResult& r : results) {
    const BootstrapIntervals ci = bootstrap_intervals(labels, predicted_labels(r));
    models.push_back({{"model", r.model_description},
                      {"accuracy", r.accuracy()},
                      {"accuracy_ci95", {ci.accuracy.low, ci.accuracy.high}},
                      {"macro_f1", r.macro_f1()},
                      {"macro_f1_ci95", {ci.macro_f1.low, ci.macro_f1.high}},
                      {"confusion_matrix", r.confusion.to_json()}});
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (size_t a = 0; a < results.size(); ++a)
    for (size_t b = a + 1; b < results.size(); ++b) {
      const McNemarResult m = mcnemar_test(labels, predicted_labels(results[a]), predicted_labels(results[b]));
      pairs.push_back({{"a", results[a].model_description},
                       {"b", results[b].model_description},
                       {"only_a_correct", m.only_a_correct},
                       {"only_b_correct", m.only_b_correct},
                       {"both_correct", m.both_correct},
                       {"both_wrong", m.both_wrong},
                       {"p_value", m.p_value},
                       {"test", "McNemar, exact two-sided binomial"}});
    }
  return {{"bootstrap", {{"resamples", kBootstrapResamples}, {"seed", kBootstrapSeed}, {"level", 0.95}}},
          {"models", models},
          {"mcnemar", pairs}};
}

}  // namespace ferlab::cli
