#pragma once
// A small generated face set with learnable structure: each class is a
// distinct pattern (stripes of two orientations and widths, a checkerboard,
// a bright or a dark blob) at a random phase, under heavy pixel noise. The
// patterns survive the trainer's augmentation (small rotations, shifts, flips).
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/face_dataset.hpp"
#include "support/temp_dir.hpp"
#include "data/dataset_io.hpp"
#include "train/sample_rng.hpp"

namespace ferlab::testing {

inline double planted_pattern(int label, int x, int y, double phase) {
  const double px = x + phase, py = y + phase;
  switch (label) {
    case 0: return std::sin(py * M_PI / 4);  // horizontal stripes, period 8
    case 1: return std::sin(px * M_PI / 4);  // vertical stripes, period 8
    case 2: return std::sin(py * M_PI / 8);  // wide horizontal stripes
    case 3: return std::sin(px * M_PI / 8);  // wide vertical stripes
    case 4: return std::sin(px * M_PI / 4) * std::sin(py * M_PI / 4);  // checkerboard
    default: {
      const double r = std::hypot(x - 23.5 - phase / 4, y - 23.5 + phase / 4);
      const double blob = r < 12 ? 1.0 : -0.6;
      return label == 5 ? blob : -blob;
    }
  }
}

// `per_class` images per class and split, labelled Train and PublicTest.
inline FaceDataset planted_pattern_dataset(int per_class, uint64_t seed) {
  FaceDataset data;
  std::vector<uint8_t> image(kFacePixels);
  for (const Split split : {Split::Train, Split::PublicTest}) {
    for (int i = 0; i < per_class; ++i) {
      for (int label = 0; label < kNumEmotions; ++label) {
        SampleRng rng(seed, static_cast<uint64_t>(split), static_cast<uint64_t>(i * kNumEmotions + label));
        const double phase = rng.uniform(0, 16);
        for (int y = 0; y < kFaceSize; ++y)
          for (int x = 0; x < kFaceSize; ++x) {
            const double v = 128 + 50 * planted_pattern(label, x, y, phase) + rng.uniform(-60, 60);
            image[y * kFaceSize + x] = static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
          }
        data.add(image.data(), label, split, "planted:" + std::to_string(i));
      }
    }
  }
  return data;
}

using TempDir = ::ferlab::test::TempDir;

}  // namespace ferlab::testing
