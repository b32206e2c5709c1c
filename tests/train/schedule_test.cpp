#include <gtest/gtest.h>

#include "train/lr_schedule.hpp"

namespace ferlab {
namespace {

TEST(CosineSchedule, WarmsUpLinearlyThenFollowsHalfACosineToTheMinimum) {
  const CosineSchedule s{/*base_lr=*/1e-3, /*min_lr=*/1e-5, /*warmup_epochs=*/2, /*total_epochs=*/10};
  EXPECT_GT(s.lr_at(0), 0);
  EXPECT_LT(s.lr_at(0), 0.01 * 1e-3);
  EXPECT_NEAR(s.lr_at(1), 0.5 * 1e-3, 0.01 * 1e-3);
  EXPECT_DOUBLE_EQ(s.lr_at(2), 1e-3);
  EXPECT_NEAR(s.lr_at(6), 1e-5 + 0.5 * (1e-3 - 1e-5), 1e-12);  // half-way through the decay
  EXPECT_NEAR(s.lr_at(10), 1e-5, 1e-12);
  EXPECT_GT(s.lr_at(4), s.lr_at(5));
}

TEST(CosineSchedule, WithoutWarmupStartsAtTheBaseRate) {
  const CosineSchedule s{0.1, 0, 0, 4};
  EXPECT_DOUBLE_EQ(s.lr_at(0), 0.1);
  EXPECT_NEAR(s.lr_at(2), 0.05, 1e-12);
  EXPECT_NEAR(s.lr_at(4), 0, 1e-12);
}

TEST(PlateauSchedule, ReducesTheRateAfterPatienceEpochsWithoutImprovement) {
  PlateauSchedule s(/*base_lr=*/0.1, /*factor=*/0.5, /*patience=*/2, /*min_lr=*/0.02);
  EXPECT_DOUBLE_EQ(s.step(0.50), 0.1);
  EXPECT_DOUBLE_EQ(s.step(0.55), 0.1);
  EXPECT_DOUBLE_EQ(s.step(0.54), 0.1);   // 1 bad epoch
  EXPECT_DOUBLE_EQ(s.step(0.55), 0.1);   // 2: equal is no improvement
  EXPECT_DOUBLE_EQ(s.step(0.53), 0.05);  // 3 > patience: reduced
  EXPECT_DOUBLE_EQ(s.step(0.60), 0.05);  // improvement resets the count
  for (int i = 0; i < 3; ++i) s.step(0.1);
  EXPECT_DOUBLE_EQ(s.lr(), 0.025);
  for (int i = 0; i < 3; ++i) s.step(0.1);
  EXPECT_DOUBLE_EQ(s.lr(), 0.02);  // floored at min_lr
}

TEST(PlateauSchedule, RestoredStateContinuesExactlyWhereItStopped) {
  PlateauSchedule a(0.1, 0.5, 1);
  a.step(0.5);
  a.step(0.4);
  PlateauSchedule b(0.1, 0.5, 1);
  b.restore(a.state());
  EXPECT_DOUBLE_EQ(a.step(0.4), b.step(0.4));
  EXPECT_DOUBLE_EQ(b.lr(), 0.05);
}

}  // namespace
}  // namespace ferlab
