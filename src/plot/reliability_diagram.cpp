#include "plot/reliability_diagram.hpp"

#include <opencv2/imgproc.hpp>

#include <cstdio>

#include "core/errors.hpp"
#include "plot/chart_axes.hpp"

namespace ferlab {
namespace {

constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;
constexpr int kPanelWidth = 520, kPanelHeight = 520, kTop = 56;
const cv::Scalar kInk(30, 30, 30), kBar(180, 119, 31), kGap(120, 120, 240), kDiagonal(90, 90, 90);

void draw_panel(cv::Mat& image, cv::Rect area, const NamedCalibration& panel) {
  const CalibrationReport& r = panel.report;
  const ChartAxes axes(image, area, {0, 1}, {0, 1}, "confidence (top probability)", "accuracy");
  for (const ReliabilityBin& bin : r.bins) {
    if (bin.count == 0) continue;
    const cv::Point bar_top_left = axes.to_pixel(bin.lower, bin.accuracy);
    const cv::Point bar_bottom_right = axes.to_pixel(bin.upper, 0);
    cv::rectangle(image, cv::Rect(bar_top_left, bar_bottom_right), kBar, cv::FILLED);
    cv::rectangle(image, cv::Rect(bar_top_left, bar_bottom_right), cv::Scalar(255, 255, 255), 1);
    // The gap between the bar and the bin's mean confidence: what ECE sums.
    const cv::Point gap_a = axes.to_pixel(bin.lower, bin.accuracy);
    const cv::Point gap_b = axes.to_pixel(bin.upper, bin.mean_confidence);
    cv::Mat roi = image(cv::Rect(gap_a, gap_b) & cv::Rect(0, 0, image.cols, image.rows));
    cv::Mat tint(roi.size(), roi.type(), kGap);
    cv::addWeighted(roi, 0.5, tint, 0.5, 0, roi);
    const std::string count = std::to_string(bin.count);
    const double scale = 0.34;
    const cv::Size size = cv::getTextSize(count, kFont, scale, 1, nullptr);
    const int top = std::min(gap_a.y, gap_b.y);
    cv::putText(image, count, {(gap_a.x + gap_b.x - size.width) / 2, top - 4}, kFont, scale, kInk, 1, cv::LINE_AA);
  }
  cv::line(image, axes.to_pixel(0, 0), axes.to_pixel(1, 1), kDiagonal, 1, cv::LINE_AA);
  // Name and scores on two lines in the top-left corner, which well-calibrated bars leave
  // empty: on one line an ensemble's long name ran into the tall bars of the right.
  char scores[96];
  std::snprintf(scores, sizeof scores, "ECE %.2f%%  MCE %.2f%%  n=%zu", 100 * r.ece, 100 * r.mce, r.samples);
  const cv::Point corner(axes.plot_area().x + 8, axes.plot_area().y + 20);
  cv::putText(image, panel.name, corner, kFont, 0.42, kInk, 1, cv::LINE_AA);
  cv::putText(image, scores, corner + cv::Point(0, 18), kFont, 0.42, kInk, 1, cv::LINE_AA);
}

}  // namespace

cv::Mat render_reliability_diagram(const std::vector<NamedCalibration>& panels, const std::string& title) {
  if (panels.empty()) throw UsageError("no calibration results to plot");
  const int width = kPanelWidth * static_cast<int>(panels.size());
  cv::Mat image(kPanelHeight + kTop, width, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::putText(image, title, {16, 24}, kFont, 0.6, kInk, 1, cv::LINE_AA);
  for (size_t i = 0; i < panels.size(); ++i)
    draw_panel(image, {static_cast<int>(i) * kPanelWidth, kTop, kPanelWidth, kPanelHeight}, panels[i]);
  cv::putText(image, "bars: accuracy per bin, faces in the bin above; red: gap to its mean confidence", {16, 46},
              kFont, 0.4, cv::Scalar(90, 90, 90), 1, cv::LINE_AA);
  return image;
}

}  // namespace ferlab
