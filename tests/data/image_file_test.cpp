#include "data/image_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <opencv2/imgcodecs.hpp>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data/face_image.hpp"
#include "data_test_support.hpp"
#include "support/error_of.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::TempDir;

std::string jpeg_bytes() {
  cv::Mat face(48, 48, CV_8U);
  cv::randu(face, 0, 255);
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(".jpg", face, bytes));
  return std::string(bytes.begin(), bytes.end());
}

TEST(ImageFile, TruncatedJpegIsSkippedWithAMessageWhenLoadingAFolder) {
  const TempDir dir("truncated-jpeg");
  const std::string jpeg = jpeg_bytes();
  test::write_text(dir / "train/happy/whole.jpg", jpeg);
  test::write_text(dir / "train/happy/cut.jpg", jpeg.substr(0, jpeg.size() * 2 / 3));
  // OpenCV alone decodes the cut file without complaint: the check is FERLab's.
  EXPECT_FALSE(cv::imread(dir / "train/happy/cut.jpg", cv::IMREAD_UNCHANGED).empty());
  LoadReport report;
  const FaceDataset dataset = load_folders(dir.path().string(), {}, &report);
  ASSERT_EQ(dataset.size(), 1u);
  EXPECT_EQ(dataset.source(0), "train/happy/whole.jpg");
  EXPECT_TRUE(contains(report.problems, dir / "train/happy/cut.jpg" + ": truncated JPEG")) << report.problems.front();
}

TEST(ImageFile, JpegWithTrailingPaddingAfterItsEndMarkerLoads) {
  const TempDir dir("padded-jpeg");
  test::write_text(dir / "padded.jpg", jpeg_bytes() + std::string(16, '\0'));
  EXPECT_NO_THROW(load_face_image(dir / "padded.jpg"));
}

TEST(ImageFile, PngDeclaringMoreThanFiftyMegapixelsIsRefusedBeforeDecoding) {
  const TempDir dir("huge-png");
  // A real 1x1 PNG whose IHDR is rewritten to 10000x10000 (the CRC no longer
  // matches, but the size check comes before any decoder looks).
  std::vector<uchar> png;
  ASSERT_TRUE(cv::imencode(".png", cv::Mat(1, 1, CV_8U, cv::Scalar(7)), png));
  std::string bytes(png.begin(), png.end());
  for (const size_t at : {16u, 20u}) bytes.replace(at, 4, std::string("\x00\x00\x27\x10", 4));
  test::write_text(dir / "huge.png", bytes);
  const std::string message = test::error_of<DataError>([&] { load_face_image(dir / "huge.png"); });
  EXPECT_NE(message.find(dir / "huge.png" + ": image of 10000x10000 pixels is larger than the 50 megapixels"),
            std::string::npos)
      << message;
}

TEST(ImageFile, JpegDeclaringMoreThanFiftyMegapixelsIsRefused) {
  std::string jpeg = jpeg_bytes();
  // The frame header (SOF0, FF C0) holds height then width after length and precision.
  const size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg.replace(sof + 5, 4, std::string("\x27\x10\x27\x10", 4));
  const std::string message = test::error_of<DataError>([&] { check_image_bytes(jpeg, "big.jpg"); });
  EXPECT_NE(message.find("big.jpg: image of 10000x10000 pixels"), std::string::npos) << message;
}

// A cheap, deterministic fuzz of the image path: byte changes and cuts of a
// real JPEG and PNG either decode or are a DataError naming the file.
TEST(ImageFile, RandomlyDamagedImagesDecodeOrAreDataErrors) {
  const TempDir dir("damaged-images");
  std::vector<uchar> png;
  cv::Mat face(48, 48, CV_8U);
  cv::randu(face, 0, 255);
  ASSERT_TRUE(cv::imencode(".png", face, png));
  std::mt19937 rng(21);
  for (const std::string& good : {jpeg_bytes(), std::string(png.begin(), png.end())}) {
    for (int n = 0; n < 1500; ++n) {
      std::string bytes = good;
      for (int c = 0; c < 1 + static_cast<int>(rng() % 4); ++c) bytes[rng() % bytes.size()] = static_cast<char>(rng() % 256);
      if (n % 4 == 0) bytes.resize(rng() % bytes.size());
      const std::string path = dir / "damaged.img";
      test::write_text(path, bytes);
      try {
        load_face_image(path);
      } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      } catch (const std::exception& e) {
        FAIL() << "case " << n << ": " << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace ferlab
