// The demo of a fresh machine: the tour over photos of people, as a live source.
#include "vision/photo_tour.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <fstream>

#include "vision/face_detector.hpp"
#include "vision/synthetic_scene.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

using testing::TempDir;

// Two 1600x1000 "photos" of textured background, each with a bright square where a face would be.
std::vector<std::string> write_photos(const TempDir& dir) {
  std::vector<std::string> photos;
  for (unsigned i = 0; i < 2; ++i) {
    cv::Mat photo = make_background({1600, 1000}, 10 + i);
    cv::rectangle(photo, cv::Rect(700, 400, 200, 200), cv::Scalar(250, 250, 250), cv::FILLED);
    photos.push_back(dir.file("photo" + std::to_string(i) + ".jpg"));
    EXPECT_TRUE(cv::imwrite(photos.back(), photo));
  }
  return photos;
}

double mean_difference(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::mean(diff)[0];
}

TEST(PhotoTour, ShowsEachPhotoForItsSecondsMovingSlowlyAt30FramesASecondAndLoops) {
  TempDir dir("photo-tour");
  SourceOptions looping;
  looping.loop = true;
  const auto tour = open_photo_tour(write_photos(dir), looping);
  EXPECT_EQ(tour->kind(), SourceKind::Scene);
  EXPECT_DOUBLE_EQ(tour->fps(), 30.0);
  const int per_photo = static_cast<int>(kTourSecondsPerPhoto * kTourFps);
  EXPECT_EQ(tour->frame_count(), 2 * per_photo);
  std::vector<Frame> frames(2 * per_photo + 1);
  for (Frame& frame : frames) ASSERT_TRUE(tour->read(frame)) << tour->error();
  EXPECT_EQ(frames[0].image.size(), cv::Size(1280, 720));
  EXPECT_DOUBLE_EQ(frames[30].timestamp_s, 1.0);
  // Frame to frame the view moves a little; over the photo's time, a lot; a new photo is a cut.
  const double step = mean_difference(frames[10].image, frames[11].image);
  EXPECT_GT(step, 0.0);
  EXPECT_GT(mean_difference(frames[0].image, frames[per_photo - 1].image), 3 * step);
  EXPECT_GT(mean_difference(frames[per_photo - 1].image, frames[per_photo].image),
            mean_difference(frames[per_photo - 2].image, frames[per_photo - 1].image));
  EXPECT_EQ(frames[2 * per_photo - 1].loop, 0);
  EXPECT_EQ(frames[2 * per_photo].loop, 1);
  EXPECT_LT(mean_difference(frames[0].image, frames[2 * per_photo].image), 1e-9) << "the loop starts where it began";

  const auto once = open_photo_tour(write_photos(dir));
  Frame frame;
  int read = 0;
  while (once->read(frame)) ++read;
  EXPECT_EQ(read, 2 * per_photo);
  EXPECT_EQ(once->state(), SourceState::EndOfStream);
}

TEST(PhotoTour, APhotoThatCannotBeReadIsLeftOutAndSaid) {
  TempDir dir("photo-tour-bad");
  std::vector<std::string> photos = write_photos(dir);
  std::ofstream(dir.file("empty.jpg")).close();
  photos.insert(photos.begin(), dir.file("empty.jpg"));
  const auto tour = open_photo_tour(photos);
  Frame frame;
  while (!tour->read(frame) && tour->state() != SourceState::Error) {
  }
  EXPECT_EQ(frame.image.size(), cv::Size(1280, 720));
  EXPECT_NE(tour->error().find(dir.file("empty.jpg")), std::string::npos) << tour->error();
  EXPECT_EQ(tour->frame_count(), 2 * static_cast<int>(kTourSecondsPerPhoto * kTourFps));
}

TEST(PhotoTour, WithoutPhotosTheDemoSaysHowToFetchThem) {
  TempDir dir("photo-tour-none");
  setenv("FERLAB_DEMO_DIR", dir.path().c_str(), 1);
  const auto demo = FrameSource::open(kDemoSpec);
  unsetenv("FERLAB_DEMO_DIR");
  Frame frame;
  EXPECT_FALSE(demo->read(frame));
  EXPECT_EQ(demo->state(), SourceState::Error);
  EXPECT_NE(demo->error().find("no demo photos in " + dir.path().string() + ": scripts/setup.sh fetches them"),
            std::string::npos)
      << demo->error();
}

TEST(PhotoTour, TheDetectorFindsThePeopleInEveryFetchedPhoto) {
  if (demo_photos().empty()) GTEST_SKIP() << "no demo photos in " << demo_photos_dir() << " (scripts/fetch_demo.sh)";
  if (!blazeface_available()) GTEST_SKIP() << "BlazeFace not fetched (scripts/fetch_models.sh)";
  const auto tour = FrameSource::open(kDemoSpec);
  const auto detector = make_face_detector(default_detector_options());
  const int per_photo = static_cast<int>(kTourSecondsPerPhoto * kTourFps);
  Frame frame;
  for (size_t photo = 0; photo < demo_photos().size(); ++photo) {
    for (int f = 0; f < per_photo; ++f) {
      ASSERT_TRUE(tour->read(frame)) << tour->error();
      // The whole photo, and half-way through its time: its people are found.
      if (f == 0 || f == per_photo / 2) EXPECT_GE(detector->detect(frame.image).size(), 3u) << demo_photos()[photo] << " frame " << f;
    }
  }
}

}  // namespace
}  // namespace ferlab
