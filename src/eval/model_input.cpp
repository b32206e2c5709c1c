#include "eval/model_input.hpp"

#include "core/face_dataset.hpp"
#include "models/preprocess.hpp"

namespace ferlab {

torch::Tensor resize_batch(const torch::Tensor& batch, int size) {
  if (batch.size(2) == size && batch.size(3) == size) return batch;
  namespace F = torch::nn::functional;
  return F::interpolate(batch, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{size, size})
                                   .mode(torch::kBilinear)
                                   .align_corners(false));
}

torch::Tensor model_input(const ModelCard& card, const uint8_t* faces48, size_t n) {
  return resize_batch(faces_to_tensor(faces48, n, card.normalization, kFaceSize), card.input_size);
}

}  // namespace ferlab
