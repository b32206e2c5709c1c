#include "eval/temperature_fit.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace ferlab {
namespace {

constexpr size_t kChunk = 256;  // faces per progress call, as evaluate() uses

std::vector<ClassScores> softmax_rows(const std::vector<ClassScores>& logits, double temperature) {
  std::vector<ClassScores> rows;
  rows.reserve(logits.size());
  for (const ClassScores& z : logits) rows.push_back(softmax_with_temperature(z, temperature));
  return rows;
}

}  // namespace

TemperatureFit fit_member_temperature(const FaceClassifier& classifier, size_t member, const FaceDataset& dataset,
                                      const EvalProgress& progress) {
  if (dataset.empty()) throw UsageError("cannot fit a temperature on an empty split");
  std::vector<ClassScores> logits;
  logits.reserve(dataset.size());
  std::vector<int> labels(dataset.labels().begin(), dataset.labels().end());
  for (size_t begin = 0; begin < dataset.size(); begin += kChunk) {
    const size_t count = std::min(kChunk, dataset.size() - begin);
    const std::vector<Logits> chunk = classifier.member_logits(member, dataset.image(begin), count);
    logits.insert(logits.end(), chunk.begin(), chunk.end());
    if (progress) progress(begin + count, dataset.size());
  }
  TemperatureFit fit;
  fit.temperature = fit_temperature(logits, labels);
  fit.before = calibration_report(softmax_rows(logits, 1.0), labels);
  fit.after = calibration_report(softmax_rows(logits, fit.temperature), labels);
  return fit;
}

}  // namespace ferlab
