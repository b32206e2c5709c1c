#include <gtest/gtest.h>

#include <cmath>

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

TEST(EmaUpdate, BlendsTheNewestProbabilitiesWithItsWeight) {
  const Probabilities old = one_hot_ish(3, 1.f);
  const Probabilities latest = one_hot_ish(4, 1.f);
  const Probabilities out = ema_update(old, latest, 0.25f);
  EXPECT_FLOAT_EQ(out[3], 0.75f);
  EXPECT_FLOAT_EQ(out[4], 0.25f);
  EXPECT_FLOAT_EQ(out[0], 0.f);
}

TEST(SmoothingWeight, MeansTheSameTimeConstantAtAnyFrameRate) {
  // One second of a new expression, seen at 30 fps or at 5 fps: the same share of it shows.
  for (const int fps : {30, 5}) {
    FaceTracker tracker(TrackerOptions{0.3f, 5, 0.5f});
    tracker.update({{0, 0, 50, 50}});
    tracker.observe(1, one_hot_ish(6, 1.f), 0.0);
    ShownEmotion shown;
    for (int f = 1; f <= fps; ++f) {
      tracker.update({{0, 0, 50, 50}});
      shown = tracker.observe(1, one_hot_ish(3, 1.f), static_cast<double>(f) / fps);
    }
    EXPECT_NEAR(shown.probabilities[3], 1 - std::exp(-1.0 / 0.5), 1e-4) << fps << " fps";
  }
  EXPECT_FLOAT_EQ(smoothing_weight(0.1, 0.f), 1.f);  // 0: no smoothing
  EXPECT_FLOAT_EQ(smoothing_weight(-3.0, 0.5f), smoothing_weight(1.0 / 30, 0.5f));  // a file starting over
}

TEST(FaceTracker, SmoothsEachTracksProbabilitiesAndKeepsTheRawOnes) {
  FaceTracker tracker(TrackerOptions{0.3f, 5, 0.5f});
  tracker.update({{0, 0, 50, 50}});
  tracker.observe(1, one_hot_ish(3, 1.f), 0.0);  // first observation taken as is
  tracker.update({{0, 0, 50, 50}});
  const double half_weight_gap = 0.5 * std::log(2.0);  // exp(-gap / 0.5) = 1/2
  tracker.observe(1, one_hot_ish(0, 1.f), half_weight_gap);
  EXPECT_NEAR(tracker.find(1)->smoothed[3], 0.5f, 1e-6);
  EXPECT_NEAR(tracker.find(1)->smoothed[0], 0.5f, 1e-6);
  EXPECT_FLOAT_EQ(tracker.find(1)->raw[0], 1.f);
}

TEST(FaceTracker, ShowsTheLargestSmoothedProbabilityNotTheLatestFrames) {
  FaceTracker tracker(TrackerOptions{0.3f, 5, 1.0f});
  tracker.update({{0, 0, 50, 50}});
  tracker.observe(1, one_hot_ish(6, 0.8f), 0.0);
  tracker.update({{0, 0, 50, 50}});
  // One frame of disgust: the raw argmax changes, what is shown does not.
  const ShownEmotion shown = tracker.observe(1, one_hot_ish(1, 0.9f), 1.0 / 30);
  EXPECT_EQ(shown.label, 6);
  EXPECT_FLOAT_EQ(shown.confidence, shown.probabilities[6]);
  for (const float p : shown.probabilities) EXPECT_LE(p, shown.confidence);
  EXPECT_EQ(tracker.find(1)->smoothed, shown.probabilities);
}

}  // namespace
}  // namespace ferlab
