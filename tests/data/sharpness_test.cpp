#include "data/sharpness.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace ferlab {
namespace {

std::vector<uint8_t> checkerboard() {
  std::vector<uint8_t> face(kFacePixels);
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x) face[static_cast<size_t>(y * kFaceSize + x)] = ((x + y) % 2) ? 200 : 100;
  return face;
}

std::vector<uint8_t> blurred(const std::vector<uint8_t>& face, double sigma) {
  cv::Mat in(kFaceSize, kFaceSize, CV_8U, const_cast<uint8_t*>(face.data())), out;
  cv::GaussianBlur(in, out, {0, 0}, sigma, sigma, cv::BORDER_REPLICATE);
  return std::vector<uint8_t>(out.data, out.data + kFacePixels);
}

TEST(Sharpness, ConstantFaceHasZeroLaplacianVariance) {
  const std::vector<uint8_t> flat(kFacePixels, 128);
  EXPECT_DOUBLE_EQ(laplacian_variance(flat.data()), 0.0);
}

TEST(Sharpness, CheckerboardMatchesHandComputedResponse) {
  // Every interior pixel: four neighbours of the other colour minus four times
  // itself, i.e. +-4 * 100 = +-400, alternating, so mean 0 (for the even count
  // of 46x46 interior pixels) and variance 400^2.
  EXPECT_NEAR(laplacian_variance(checkerboard().data()), 160000.0, 1e-6);
}

TEST(Sharpness, BlurLowersTheMeasure) {
  const auto sharp = checkerboard();
  EXPECT_LT(laplacian_variance(blurred(sharp, 1.0).data()), laplacian_variance(sharp.data()) / 10);
}

TEST(Sharpness, WarnsWhenTrainIsFarBlurrierThanTestAndNamesBoth) {
  cv::Mat noise(kFaceSize, kFaceSize, CV_8U);
  cv::randu(noise, 0, 255);
  const std::vector<uint8_t> face(noise.data, noise.data + kFacePixels);
  FaceDataset data;
  for (int i = 0; i < 5; ++i) {
    data.add(blurred(face, 3.0).data(), 3, Split::Train, "train");
    data.add(face.data(), 3, Split::PublicTest, "test");
  }
  const SharpnessBySplit sharpness = measure_sharpness(data);
  EXPECT_EQ(sharpness[0].faces, 5u);
  EXPECT_GT(sharpness[1].median, 10 * sharpness[0].median);
  const std::string text = format_sharpness(sharpness);
  EXPECT_NE(text.find("warning: the train split is far blurrier than the test split"), std::string::npos) << text;
}

TEST(Sharpness, NoWarningWhenSplitsMatch) {
  FaceDataset data;
  const auto face = checkerboard();
  data.add(face.data(), 1, Split::Train, "a");
  data.add(face.data(), 1, Split::PublicTest, "b");
  EXPECT_EQ(format_sharpness(measure_sharpness(data)).find("warning"), std::string::npos);
}

}  // namespace
}  // namespace ferlab
