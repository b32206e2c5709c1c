#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "core/confusion_matrix.hpp"

namespace ferlab {
namespace {

constexpr int kAngry = 0, kDisgust = 1, kFear = 2, kHappy = 3, kSad = 4, kSurprise = 5, kNeutral = 6;

// The hand-worked example every test below checks against (rows = true, columns = predicted):
//
//              angry disgust fear happy sad surprise neutral | support
//   angry        3      0     1     0    0     0       0     |   4
//   disgust      1      1     0     0    0     0       0     |   2
//   fear         0      0     2     0    0     0       1     |   3
//   happy        0      0     0     5    0     0       0     |   5
//   sad          0      0     0     1    0     0       0     |   1
//   surprise     0      0     0     0    0     0       0     |   0
//   neutral      0      0     0     0    0     0       0     |   0
//   predicted    4      1     3     6    0     0       1     |  15
//
// accuracy = (3+1+2+5+0) / 15 = 11/15
// precision = diagonal / column sum: angry 3/4, disgust 1/1, fear 2/3, happy 5/6,
//   sad 0/0 -> 0, surprise 0/0 -> 0, neutral 0/1 = 0
// recall = diagonal / row sum: angry 3/4, disgust 1/2, fear 2/3, happy 5/5,
//   sad 0/1 = 0, surprise 0/0 -> 0, neutral 0/0 -> 0
// F1 = 2PR/(P+R): angry 3/4, disgust 2*1*(1/2)/(3/2) = 2/3, fear 2/3,
//   happy 2*(5/6)*1/(11/6) = 10/11, sad/surprise/neutral 0
// macro-F1 = (3/4 + 2/3 + 2/3 + 10/11 + 0 + 0 + 0) / 7 = (99 + 176 + 120)/132 / 7 = 395/924
ConfusionMatrix hand_worked_matrix() {
  ConfusionMatrix cm;
  auto add_n = [&](int t, int p, int n) {
    for (int i = 0; i < n; ++i) cm.add(t, p);
  };
  add_n(kAngry, kAngry, 3);
  add_n(kAngry, kFear, 1);
  add_n(kDisgust, kAngry, 1);
  add_n(kDisgust, kDisgust, 1);
  add_n(kFear, kFear, 2);
  add_n(kFear, kNeutral, 1);
  add_n(kHappy, kHappy, 5);
  add_n(kSad, kHappy, 1);
  return cm;
}

TEST(ConfusionMatrix, CountsRowsAsTrueClassAndColumnsAsPrediction) {
  const ConfusionMatrix cm = hand_worked_matrix();
  EXPECT_EQ(cm.total(), 15u);
  EXPECT_EQ(cm.correct(), 11u);
  EXPECT_EQ(cm.count(kAngry, kFear), 1u);
  EXPECT_EQ(cm.count(kFear, kAngry), 0u);
  EXPECT_EQ(cm.count(kSad, kHappy), 1u);
}

TEST(ConfusionMatrix, AccuracyIsDiagonalOverTotal) {
  EXPECT_DOUBLE_EQ(hand_worked_matrix().accuracy(), 11.0 / 15.0);
}

TEST(ConfusionMatrix, PerClassPrecisionRecallF1MatchHandArithmetic) {
  const auto m = hand_worked_matrix().per_class();
  EXPECT_DOUBLE_EQ(m[kAngry].precision, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(m[kAngry].recall, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(m[kAngry].f1, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(m[kDisgust].precision, 1.0);
  EXPECT_DOUBLE_EQ(m[kDisgust].recall, 1.0 / 2.0);
  EXPECT_DOUBLE_EQ(m[kDisgust].f1, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m[kFear].f1, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m[kHappy].precision, 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(m[kHappy].recall, 1.0);
  EXPECT_DOUBLE_EQ(m[kHappy].f1, 10.0 / 11.0);
  EXPECT_EQ(m[kAngry].support, 4u);
  EXPECT_EQ(m[kHappy].support, 5u);
}

TEST(ConfusionMatrix, ZeroSupportAndNeverPredictedClassesScoreZeroNotNaN) {
  const auto m = hand_worked_matrix().per_class();
  // sad: one sample, never predicted -> precision 0/0, recall 0/1.
  EXPECT_EQ(m[kSad].support, 1u);
  EXPECT_EQ(m[kSad].precision, 0.0);
  EXPECT_EQ(m[kSad].recall, 0.0);
  EXPECT_EQ(m[kSad].f1, 0.0);
  // surprise: no samples, no predictions -> everything 0/0.
  EXPECT_EQ(m[kSurprise].support, 0u);
  EXPECT_EQ(m[kSurprise].precision, 0.0);
  EXPECT_EQ(m[kSurprise].recall, 0.0);
  EXPECT_EQ(m[kSurprise].f1, 0.0);
  // neutral: predicted once, never the true class -> precision 0/1, recall 0/0.
  EXPECT_EQ(m[kNeutral].precision, 0.0);
  EXPECT_EQ(m[kNeutral].recall, 0.0);
}

TEST(ConfusionMatrix, MacroF1AveragesAllSevenClasses) {
  EXPECT_NEAR(hand_worked_matrix().macro_f1(), 395.0 / 924.0, 1e-12);
}

TEST(ConfusionMatrix, EmptyMatrixHasZeroMetricsAndNoNaN) {
  const ConfusionMatrix cm;
  EXPECT_EQ(cm.accuracy(), 0.0);
  EXPECT_EQ(cm.macro_f1(), 0.0);
  for (const auto& row : cm.row_normalized())
    for (double v : row) EXPECT_EQ(v, 0.0);
  EXPECT_EQ(cm.to_json().dump().find("null"), std::string::npos);  // NaN would dump as null
}

TEST(ConfusionMatrix, RowNormalizedRowsSumToOneOrZero) {
  const auto rows = hand_worked_matrix().row_normalized();
  EXPECT_DOUBLE_EQ(rows[kAngry][kAngry], 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(rows[kFear][kNeutral], 1.0 / 3.0);
  for (int t = 0; t < kNumEmotions; ++t) {
    double sum = 0;
    for (double v : rows[t]) sum += v;
    EXPECT_NEAR(sum, t == kSurprise || t == kNeutral ? 0.0 : 1.0, 1e-12) << emotion_name(t);
  }
}

TEST(ConfusionMatrix, RejectsLabelOutsideTheSevenClasses) {
  ConfusionMatrix cm;
  EXPECT_THROW(cm.add(7, 0), std::out_of_range);
  EXPECT_THROW(cm.add(0, -1), std::out_of_range);
  EXPECT_EQ(cm.total(), 0u);
}

TEST(ConfusionMatrix, MergeAddsCounts) {
  ConfusionMatrix a = hand_worked_matrix();
  a.merge(hand_worked_matrix());
  EXPECT_EQ(a.total(), 30u);
  EXPECT_EQ(a.count(kHappy, kHappy), 10u);
  EXPECT_DOUBLE_EQ(a.accuracy(), 11.0 / 15.0);
}

TEST(ConfusionMatrix, CsvHasClassHeaderAndOneRowPerTrueClass) {
  const std::string csv = hand_worked_matrix().to_csv();
  std::istringstream in(csv);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[0], "true\\predicted,angry,disgust,fear,happy,sad,surprise,neutral");
  EXPECT_EQ(lines[1], "angry,3,0,1,0,0,0,0");
  EXPECT_EQ(lines[3], "fear,0,0,2,0,0,0,1");
  EXPECT_EQ(lines[5], "sad,0,0,0,1,0,0,0");
  EXPECT_EQ(lines[7], "neutral,0,0,0,0,0,0,0");
}

TEST(ConfusionMatrix, JsonCarriesCountsAndMetricsByClassName) {
  const nlohmann::json j = hand_worked_matrix().to_json();
  EXPECT_EQ(j["classes"][6], "neutral");
  EXPECT_EQ(j["counts"][0][2], 1);
  EXPECT_EQ(j["total"], 15);
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), 11.0 / 15.0);
  EXPECT_NEAR(j["macro_f1"].get<double>(), 395.0 / 924.0, 1e-12);
  EXPECT_DOUBLE_EQ(j["per_class"]["happy"]["f1"].get<double>(), 10.0 / 11.0);
  EXPECT_EQ(j["per_class"]["sad"]["support"], 1);
  EXPECT_DOUBLE_EQ(j["row_normalized"][2][6].get<double>(), 1.0 / 3.0);
  // Survives a round trip through text: no NaN or infinity anywhere.
  EXPECT_EQ(nlohmann::json::parse(j.dump()), j);
}

TEST(ConfusionMatrix, TableNamesClassesAndShowsCountsAndScores) {
  const std::string table = hand_worked_matrix().to_table();
  for (std::string_view name : emotion_names()) EXPECT_NE(table.find(name), std::string::npos) << name;
  EXPECT_NE(table.find("precision"), std::string::npos);
  EXPECT_NE(table.find("0.909"), std::string::npos);  // happy F1 = 10/11
  EXPECT_NE(table.find("0.427"), std::string::npos);  // macro-F1 = 395/924
  // Every matrix line has the same width so the columns line up.
  std::istringstream in(table);
  std::string header, row;
  std::getline(in, header);
  for (int i = 0; i < kNumEmotions; ++i) {
    std::getline(in, row);
    EXPECT_EQ(row.size(), header.size()) << row;
  }
}

}  // namespace
}  // namespace ferlab
