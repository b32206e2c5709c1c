#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "train/augment.hpp"

namespace ferlab {
namespace {

constexpr int kSize = 48;

std::vector<uint8_t> gradient_face() {
  std::vector<uint8_t> image(kSize * kSize);
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) image[y * kSize + x] = static_cast<uint8_t>((x * 5 + y * 3 + (x * y) % 17) % 256);
  return image;
}

std::vector<uint8_t> augmented(const std::vector<uint8_t>& src, const AugmentParams& params) {
  std::vector<uint8_t> dst(src.size());
  apply_augment(src.data(), dst.data(), params, kSize);
  return dst;
}

TEST(Augment, IdentityParamsReproduceTheImageExactly) {
  const auto face = gradient_face();
  EXPECT_EQ(augmented(face, AugmentParams{}), face);
}

TEST(Augment, FlipIsAnExactMirror) {
  const auto face = gradient_face();
  AugmentParams flip;
  flip.flip = true;
  const auto out = augmented(face, flip);
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) ASSERT_EQ(out[y * kSize + x], face[y * kSize + (kSize - 1 - x)]) << x << "," << y;
}

TEST(Augment, WholePixelShiftMovesContentAndReplicatesTheBorder) {
  const auto face = gradient_face();
  AugmentParams shift;
  shift.shift_x = 3;
  const auto out = augmented(face, shift);
  for (int y = 0; y < kSize; ++y) {
    for (int x = 0; x < kSize; ++x) {
      const int source_x = x >= 3 ? x - 3 : 0;
      ASSERT_EQ(out[y * kSize + x], face[y * kSize + source_x]) << x << "," << y;
    }
  }
}

TEST(Augment, SameSeedEpochAndPositionGiveTheSameImage) {
  const AugmentConfig config;
  const auto face = gradient_face();
  const auto a = augmented(face, draw_augment_params(config, 42, 3, 117));
  const auto b = augmented(face, draw_augment_params(config, 42, 3, 117));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, augmented(face, draw_augment_params(config, 42, 3, 118)));
  EXPECT_NE(a, augmented(face, draw_augment_params(config, 42, 4, 117)));
  EXPECT_NE(a, augmented(face, draw_augment_params(config, 43, 3, 117)));
}

TEST(Augment, DrawnParametersStayWithinTheConfiguredRanges) {
  const AugmentConfig config;
  int flips = 0, erased = 0;
  for (uint64_t position = 0; position < 2000; ++position) {
    const auto p = draw_augment_params(config, 7, 0, position);
    ASSERT_LE(std::abs(p.angle_deg), config.rotation_deg);
    ASSERT_LE(std::abs(p.shift_x), config.shift * kSize);
    ASSERT_LE(std::abs(p.shear), config.shear);
    ASSERT_LE(std::abs(p.zoom - 1), config.zoom);
    ASSERT_LE(std::abs(p.contrast - 1), config.contrast);
    ASSERT_LE(p.erase.x + p.erase.width, kSize);
    ASSERT_LE(p.erase.y + p.erase.height, kSize);
    flips += p.flip;
    erased += p.erase.width > 0;
  }
  EXPECT_NEAR(flips / 2000.0, config.flip_probability, 0.05);
  EXPECT_NEAR(erased / 2000.0, config.erase_probability, 0.05);
}

TEST(Augment, ErasingFillsExactlyTheRectangle) {
  const std::vector<uint8_t> face(kSize * kSize, 100);
  AugmentParams erase;
  erase.erase = {5, 10, 7, 3, 9};
  const auto out = augmented(face, erase);
  int filled = 0;
  for (uint8_t v : out) filled += v == 9;
  EXPECT_EQ(filled, 7 * 3);
  EXPECT_EQ(out[10 * kSize + 5], 9);
  EXPECT_EQ(out[12 * kSize + 11], 9);
  EXPECT_EQ(out[13 * kSize + 11], 100);
}

}  // namespace
}  // namespace ferlab
