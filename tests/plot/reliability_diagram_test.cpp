// The reliability diagram drawn with real OpenCV rendering.
#include "plot/reliability_diagram.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace ferlab {
namespace {

CalibrationReport two_bins() {
  CalibrationReport r;
  r.bins.resize(kCalibrationBins);
  for (int b = 0; b < kCalibrationBins; ++b) r.bins[b] = {b / 15.0, (b + 1) / 15.0, 0, 0, 0};
  r.bins[13] = {13 / 15.0, 14 / 15.0, 40, 0.9, 0.5};  // overconfident
  r.bins[7] = {7 / 15.0, 8 / 15.0, 10, 0.5, 0.5};
  r.samples = 50;
  r.ece = 0.32;
  return r;
}

// Non-white pixels in a column band of the image, as a fraction of its height.
double ink_fraction(const cv::Mat& image, int x0, int x1) {
  int ink = 0;
  for (int y = 0; y < image.rows; ++y)
    for (int x = x0; x < x1; ++x) {
      const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
      ink += (p[0] < 200 || p[1] < 200 || p[2] < 200) ? 1 : 0;
    }
  return static_cast<double>(ink) / (image.rows * (x1 - x0));
}

TEST(ReliabilityDiagram, OnePanelPerModelWithBarsWhereTheBinsHaveFaces) {
  const cv::Mat image = render_reliability_diagram({{"a", two_bins()}, {"b", two_bins()}}, "title");
  ASSERT_EQ(image.type(), CV_8UC3);
  EXPECT_EQ(image.cols, 2 * 520);
  // The plot area of panel one spans x = 64 .. 508; bin 13 covers 13/15..14/15 of it,
  // bin 2 (empty) 2/15..3/15. Only the first holds a bar.
  const int left = 64, width = 520 - 76;
  const int bar13 = left + width * 13 / 15 + 4, bar2 = left + width * 2 / 15 + 4;
  EXPECT_GT(ink_fraction(image, bar13, bar13 + 20), 0.3);
  EXPECT_LT(ink_fraction(image, bar2, bar2 + 20), 0.1);
}

TEST(ReliabilityDiagram, NothingToDrawIsAUsageError) {
  EXPECT_THROW(render_reliability_diagram({}, "t"), UsageError);
}

}  // namespace
}  // namespace ferlab
