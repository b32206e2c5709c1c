// The detectors on real footage and on pasted faces, and the pieces that
// combine them. The footage tests skip when ../shared/footage or BlazeFace is
// absent; the group photo's faces are the hand annotations the benchmark uses.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "vision/detector_benchmark.hpp"
#include "vision/merged_face_detector.hpp"
#include "vision/vision_test_support.hpp"

namespace ferlab {
namespace {

using testing::fer2013_dir;

const std::string kFootageDir = std::string(FERLAB_SHARED_DIR) + "/footage";
const std::string kAnnotations = std::string(FERLAB_SOURCE_DIR) + "/docs/footage_faces.json";

#define FERLAB_REQUIRE_GROUP_PHOTO()                                                                 \
  do {                                                                                               \
    if (!::ferlab::blazeface_available()) GTEST_SKIP() << "BlazeFace not fetched (scripts/fetch_models.sh)"; \
    if (!std::filesystem::exists(kFootageDir + "/group_six_people.jpg"))                             \
      GTEST_SKIP() << "no group photo in " << kFootageDir;                                          \
  } while (0)

struct GroupPhoto {
  cv::Mat image;
  std::vector<cv::Rect2f> faces;
};

GroupPhoto group_photo() {
  for (const AnnotatedImage& a : load_footage_annotations(kAnnotations).images)
    if (a.file == "group_six_people.jpg") return {cv::imread(kFootageDir + "/" + a.file), a.faces};
  ADD_FAILURE() << kAnnotations << " has no entry for group_six_people.jpg";
  return {};
}

DetectionCount run(DetectorKind kind, const cv::Mat& image, const std::vector<cv::Rect2f>& faces) {
  DetectorOptions options;
  options.kind = kind;
  return count_detections(faces, make_face_detector(options)->detect(image));
}

TEST(FaceDetection, DefaultDetectorFindsAllSixFacesOfTheGroupPhotoAndNothingElse) {
  FERLAB_REQUIRE_GROUP_PHOTO();
  const GroupPhoto photo = group_photo();
  ASSERT_EQ(photo.faces.size(), 6u);
  ASSERT_EQ(default_detector_options().kind, DetectorKind::BlazeFace);
  const DetectionCount count = count_detections(photo.faces, make_face_detector(default_detector_options())->detect(photo.image));
  EXPECT_EQ(count.found, 6);
  EXPECT_EQ(count.false_boxes, 0);
}

TEST(FaceDetection, HaarCheckDropsTheBoxesOnClothesOfTheGroupPhotoAndKeepsItsFaces) {
  FERLAB_REQUIRE_GROUP_PHOTO();
  const GroupPhoto photo = group_photo();
  const DetectionCount plain = run(DetectorKind::Haar, photo.image, photo.faces);
  const DetectionCount checked = run(DetectorKind::HaarChecked, photo.image, photo.faces);
  EXPECT_GT(plain.false_boxes, 0);  // the cascade alone boxes jackets, hands and paving here
  EXPECT_EQ(checked.false_boxes, 0);
  EXPECT_EQ(checked.found, plain.found);
}

TEST(FaceDetection, MergedDetectorFindsSmallPastedFacesTheFrontModelMisses) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  // 64-pixel faces in a 640x480 frame: a person a few metres from the camera.
  const auto faces = load_fer_test_faces(fer2013_dir(), 8, {"happy", "neutral"});
  DetectorOptions front_options;
  front_options.kind = DetectorKind::BlazeFaceFront;
  auto front = make_face_detector(front_options);
  auto merged = make_face_detector({});
  int front_found = 0, merged_found = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    cv::Mat scene = make_background({640, 480}, static_cast<unsigned>(i));
    const cv::Rect pasted(60 + 61 * static_cast<int>(i), 90 + 37 * static_cast<int>(i), 64, 64);
    paste_face(scene, faces[i], pasted);
    front_found += count_detections({cv::Rect2f(pasted)}, front->detect(scene)).found;
    const DetectionCount m = count_detections({cv::Rect2f(pasted)}, merged->detect(scene));
    merged_found += m.found;
    EXPECT_EQ(m.false_boxes, 0) << "face " << i;
  }
  EXPECT_EQ(front_found, 0);
  EXPECT_GE(merged_found, 5);  // measured: 78 % of 32 such faces (docs/BENCHMARKS.md)
}

