#include "explain/heatmap_overlay.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace ferlab {

cv::Mat colorize_heatmap(const cv::Mat& heatmap, Colormap colormap) {
  CV_Assert(heatmap.type() == CV_32FC1);
  const std::array<cv::Vec4b, 256>& table = colormap_table(colormap);
  cv::Mat colour(heatmap.size(), CV_8UC3);
  for (int y = 0; y < heatmap.rows; ++y) {
    const float* h = heatmap.ptr<float>(y);
    cv::Vec3b* c = colour.ptr<cv::Vec3b>(y);
    for (int x = 0; x < heatmap.cols; ++x) {
      const cv::Vec4b& rgba = table[colormap_entry(h[x])];
      c[x] = {rgba[2], rgba[1], rgba[0]};
    }
  }
  return colour;
}

void blend_heatmap(cv::Mat& image, const cv::Mat& heatmap, float opacity, Colormap colormap) {
  CV_Assert(image.type() == CV_8UC3 && heatmap.type() == CV_32FC1 && image.size() == heatmap.size());
  const std::array<cv::Vec4b, 256>& table = colormap_table(colormap);
  for (int y = 0; y < image.rows; ++y) {
    cv::Vec3b* px = image.ptr<cv::Vec3b>(y);
    const float* h = heatmap.ptr<float>(y);
    for (int x = 0; x < image.cols; ++x) {
      const cv::Vec4b& rgba = table[colormap_entry(h[x])];
      const float w = opacity * static_cast<float>(rgba[3]) / 255.f;
      for (int k = 0; k < 3; ++k) px[x][k] = cv::saturate_cast<uchar>(px[x][k] * (1 - w) + rgba[2 - k] * w);
    }
  }
}

cv::Mat with_caption(const cv::Mat& image, const std::vector<std::string>& lines, bool colour_bar, Colormap colormap) {
  CV_Assert(image.type() == CV_8UC3);
  constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;
  // Text about 10 px tall on a 192 px image, growing with larger ones.
  const double scale = std::max(1.0, image.cols / 320.0);
  const double text = 0.45 * scale;
  const int line_height = static_cast<int>(std::lround(20 * scale)), bar_height = static_cast<int>(std::lround(10 * scale));
  const int bar_block = colour_bar ? bar_height + line_height : 0;
  cv::Mat out(image.rows + bar_block + line_height * static_cast<int>(lines.size()) + 4, image.cols, CV_8UC3,
              cv::Scalar(30, 30, 30));
  image.copyTo(out(cv::Rect(0, 0, image.cols, image.rows)));
  int y = image.rows + 2;
  if (colour_bar) {
    cv::Mat ramp(1, out.cols, CV_32FC1);
    for (int x = 0; x < out.cols; ++x) ramp.at<float>(0, x) = static_cast<float>(x) / std::max(1, out.cols - 1);
    cv::Mat bar;
    cv::resize(colorize_heatmap(ramp, colormap), bar, {out.cols, bar_height}, 0, 0, cv::INTER_NEAREST);
    bar.copyTo(out(cv::Rect(0, y, out.cols, bar_height)));
    y += bar_height;
    int baseline = 0;
    const cv::Size high = cv::getTextSize("high", kFont, text, 1, &baseline);
    cv::putText(out, "low", {2, y + high.height + 3}, kFont, text, {200, 200, 200}, 1, cv::LINE_AA);
    cv::putText(out, "high", {out.cols - high.width - 2, y + high.height + 3}, kFont, text, {200, 200, 200}, 1,
                cv::LINE_AA);
    y += line_height;
  }
  for (const std::string& line : lines) {
    cv::putText(out, line, {3, y + line_height - 6}, kFont, text, {235, 235, 235}, 1, cv::LINE_AA);
    y += line_height;
  }
  return out;
}

std::array<cv::Point2f, 3> crop_corners_in_frame(const cv::Matx23f& to_crop, cv::Size crop_size) {
  cv::Matx23f to_frame;
  cv::invertAffineTransform(to_crop, to_frame);
  const auto at = [&](float x, float y) {
    return cv::Point2f(to_frame(0, 0) * x + to_frame(0, 1) * y + to_frame(0, 2),
                       to_frame(1, 0) * x + to_frame(1, 1) * y + to_frame(1, 2));
  };
  const float right = static_cast<float>(crop_size.width) - 0.5f, bottom = static_cast<float>(crop_size.height) - 0.5f;
  return {at(-0.5f, -0.5f), at(right, -0.5f), at(-0.5f, bottom)};
}

FrameHeatmap heatmap_to_frame(const cv::Mat& heatmap, const cv::Matx23f& to_crop, cv::Size frame_size) {
  cv::Mat to_frame;
  cv::invertAffineTransform(cv::Mat(to_crop), to_frame);
  // Only the crop's footprint in the frame is warped, not the whole frame.
  std::vector<cv::Point2f> corners{{0, 0},
                                   {static_cast<float>(heatmap.cols), 0},
                                   {0, static_cast<float>(heatmap.rows)},
                                   {static_cast<float>(heatmap.cols), static_cast<float>(heatmap.rows)}};
  cv::transform(corners, corners, to_frame);
  float x0 = corners[0].x, y0 = corners[0].y, x1 = x0, y1 = y0;
  for (const cv::Point2f& p : corners) {
    x0 = std::min(x0, p.x);
    y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x);
    y1 = std::max(y1, p.y);
  }
  const cv::Rect bounds(cv::Point(static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0))),
                        cv::Point(static_cast<int>(std::ceil(x1)), static_cast<int>(std::ceil(y1))));
  const cv::Rect footprint = bounds & cv::Rect({0, 0}, frame_size);
  FrameHeatmap out;
  if (footprint.empty()) return out;
  // Shift the transform so that the roi's top-left corner is the origin.
  cv::Matx23f roi_to_crop = to_crop;
  roi_to_crop(0, 2) += to_crop(0, 0) * footprint.x + to_crop(0, 1) * footprint.y;
  roi_to_crop(1, 2) += to_crop(1, 0) * footprint.x + to_crop(1, 1) * footprint.y;
  out.roi = footprint;
  cv::warpAffine(heatmap, out.heatmap, cv::Mat(roi_to_crop), footprint.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT, cv::Scalar(0));
  return out;
}

void overlay_heatmap_on_frame(cv::Mat& frame, const cv::Mat& heatmap, const cv::Matx23f& to_crop, float opacity,
                              Colormap colormap) {
  const FrameHeatmap mapped = heatmap_to_frame(heatmap, to_crop, frame.size());
  if (mapped.roi.empty()) return;
  cv::Mat region = frame(mapped.roi);
  blend_heatmap(region, mapped.heatmap, opacity, colormap);
}

}  // namespace ferlab
