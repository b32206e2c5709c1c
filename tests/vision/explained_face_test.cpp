// The vision layer's rules of what is explained: which face, which class, which
// method per frame, and a paused frame explained again under new settings.
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "core/face_dataset.hpp"
#include "vision/explained_face.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

FaceResult face_at(int track, cv::Rect2f box, int label, uint8_t shade) {
  FaceResult face;
  face.track_id = track;
  face.box = box;
  face.label = label;
  face.face = cv::Mat(kFaceSize, kFaceSize, CV_8UC1, cv::Scalar(shade));
  cv::circle(face.face, {16, 20}, 6, cv::Scalar(255 - shade), -1);
  return face;
}

std::vector<FaceResult> three_faces() {
  return {face_at(4, {0, 0, 40, 40}, 3, 40), face_at(7, {100, 0, 90, 90}, 1, 120), face_at(9, {200, 0, 60, 60}, 6, 200)};
}

TEST(ExplainedFace, SelectedTrackElseTheLargestFace) {
  const auto faces = three_faces();
  EXPECT_EQ(selected_or_largest_face(faces, 9), 2u);
  EXPECT_EQ(selected_or_largest_face(faces, 4), 0u);
  EXPECT_EQ(selected_or_largest_face(faces, 123), 1u) << "track gone: the largest face";
  EXPECT_FALSE(selected_or_largest_face({}, 4).has_value());
}

TEST(ExplainedFace, TheShownLabelUnlessAClassIsAsked) {
  const auto faces = three_faces();
  EXPECT_EQ(explained_class(faces[0], -1), 3);
  EXPECT_EQ(explained_class(faces[0], 5), 5);
}

TEST(ExplainedFace, CostlyMethodsAreReplacedByGradCamOnEveryFrame) {
  EXPECT_EQ(per_frame_method(CamMethod::GradCamPlusPlus), CamMethod::GradCamPlusPlus);
  EXPECT_EQ(per_frame_method(CamMethod::LayerCam), CamMethod::LayerCam);
  for (const CamMethod costly : {CamMethod::ScoreCam, CamMethod::IntegratedGradients, CamMethod::SmoothGrad})
    EXPECT_EQ(per_frame_method(costly), CamMethod::GradCam) << cam_method_name(costly);
}

TEST(ExplainedFace, ExplainFrameMapsOnlyTheChosenFacesForTheAskedClass) {
  const auto classifier = testing::untrained_classifier();
  FrameResult frame;
  frame.faces = three_faces();
  frame.faces[0].heatmap = cv::Mat(kFaceSize, kFaceSize, CV_32FC1, cv::Scalar(1));  // a stale map
  AnalyzerOptions options;
  options.gradcam = GradCamFaces::Selected;
  options.gradcam_track = 9;
  const FrameResult selected = explain_frame(frame, *classifier, options);
  EXPECT_TRUE(selected.faces[0].heatmap.empty()) << "maps of unchosen faces are dropped";
  EXPECT_TRUE(selected.faces[1].heatmap.empty());
  ASSERT_FALSE(selected.faces[2].heatmap.empty());
  EXPECT_EQ(selected.faces[2].heatmap_class, 6);
  EXPECT_FALSE(frame.faces[0].heatmap.empty()) << "the frame given is not changed";

  options.gradcam = GradCamFaces::All;
  options.gradcam_class = 2;
  const FrameResult all = explain_frame(frame, *classifier, options);
  for (const FaceResult& face : all.faces) {
    ASSERT_FALSE(face.heatmap.empty()) << "track " << face.track_id;
    EXPECT_EQ(face.heatmap_class, 2);
    // The same map as explaining the face alone: the frame's faces do not mix
    // (mixed, maps differ by tenths; a batch of three and a batch of one differ
    // in the last bits of BLAS's sums, which the map's scaling to [0,1] enlarges).
    const auto alone = classifier_activation_maps(*classifier, face.face.data, 1, CamMethod::GradCam, {2});
    EXPECT_LT(cv::norm(face.heatmap, alone.front().heatmap, cv::NORM_INF), 1e-3);
  }
}

TEST(ExplainedFace, HeatmapCornersAreTheCropsEdgesInTheFrame) {
  FaceResult face;
  face.to_crop = cv::Matx23f(0.5f, 0.f, -50.f, 0.f, 0.5f, -25.f);  // crop pixel (x,y) <- frame (100+2x, 50+2y)
  const auto corners = heatmap_corners(face);
  EXPECT_NEAR(corners[0].x, 99.f, 1e-4);  // crop -0.5 (its left edge) <- frame 100 - 1
  EXPECT_NEAR(corners[0].y, 49.f, 1e-4);
  EXPECT_NEAR(corners[1].x, 195.f, 1e-4);  // crop 47.5 <- frame 100 + 95
  EXPECT_NEAR(corners[1].y, 49.f, 1e-4);
  EXPECT_NEAR(corners[2].x, 99.f, 1e-4);
  EXPECT_NEAR(corners[2].y, 145.f, 1e-4);
}

}  // namespace
}  // namespace ferlab
