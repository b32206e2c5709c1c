#include "core/confusion_matrix.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace ferlab {

namespace {

double ratio(size_t numerator, size_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

void check_label(int label, const char* role) {
  if (label < 0 || label >= kNumEmotions)
    throw std::out_of_range(std::string("ConfusionMatrix: ") + role + " label " + std::to_string(label) +
                            " is outside 0.." + std::to_string(kNumEmotions - 1));
}

size_t idx(int label) { return static_cast<size_t>(label); }

}  // namespace

void ConfusionMatrix::add(int true_label, int predicted_label) {
  check_label(true_label, "true");
  check_label(predicted_label, "predicted");
  ++counts_[idx(true_label)][idx(predicted_label)];
  ++total_;
}

void ConfusionMatrix::merge(const ConfusionMatrix& other) {
  for (size_t t = 0; t < kNumEmotions; ++t)
    for (size_t p = 0; p < kNumEmotions; ++p) counts_[t][p] += other.counts_[t][p];
  total_ += other.total_;
}

size_t ConfusionMatrix::count(int true_label, int predicted_label) const {
  check_label(true_label, "true");
  check_label(predicted_label, "predicted");
  return counts_[idx(true_label)][idx(predicted_label)];
}

size_t ConfusionMatrix::correct() const {
  size_t sum = 0;
  for (size_t c = 0; c < kNumEmotions; ++c) sum += counts_[c][c];
  return sum;
}

std::array<std::array<double, kNumEmotions>, kNumEmotions> ConfusionMatrix::row_normalized() const {
  std::array<std::array<double, kNumEmotions>, kNumEmotions> out{};
  for (size_t t = 0; t < kNumEmotions; ++t) {
    size_t row_sum = 0;
    for (size_t p = 0; p < kNumEmotions; ++p) row_sum += counts_[t][p];
    for (size_t p = 0; p < kNumEmotions; ++p) out[t][p] = ratio(counts_[t][p], row_sum);
  }
  return out;
}

double ConfusionMatrix::accuracy() const { return ratio(correct(), total_); }

ClassMetrics ConfusionMatrix::class_metrics(int label) const {
  check_label(label, "class");
  const size_t c = idx(label);
  size_t support = 0;    // row sum: samples of this class
  size_t predicted = 0;  // column sum: samples predicted as this class
  for (size_t k = 0; k < kNumEmotions; ++k) {
    support += counts_[c][k];
    predicted += counts_[k][c];
  }
  ClassMetrics m;
  m.support = support;
  m.precision = ratio(counts_[c][c], predicted);
  m.recall = ratio(counts_[c][c], support);
  const double sum = m.precision + m.recall;
  m.f1 = sum == 0 ? 0.0 : 2 * m.precision * m.recall / sum;
  return m;
}

std::array<ClassMetrics, kNumEmotions> ConfusionMatrix::per_class() const {
  std::array<ClassMetrics, kNumEmotions> out;
  for (int c = 0; c < kNumEmotions; ++c) out[idx(c)] = class_metrics(c);
  return out;
}

double ConfusionMatrix::macro_f1() const {
  double sum = 0;
  for (const ClassMetrics& m : per_class()) sum += m.f1;
  return sum / kNumEmotions;
}

nlohmann::json ConfusionMatrix::to_json() const {
  nlohmann::json j;
  j["classes"] = nlohmann::json::array();
  for (std::string_view name : emotion_names()) j["classes"].push_back(std::string(name));
  j["counts"] = counts_;
  j["row_normalized"] = row_normalized();
  j["total"] = total_;
  j["accuracy"] = accuracy();
  j["macro_f1"] = macro_f1();
  nlohmann::json per = nlohmann::json::object();
  const auto metrics = per_class();
  for (int c = 0; c < kNumEmotions; ++c) {
    const ClassMetrics& m = metrics[idx(c)];
    per[std::string(emotion_name(c))] = {
        {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}, {"support", m.support}};
  }
  j["per_class"] = per;
  return j;
}

std::string ConfusionMatrix::to_csv() const {
  std::ostringstream out;
  // The corner cell says which axis is which, so the file reads on its own.
  out << "true\\predicted";
  for (std::string_view name : emotion_names()) out << ',' << name;
  out << '\n';
  for (int t = 0; t < kNumEmotions; ++t) {
    out << emotion_name(t);
    for (size_t p = 0; p < kNumEmotions; ++p) out << ',' << counts_[idx(t)][p];
    out << '\n';
  }
  return out.str();
}

std::string ConfusionMatrix::to_table() const {
  // Columns are as wide as the widest class name or count, so that the matrix
  // stays aligned for both a 20-sample smoke test and the 28,709-image train split.
  size_t width = 8;  // "surprise"
  for (const auto& row : counts_)
    for (size_t v : row) width = std::max(width, std::to_string(v).size());
  const int w = static_cast<int>(width);
  char cell[64];
  std::string out;
  std::snprintf(cell, sizeof cell, "%-*s", w + 2, "true\\pred");
  out += cell;
  for (std::string_view name : emotion_names()) {
    std::snprintf(cell, sizeof cell, " %*s", w, std::string(name).c_str());
    out += cell;
  }
  out += "\n";
  for (int t = 0; t < kNumEmotions; ++t) {
    std::snprintf(cell, sizeof cell, "%-*s", w + 2, emotion_name(t));
    out += cell;
    for (size_t p = 0; p < kNumEmotions; ++p) {
      std::snprintf(cell, sizeof cell, " %*zu", w, counts_[idx(t)][p]);
      out += cell;
    }
    out += "\n";
  }
  out += "\n";
  std::snprintf(cell, sizeof cell, "%-10s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "support");
  out += cell;
  const auto metrics = per_class();
  for (int c = 0; c < kNumEmotions; ++c) {
    const ClassMetrics& m = metrics[idx(c)];
    std::snprintf(cell, sizeof cell, "%-10s %9.3f %9.3f %9.3f %9zu\n", emotion_name(c),
                  m.precision, m.recall, m.f1, m.support);
    out += cell;
  }
  std::snprintf(cell, sizeof cell, "%-10s %9s %9s %9.3f %9zu\n", "macro avg", "", "", macro_f1(), total_);
  out += cell;
  std::snprintf(cell, sizeof cell, "%-10s %9s %9s %9.3f %9zu\n", "accuracy", "", "", accuracy(), total_);
  out += cell;
  return out;
}

}  // namespace ferlab
