// Faces carried between detector passes: optical flow moves a face's box and
// keypoints with the face, lets go of a face it cannot follow, notices motion
// where no face is; FaceFinder runs the detector on its cadence and finds the
// faces on every frame between.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include <chrono>
#include <thread>

#include "vision/face_finder.hpp"
#include "vision/face_motion.hpp"
#include "vision/synthetic_scene.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

// A textured frame with a textured square (the "face") at `box`.
cv::Mat frame_with_patch(const cv::Rect& box, cv::Size size = {320, 240}) {
  cv::Mat frame = make_background(size, 3);
  cv::Mat patch = make_background({box.width, box.height}, 11);
  patch.copyTo(frame(box));
  return frame;
}

MotionFrame motion_with_patch(const cv::Rect& box, cv::Size size = {320, 240}) {
  return motion_frame(frame_with_patch(box, size));
}

DetectedFace face_at(const cv::Rect& box) {
  DetectedFace face;
  face.box = box;
  face.score = 0.9f;
  face.keypoints = {{box.x + 0.3f * box.width, box.y + 0.4f * box.height},
                    {box.x + 0.7f * box.width, box.y + 0.4f * box.height}};
  return face;
}

TEST(FaceMotion, CarriesABoxAndItsKeypointsWithTheFace) {
  const cv::Rect before(100, 80, 60, 60), after(106, 77, 60, 60);
  const auto carried = carry_faces(motion_with_patch(before), motion_with_patch(after), {face_at(before)});
  ASSERT_EQ(carried.size(), 1u);
  ASSERT_TRUE(carried[0]);
  EXPECT_NEAR(carried[0]->box.x, after.x, 1.0);
  EXPECT_NEAR(carried[0]->box.y, after.y, 1.0);
  EXPECT_NEAR(carried[0]->box.width, after.width, 1.5);
  EXPECT_NEAR(carried[0]->keypoints[1].x, after.x + 0.7f * after.width, 1.0);
  EXPECT_FLOAT_EQ(carried[0]->score, 0.9f);
}

// Frames wider than kMotionMaxWidth are followed at a smaller scale; the boxes stay in frame pixels.
TEST(FaceMotion, CarriesAFaceOfALargeFrameInFramePixels) {
  const cv::Size hd(1280, 720);
  const cv::Rect before(500, 300, 160, 160), after(514, 292, 160, 160);
  const auto carried = carry_faces(motion_with_patch(before, hd), motion_with_patch(after, hd), {face_at(before)});
  ASSERT_TRUE(carried[0]);
  EXPECT_NEAR(carried[0]->box.x, after.x, 2.0);
  EXPECT_NEAR(carried[0]->box.y, after.y, 2.0);
  EXPECT_NEAR(carried[0]->box.width, after.width, 3.0);
}

TEST(FaceMotion, LetsGoOfAFaceWhenTheSceneCuts) {
  const cv::Rect box(100, 80, 60, 60);
  const MotionFrame other = motion_frame(make_background({320, 240}, 99));
  const auto carried = carry_faces(motion_with_patch(box), other, {face_at(box)});
  ASSERT_EQ(carried.size(), 1u);
  EXPECT_FALSE(carried[0]);
}

TEST(FaceMotion, NoticesMotionAwayFromThePeopleItFollowsOnly) {
  const cv::Rect face(40, 30, 40, 40);
  const cv::Mat still = frame_with_patch(face);
  EXPECT_FALSE(moved_outside_faces(motion_frame(still), motion_frame(still), {face_at(face)}));
  // The followed face's own movement (and its body's, below it) is not news.
  EXPECT_FALSE(moved_outside_faces(motion_frame(still), motion_with_patch({46, 34, 40, 40}), {face_at({46, 34, 40, 40})}));
  // Something the size of a face comes in at the other side of the frame.
  cv::Mat entered = still.clone();
  cv::rectangle(entered, cv::Rect(240, 60, 50, 50), cv::Scalar(255, 255, 255), cv::FILLED);
  EXPECT_TRUE(moved_outside_faces(motion_frame(still), motion_frame(entered), {face_at(face)}));
}

// One FER-2013 face drifting across the benchmark scene, and a detector that finds it.
struct DriftingFace {
  std::vector<cv::Mat> faces = load_fer_test_faces(testing::fer2013_dir(), 1);
  cv::Mat background = make_background({kBenchmarkSceneWidth, kBenchmarkSceneHeight}, 7);
  DetectorOptions detector = back_model();
  cv::Mat frame(int f) const { return render_benchmark_scene(faces, 1, f, background); }
  static DetectorOptions back_model() {
    DetectorOptions options;
    options.kind = DetectorKind::BlazeFaceBack;
    return options;
  }
};

// A face drifting across the benchmark scene: the detector runs on its cadence
// (and the frames it must), and every frame between has the face where the
// detector would have found it.
TEST(FaceFinder, RunsTheDetectorOnItsCadenceAndFindsTheFaceOnEveryFrame) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const DriftingFace scene;
  FaceFinder every_frame(scene.detector, FinderOptions{}), on_cadence(scene.detector, FinderOptions{5});
  int detector_frames = 0;
  for (int f = 0; f < 20; ++f) {
    const cv::Mat frame = scene.frame(f);
    bool ran = false;
    const std::vector<DetectedFace> want = every_frame.find(frame, ran);
    EXPECT_TRUE(ran);
    const std::vector<DetectedFace> got = on_cadence.find(frame, ran);
    detector_frames += ran;
    if (f % 5 == 0) EXPECT_TRUE(ran) << "frame " << f;
    ASSERT_EQ(want.size(), 1u) << "frame " << f;
    ASSERT_EQ(got.size(), 1u) << "frame " << f;
    EXPECT_GT(box_iou(got[0].box, want[0].box), 0.7f) << "frame " << f;
  }
  EXPECT_LE(detector_frames, 8) << "a face drifting in a still scene needs the detector on its turns, not every frame";
  on_cadence.reset();
  bool ran = false;
  on_cadence.find(scene.frame(0), ran);
  EXPECT_TRUE(ran) << "a new stream starts with the detector";
}

// On its own thread the detector never holds a frame up: the stream's first
// frame waits for it (there is nothing to carry yet), later frames carry the
// face by flow, and the passes' faces come in as they finish.
TEST(FaceFinder, InTheBackgroundFindsTheFaceOnEveryFrameAndTakesInItsPasses) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const DriftingFace scene;
  FaceFinder every_frame(scene.detector, FinderOptions{}), in_background(scene.detector, FinderOptions{3, true, 0});
  int passes_taken = 0;
  for (int f = 0; f < 30; ++f) {
    const cv::Mat frame = scene.frame(f);
    bool ran = false;
    const std::vector<DetectedFace> want = every_frame.find(frame, ran);
    const std::vector<DetectedFace> got = in_background.find(frame, ran);
    if (f == 0) EXPECT_TRUE(ran) << "the first frame waits for the detector";
    else passes_taken += ran;
    ASSERT_EQ(got.size(), 1u) << "frame " << f;
    EXPECT_GT(box_iou(got[0].box, want[0].box), 0.7f) << "frame " << f;
    std::this_thread::sleep_for(std::chrono::milliseconds(15));  // a camera's frames come apart
  }
  EXPECT_GE(passes_taken, 3) << "passes requested every third frame come in";
}

}  // namespace
}  // namespace ferlab
