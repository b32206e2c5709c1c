#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
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
