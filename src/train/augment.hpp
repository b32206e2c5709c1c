#pragma once
// Training-time augmentation of 48x48 gray faces in plain C++ (no OpenCV), so
// that the trainer builds against any LibTorch and reads only packed data.
//
// Per sample: one random affine (rotation, shift, shear, zoom, horizontal
// flip) sampled bilinearly with replicated borders, then brightness/contrast
// jitter, then random erasing of a rectangle (occlusion by hands, glasses,
// the frame edge). Erasing rather than pad-and-crop because the affine shift
// already moves the face by up to 10 %.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace ferlab {

struct AugmentConfig {
  double rotation_deg = 15;   // +-
  double shift = 0.10;        // +- fraction of the side
  double shear = 0.10;        // +- x shear factor
  double zoom = 0.10;         // scale in [1 - zoom, 1 + zoom]
  double flip_probability = 0.5;
  double brightness = 0.10;   // +- fraction of 255 added
  double contrast = 0.20;     // factor in [1 - contrast, 1 + contrast] around the image mean
  double erase_probability = 0.25;
  double erase_min_area = 0.02, erase_max_area = 0.15;  // fraction of the image
  double erase_max_aspect = 3.0;                          // long side / short side
};

nlohmann::json to_json(const AugmentConfig& config);

struct EraseRect {
  int x = 0, y = 0, width = 0, height = 0;  // width == 0: no erasing
  uint8_t value = 0;
};

// One sample's drawn parameters; the defaults are the identity.
struct AugmentParams {
  double angle_deg = 0, shift_x = 0, shift_y = 0;  // shift in pixels
  double shear = 0, zoom = 1;
  bool flip = false;
  double brightness = 0;  // added, in gray levels
  double contrast = 1;
  EraseRect erase;
};

// Parameters for one sample, a pure function of (seed, epoch, position in the
// epoch): reproducible whatever thread asks and in whatever order.
AugmentParams draw_augment_params(const AugmentConfig& config, uint64_t seed, uint64_t epoch,
                                  uint64_t position, int size = 48);

// `src` and `dst` are size x size gray images and must not overlap.
void apply_augment(const uint8_t* src, uint8_t* dst, const AugmentParams& params, int size = 48);

}  // namespace ferlab
