// Face labels on a crowded frame: every label inside the frame and clear of
// the others, each as near its own box as the rule allows.
#include <gtest/gtest.h>

#include "vision/annotate.hpp"

namespace ferlab {
namespace {

std::vector<cv::Rect2f> label_rects(const std::vector<cv::Point2f>& corners, const std::vector<cv::Size2f>& sizes) {
  std::vector<cv::Rect2f> rects;
  for (size_t i = 0; i < corners.size(); ++i) rects.emplace_back(corners[i], sizes[i]);
  return rects;
}

TEST(PlaceLabels, ALoneFaceHasItsLabelRightAboveItsBox) {
  const auto corners = place_labels({{100, 100, 50, 50}}, {{80, 16}}, {640, 480});
  ASSERT_EQ(corners.size(), 1u);
  EXPECT_FLOAT_EQ(corners[0].x, 100);
  EXPECT_FLOAT_EQ(corners[0].y, 84);
}

TEST(PlaceLabels, AFaceAtTheTopGetsItsLabelBelowAndOneAtTheRightEdgeKeepsItInside) {
  const auto corners = place_labels({{10, 0, 50, 50}, {600, 200, 40, 40}}, {{80, 16}, {80, 16}}, {640, 480});
  EXPECT_FLOAT_EQ(corners[0].y, 50) << "below the box: above it is outside the frame";
  EXPECT_FLOAT_EQ(corners[1].x, 560) << "moved left so that the label ends at the frame's edge";
}

// Five small faces side by side, as on a group photo: labels wider than the
// gaps between the faces would overlap if all sat above their boxes.
TEST(PlaceLabels, NeighbouringFacesGetLabelsClearOfEachOther) {
  std::vector<cv::Rect2f> boxes;
  std::vector<cv::Size2f> sizes;
  for (int i = 0; i < 5; ++i) {
    boxes.emplace_back(100 + 40 * i, 200 + (i % 2) * 6, 30, 30);
    sizes.emplace_back(90, 16);
  }
  const auto rects = label_rects(place_labels(boxes, sizes, {640, 480}), sizes);
  ASSERT_EQ(rects.size(), 5u);
  for (size_t i = 0; i < rects.size(); ++i) {
    EXPECT_GE(rects[i].x, 0);
    EXPECT_GE(rects[i].y, 0);
    EXPECT_LE(rects[i].br().x, 640);
    EXPECT_LE(rects[i].br().y, 480);
    // Near its own face: within three label heights above or below the box.
    EXPECT_GE(rects[i].y, boxes[i].y - 4 * 16);
    EXPECT_LE(rects[i].y, boxes[i].br().y + 3 * 16);
    for (size_t j = 0; j < i; ++j) EXPECT_EQ((rects[i] & rects[j]).area(), 0) << "labels " << i << " and " << j;
  }
  EXPECT_FLOAT_EQ(rects[0].y, boxes[0].y - 16) << "the first face keeps the preferred spot";
}

}  // namespace
}  // namespace ferlab
