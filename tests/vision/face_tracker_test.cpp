#include <gtest/gtest.h>

#include "vision/face_tracker.hpp"

namespace ferlab {
namespace {

Probabilities one_hot_ish(int label, float p) {
  Probabilities out;
  out.fill((1.f - p) / (kNumEmotions - 1));
  out[label] = p;
  return out;
}

TEST(FaceTracker, KeepsIdsOfMovingFacesAndNumbersNewOnes) {
  FaceTracker tracker(TrackerOptions{0.3f, 2});
  std::vector<int> first = tracker.update({{10, 10, 50, 50}, {200, 10, 50, 50}});
  EXPECT_EQ(first, (std::vector<int>{1, 2}));
  for (int f = 1; f <= 10; ++f) {
    // Listed in the other order each frame: matching is by overlap, not position in the list.
    const auto ids = tracker.update({{200.f - 4 * f, 10, 50, 50}, {10.f + 5 * f, 10.f + 2 * f, 50, 50}});
    EXPECT_EQ(ids, (std::vector<int>{2, 1})) << "frame " << f;
  }
  const auto with_newcomer = tracker.update({{60, 30, 50, 50}, {156, 10, 50, 50}, {400, 300, 60, 60}});
  EXPECT_EQ(with_newcomer, (std::vector<int>{1, 2, 3}));
}

TEST(FaceTracker, DropsTracksMissedForTooLongAndGivesReturningFacesANewId) {
  FaceTracker tracker(TrackerOptions{0.3f, 2});
  tracker.update({{10, 10, 50, 50}, {200, 10, 50, 50}});
  tracker.update({{10, 10, 50, 50}});  // face 2 missed once
  tracker.update({{10, 10, 50, 50}});  // twice: still kept
  ASSERT_NE(tracker.find(2), nullptr);
  EXPECT_EQ(tracker.find(2)->missed, 2);
  // A brief occlusion within max_missed keeps the ID.
  EXPECT_EQ(tracker.update({{10, 10, 50, 50}, {202, 12, 50, 50}}), (std::vector<int>{1, 2}));
  for (int f = 0; f < 3; ++f) tracker.update({{10, 10, 50, 50}});
  EXPECT_EQ(tracker.find(2), nullptr);
  EXPECT_EQ(tracker.update({{10, 10, 50, 50}, {200, 10, 50, 50}}), (std::vector<int>{1, 3}));
}

TEST(FaceTracker, EachTrackMatchesAtMostOneBox) {
  FaceTracker tracker;
  tracker.update({{0, 0, 100, 100}});
  // Two boxes overlap the one track; the better overlap keeps the ID.
  EXPECT_EQ(tracker.update({{30, 0, 100, 100}, {5, 0, 100, 100}}), (std::vector<int>{2, 1}));
}

TEST(EmaUpdate, BlendsTheNewestProbabilitiesWithWeightAlpha) {
  const Probabilities old = one_hot_ish(3, 1.f);
  const Probabilities latest = one_hot_ish(4, 1.f);
  const Probabilities out = ema_update(old, latest, 0.25f);
  EXPECT_FLOAT_EQ(out[3], 0.75f);
  EXPECT_FLOAT_EQ(out[4], 0.25f);
  EXPECT_FLOAT_EQ(out[0], 0.f);
}

TEST(FaceTracker, SmoothsEachTracksProbabilities) {
  FaceTracker tracker(TrackerOptions{0.3f, 5, 0.5f, 0.f, 1});
  tracker.update({{0, 0, 50, 50}});
  tracker.observe(1, one_hot_ish(3, 1.f));  // first observation taken as is
  tracker.update({{0, 0, 50, 50}});
  tracker.observe(1, one_hot_ish(0, 1.f));
  EXPECT_FLOAT_EQ(tracker.find(1)->smoothed[3], 0.5f);
  EXPECT_FLOAT_EQ(tracker.find(1)->smoothed[0], 0.5f);
  EXPECT_FLOAT_EQ(tracker.find(1)->raw[0], 1.f);
}

TEST(LabelHysteresis, SwitchesOnlyAfterKFramesOfAClearLead) {
  LabelHysteresis label(0.1f, 3);
  EXPECT_EQ(label.update(one_hot_ish(3, 0.6f)), 3);  // first frame: shown at once
  Probabilities close = one_hot_ish(3, 0.4f);
  close[4] = 0.45f;  // leads by 0.05 < margin
  for (int i = 0; i < 5; ++i) EXPECT_EQ(label.update(close), 3);
  Probabilities clear = one_hot_ish(3, 0.2f);
  clear[4] = 0.6f;
  EXPECT_EQ(label.update(clear), 3);
  EXPECT_EQ(label.update(clear), 3);
  EXPECT_EQ(label.update(clear), 4);  // third consecutive frame
}

TEST(LabelHysteresis, AnInterruptedLeadStartsCountingAgain) {
  LabelHysteresis label(0.1f, 2);
  label.update(one_hot_ish(6, 0.9f));
  EXPECT_EQ(label.update(one_hot_ish(3, 0.9f)), 6);
  EXPECT_EQ(label.update(one_hot_ish(6, 0.9f)), 6);
  EXPECT_EQ(label.update(one_hot_ish(3, 0.9f)), 6);
  EXPECT_EQ(label.update(one_hot_ish(3, 0.9f)), 3);
}

}  // namespace
}  // namespace ferlab
