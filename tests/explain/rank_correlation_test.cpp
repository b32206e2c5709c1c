#include "explain/rank_correlation.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ferlab {
namespace {

cv::Mat ramp(float scale, float power) {
  cv::Mat m(4, 4, CV_32FC1);
  for (int i = 0; i < 16; ++i) m.at<float>(i / 4, i % 4) = scale * std::pow(static_cast<float>(i), power);
  return m;
}

TEST(SpearmanCorrelation, IsOneForAnyIncreasingTransformAndMinusOneReversed) {
  EXPECT_NEAR(spearman_correlation(ramp(1, 1), ramp(3, 2)), 1.0, 1e-12);
  EXPECT_NEAR(spearman_correlation(ramp(1, 1), ramp(-1, 1)), -1.0, 1e-12);
}

TEST(SpearmanCorrelation, GivesTiesTheirMeanRank) {
  // a = 0 0 1 1 (ranks 0.5 0.5 2.5 2.5), b = 0 1 2 3: rho = 2 / sqrt(5)
  const cv::Mat a = (cv::Mat_<float>(1, 4) << 0, 0, 1, 1);
  const cv::Mat b = (cv::Mat_<float>(1, 4) << 0, 1, 2, 3);
  EXPECT_NEAR(spearman_correlation(a, b), 2.0 / std::sqrt(5.0), 1e-12);
  EXPECT_EQ(spearman_correlation(a, cv::Mat::zeros(1, 4, CV_32FC1)), 0.0) << "a constant map correlates with nothing";
}

TEST(MeanWithCi95, IsTheNormalIntervalOfTheMean) {
  const MeanInterval m = mean_with_ci95({1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  EXPECT_NEAR(m.half_width, 1.96 * std::sqrt(5.0 / 3.0 / 4.0), 1e-12);
}

}  // namespace
}  // namespace ferlab
