// The real BlazeFace model on FER-2013 faces pasted onto a background where we
// know the answer. Skipped when scripts/fetch_models.sh has not been run.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "vision/face_align.hpp"
#include "vision/face_detector.hpp"
#include "vision/vision_test_support.hpp"

namespace ferlab {
namespace {

using testing::fer2013_dir;

float rect_iou(const cv::Rect2f& a, const cv::Rect2f& b) {
  const float inter = (a & b).area();
  return inter / (a.area() + b.area() - inter);
}

TEST(BlazeFace, FindsAPastedFaceWhereItWasPasted) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  // Happy faces of FER-2013's test set; some FER-2013 images are profiles or
  // partly hidden, so the test uses faces that face the camera.
  const auto faces = load_fer_test_faces(fer2013_dir(), 4, {"happy"});
  auto detector = make_face_detector({});
  for (size_t i = 0; i < faces.size(); ++i) {
    cv::Mat scene = make_background({640, 480}, static_cast<unsigned>(i));
    const cv::Rect pasted(100 + 90 * static_cast<int>(i), 80 + 30 * static_cast<int>(i), 150, 150);
    paste_face(scene, faces[i], pasted);
    const auto found = detector->detect(scene);
    ASSERT_EQ(found.size(), 1u) << "face " << i;
    EXPECT_GT(found[0].score, 0.6f);
    // FER crops are tight, so BlazeFace's box sits inside the pasted square.
    EXPECT_GT(rect_iou(found[0].box, cv::Rect2f(pasted)), 0.4f) << "face " << i;
    ASSERT_EQ(found[0].keypoints.size(), 6u);
    const cv::Point2f right_eye = found[0].keypoints[static_cast<int>(FaceKeypoint::RightEye)];
    const cv::Point2f left_eye = found[0].keypoints[static_cast<int>(FaceKeypoint::LeftEye)];
    EXPECT_LT(right_eye.x, left_eye.x);  // the subject's right eye is on the image's left
    EXPECT_LT(right_eye.y, pasted.y + pasted.height / 2.f);
    EXPECT_GT(found[0].keypoints[static_cast<int>(FaceKeypoint::Mouth)].y, pasted.y + pasted.height / 2.f);
  }
}

TEST(BlazeFace, FrontModelFindsANearFaceAndHaarFindsItToo) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const auto faces = load_fer_test_faces(fer2013_dir(), 1);
  cv::Mat scene = make_background({640, 480}, 3);
  const cv::Rect pasted(200, 100, 240, 240);
  paste_face(scene, faces[0], pasted);
  DetectorOptions front;
  front.kind = DetectorKind::BlazeFaceFront;
  const auto found = make_face_detector(front)->detect(scene);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_GT(rect_iou(found[0].box, cv::Rect2f(pasted)), 0.4f);
  DetectorOptions haar;
  haar.kind = DetectorKind::Haar;
  const auto haar_found = make_face_detector(haar)->detect(scene);
  ASSERT_GE(haar_found.size(), 1u);
  EXPECT_GT(rect_iou(haar_found[0].box, cv::Rect2f(pasted)), 0.3f);
  EXPECT_TRUE(haar_found[0].keypoints.empty());
}

TEST(BlazeFace, FindsNothingInAnEmptyScene) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  EXPECT_TRUE(make_face_detector({})->detect(make_background({640, 480}, 9)).empty());
  EXPECT_TRUE(make_face_detector({})->detect(cv::Mat()).empty());
}

TEST(BlazeFace, MapsBoxesBackToPortraitAnd4KFrames) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const auto faces = load_fer_test_faces(fer2013_dir(), 1);
  auto detector = make_face_detector({});
  for (const cv::Size size : {cv::Size(480, 800), cv::Size(3840, 2160)}) {
    cv::Mat scene = make_background(size, 5);
    const int side = size.width / 4;
    const cv::Rect pasted(size.width / 2, size.height / 3, side, side);
    paste_face(scene, faces[0], pasted);
    const auto found = detector->detect(scene);
    ASSERT_EQ(found.size(), 1u) << size;
    EXPECT_GT(rect_iou(found[0].box, cv::Rect2f(pasted)), 0.4f) << size;
  }
}

