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

namespace ferlab {
namespace {

TEST(GaussianBlur, KeepsTheSumAndSpreadsAnImpulseSymmetrically) {
  auto impulse = torch::zeros({1, 1, 21, 21});
  impulse[0][0][10][10] = 1.0f;
  const auto out = gaussian_blur(impulse, 2.0f);
  ASSERT_EQ(out.sizes(), impulse.sizes());
  EXPECT_NEAR(out.sum().item<float>(), 1.0f, 1e-5);
  // 1-D Gaussian at 0 for sigma 2, normalised over radius 6: 1 / sum(exp(-k^2/8), k=-6..6).
  double norm = 0;
  for (int k = -6; k <= 6; ++k) norm += std::exp(-k * k / 8.0);
  EXPECT_NEAR(out[0][0][10][10].item<float>(), 1.0 / (norm * norm), 1e-6);
  EXPECT_NEAR(out[0][0][10][7].item<float>(), out[0][0][13][10].item<float>(), 1e-7);
}

TEST(GaussianBlur, ReplicatesBordersSoAConstantImageIsUnchanged) {
  const auto flat = torch::full({2, 1, 48, 48}, 0.3f);
  EXPECT_TRUE(torch::allclose(gaussian_blur(flat, 3.0f), flat, 1e-6, 1e-6));
}

TEST(FacesToTensor, AppliesTheCardsBlurBeforeNormalising) {
  std::vector<uint8_t> face(48 * 48, 0);
  face[24 * 48 + 24] = 255;
  Normalization norm;
  norm.blur_sigma = 1.5f;
  const auto blurred = faces_to_tensor(face.data(), 1, norm);
  norm.blur_sigma = 0;
  const auto sharp = faces_to_tensor(face.data(), 1, norm);
  const auto expected = gaussian_blur(sharp * norm.std + norm.mean, 1.5f).sub(norm.mean).div(norm.std);
  EXPECT_TRUE(torch::allclose(blurred, expected, 1e-5, 1e-5));
  EXPECT_LT(blurred[0][0][24][24].item<float>(), sharp[0][0][24][24].item<float>());
}

}  // namespace
}  // namespace ferlab
