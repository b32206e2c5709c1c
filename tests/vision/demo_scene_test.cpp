// The demo scene: several people at once who enter, move, change expression and
// leave, never overlapping; its faces from folders or a data set; played as a
// live source; and found by the real face detector.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <set>

#include "core/errors.hpp"
#include "support/error_of.hpp"
#include "vision/demo_scene.hpp"
#include "vision/face_analyzer.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

// One face per emotion, each a different pattern, so that renders tell them apart.
std::vector<SceneFace> patterned_faces() {
  std::vector<SceneFace> faces;
  for (int e = 0; e < kNumEmotions; ++e) {
    cv::Mat face(48, 48, CV_8UC3, cv::Scalar(30 * e, 200 - 20 * e, 90));
    cv::circle(face, {24, 24}, 6 + 2 * e, cv::Scalar(250, 250, 250), cv::FILLED);
    faces.push_back({face, e});
  }
  return faces;
}

cv::Point2f centre(const cv::Rect& r) { return {r.x + r.width / 2.0f, r.y + r.height / 2.0f}; }

const ScenePerson* find_person(const std::vector<ScenePerson>& people, int person) {
  for (const auto& p : people)
    if (p.person == person) return &p;
  return nullptr;
}

TEST(DemoScene, SeveralPeopleAreInViewAndSomeEnterAndLeave) {
  const DemoScene scene(patterned_faces());
  size_t fewest = 100, most = 0;
  std::set<int> seen;
  for (int f = 0; f < DemoScene::kLoopFrames; ++f) {
    const auto people = scene.people_at(f);
    fewest = std::min(fewest, people.size());
    most = std::max(most, people.size());
    for (const auto& p : people) seen.insert(p.person);
  }
  EXPECT_GE(fewest, 2u) << "never fewer than two faces";
  EXPECT_EQ(most, 4u);
  EXPECT_EQ(seen.size(), 4u);
  // Someone arrives after the start and is gone again before the loop ends.
  bool entered = false, left = false;
  const auto start = scene.people_at(0), middle = scene.people_at(200), end = scene.people_at(DemoScene::kLoopFrames - 1);
  for (int person = 0; person < DemoScene::kMaxPeople; ++person) {
    const bool at_start = find_person(start, person) != nullptr;
    const bool at_200 = find_person(middle, person) != nullptr;
    const bool at_end = find_person(end, person) != nullptr;
    entered |= !at_start && at_200;
    left |= at_200 && !at_end;
  }
  EXPECT_TRUE(entered);
  EXPECT_TRUE(left);
}

TEST(DemoScene, PeopleMoveAndNeverOverlap) {
  const DemoScene scene(patterned_faces());
  for (int f = 0; f < DemoScene::kLoopFrames; f += 5) {
    const auto now = scene.people_at(f), later = scene.people_at(f + 30);
    for (size_t i = 0; i < now.size(); ++i) {
      for (size_t j = i + 1; j < now.size(); ++j)
        EXPECT_TRUE((now[i].box & now[j].box).empty()) << "frame " << f << ": people " << i << " and " << j;
      if (const ScenePerson* after = find_person(later, now[i].person)) {
        EXPECT_GT(cv::norm(centre(after->box) - centre(now[i].box)), 2.0)
            << "person " << now[i].person << " stood still from frame " << f;
      }
    }
  }
}

TEST(DemoScene, PeopleInViewShowDifferentEmotionsAndChangeThem) {
  const DemoScene scene(patterned_faces());
  std::vector<std::set<int>> shown(DemoScene::kMaxPeople);
  for (int f = 0; f < DemoScene::kLoopFrames; ++f) {
    std::set<int> now;
    const auto people = scene.people_at(f);
    for (const auto& p : people) {
      now.insert(p.emotion);
      shown[static_cast<size_t>(p.person)].insert(p.emotion);
    }
    EXPECT_EQ(now.size(), people.size()) << "two people show the same emotion at frame " << f;
  }
  for (int person = 0; person < DemoScene::kMaxPeople; ++person)
    EXPECT_GE(shown[static_cast<size_t>(person)].size(), 3u) << "person " << person;
}

