#include <gtest/gtest.h>

#include "vision/label_stability.hpp"

namespace ferlab {
namespace {

TEST(LabelChangeCounter, CountsChangesWithinEachTrackPerMinuteOfTrackTime) {
  LabelChangeCounter counter;
  // Track 1 over 30 s: neutral, sad, neutral (two changes).
  counter.add(1, 0.0, 6);
  counter.add(1, 10.0, 4);
  counter.add(1, 30.0, 6);
  // Track 2 over 30 s, interleaved with track 1: always happy (a new track is no change).
  counter.add(2, 5.0, 3);
  counter.add(2, 35.0, 3);
  const LabelStability stability = counter.result();
  EXPECT_EQ(stability.changes, 2);
  EXPECT_DOUBLE_EQ(stability.seconds, 60.0);
  EXPECT_DOUBLE_EQ(stability.per_minute(), 2.0);
}

TEST(LabelChangeCounter, NothingSeenIsNoChange) {
  EXPECT_DOUBLE_EQ(LabelChangeCounter().result().per_minute(), 0.0);
}

}  // namespace
}  // namespace ferlab
