#include "train/augment.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "train/sample_rng.hpp"

namespace ferlab {

nlohmann::json to_json(const AugmentConfig& c) {
  return {{"affine", {{"rotation_deg", c.rotation_deg}, {"shift", c.shift}, {"shear", c.shear},
                      {"zoom", c.zoom}, {"sampling", "bilinear, border replicate"}}},
          {"flip_probability", c.flip_probability},
          {"brightness", c.brightness},
          {"contrast", c.contrast},
          {"random_erasing", {{"probability", c.erase_probability},
                              {"area", {c.erase_min_area, c.erase_max_area}},
                              {"max_aspect", c.erase_max_aspect}}},
          {"randomness", "per sample from (seed, epoch, position in epoch)"}};
}

AugmentParams draw_augment_params(const AugmentConfig& c, uint64_t seed, uint64_t epoch,
                                  uint64_t position, int size) {
  SampleRng rng(seed, epoch, position);
  AugmentParams p;
  // Every value is drawn whatever the config says, so that changing one range
  // does not shift the random stream of the others.
  p.angle_deg = rng.uniform(-c.rotation_deg, c.rotation_deg);
  p.shift_x = rng.uniform(-c.shift, c.shift) * size;
  p.shift_y = rng.uniform(-c.shift, c.shift) * size;
  p.shear = rng.uniform(-c.shear, c.shear);
  p.zoom = rng.uniform(1 - c.zoom, 1 + c.zoom);
  p.flip = rng.bernoulli(c.flip_probability);
  p.brightness = rng.uniform(-c.brightness, c.brightness) * 255.0;
  p.contrast = rng.uniform(1 - c.contrast, 1 + c.contrast);

  const bool erase = rng.bernoulli(c.erase_probability);
  const double area = rng.uniform(c.erase_min_area, c.erase_max_area) * size * size;
  const double log_aspect = std::log(std::max(1.0, c.erase_max_aspect));
  const double aspect = std::exp(rng.uniform(-log_aspect, log_aspect));
  const int w = std::clamp(static_cast<int>(std::lround(std::sqrt(area * aspect))), 1, size);
  const int h = std::clamp(static_cast<int>(std::lround(std::sqrt(area / aspect))), 1, size);
  const int x = static_cast<int>(rng.below(static_cast<uint64_t>(size - w + 1)));
  const int y = static_cast<int>(rng.below(static_cast<uint64_t>(size - h + 1)));
  const auto value = static_cast<uint8_t>(rng.below(256));
  if (erase) p.erase = {x, y, w, h, value};
  return p;
}

namespace {

// Inverse map of the forward transform p_out = c + t + R * Shear * Zoom * Flip * (p_in - c):
// for each output pixel we need the input position it samples.
struct InverseAffine {
  double a, b, c, d;  // 2x2 inverse, row-major
  double cx, cy, tx, ty;
};

InverseAffine inverse_affine(const AugmentParams& p, int size) {
  const double rad = p.angle_deg * M_PI / 180.0;
  const double cs = std::cos(rad), sn = std::sin(rad);
  const double fx = p.flip ? -1.0 : 1.0;
  // R * [[1, shear], [0, 1]] * zoom * diag(fx, 1)
  const double m00 = cs * p.zoom * fx, m01 = (cs * p.shear - sn) * p.zoom;
  const double m10 = sn * p.zoom * fx, m11 = (sn * p.shear + cs) * p.zoom;
  const double det = m00 * m11 - m01 * m10;
  const double center = (size - 1) / 2.0;
  return {m11 / det, -m01 / det, -m10 / det, m00 / det, center, center, p.shift_x, p.shift_y};
}

}  // namespace

void apply_augment(const uint8_t* src, uint8_t* dst, const AugmentParams& p, int size) {
  const InverseAffine inv = inverse_affine(p, size);
  const double last = size - 1;
  std::vector<float> warped(static_cast<size_t>(size) * size);
  double sum = 0;
  for (int y = 0; y < size; ++y) {
    const double oy = y - inv.cy - inv.ty;
    for (int x = 0; x < size; ++x) {
      const double ox = x - inv.cx - inv.tx;
      // Clamping the source position is exactly "border replicate".
      const double sx = std::clamp(inv.a * ox + inv.b * oy + inv.cx, 0.0, last);
      const double sy = std::clamp(inv.c * ox + inv.d * oy + inv.cy, 0.0, last);
      const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
      const int x1 = std::min(x0 + 1, size - 1), y1 = std::min(y0 + 1, size - 1);
      const double wx = sx - x0, wy = sy - y0;
      const uint8_t* r0 = src + y0 * size;
      const uint8_t* r1 = src + y1 * size;
      const double top = r0[x0] + wx * (r0[x1] - r0[x0]);
      const double bottom = r1[x0] + wx * (r1[x1] - r1[x0]);
      const double v = top + wy * (bottom - top);
      warped[static_cast<size_t>(y) * size + x] = static_cast<float>(v);
      sum += v;
    }
  }
  const double mean = sum / static_cast<double>(warped.size());
  for (size_t i = 0; i < warped.size(); ++i) {
    const double v = (warped[i] - mean) * p.contrast + mean + p.brightness;
    dst[i] = static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
  }
  const EraseRect& e = p.erase;
  for (int y = e.y; y < e.y + e.height; ++y)
    std::fill(dst + y * size + e.x, dst + y * size + e.x + e.width, e.value);
}

}  // namespace ferlab
