#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "train/class_balance.hpp"

namespace ferlab {
namespace {

TEST(ClassWeights, AreInverseSqrtFrequencyWithMeanSampleWeightOne) {
  const ClassCounts counts{400, 25, 100, 400, 100, 100, 100};
  const auto w = inverse_sqrt_class_weights(counts);
  EXPECT_NEAR(w[1] / w[0], 4.0, 1e-12);  // 16x rarer -> 4x the weight
  EXPECT_NEAR(w[2] / w[0], 2.0, 1e-12);
  double total = 0, weighted = 0;
  for (int c = 0; c < kNumEmotions; ++c) {
    total += counts[c];
    weighted += counts[c] * w[c];
  }
  EXPECT_NEAR(weighted / total, 1.0, 1e-12);
}

TEST(ClassWeights, AbsentClassGetsZeroWeight) {
  const ClassCounts counts{10, 0, 10, 10, 10, 10, 10};
  const auto w = inverse_sqrt_class_weights(counts);
  EXPECT_EQ(w[1], 0.0);
  EXPECT_NEAR(w[0], 1.0, 1e-12);
}

std::vector<uint8_t> imbalanced_labels() {
  std::vector<uint8_t> labels;
  for (int c = 0; c < kNumEmotions; ++c) labels.insert(labels.end(), c == 1 ? 10 : 160, static_cast<uint8_t>(c));
  return labels;
}

TEST(EpochOrder, IsAReproduciblePermutationThatChangesEveryEpoch) {
  const auto labels = imbalanced_labels();
  auto order = epoch_order(labels, Balance::None, 42, 0);
  EXPECT_EQ(order, epoch_order(labels, Balance::None, 42, 0));
  EXPECT_NE(order, epoch_order(labels, Balance::None, 42, 1));
  std::sort(order.begin(), order.end());
  for (uint32_t i = 0; i < order.size(); ++i) ASSERT_EQ(order[i], i);
}

TEST(EpochOrder, OversamplingRaisesTheRareClassToItsSqrtShare) {
  const auto labels = imbalanced_labels();
  const auto order = epoch_order(labels, Balance::Oversample, 42, 0);
  ASSERT_EQ(order.size(), labels.size());
  const auto rare = std::count_if(order.begin(), order.end(), [&](uint32_t i) { return labels[i] == 1; });
  // Class mass proportional to sqrt(n): sqrt(10) / (sqrt(10) + 6 sqrt(160)) = 4 % of 970 = ~39, not 10.
  EXPECT_GT(rare, 25);
  EXPECT_LT(rare, 60);
}

TEST(Balance, UnknownNameIsAUsageError) { EXPECT_THROW(balance_from_name("smote"), UsageError); }

}  // namespace
}  // namespace ferlab
