#pragma once
// The statistics the explanation reports use: Spearman's rank correlation
// between two maps (Adebayo et al.'s similarity for the sanity checks) and a
// mean with its 95 % confidence interval.
#include <opencv2/core.hpp>

#include <vector>

namespace ferlab {

// Pearson correlation of the pixels' ranks, ties given their mean rank (a
// CAM's zero region is one big tie). Two same-sized CV_32FC1 maps; 0 when
// either map is constant.
double spearman_correlation(const cv::Mat& a, const cv::Mat& b);

struct MeanInterval {
  double mean = 0;
  double half_width = 0;  // 1.96 standard errors: the normal approximation, fine for the hundreds of faces reported
};
MeanInterval mean_with_ci95(const std::vector<double>& values);  // {0, 0} for no values

}  // namespace ferlab