TEST(FaceAlign, FramesPastedFacesLikeFer2013) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  // The pasted 48x48 original should map onto the aligned crop's frame. FER-2013's
  // own crops vary from face to face (and are not levelled), so the check is on
  // the median face: measured 6.5 px of 48 with the template in face_align.hpp.
  const auto faces = load_fer_test_faces(fer2013_dir(), 12);
  auto detector = make_face_detector({});
  const cv::Rect pasted(220, 120, 192, 192);
  std::vector<double> errors;  // per face, mean over two corners
  for (const cv::Mat& original : faces) {
    cv::Mat scene = make_background({640, 480}, 1);
    paste_face(scene, original, pasted);
    const auto found = detector->detect(scene);
    if (found.size() != 1) continue;
    const AlignedFace aligned = align_face(scene, found[0]);
    ASSERT_EQ(aligned.face.size(), cv::Size(48, 48));
    ASSERT_EQ(aligned.face.type(), CV_8UC1);
    EXPECT_TRUE(aligned.used_keypoints);
    const cv::Matx23f& m = aligned.to_crop;
    double corner_error = 0;
    for (const cv::Point2f corner : {cv::Point2f(pasted.tl()), cv::Point2f(pasted.br())}) {
      const cv::Point2f in_crop(m(0, 0) * corner.x + m(0, 1) * corner.y + m(0, 2),
                                m(1, 0) * corner.x + m(1, 1) * corner.y + m(1, 2));
      const cv::Point2f expected = corner == cv::Point2f(pasted.tl()) ? cv::Point2f(0, 0) : cv::Point2f(48, 48);
      corner_error += cv::norm(in_crop - expected);
    }
    errors.push_back(corner_error / 2);
  }
  ASSERT_GE(errors.size(), 10u);
  std::nth_element(errors.begin(), errors.begin() + errors.size() / 2, errors.end());
  EXPECT_LT(errors[errors.size() / 2], 8.0);
}

TEST(FaceAlign, LevelsTiltedEyes) {
  DetectedFace face;
  face.box = {100, 100, 100, 100};
  // Eyes 60 px apart, tilted by 30 degrees.
  const cv::Point2f right(120, 130);
  const cv::Point2f left = right + cv::Point2f(60 * std::cos(CV_PI / 6), 60 * std::sin(CV_PI / 6));
  face.keypoints = {right, left, {}, {}, {}, {}};
  const cv::Matx23f m = face_crop_transform(face, {});
  const auto apply = [&](cv::Point2f p) {
    return cv::Point2f(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2));
  };
  const cv::Point2f r = apply(right), l = apply(left);
  EXPECT_NEAR(r.y, l.y, 1e-3);
  EXPECT_NEAR(r.x, kFerRightEyeX * 48, 1e-3);
  EXPECT_NEAR(l.x, kFerLeftEyeX * 48, 1e-3);
  EXPECT_NEAR(r.y, kFerEyeY * 48, 1e-3);
}

TEST(FaceAlign, LargerMarginShowsMoreAroundTheFace) {
  DetectedFace face;
  face.box = {100, 100, 100, 100};
  AlignOptions wide;
  wide.margin = 1.5f;
  const cv::Matx23f tight = face_crop_transform(face, {});
  const cv::Matx23f loose = face_crop_transform(face, wide);
  EXPECT_NEAR(tight(0, 0) / loose(0, 0), 1.5f, 1e-4);
}

TEST(FaceAlign, FaceAtTheBorderGivesAFullCrop) {
  cv::Mat frame(200, 200, CV_8UC3, cv::Scalar(90, 90, 90));
  DetectedFace face;
  face.box = {-30, 150, 80, 80};
  const AlignedFace aligned = align_face(frame, face);
  EXPECT_EQ(aligned.face.size(), cv::Size(48, 48));
  EXPECT_FALSE(aligned.used_keypoints);
}

}  // namespace
}  // namespace ferlab