TEST(DemoScene, RendersTheFacesWhereItSaysAndLoopsSeamlessly) {
  const DemoScene scene(patterned_faces());
  const cv::Mat first = scene.render(0);
  EXPECT_EQ(first.size(), cv::Size(640, 480));
  EXPECT_EQ(cv::norm(first, scene.render(DemoScene::kLoopFrames), cv::NORM_INF), 0.0);
  // The last frame of the loop leads into the first: nobody jumps.
  const auto last = scene.people_at(-1);
  for (const auto& p : scene.people_at(0)) {
    const ScenePerson* before = find_person(last, p.person);
    ASSERT_NE(before, nullptr);
    EXPECT_LT(cv::norm(centre(before->box) - centre(p.box)), 6.0);
  }
  // Each face's bright disc is at the centre of its box.
  for (const auto& p : scene.people_at(0)) {
    const cv::Point c = centre(p.box);
    const cv::Vec3b pixel = first.at<cv::Vec3b>(c);
    EXPECT_GT(pixel[0] + pixel[1] + pixel[2], 600) << "person " << p.person;
  }
}

TEST(DemoScene, FacesComeFromClassFoldersOrAPlainFolder) {
  testing::TempDir dir("scene-faces");
  const auto write = [](const std::string& folder, int count) {
    std::filesystem::create_directories(folder);
    for (int i = 0; i < count; ++i) {
      cv::Mat face(48, 48, CV_8UC1, cv::Scalar(20 + 10 * i));
      cv::circle(face, {24, 24}, 10, cv::Scalar(240), cv::FILLED);
      cv::imwrite(folder + "/" + std::to_string(i) + ".png", face);
    }
  };
  write(dir.file("fer/test/happy"), 3);
  write(dir.file("fer/test/sad"), 12);
  write(dir.file("fer/train/angry"), 2);  // not the test split: unused
  const auto labelled = load_scene_faces(dir.file("fer"), 8);
  ASSERT_EQ(labelled.size(), 3u + 8u) << "up to 8 per class";
  std::multiset<int> emotions;
  for (const auto& f : labelled) emotions.insert(f.emotion);
  EXPECT_EQ(emotions.count(*emotion_from_name("happy")), 3u);
  EXPECT_EQ(emotions.count(*emotion_from_name("sad")), 8u);

  write(dir.file("plain"), 5);
  const auto plain = load_scene_faces(dir.file("plain"));
  ASSERT_EQ(plain.size(), 5u);
  for (const auto& f : plain) EXPECT_EQ(f.emotion, -1);
  const DemoScene scene(plain);  // unknown emotions still make a scene
  EXPECT_GE(scene.people_at(0).size(), 2u);

  std::filesystem::create_directories(dir.file("empty"));
  EXPECT_NE(test::error_of<DataError>([&] { load_scene_faces(dir.file("empty")); }).find(dir.file("empty")),
            std::string::npos);
  EXPECT_NE(test::error_of<DataError>([&] { load_scene_faces(dir.file("nowhere")); }).find("nowhere"),
            std::string::npos);
}

TEST(DemoScene, FacesFromADataSetAreItsNonBlankTestFaces) {
  FaceDataset data;
  std::vector<uint8_t> face(kFacePixels);
  for (size_t i = 0; i < face.size(); ++i) face[i] = static_cast<uint8_t>(i % 48 * 5);
  const std::vector<uint8_t> blank(kFacePixels, 128);
  data.add(face.data(), 3, Split::PublicTest, "a");
  data.add(blank.data(), 3, Split::PublicTest, "blank");
  data.add(face.data(), 4, Split::Train, "train");
  data.add(face.data(), 5, Split::PublicTest, "b");
  const auto faces = scene_faces(data);
  ASSERT_EQ(faces.size(), 2u);
  EXPECT_EQ(faces[0].emotion, 3);
  EXPECT_EQ(faces[1].emotion, 5);
  EXPECT_EQ(faces[0].image.type(), CV_8UC3);
}

TEST(DemoScene, PlaysAsALiveSourceFromItsSpec) {
  testing::TempDir dir("scene-source");
  std::filesystem::create_directories(dir.file("faces"));
  for (const auto& f : patterned_faces()) cv::imwrite(dir.file("faces/" + std::to_string(f.emotion) + ".png"), f.image);
  const auto source = FrameSource::open(scene_spec(dir.file("faces")));
  EXPECT_EQ(source->kind(), SourceKind::Scene);
  EXPECT_EQ(source->fps(), DemoScene::kFps);
  Frame frame;
  int frames = 0;
  double last_time = -1;
  while (source->read(frame)) {
    EXPECT_EQ(frame.image.size(), cv::Size(640, 480));
    EXPECT_GT(frame.timestamp_s, last_time);
    last_time = frame.timestamp_s;
    ++frames;
  }
  EXPECT_EQ(frames, DemoScene::kLoopFrames) << "without loop, one pass";
  EXPECT_EQ(source->state(), SourceState::EndOfStream);

  const auto missing = FrameSource::open(scene_spec(dir.file("nowhere")));
  EXPECT_FALSE(missing->read(frame));
  EXPECT_EQ(missing->state(), SourceState::Error);
  EXPECT_NE(missing->error().find("nowhere"), std::string::npos) << missing->error();
}

