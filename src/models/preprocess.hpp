#pragma once
// uint8 48x48 faces -> the normalised float tensor the networks take.
#include <torch/torch.h>

#include <cstdint>

#include "models/model_io.hpp"

namespace ferlab {

// `faces` holds n contiguous size x size gray images. Returns n x 1 x size x size
// float, blurred by norm.blur_sigma when it is set.
torch::Tensor faces_to_tensor(const uint8_t* faces, size_t n, const Normalization& norm, int size = 48);

// Separable Gaussian blur of an N x 1 x H x W batch, borders replicated (as
// OpenCV's GaussianBlur with BORDER_REPLICATE); kernel radius ceil(3 sigma).
torch::Tensor gaussian_blur(const torch::Tensor& batch, float sigma);

}  // namespace ferlab
