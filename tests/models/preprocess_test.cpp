#include "models/preprocess.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ferlab {
namespace {

TEST(FacesToTensor, ScalesToUnitRangeThenNormalises) {
  std::vector<uint8_t> faces(2 * 4 * 4, 0);
  faces[0] = 255;
  faces[16] = 51;  // first pixel of the second face
  const auto t = faces_to_tensor(faces.data(), 2, Normalization{0.5f, 0.25f}, 4);
  EXPECT_EQ(t.sizes(), (std::vector<int64_t>{2, 1, 4, 4}));
  EXPECT_EQ(t.scalar_type(), torch::kFloat32);
  EXPECT_FLOAT_EQ(t[0][0][0][0].item<float>(), (1.0f - 0.5f) / 0.25f);
  EXPECT_FLOAT_EQ(t[0][0][0][1].item<float>(), (0.0f - 0.5f) / 0.25f);
  EXPECT_FLOAT_EQ(t[1][0][0][0].item<float>(), (0.2f - 0.5f) / 0.25f);
}

TEST(FacesToTensor, CopiesThePixelsSoTheBufferMayBeFreed) {
  std::vector<uint8_t> faces(48 * 48, 255);
  const auto t = faces_to_tensor(faces.data(), 1, Normalization{});
  faces.assign(faces.size(), 0);
  EXPECT_FLOAT_EQ(t.min().item<float>(), 1.0f);
}

TEST(FacesToTensor, NoFacesGiveAnEmptyBatch) {
  EXPECT_EQ(faces_to_tensor(nullptr, 0, Normalization{}).sizes(), (std::vector<int64_t>{0, 1, 48, 48}));
}

}  // namespace
}  // namespace ferlab
