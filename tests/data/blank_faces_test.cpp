// The blank-image rule on hand-made images whose spread is known.
#include <gtest/gtest.h>

#include <vector>

#include "data/blank_faces.hpp"
#include "data_test_support.hpp"

namespace ferlab {
namespace {

TEST(BlankFaces, SpreadIsTheStandardDeviationOfTheGreyLevels) {
  std::vector<uint8_t> half(kFacePixels, 0);
  for (size_t i = 0; i < half.size() / 2; ++i) half[i] = 255;
  EXPECT_DOUBLE_EQ(grey_level_spread(half.data()), 127.5);
  EXPECT_DOUBLE_EQ(grey_level_spread(std::vector<uint8_t>(kFacePixels, 77).data()), 0.0);
}

TEST(BlankFaces, BlackFlatAndJpegNoisyFlatImagesAreBlankFacesAreNot) {
  EXPECT_TRUE(is_blank_face(std::vector<uint8_t>(kFacePixels, 0).data()));
  EXPECT_TRUE(is_blank_face(std::vector<uint8_t>(kFacePixels, 200).data()));
  std::vector<uint8_t> noisy(kFacePixels, 3);  // a black JPEG's ringing: a grey level or two here and there
  for (size_t i = 0; i < noisy.size(); i += 7) noisy[i] = 5;
  EXPECT_TRUE(is_blank_face(noisy.data()));
  EXPECT_FALSE(is_blank_face(test::pattern_face(1).data()));
}

TEST(BlankFaces, FindListsExactlyThePlantedBlankFaces) {
  FaceDataset data;
  data.add(test::pattern_face(1).data(), 0, Split::Train, "a");
  data.add(std::vector<uint8_t>(kFacePixels, 0).data(), 3, Split::Train, "black");
  data.add(test::pattern_face(2).data(), 1, Split::PublicTest, "b");
  data.add(std::vector<uint8_t>(kFacePixels, 128).data(), 4, Split::PublicTest, "grey");
  EXPECT_EQ(find_blank_faces(data), (std::vector<size_t>{1, 3}));
}

}  // namespace
}  // namespace ferlab