// The live feed's merged detector runs one tile a pass, all of them on the
// first frame of a size: on a still scene it finds what running all of them
// finds, and keeps a small face found by one tile while the others run.
TEST(FaceDetection, TilesInTurnFindWhatAllTilesFindOnceEachHasRun) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  // Four 56-pixel faces, one per quadrant: only the tiles see faces this small.
  const auto faces = load_fer_test_faces(fer2013_dir(), 4, {"happy", "neutral"});
  cv::Mat scene = make_background({640, 480}, 5);
  std::vector<cv::Rect2f> pasted;
  for (int q = 0; q < 4; ++q) {
    const cv::Rect box(90 + 340 * (q % 2), 80 + 250 * (q / 2), 56, 56);
    paste_face(scene, faces[static_cast<size_t>(q)], box);
    pasted.emplace_back(box);
  }
  auto all_tiles = make_face_detector({});
  DetectorOptions in_turn_options;
  in_turn_options.tiles_per_frame = 1;
  auto in_turn = make_face_detector(in_turn_options);
  const int all_found = count_detections(pasted, all_tiles->detect(scene)).found;
  ASSERT_GE(all_found, 3) << "the full tiled pass should find most of these faces";
  std::vector<int> found_per_call;
  std::vector<DetectedFace> last;
  for (int call = 0; call < 6; ++call) {
    last = in_turn->detect(scene);
    found_per_call.push_back(count_detections(pasted, last).found);
  }
  EXPECT_EQ(found_per_call[0], all_found) << "the first frame of a size runs every tile: nothing is remembered yet";
  for (int call = 1; call < 6; ++call)
    EXPECT_EQ(found_per_call[call], all_found) << "call " << call << ": one tile runs, the others' faces are remembered";
  const bool some_remembered = std::any_of(last.begin(), last.end(), [](const DetectedFace& f) { return f.age > 0; });
  EXPECT_TRUE(some_remembered) << "faces of the tiles skipped this call are the remembered ones";
}

TEST(SuppressOverlappingFaces, AFreshBoxWinsOverARememberedOneOfTheSameFace) {
  std::vector<DetectedFace> faces = {
      {{100, 100, 60, 60}, 0.95f, {}, 2},  // remembered from two calls ago, higher score
      {{104, 102, 60, 60}, 0.80f, {}, 0},  // this call's box of the same face
      {{400, 100, 60, 60}, 0.90f, {}, 1},  // remembered, and nothing fresh there: kept
  };
  const auto kept = suppress_overlapping_faces(faces, 0.3f);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].age, 0);
  EXPECT_FLOAT_EQ(kept[0].box.x, 104);
  EXPECT_FLOAT_EQ(kept[1].box.x, 400);
}

TEST(SuppressOverlappingFaces, KeepsOneBoxForAFaceAndForAPartOfIt) {
  std::vector<DetectedFace> faces = {
      {{100, 100, 200, 200}, 0.9f, {}},  // a whole face
      {{120, 110, 60, 50}, 0.8f, {}},    // a tile's view of its eye: small IoU, but inside it
      {{400, 100, 80, 80}, 0.7f, {}},    // another face
      {{105, 95, 190, 210}, 0.75f, {}},  // the first face, seen by the other model
  };
  const auto kept = suppress_overlapping_faces(faces, 0.3f);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_FLOAT_EQ(kept[0].score, 0.9f);
  EXPECT_FLOAT_EQ(kept[1].score, 0.7f);
}

TEST(CountDetections, MatchesEachFaceWithOneBoxAndCountsTheRestAsFalse) {
  const std::vector<cv::Rect2f> faces = {{0, 0, 100, 100}, {200, 0, 100, 100}};
  const std::vector<DetectedFace> found = {
      {{5, 5, 95, 95}, 0.9f, {}},        // the first face
      {{0, 0, 100, 100}, 0.8f, {}},      // the first face again: one box per face, so false
      {{500, 500, 50, 50}, 0.7f, {}},    // nothing there
  };
  const DetectionCount count = count_detections(faces, found);
  EXPECT_EQ(count.faces, 2);
  EXPECT_EQ(count.found, 1);
  EXPECT_EQ(count.false_boxes, 2);
}

TEST(FootageAnnotations, RejectsABoxWithoutFourNumbersNamingTheFile) {
  testing::TempDir dir("annotations");
  const std::string path = dir.file("faces.json");
  std::ofstream(path) << R"({"images": [{"file": "a.jpg", "faces": [[1, 2, 3]]}], "clips": []})";
  try {
    load_footage_annotations(path);
    FAIL() << "a three-number box was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("a.jpg"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ferlab
