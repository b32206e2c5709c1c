// The random baseline: uniform noise on a coarse 6x6 grid, upsampled bicubically,
// so that it is as smooth as a class activation map of the default layers and
// the comparison tests the map's placement rather than its smoothness.
#include <torch/torch.h>

#include <random>

#include "core/crc32.hpp"
#include "core/face_dataset.hpp"
#include "explain/map_tensors.hpp"

namespace ferlab {

torch::Tensor random_maps(const uint8_t* faces48, size_t n, uint32_t seed) {
  constexpr int64_t kGrid = 6;
  torch::Tensor grids = torch::empty({static_cast<int64_t>(n), 1, kGrid, kGrid});
  float* values = grids.data_ptr<float>();
  for (size_t i = 0; i < n; ++i) {
    // Seeded by the face itself: the same face gets the same map in any batch or order.
    std::mt19937 rng(crc32(faces48 + i * kFacePixels, kFacePixels) ^ seed);
    std::uniform_real_distribution<float> uniform(0.f, 1.f);
    for (int64_t k = 0; k < kGrid * kGrid; ++k) values[i * kGrid * kGrid + k] = uniform(rng);
  }
  namespace F = torch::nn::functional;
  const torch::Tensor smooth = F::interpolate(grids, F::InterpolateFuncOptions()
                                                         .size(std::vector<int64_t>{kFaceSize, kFaceSize})
                                                         .mode(torch::kBicubic)
                                                         .align_corners(false));
  return smooth.clamp_min(0);  // bicubic overshoots below 0 near the grid's minima
}

}  // namespace ferlab
