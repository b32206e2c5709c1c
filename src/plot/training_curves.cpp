#include "plot/training_curves.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <functional>

#include "core/errors.hpp"
#include "plot/chart_axes.hpp"

namespace ferlab {
namespace {

constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;
// BGR: blue, orange, green, red, purple, brown (the usual categorical palette).
constexpr std::array<std::array<int, 3>, 6> kPalette = {
    {{180, 119, 31}, {14, 127, 255}, {44, 160, 44}, {40, 39, 214}, {189, 103, 148}, {75, 86, 140}}};

cv::Scalar colour(size_t i, bool light) {
  const auto& c = kPalette[i % kPalette.size()];
  // Training curves: the same hue mixed halfway with white.
  const double k = light ? 0.45 : 1.0;
  return cv::Scalar(255 - k * (255 - c[0]), 255 - k * (255 - c[1]), 255 - k * (255 - c[2]));
}

using Value = std::function<double(const TrainingLogRow&)>;

Range value_range(const std::vector<TrainingLog>& logs, const std::vector<Value>& values) {
  Range r{1e300, -1e300};
  for (const auto& log : logs)
    for (const auto& row : log.rows)
      for (const auto& value : values) {
        r.min = std::min(r.min, value(row));
        r.max = std::max(r.max, value(row));
      }
  return r;
}

void draw_series(cv::Mat& image, const ChartAxes& axes, const TrainingLog& log, const Value& value,
                 const cv::Scalar& ink, int thickness) {
  std::vector<cv::Point> points;
  for (const auto& row : log.rows) points.push_back(axes.to_pixel(row.epoch, value(row)));
  if (points.size() == 1) cv::circle(image, points[0], thickness + 1, ink, cv::FILLED, cv::LINE_AA);
  cv::polylines(image, points, false, ink, thickness, cv::LINE_AA);
}

void draw_chart(cv::Mat& image, cv::Rect area, const std::vector<TrainingLog>& logs, const Value& train,
                const Value& val, const std::string& y_label, bool mark_best) {
  Range epochs{0, 1};
  for (const auto& log : logs) epochs.max = std::max(epochs.max, static_cast<double>(log.rows.back().epoch));
  const ChartAxes axes(image, area, epochs, value_range(logs, {train, val}), "epoch", y_label);
  for (size_t i = 0; i < logs.size(); ++i) draw_series(image, axes, logs[i], train, colour(i, true), 2);
  for (size_t i = 0; i < logs.size(); ++i) {
    draw_series(image, axes, logs[i], val, colour(i, false), 2);
    if (!mark_best) continue;
    const auto best = std::max_element(logs[i].rows.begin(), logs[i].rows.end(),
                                       [&](const auto& a, const auto& b) { return val(a) < val(b); });
    cv::circle(image, axes.to_pixel(best->epoch, val(*best)), 5, colour(i, false), cv::FILLED, cv::LINE_AA);
  }
}

}  // namespace

cv::Mat render_training_curves(const std::vector<TrainingLog>& logs, const std::string& title) {
  if (logs.empty()) throw UsageError("no training logs to plot");
  constexpr int kWidth = 1400, kHeight = 560, kTop = 74;
  cv::Mat image(kHeight, kWidth, CV_8UC3, cv::Scalar(255, 255, 255));
  const cv::Scalar ink(30, 30, 30);
  cv::putText(image, title, {16, 28}, kFont, 0.65, ink, 1, cv::LINE_AA);

  // Legend: one entry per run, with its best validation accuracy.
  int x = 16;
  for (size_t i = 0; i < logs.size(); ++i) {
    const auto best = std::max_element(logs[i].rows.begin(), logs[i].rows.end(),
                                       [](const auto& a, const auto& b) { return a.val_accuracy < b.val_accuracy; });
    char text[128];
    std::snprintf(text, sizeof text, "%s (best val %.1f%% at epoch %d)", logs[i].name.c_str(), 100 * best->val_accuracy,
                  best->epoch);
    cv::line(image, {x, 52}, {x + 24, 52}, colour(i, false), 3, cv::LINE_AA);
    cv::putText(image, text, {x + 30, 57}, kFont, 0.45, ink, 1, cv::LINE_AA);
    x += 40 + cv::getTextSize(text, kFont, 0.45, 1, nullptr).width;
  }
  const std::string key = "dark: validation, light: training, dot: best epoch";
  cv::putText(image, key, {kWidth - 16 - cv::getTextSize(key, kFont, 0.45, 1, nullptr).width, 57}, kFont, 0.45,
              cv::Scalar(90, 90, 90), 1, cv::LINE_AA);

  const int half = kWidth / 2;
  draw_chart(image, {0, kTop, half, kHeight - kTop}, logs, [](const auto& r) { return 100 * r.train_accuracy; },
             [](const auto& r) { return 100 * r.val_accuracy; }, "accuracy (%)", true);
  draw_chart(image, {half, kTop, half, kHeight - kTop}, logs, [](const auto& r) { return r.train_loss; },
             [](const auto& r) { return r.val_loss; }, "loss", false);
  return image;
}

}  // namespace ferlab
