#pragma once
// uint8 48x48 faces -> the normalised float tensor the networks take.
#include <torch/torch.h>

#include <cstdint>

#include "models/model_io.hpp"

namespace ferlab {

// `faces` holds n contiguous size x size gray images. Returns n x 1 x size x size float.
torch::Tensor faces_to_tensor(const uint8_t* faces, size_t n, const Normalization& norm, int size = 48);

}  // namespace ferlab
