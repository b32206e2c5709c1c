// BlazeFace's decoding maths against values worked out by hand from
// MediaPipe's SsdAnchorsCalculator and TensorsToDetectionsCalculator.
#include <gtest/gtest.h>

#include "vision/ssd_anchors.hpp"

namespace ferlab {
namespace {

TEST(SsdAnchors, FrontModelHas896AnchorsOn16x16x2And8x8x6) {
  const auto anchors = generate_ssd_anchors(128, {8, 16, 16, 16});
  ASSERT_EQ(anchors.size(), 896u);
  // First map: 16x16 cells, 2 anchors each, centred in their cell.
  EXPECT_FLOAT_EQ(anchors[0].x_center, 0.5f / 16);
  EXPECT_FLOAT_EQ(anchors[0].y_center, 0.5f / 16);
  EXPECT_FLOAT_EQ(anchors[1].x_center, 0.5f / 16);  // second anchor of the same cell
  EXPECT_FLOAT_EQ(anchors[2].x_center, 1.5f / 16);
  EXPECT_FLOAT_EQ(anchors[2 * 16].y_center, 1.5f / 16);  // start of the second row
  EXPECT_FLOAT_EQ(anchors[511].x_center, 15.5f / 16);
  EXPECT_FLOAT_EQ(anchors[511].y_center, 15.5f / 16);
  // Second map: the three stride-16 layers share 8x8 cells, 6 anchors each.
  EXPECT_FLOAT_EQ(anchors[512].x_center, 0.5f / 8);
  EXPECT_FLOAT_EQ(anchors[517].x_center, 0.5f / 8);
  EXPECT_FLOAT_EQ(anchors[518].x_center, 1.5f / 8);
  EXPECT_FLOAT_EQ(anchors[512 + 6 * 8].y_center, 1.5f / 8);
  EXPECT_FLOAT_EQ(anchors[895].x_center, 7.5f / 8);
}

TEST(SsdAnchors, BackModelHasTheSameLayoutAt256) {
  const auto anchors = generate_ssd_anchors(256, {16, 32, 32, 32});
  ASSERT_EQ(anchors.size(), 896u);
  EXPECT_FLOAT_EQ(anchors[2].x_center, 1.5f / 16);
  EXPECT_FLOAT_EQ(anchors[518].x_center, 1.5f / 8);
}

TEST(BlazeFaceDecoding, OffsetsAreInInputPixelsRelativeToTheAnchor) {
  // Anchor at (0.25, 0.75); input 128: cx = 0.25 + 12.8/128 = 0.35, cy = 0.75 - 6.4/128 = 0.7,
  // w = 32/128 = 0.25, h = 64/128 = 0.5.
  float raw[kBlazeFaceCoords] = {12.8f, -6.4f, 32.f, 64.f};
  raw[4] = -6.4f;  // right eye x: 0.25 - 0.05 = 0.2
  raw[5] = 0.f;    // right eye y: 0.75
  raw[14] = 25.6f; // right ear x: 0.25 + 0.2 = 0.45
  const RawDetection d = decode_blazeface_box(raw, {0.25f, 0.75f}, 128.f);
  EXPECT_FLOAT_EQ(d.xmin, 0.35f - 0.125f);
  EXPECT_FLOAT_EQ(d.xmax, 0.35f + 0.125f);
  EXPECT_FLOAT_EQ(d.ymin, 0.7f - 0.25f);
  EXPECT_FLOAT_EQ(d.ymax, 0.7f + 0.25f);
  EXPECT_FLOAT_EQ(d.keypoints[0], 0.2f);
  EXPECT_FLOAT_EQ(d.keypoints[1], 0.75f);
  EXPECT_FLOAT_EQ(d.keypoints[10], 0.45f);
}

TEST(BlazeFaceDecoding, ScoreIsSigmoidWithLogitClippedAt100) {
  EXPECT_FLOAT_EQ(blazeface_score(0.f), 0.5f);
  EXPECT_NEAR(blazeface_score(2.f), 1.f / (1.f + std::exp(-2.f)), 1e-6);
  EXPECT_FLOAT_EQ(blazeface_score(1e6f), blazeface_score(100.f));
  EXPECT_FLOAT_EQ(blazeface_score(-1e6f), blazeface_score(-100.f));
}

RawDetection box(float x0, float y0, float x1, float y1, float score, float kp = 0.f) {
  RawDetection d;
  d.xmin = x0, d.ymin = y0, d.xmax = x1, d.ymax = y1, d.score = score;
  d.keypoints.fill(kp);
  return d;
}

TEST(WeightedNms, MergesOverlappingBoxesIntoTheirScoreWeightedMean) {
  const auto merged = weighted_nms({box(0.1f, 0.1f, 0.5f, 0.5f, 0.6f, 0.2f), box(0.12f, 0.1f, 0.52f, 0.5f, 0.9f, 0.4f),
                                    box(0.7f, 0.7f, 0.9f, 0.9f, 0.8f)},
                                   0.3f);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_FLOAT_EQ(merged[0].score, 0.9f);  // the best one's score, not a sum
  EXPECT_NEAR(merged[0].xmin, (0.6f * 0.1f + 0.9f * 0.12f) / 1.5f, 1e-6);
  EXPECT_NEAR(merged[0].xmax, (0.6f * 0.5f + 0.9f * 0.52f) / 1.5f, 1e-6);
  EXPECT_NEAR(merged[0].keypoints[3], (0.6f * 0.2f + 0.9f * 0.4f) / 1.5f, 1e-6);
  EXPECT_FLOAT_EQ(merged[1].xmin, 0.7f);  // far away: kept as it was
  EXPECT_FLOAT_EQ(merged[1].score, 0.8f);
}

TEST(WeightedNms, KeepsBoxesOverlappingLessThanTheThreshold) {
  // IoU of these two: 0.2 x 0.4 overlap = 0.08 over union 0.16 + 0.16 - 0.08 = 0.24 -> 1/3.
  const auto merged = weighted_nms({box(0.f, 0.f, 0.4f, 0.4f, 0.9f), box(0.2f, 0.f, 0.6f, 0.4f, 0.8f)}, 0.4f);
  EXPECT_EQ(merged.size(), 2u);
  EXPECT_EQ(weighted_nms({box(0.f, 0.f, 0.4f, 0.4f, 0.9f), box(0.2f, 0.f, 0.6f, 0.4f, 0.8f)}, 0.3f).size(), 1u);
}

}  // namespace
}  // namespace ferlab
