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

// The legend: one entry per run, with its best validation accuracy, then the key to the
// shades; entries flow left to right and wrap onto another row rather than leave the image.
// Returns the height it takes; without an image it only measures.
int draw_legend(cv::Mat* image, const std::vector<TrainingLog>& logs, int top, int width) {
  constexpr double kScale = 0.45;
  constexpr int kRow = 22, kMargin = 16;
  int x = kMargin, baseline = top + 20;
  const auto place = [&](int entry_width) {
    if (x > kMargin && x + entry_width > width - kMargin) {
      x = kMargin;
      baseline += kRow;
    }
  };
  for (size_t i = 0; i < logs.size(); ++i) {
    const auto best = std::max_element(logs[i].rows.begin(), logs[i].rows.end(),
                                       [](const auto& a, const auto& b) { return a.val_accuracy < b.val_accuracy; });
    char text[160];
    std::snprintf(text, sizeof text, "%s (best val %.1f%% at epoch %d)", logs[i].name.c_str(), 100 * best->val_accuracy,
                  best->epoch);
    const int text_width = cv::getTextSize(text, kFont, kScale, 1, nullptr).width;
    place(30 + text_width);
    if (image) {
      cv::line(*image, {x, baseline - 5}, {x + 24, baseline - 5}, colour(i, false), 3, cv::LINE_AA);
      cv::putText(*image, text, {x + 30, baseline}, kFont, kScale, cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
    }
    x += 40 + text_width;
  }
  const std::string key = "dark: validation, light: training, dot: best epoch";
  place(cv::getTextSize(key, kFont, kScale, 1, nullptr).width);
  if (image) cv::putText(*image, key, {x, baseline}, kFont, kScale, cv::Scalar(90, 90, 90), 1, cv::LINE_AA);
  return baseline + 17 - top;
}

}  // namespace

cv::Mat render_training_curves(const std::vector<TrainingLog>& logs, const std::string& title) {
  if (logs.empty()) throw UsageError("no training logs to plot");
  constexpr int kWidth = 1400, kChartHeight = 486, kTitle = 37;
  // The charts keep their size; the image grows by the legend's rows.
  const int chart_top = kTitle + draw_legend(nullptr, logs, kTitle, kWidth);
  cv::Mat image(chart_top + kChartHeight, kWidth, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::putText(image, title, {16, 28}, kFont, 0.65, cv::Scalar(30, 30, 30), 1, cv::LINE_AA);
  draw_legend(&image, logs, kTitle, kWidth);

  const int half = kWidth / 2;
  draw_chart(image, {0, chart_top, half, kChartHeight}, logs, [](const auto& r) { return 100 * r.train_accuracy; },
             [](const auto& r) { return 100 * r.val_accuracy; }, "accuracy (%)", true);
  draw_chart(image, {half, chart_top, half, kChartHeight}, logs, [](const auto& r) { return r.train_loss; },
             [](const auto& r) { return r.val_loss; }, "loss", false);
  return image;
}

}  // namespace ferlab
