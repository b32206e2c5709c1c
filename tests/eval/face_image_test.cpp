#include "data/face_image.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "eval_test_support.hpp"

namespace ferlab {
namespace {

class FaceImageTest : public testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const cv::Mat& image) {
    EXPECT_TRUE(cv::imwrite(path(name), image)) << name;
    return path(name);
  }
};

std::string data_error(const std::string& file) {
  try {
    load_face_image(file);
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no DataError)";
}

// Left half dark, right half bright: survives conversion and resizing recognisably.
cv::Mat two_tone(int rows, int cols, int type, const cv::Scalar& dark, const cv::Scalar& bright) {
  cv::Mat image(rows, cols, type, dark);
  image(cv::Rect(cols / 2, 0, cols - cols / 2, rows)).setTo(bright);
  return image;
}

TEST_F(FaceImageTest, GrayImageOfFaceSizeIsKeptAsIs) {
  cv::Mat gray(kFaceSize, kFaceSize, CV_8UC1);
  cv::randu(gray, 0, 256);
  const FaceImage face = load_face_image(write("g.png", gray));
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x) ASSERT_EQ(face[y * kFaceSize + x], gray.at<uint8_t>(y, x));
}

TEST_F(FaceImageTest, BgrImageBecomesItsGrayLuminance) {
  // Pure blue (B=255) is dark in luminance: 0.114 * 255 = 29.
  const FaceImage face = load_face_image(write("bgr.png", cv::Mat(48, 48, CV_8UC3, cv::Scalar(255, 0, 0))));
  EXPECT_NEAR(face[0], 29, 1);
  EXPECT_NEAR(face[kFacePixels - 1], 29, 1);
}

TEST_F(FaceImageTest, BgraImageIgnoresAlpha) {
  // Pure green, half transparent: 0.587 * 255 = 150 whatever the alpha.
  const FaceImage face = load_face_image(write("bgra.png", cv::Mat(48, 48, CV_8UC4, cv::Scalar(0, 255, 0, 128))));
  EXPECT_NEAR(face[100], 150, 1);
}

TEST_F(FaceImageTest, LargeImageIsAreaResizedTo48x48) {
  const cv::Mat big = two_tone(480, 640, CV_8UC3, cv::Scalar(20, 20, 20), cv::Scalar(230, 230, 230));
  const FaceImage face = load_face_image(write("big.jpg", big));
  EXPECT_NEAR(face[10 * kFaceSize + 5], 20, 4);   // left, well inside the dark half
  EXPECT_NEAR(face[10 * kFaceSize + 42], 230, 4);  // right, well inside the bright half
}

TEST_F(FaceImageTest, SixteenBitImageIsScaledToEightBits) {
  const FaceImage face = load_face_image(write("deep.png", cv::Mat(60, 60, CV_16UC1, cv::Scalar(65535 / 2))));
  EXPECT_NEAR(face[0], 127, 1);
}

TEST_F(FaceImageTest, CorruptFileIsRejectedNamingIt) {
  const std::string file = path("broken.jpg");
  std::ofstream(file) << "this is not a JPEG";
  const std::string message = data_error(file);
  EXPECT_NE(message.find(file), std::string::npos) << message;
  EXPECT_NE(message.find("not an image"), std::string::npos) << message;
}

TEST_F(FaceImageTest, TruncatedPngIsRejectedNamingIt) {
  const std::string good = write("whole.png", cv::Mat(48, 48, CV_8UC1, cv::Scalar(9)));
  std::ifstream in(good, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string file = path("truncated.png");
  std::ofstream(file, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_NE(data_error(file).find(file), std::string::npos);
}

TEST_F(FaceImageTest, MissingFileIsRejectedNamingIt) {
  const std::string message = data_error(path("nowhere.png"));
  EXPECT_NE(message.find(path("nowhere.png")), std::string::npos) << message;
}

}  // namespace
}  // namespace ferlab
