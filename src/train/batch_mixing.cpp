#include "train/batch_mixing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "core/errors.hpp"
#include "train/sample_rng.hpp"

namespace ferlab {
namespace {

double standard_normal(SampleRng& rng) {  // Box-Muller; 1 - u keeps the log finite
  const double u = 1.0 - rng.uniform01(), v = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

// Marsaglia and Tsang (2000) for shape >= 1; below 1, Gamma(a) = Gamma(a + 1) * U^(1/a).
double sample_gamma(SampleRng& rng, double shape) {
  if (shape < 1) return sample_gamma(rng, shape + 1) * std::pow(1.0 - rng.uniform01(), 1.0 / shape);
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = standard_normal(rng);
    const double v = std::pow(1.0 + c * x, 3);
    if (v <= 0) continue;
    const double u = 1.0 - rng.uniform01();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

void require_range(double value, double lo, double hi, const char* option) {
  if (value >= lo && value <= hi) return;
  char text[160];
  std::snprintf(text, sizeof text, "%s must be in [%g, %g], got %g", option, lo, hi, value);
  throw UsageError(text);
}

}  // namespace

void validate(const MixConfig& c) {
  require_range(c.mixup_alpha, 0, 100, "--mixup");
  require_range(c.cutmix_alpha, 0, 100, "--cutmix");
  require_range(c.probability, 0, 1, "--mix-probability");
}

nlohmann::json to_json(const MixConfig& c) {
  if (!c.enabled()) return nullptr;
  return {{"mixup_alpha", c.mixup_alpha},
          {"cutmix_alpha", c.cutmix_alpha},
          {"probability", c.probability},
          {"pairing", "a random permutation of each batch"},
          {"randomness", "per batch from (seed, epoch, batch index)"}};
}

double sample_symmetric_beta(SampleRng& rng, double alpha) {
  const double x = sample_gamma(rng, alpha), y = sample_gamma(rng, alpha);
  return x + y > 0 ? x / (x + y) : 0.5;  // both underflow only for tiny alpha, where either end is as likely
}

BatchMix draw_batch_mix(const MixConfig& c, uint64_t seed, uint64_t epoch, uint64_t batch, size_t n, int size) {
  BatchMix mix;
  if (!c.enabled() || n < 2) return mix;
  // The (seed, epoch) mixing stream seeds one stream per batch, apart from the samples' streams.
  SampleRng rng(SampleRng(seed, epoch, kMixStream).next(), batch);
  if (!rng.bernoulli(c.probability)) return mix;
  const bool cutmix = c.mixup_alpha <= 0 || (c.cutmix_alpha > 0 && rng.bernoulli(0.5));
  mix.kind = cutmix ? BatchMix::Kind::CutMix : BatchMix::Kind::Mixup;
  mix.lambda = sample_symmetric_beta(rng, cutmix ? c.cutmix_alpha : c.mixup_alpha);
  mix.partner.resize(n);
  std::iota(mix.partner.begin(), mix.partner.end(), 0u);
  rng.shuffle(mix.partner);
  if (cutmix) {
    // A box of area (1 - lambda) around a uniform centre, clipped to the face;
    // lambda is then what the clipped box leaves, as in the paper.
    const double side = size * std::sqrt(1.0 - mix.lambda);
    const double cx = rng.uniform(0, size), cy = rng.uniform(0, size);
    const auto clip = [size](double v) { return std::clamp(static_cast<int>(std::lround(v)), 0, size); };
    mix.box_x = clip(cx - side / 2);
    mix.box_y = clip(cy - side / 2);
    mix.box_width = clip(cx + side / 2) - mix.box_x;
    mix.box_height = clip(cy + side / 2) - mix.box_y;
    mix.lambda = 1.0 - static_cast<double>(mix.box_width * mix.box_height) / (size * size);
  }
  return mix;
}

void apply_batch_mix(const BatchMix& mix, float* images, float* targets, int64_t* labels, size_t n, int classes,
                     int size) {
  if (mix.kind == BatchMix::Kind::None) return;
  const size_t pixels = static_cast<size_t>(size) * size;
  const std::vector<float> original_images(images, images + n * pixels);
  const std::vector<float> original_targets(targets, targets + n * classes);
  const std::vector<int64_t> original_labels(labels, labels + n);
  const auto lambda = static_cast<float>(mix.lambda);
  for (size_t i = 0; i < n; ++i) {
    const size_t j = mix.partner.at(i);
    float* image = images + i * pixels;
    const float* other = original_images.data() + j * pixels;
    if (mix.kind == BatchMix::Kind::Mixup) {
      for (size_t p = 0; p < pixels; ++p) image[p] = lambda * image[p] + (1 - lambda) * other[p];
    } else {
      for (int y = mix.box_y; y < mix.box_y + mix.box_height; ++y)
        std::copy_n(other + y * size + mix.box_x, mix.box_width, image + y * size + mix.box_x);
    }
    for (int k = 0; k < classes; ++k)
      targets[i * classes + k] = lambda * original_targets[i * classes + k] + (1 - lambda) * original_targets[j * classes + k];
    labels[i] = mix.lambda >= 0.5 ? original_labels[i] : original_labels[j];
  }
}

}  // namespace ferlab
