#pragma once
// A rectangle of an image with linear x and y axes, ticks and labels: the
// frame that line charts draw into.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <string>

namespace ferlab {

struct Range {
  double min = 0, max = 1;
};

// Widens [min, max] outwards to multiples of a "nice" step (1, 2 or 5 x 10^k) so
// that ticks fall on round numbers; returns the step.
double nice_range(Range& range, int max_ticks);

class ChartAxes {
 public:
  // Draws the frame, grid, ticks and labels of the chart occupying `area`.
  ChartAxes(cv::Mat& image, cv::Rect area, Range x, Range y, const std::string& x_label, const std::string& y_label);

  cv::Point to_pixel(double x, double y) const;
  const cv::Rect& plot_area() const { return plot_; }

 private:
  cv::Rect plot_;
  Range x_, y_;
};

}  // namespace ferlab
