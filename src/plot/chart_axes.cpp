#include "plot/chart_axes.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>

namespace ferlab {
namespace {

constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;
const cv::Scalar kInk(40, 40, 40), kGrid(225, 225, 225);

std::string tick_text(double value, double step) {
  char text[32];
  std::snprintf(text, sizeof text, step < 1 ? "%.1f" : "%.0f", value);
  return text;
}

}  // namespace

double nice_range(Range& range, int max_ticks) {
  if (!(range.max > range.min)) range.max = range.min + 1;
  const double raw = (range.max - range.min) / std::max(1, max_ticks);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  range.min = std::floor(range.min / step) * step;
  range.max = std::ceil(range.max / step) * step;
  return step;
}

ChartAxes::ChartAxes(cv::Mat& image, cv::Rect area, Range x, Range y, const std::string& x_label,
                     const std::string& y_label)
    : x_(x), y_(y) {
  // Room on the left for tick labels and the axis name, below for the x labels.
  plot_ = cv::Rect(area.x + 64, area.y + 30, area.width - 76, area.height - 80);
  const double x_step = nice_range(x_, 10);
  const double y_step = nice_range(y_, 6);
  for (double v = y_.min; v <= y_.max + y_step / 2; v += y_step) {
    const int py = to_pixel(x_.min, v).y;
    cv::line(image, {plot_.x, py}, {plot_.br().x, py}, kGrid, 1);
    const std::string text = tick_text(v, y_step);
    const cv::Size size = cv::getTextSize(text, kFont, 0.42, 1, nullptr);
    cv::putText(image, text, {plot_.x - size.width - 6, py + size.height / 2}, kFont, 0.42, kInk, 1, cv::LINE_AA);
  }
  for (double v = x_.min; v <= x_.max + x_step / 2; v += x_step) {
    const int px = to_pixel(v, y_.min).x;
    cv::line(image, {px, plot_.y}, {px, plot_.br().y}, kGrid, 1);
    const std::string text = tick_text(v, x_step);
    const cv::Size size = cv::getTextSize(text, kFont, 0.42, 1, nullptr);
    cv::putText(image, text, {px - size.width / 2, plot_.br().y + size.height + 8}, kFont, 0.42, kInk, 1, cv::LINE_AA);
  }
  cv::rectangle(image, plot_, kInk, 1);
  const cv::Size x_size = cv::getTextSize(x_label, kFont, 0.48, 1, nullptr);
  cv::putText(image, x_label, {plot_.x + (plot_.width - x_size.width) / 2, area.br().y - 8}, kFont, 0.48, kInk, 1,
              cv::LINE_AA);
  cv::putText(image, y_label, {plot_.x, plot_.y - 12}, kFont, 0.48, kInk, 1, cv::LINE_AA);
}

cv::Point ChartAxes::to_pixel(double x, double y) const {
  const double fx = (x - x_.min) / (x_.max - x_.min);
  const double fy = (y - y_.min) / (y_.max - y_.min);
  return {plot_.x + static_cast<int>(std::lround(fx * plot_.width)),
          plot_.br().y - static_cast<int>(std::lround(fy * plot_.height))};
}

}  // namespace ferlab
