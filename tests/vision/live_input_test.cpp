// What the live path meets outside the benchmark's 640x480: a 4K frame and a
// crowd of thirty faces go through the live feed's analysis (detector on its
// own thread, flow between its passes) without losing a face the detector
// finds, and every face found is classified and explained.
#include <gtest/gtest.h>

#include <numeric>

#include "vision/face_analyzer.hpp"
#include "vision/pipeline.hpp"
#include "vision/synthetic_scene.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

// `count` FER-2013 test faces of `side` pixels in a grid on a textured frame.
cv::Mat crowd(cv::Size size, int count, int side, int columns) {
  const std::vector<cv::Mat> faces = load_fer_test_faces(testing::fer2013_dir(), static_cast<size_t>(count));
  cv::Mat frame = make_background(size, 4);
  const int step_x = size.width / columns, rows = (count + columns - 1) / columns, step_y = size.height / rows;
  for (int i = 0; i < count; ++i)
    paste_face(frame, faces[static_cast<size_t>(i)],
               {(i % columns) * step_x + (step_x - side) / 2, (i / columns) * step_y + (step_y - side) / 2, side, side});
  return frame;
}

// Two frames of the same scene, as a camera delivers them: the first waits for
// the detector, the second carries its faces by flow. Each keeps every face
// the detector finds running alone on the whole frame, as before the cadence.
void expect_live_analysis_keeps_the_detectors_faces(const cv::Mat& scene, size_t at_least) {
  const size_t alone = make_face_detector(default_detector_options())->detect(scene).size();
  EXPECT_GE(alone, at_least) << "the scene's faces are findable";
  FrameAnalyzer analyzer(live_stream_analysis(default_detector_options().kind, 0), testing::untrained_classifier());
  for (int f = 0; f < 2; ++f) {
    Frame frame;
    frame.image = scene.clone();
    frame.index = f;
    frame.timestamp_s = f / 30.0;
    const FrameResult result = analyzer.analyze(std::move(frame));
    EXPECT_GE(result.faces.size(), alone) << "frame " << f;
    for (const FaceResult& face : result.faces) {
      EXPECT_NEAR(std::accumulate(face.raw.begin(), face.raw.end(), 0.0f), 1.0f, 1e-4) << "frame " << f;
      EXPECT_FALSE(face.heatmap.empty()) << "frame " << f << ": every face is explained";
    }
  }
}

TEST(LiveInput, A4kFrameKeepsTheDetectorsFacesAndExplainsThem) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  expect_live_analysis_keeps_the_detectors_faces(crowd({3840, 2160}, 2, 700, 2), 1);
}

TEST(LiveInput, ACrowdOfThirtyKeepsTheDetectorsFacesAndExplainsThem) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  expect_live_analysis_keeps_the_detectors_faces(crowd({1920, 1080}, 30, 150, 6), 8);
}

}  // namespace
}  // namespace ferlab
