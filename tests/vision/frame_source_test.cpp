#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "vision/frame_source.hpp"
#include "vision/vision_test_support.hpp"

namespace ferlab {
namespace {

using testing::TempDir;

TEST(FrameSource, MissingFileIsAnErrorNamingIt) {
  const auto source = FrameSource::open("/nonexistent/clip.mp4");
  EXPECT_EQ(source->state(), SourceState::Error);
  EXPECT_NE(source->error().find("/nonexistent/clip.mp4"), std::string::npos);
  Frame frame;
  EXPECT_FALSE(source->read(frame));
}

TEST(FrameSource, MissingCameraReportsItselfWithoutThrowing) {
  SourceOptions options;
  options.reconnect_interval = std::chrono::milliseconds(10);
  const auto source = FrameSource::open("camera:63", options);
  EXPECT_EQ(source->kind(), SourceKind::Camera);
  Frame frame;
  EXPECT_FALSE(source->read(frame));
  EXPECT_EQ(source->state(), SourceState::CameraMissing);
  EXPECT_NE(source->error().find("camera 63"), std::string::npos);
}

TEST(FrameSource, MissingCameraRetriesWithoutKeepingTheReaderWaiting) {
  SourceOptions options;
  options.reconnect_interval = std::chrono::seconds(5);
  const auto source = FrameSource::open("camera:63", options);
  Frame frame;
  const auto before = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(source->read(frame));
  // The next attempt is 5 s away: the reads return at once rather than sleep
  // until then, so that a pipeline switching sources can stop its capture now.
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(500));
  EXPECT_EQ(source->state(), SourceState::CameraMissing);
}

TEST(FrameSource, FolderGivesItsImagesInNameOrderSkippingBadOnes) {
  TempDir dir("folder-source");
  cv::imwrite(dir.file("b.png"), cv::Mat(20, 30, CV_8UC1, cv::Scalar(10)));                  // gray
  cv::imwrite(dir.file("a.png"), cv::Mat(20, 30, CV_8UC4, cv::Scalar(1, 2, 3, 255)));        // BGRA
  { std::ofstream(dir.file("c.jpg")) << "not a jpeg"; }
  const auto source = FrameSource::open(dir.file(""));
  EXPECT_EQ(source->kind(), SourceKind::ImageFolder);
  Frame frame;
  ASSERT_TRUE(source->read(frame));
  EXPECT_EQ(frame.image.type(), CV_8UC3);
  EXPECT_EQ(frame.image.at<cv::Vec3b>(0, 0), cv::Vec3b(1, 2, 3));
  ASSERT_TRUE(source->read(frame));
  EXPECT_EQ(frame.index, 1);
  EXPECT_EQ(frame.image.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 10, 10));
  EXPECT_FALSE(source->read(frame));
  EXPECT_EQ(source->state(), SourceState::EndOfStream);
}

TEST(FrameSource, VideoFileEndsCleanlyAndTruncatedOneIsAnError) {
  TempDir dir("video-source");
  const std::string path = dir.file("clip.avi");
  {
    cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {64, 48});
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 5; ++i) writer.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(i * 40, 0, 0)));
  }
  const auto source = FrameSource::open(path);
  EXPECT_EQ(source->kind(), SourceKind::VideoFile);
  EXPECT_DOUBLE_EQ(source->fps(), 10.0);
  Frame frame;
  int frames = 0;
  while (source->read(frame)) ++frames;
  EXPECT_EQ(frames, 5);
  EXPECT_DOUBLE_EQ(frame.timestamp_s, 0.4);
  EXPECT_EQ(source->state(), SourceState::EndOfStream);

  const std::string garbage = dir.file("garbage.mp4");
  { std::ofstream(garbage) << "this is not a video at all"; }
  const auto bad = FrameSource::open(garbage);
  EXPECT_FALSE(bad->read(frame));
  EXPECT_EQ(bad->state(), SourceState::Error);
  EXPECT_NE(bad->error().find(garbage), std::string::npos);
}

// Noise frames, so that each MJPG frame is large and a cut lands mid-stream.
void write_noise_clip(const std::string& path, int frames) {
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {160, 120});
  ASSERT_TRUE(writer.isOpened());
  cv::RNG rng(7);
  for (int i = 0; i < frames; ++i) {
    cv::Mat image(120, 160, CV_8UC3);
    rng.fill(image, cv::RNG::UNIFORM, 0, 255);
    writer.write(image);
  }
}

TEST(FrameSource, VideoThatStopsDecodingHalfwayIsAnErrorSayingWhere) {
  TempDir dir("video-cut");
  const std::string path = dir.file("clip.avi");
  write_noise_clip(path, 40);
  SourceOptions looping;
  looping.loop = true;  // a damaged file is not played round and round as if it had ended
  const auto source = FrameSource::open(path, looping);
  ASSERT_EQ(source->frame_count(), 40);
  Frame frame;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(source->read(frame));
  // The file vanishes under the reader (a network share dropping): only its first half is left.
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  int frames = 5;
  while (source->read(frame)) ++frames;
  EXPECT_GT(frames, 5);
  EXPECT_LT(frames, 30);
  EXPECT_EQ(source->state(), SourceState::Error);
  EXPECT_NE(source->error().find(path + ": decoding stopped at frame " + std::to_string(frames) + " of 40"),
            std::string::npos)
      << source->error();
  EXPECT_FALSE(source->read(frame)) << "an error is final: no frame after it";
}

TEST(LoadBgrImage, ConvertsGray16BitAndRgbaToBgr8) {
  TempDir dir("bgr");
  cv::imwrite(dir.file("deep.png"), cv::Mat(10, 10, CV_16UC1, cv::Scalar(65535)));
  const cv::Mat deep = load_bgr_image(dir.file("deep.png"));
  EXPECT_EQ(deep.type(), CV_8UC3);
  EXPECT_EQ(deep.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
  EXPECT_THROW(load_bgr_image(dir.file("none.png")), DataError);
}

}  // namespace
}  // namespace ferlab
