#include "models/preprocess.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace ferlab {

torch::Tensor faces_to_tensor(const uint8_t* faces, size_t n, const Normalization& norm, int size) {
  if (size <= 0) throw ModelError("faces_to_tensor: face size must be positive, got " + std::to_string(size));
  if (norm.std <= 0.0f) throw ModelError("faces_to_tensor: normalisation std must be positive, got " + std::to_string(norm.std));
  const auto count = static_cast<int64_t>(n);
  if (count == 0) return torch::empty({0, 1, size, size});
  // from_blob does not own the pixels: the conversion to float copies them.
  const auto pixels = torch::from_blob(const_cast<uint8_t*>(faces), {count, 1, size, size}, torch::kUInt8);
  const auto scaled = pixels.to(torch::kFloat32).div_(255.0f);
  return (norm.blur_sigma > 0 ? gaussian_blur(scaled, norm.blur_sigma) : scaled).sub_(norm.mean).div_(norm.std);
}

torch::Tensor gaussian_blur(const torch::Tensor& batch, float sigma) {
  if (sigma <= 0) return batch;
  const int64_t radius = static_cast<int64_t>(std::ceil(3.0f * sigma));
  const auto offsets = torch::arange(-radius, radius + 1, torch::TensorOptions().dtype(torch::kFloat32));
  auto kernel = torch::exp(-offsets.pow(2) / (2.0f * sigma * sigma));
  kernel = (kernel / kernel.sum()).to(batch.device());
  namespace F = torch::nn::functional;
  const auto padded = F::pad(batch, F::PadFuncOptions({radius, radius, radius, radius}).mode(torch::kReplicate));
  const auto rows = F::conv2d(padded, kernel.view({1, 1, 1, -1}));
  return F::conv2d(rows, kernel.view({1, 1, -1, 1}));
}

}  // namespace ferlab
