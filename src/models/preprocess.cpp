#include "models/preprocess.hpp"

#include "core/errors.hpp"

namespace ferlab {

torch::Tensor faces_to_tensor(const uint8_t* faces, size_t n, const Normalization& norm, int size) {
  if (size <= 0) throw ModelError("faces_to_tensor: face size must be positive, got " + std::to_string(size));
  if (norm.std <= 0.0f) throw ModelError("faces_to_tensor: normalisation std must be positive, got " + std::to_string(norm.std));
  const auto count = static_cast<int64_t>(n);
  if (count == 0) return torch::empty({0, 1, size, size});
  // from_blob does not own the pixels: the conversion to float copies them.
  const auto pixels = torch::from_blob(const_cast<uint8_t*>(faces), {count, 1, size, size}, torch::kUInt8);
  return pixels.to(torch::kFloat32).div_(255.0f).sub_(norm.mean).div_(norm.std);
}

}  // namespace ferlab
