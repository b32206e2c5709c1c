#pragma once
// The one place that turns 48x48 uint8 faces into what a given model takes, so
// that evaluation, the live pipeline and Grad-CAM feed every model identically.
#include <torch/torch.h>

#include <cstdint>

#include "models/model_io.hpp"

namespace ferlab {

// n contiguous 48x48 faces -> N x 1 x S x S float, normalised as the card says,
// bilinearly resized when the card's input_size S is not 48.
torch::Tensor model_input(const ModelCard& card, const uint8_t* faces48, size_t n);

// Resizes an N x 1 x h x w batch to N x 1 x size x size (no-op when it already is).
torch::Tensor resize_batch(const torch::Tensor& batch, int size);

}  // namespace ferlab
