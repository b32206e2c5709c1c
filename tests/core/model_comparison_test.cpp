// McNemar's test and bootstrap intervals against hand-worked numbers.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/confusion_matrix.hpp"
#include "core/model_comparison.hpp"

namespace ferlab {
namespace {

// A table of 20 faces: both right 7, only A right 2, only B right 8, both wrong 3.
// Exact two-sided p = 2 * P(X <= 2), X ~ Bin(10, 1/2) = 2 * (1 + 10 + 45) / 1024 = 0.109375.
TEST(McNemar, MatchesHandWorkedTable) {
  std::vector<int> labels, a, b;
  auto add = [&](int n, bool a_right, bool b_right) {
    for (int i = 0; i < n; ++i) {
      labels.push_back(3);
      a.push_back(a_right ? 3 : 0);
      b.push_back(b_right ? 3 : 1);
    }
  };
  add(7, true, true);
  add(2, true, false);
  add(8, false, true);
  add(3, false, false);
  const McNemarResult r = mcnemar_test(labels, a, b);
  EXPECT_EQ(r.both_correct, 7u);
  EXPECT_EQ(r.only_a_correct, 2u);
  EXPECT_EQ(r.only_b_correct, 8u);
  EXPECT_EQ(r.both_wrong, 3u);
  EXPECT_NEAR(r.p_value, 112.0 / 1024, 1e-12);
}

TEST(McNemar, SymmetricAndBounded) {
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(2, 8), mcnemar_exact_p(8, 2));
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(5, 5), 1.0);  // 2 * P(X <= 5) > 1 is capped
  // 0 vs 10: 2 / 1024.
  EXPECT_NEAR(mcnemar_exact_p(0, 10), 2.0 / 1024, 1e-12);
  // Thousands of discordant faces do not underflow to 0 or overflow.
  const double p = mcnemar_exact_p(1000, 1100);
  EXPECT_GT(p, 0.01);
  EXPECT_LT(p, 0.05);
}

TEST(Bootstrap, IntervalContainsTheEstimateAndIsSeeded) {
  std::vector<int> labels, predicted;
  for (int i = 0; i < 400; ++i) {
    labels.push_back(i % 7);
    predicted.push_back(i % 4 == 0 ? (i + 1) % 7 : i % 7);  // 75 % right
  }
  const BootstrapIntervals ci = bootstrap_intervals(labels, predicted, 500, 11);
  EXPECT_LT(ci.accuracy.low, 0.75);
  EXPECT_GT(ci.accuracy.high, 0.75);
  // Binomial standard error sqrt(.75*.25/400) = 0.0217: a 95 % interval about +-0.042 wide.
  EXPECT_NEAR(ci.accuracy.high - ci.accuracy.low, 2 * 1.96 * 0.0217, 0.015);
  EXPECT_LE(ci.macro_f1.low, ci.macro_f1.high);
  const BootstrapIntervals again = bootstrap_intervals(labels, predicted, 500, 11);
  EXPECT_EQ(ci.accuracy.low, again.accuracy.low);
  EXPECT_EQ(ci.macro_f1.high, again.macro_f1.high);
}

TEST(Bootstrap, RejectsMismatchedInput) {
  EXPECT_THROW(bootstrap_intervals({1, 2}, {1}), std::invalid_argument);
  EXPECT_THROW(bootstrap_intervals({}, {}), std::invalid_argument);
}

TEST(ConfusionDifference, SignedCountsOfBMinusA) {
  ConfusionMatrix a, b;
  a.add(0, 0), a.add(0, 2), a.add(3, 3);
  b.add(0, 0), b.add(0, 0), b.add(3, 3);
  const std::string table = confusion_difference_table(a, b);
  // Row angry: one more face kept as angry, one fewer sent to fear.
  EXPECT_NE(table.find("angry            +1        0       -1        0"), std::string::npos) << table;
  EXPECT_NE(table.find("happy             0        0        0        0"), std::string::npos) << table;
}

}  // namespace
}  // namespace ferlab
