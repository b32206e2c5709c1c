#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data_test_support.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::pattern_face;
using test::TempDir;

// Writes a 48x48 gray face; PNG so that the pixels come back exactly.
void write_face(const TempDir& dir, const std::string& relative, const std::vector<uint8_t>& face) {
  const fs::path path = dir.path() / relative;
  fs::create_directories(path.parent_path());
  std::vector<uint8_t> pixels = face;  // cv::Mat wants mutable memory even to write a file
  const cv::Mat image(kFaceSize, kFaceSize, CV_8U, pixels.data());
  ASSERT_TRUE(cv::imwrite(path.string(), image)) << path;
}

void write_image(const TempDir& dir, const std::string& relative, const cv::Mat& image) {
  const fs::path path = dir.path() / relative;
  fs::create_directories(path.parent_path());
  ASSERT_TRUE(cv::imwrite(path.string(), image)) << path;
}

bool same_pixels(const FaceDataset& dataset, size_t i, const std::vector<uint8_t>& face) {
  return std::equal(face.begin(), face.end(), dataset.image(i));
}

TEST(FolderLoader, ReadsSplitAndClassFoldersWithPixelsAndSources) {
  const TempDir dir;
  write_face(dir, "train/happy/a.png", pattern_face(1));
  write_face(dir, "train/angry/b.png", pattern_face(2));
  write_face(dir, "test/surprise/c.png", pattern_face(3));
  LoadReport report;
  const FaceDataset dataset = load_folders(dir.path().string(), {}, &report);
  ASSERT_EQ(dataset.size(), 3u);
  EXPECT_EQ(report.loaded, 3u);
  EXPECT_EQ(report.skipped, 0u);
  // Train before test, and classes in canonical order within a split.
  EXPECT_EQ(dataset.source(0), "train/angry/b.png");
  EXPECT_EQ(dataset.label(0), 0);
  EXPECT_EQ(dataset.source(1), "train/happy/a.png");
  EXPECT_EQ(dataset.label(1), 3);
  EXPECT_EQ(dataset.source(2), "test/surprise/c.png");
  EXPECT_EQ(dataset.label(2), 5);
  EXPECT_EQ(dataset.split(2), Split::PublicTest);
  EXPECT_TRUE(same_pixels(dataset, 0, pattern_face(2)));
  EXPECT_TRUE(same_pixels(dataset, 2, pattern_face(3)));
}

TEST(FolderLoader, MapsClassFoldersByNameNotPosition) {
  const TempDir dir;
  // Alphabetically these are classes 0 and 1; by name they are neutral (6) and sad (4).
  write_face(dir, "neutral/a.png", pattern_face(1));
  write_face(dir, "sad/b.png", pattern_face(2));
  const FaceDataset dataset = load_folders(dir.path().string(), {}, nullptr, Split::PublicTest);
  ASSERT_EQ(dataset.size(), 2u);
  EXPECT_EQ(dataset.source(0), "sad/b.png");
  EXPECT_EQ(dataset.label(0), 4);
  EXPECT_EQ(dataset.source(1), "neutral/a.png");
  EXPECT_EQ(dataset.label(1), 6);
  EXPECT_EQ(dataset.split(0), Split::PublicTest);
}

TEST(FolderLoader, AcceptsValAndPrivateSplitFolderNames) {
  const TempDir dir;
  write_face(dir, "val/happy/a.png", pattern_face(1));
  write_face(dir, "PrivateTest/fear/b.png", pattern_face(2));
  const FaceDataset dataset = load_folders(dir.path().string());
  ASSERT_EQ(dataset.size(), 2u);
  EXPECT_EQ(dataset.split(0), Split::PublicTest);
  EXPECT_EQ(dataset.split(1), Split::PrivateTest);
  EXPECT_EQ(dataset.label(1), 2);
}

TEST(FolderLoader, OrdersFilesByName) {
  const TempDir dir;
  for (const char* name : {"c.png", "a.png", "b.png"}) write_face(dir, std::string("train/fear/") + name, pattern_face(1));
  const FaceDataset dataset = load_folders(dir.path().string());
  ASSERT_EQ(dataset.size(), 3u);
  EXPECT_EQ(dataset.source(0), "train/fear/a.png");
  EXPECT_EQ(dataset.source(1), "train/fear/b.png");
  EXPECT_EQ(dataset.source(2), "train/fear/c.png");
}