TEST(DemoScene, TheDetectorFindsThePeopleInViewInFer2013Faces) {
  if (!testing::have_fer2013()) GTEST_SKIP() << "FER-2013 not in " << testing::fer2013_dir();
  const DemoScene scene(detectable_faces(load_scene_faces(testing::fer2013_dir())));
  DetectorOptions options;
  if (!blazeface_available()) options.kind = DetectorKind::Haar;
  const auto detector = make_face_detector(options);
  int people = 0, found = 0;
  for (const int f : {0, 100, 200, 320}) {
    const auto detections = detector->detect(scene.render(f));
    for (const auto& p : scene.people_at(f)) {
      if ((p.box & cv::Rect(0, 0, 640, 480)) != p.box) continue;  // half out of the frame: not expected
      ++people;
      const bool hit = std::any_of(detections.begin(), detections.end(), [&](const DetectedFace& d) {
        const cv::Rect box(d.box);
        return (box & p.box).area() > 0.3 * p.box.area();
      });
      found += hit;
    }
  }
  EXPECT_GE(people, 10);
  EXPECT_GE(found, people * 3 / 4) << detector->name() << " found " << found << " of " << people << " faces";
}


TEST(DemoScene, TheTrackerFollowsEachPersonWithOneTrackPerVisit) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const DemoScene scene(detectable_faces(load_scene_faces(testing::fer2013_dir())));
  static const auto classifier = testing::untrained_classifier();
  FrameAnalyzer analyzer(AnalyzerOptions{}, classifier);
  // Every third frame: the workbench analyses about 10 of the scene's 30 frames a second.
  constexpr int kStride = 3;
  std::vector<std::set<int>> tracks(DemoScene::kMaxPeople);
  int matched = 0, expected = 0;
  for (int f = 0; f < DemoScene::kLoopFrames; f += kStride) {
    Frame frame;
    frame.image = scene.render(f);
    frame.index = f / kStride;
    frame.timestamp_s = f / DemoScene::kFps;
    const FrameResult result = analyzer.analyze(frame);
    for (const ScenePerson& person : scene.people_at(f)) {
      if ((person.box & cv::Rect(0, 0, 640, 480)) != person.box) continue;  // entering or leaving
      ++expected;
      for (const FaceResult& face : result.faces) {
        if ((cv::Rect(face.box) & person.box).area() > 0.3 * person.box.area()) {
          tracks[static_cast<size_t>(person.person)].insert(face.track_id);
          ++matched;
          break;
        }
      }
    }
  }
  EXPECT_GE(matched, expected * 9 / 10) << "faces found in " << matched << " of " << expected << " person-frames";
  for (int p = 0; p < DemoScene::kMaxPeople; ++p)
    EXPECT_LE(tracks[static_cast<size_t>(p)].size(), 2u) << "person " << p << " got " << tracks[static_cast<size_t>(p)].size() << " tracks";
}


TEST(DemoScene, FacesTheDetectorMissesAreLeftOutUnlessTheyAreAllOfTheirEmotion) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const int happy = *emotion_from_name("happy"), sad = *emotion_from_name("sad");
  std::vector<SceneFace> faces;
  for (const SceneFace& f : load_scene_faces(testing::fer2013_dir(), 3))
    if (f.emotion == happy) faces.push_back(f);
  ASSERT_EQ(faces.size(), 3u);
  const cv::Mat wall(48, 48, CV_8UC3, cv::Scalar(90, 120, 150));
  faces.push_back({wall, happy});
  faces.push_back({wall, sad});
  const auto kept = detectable_faces(faces);
  size_t happy_kept = 0, walls_kept = 0;
  for (const SceneFace& f : kept) {
    happy_kept += f.emotion == happy;
    walls_kept += cv::norm(f.image, wall, cv::NORM_INF) == 0;
  }
  EXPECT_GE(happy_kept, 1u);
  EXPECT_EQ(walls_kept, 1u) << "the happy wall goes, the only sad one stays";
  EXPECT_EQ(kept.back().emotion, sad);
}

}  // namespace
}  // namespace ferlab
