#include "explain/heatmap_colormap.hpp"

#include <algorithm>
#include <cmath>

namespace ferlab {

namespace {

using Rgb = cv::Vec3f;  // 0..1

Rgb jet(float t) {
  const auto channel = [t](float centre) { return std::clamp(1.5f - std::abs(4.f * t - centre), 0.f, 1.f); };
  return {channel(3), channel(2), channel(1)};
}

// Five stops of matplotlib's perceptual maps, linearly interpolated: within a
// few percent of the 256-entry tables, without shipping them.
Rgb five_stops(float t, const std::array<Rgb, 5>& stops) {
  const float x = std::clamp(t, 0.f, 1.f) * 4.f;
  const int i = std::min(static_cast<int>(x), 3);
  const float f = x - static_cast<float>(i);
  return (stops[i] * (1 - f) + stops[i + 1] * f) / 255.f;
}

Rgb colour(Colormap colormap, float t) {
  switch (colormap) {
    case Colormap::Inferno:
      return five_stops(t, {Rgb(0, 0, 4), Rgb(87, 16, 110), Rgb(188, 55, 84), Rgb(249, 142, 9), Rgb(252, 255, 164)});
    case Colormap::Viridis:
      return five_stops(t, {Rgb(68, 1, 84), Rgb(59, 82, 139), Rgb(33, 145, 140), Rgb(94, 201, 98), Rgb(253, 231, 37)});
    case Colormap::Coolwarm:  // Moreland's cool-warm: blue below the middle, grey at it, red above
      return five_stops(t, {Rgb(59, 76, 192), Rgb(141, 176, 254), Rgb(221, 221, 221), Rgb(244, 154, 123), Rgb(180, 4, 38)});
    case Colormap::Jet:
      break;
  }
  return jet(t);
}

float coverage(Colormap colormap, float t) { return colormap == Colormap::Coolwarm ? std::abs(2 * t - 1) : t; }

std::array<cv::Vec4b, 256> make_table(Colormap colormap) {
  std::array<cv::Vec4b, 256> table;
  for (int i = 0; i < 256; ++i) {
    const float t = static_cast<float>(i) / 255.f;
    const Rgb c = colour(colormap, t);
    const auto byte = [](float v) { return cv::saturate_cast<uchar>(std::lround(255.f * v)); };
    table[i] = {byte(c[0]), byte(c[1]), byte(c[2]), byte(coverage(colormap, t))};
  }
  return table;
}

}  // namespace

const std::array<cv::Vec4b, 256>& colormap_table(Colormap colormap) {
  static const std::array<std::array<cv::Vec4b, 256>, 4> tables{
      make_table(Colormap::Jet), make_table(Colormap::Inferno), make_table(Colormap::Viridis),
      make_table(Colormap::Coolwarm)};
  return tables[static_cast<size_t>(colormap)];
}

int colormap_entry(float value) {
  if (!(value > 0.f)) return 0;  // NaN too
  return std::min(255, static_cast<int>(value * 255.f + 0.5f));
}

}  // namespace ferlab