TEST(FolderLoader, SkipsAndReportsCorruptImage) {
  const TempDir dir;
  write_face(dir, "train/happy/good.png", pattern_face(1));
  test::write_text(dir.file("train/happy/broken.jpg"), "this is not a jpeg");
  LoadReport report;
  const FaceDataset dataset = load_folders(dir.path().string(), {}, &report);
  ASSERT_EQ(dataset.size(), 1u);
  EXPECT_EQ(dataset.source(0), "train/happy/good.png");
  EXPECT_EQ(report.skipped, 1u);
  EXPECT_TRUE(contains(report.problems, dir.file("train/happy/broken.jpg"))) << report.problems.front();
}

TEST(FolderLoader, StrictModeThrowsOnCorruptImage) {
  const TempDir dir;
  write_face(dir, "train/happy/good.png", pattern_face(1));
  test::write_text(dir.file("train/happy/broken.jpg"), "this is not a jpeg");
  LoadOptions strict;
  strict.strict = true;
  EXPECT_THROW(load_folders(dir.path().string(), strict), DataError);
}

TEST(FolderLoader, ReportsAndSkipsUnknownClassFolder) {
  const TempDir dir;
  write_face(dir, "train/happy/a.png", pattern_face(1));
  write_face(dir, "train/contempt/b.png", pattern_face(2));
  LoadReport report;
  const FaceDataset dataset = load_folders(dir.path().string(), {}, &report);
  EXPECT_EQ(dataset.size(), 1u);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("unknown class folder 'contempt'"), std::string::npos) << report.problems[0];
}

TEST(FolderLoader, ReportsEmptyClassFolder) {
  const TempDir dir;
  write_face(dir, "train/happy/a.png", pattern_face(1));
  fs::create_directories(dir.path() / "train" / "disgust");
  LoadReport report;
  const FaceDataset dataset = load_folders(dir.path().string(), {}, &report);
  EXPECT_EQ(dataset.size(), 1u);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("disgust: empty class folder"), std::string::npos) << report.problems[0];
}

TEST(FolderLoader, MissingRootThrowsNamingIt) {
  const TempDir dir;
  const std::string root = dir.file("nowhere");
  try {
    load_folders(root);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(root), std::string::npos) << e.what();
  }
}

TEST(FolderLoader, FolderWithoutSplitOrClassFoldersThrows) {
  const TempDir dir;
  write_face(dir, "photos/a.png", pattern_face(1));
  EXPECT_THROW(load_folders(dir.path().string()), DataError);
}

TEST(FolderLoader, ResizesLargerImagesTo48x48ByAreaAveraging) {
  const TempDir dir;
  const std::vector<uint8_t> face = pattern_face(4);
  // Each face pixel becomes a 2x2 block, so area averaging must give the face back exactly.
  cv::Mat doubled(2 * kFaceSize, 2 * kFaceSize, CV_8U);
  for (int y = 0; y < doubled.rows; ++y)
    for (int x = 0; x < doubled.cols; ++x)
      doubled.at<uint8_t>(y, x) = face[static_cast<size_t>((y / 2) * kFaceSize + x / 2)];
  write_image(dir, "train/sad/big.png", doubled);
  const FaceDataset dataset = load_folders(dir.path().string());
  ASSERT_EQ(dataset.size(), 1u);
  EXPECT_TRUE(same_pixels(dataset, 0, face));
}

TEST(FolderLoader, ConvertsColorAndAlphaImagesToGray) {
  const TempDir dir;
  write_image(dir, "train/happy/red.png", cv::Mat(kFaceSize, kFaceSize, CV_8UC3, cv::Scalar(0, 0, 255)));
  write_image(dir, "train/happy/red_alpha.png", cv::Mat(60, 40, CV_8UC4, cv::Scalar(0, 0, 255, 128)));
  const FaceDataset dataset = load_folders(dir.path().string());
  ASSERT_EQ(dataset.size(), 2u);
  // ITU-R BT.601 luma of pure red: 0.299 * 255 = 76.
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(dataset.image(i)[0], 76) << dataset.source(i);
    EXPECT_EQ(dataset.image(i)[kFacePixels - 1], 76) << dataset.source(i);
  }
}

}  // namespace
}  // namespace ferlab
