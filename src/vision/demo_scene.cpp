#include "vision/demo_scene.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "vision/synthetic_scene.hpp"

namespace fs = std::filesystem;

namespace ferlab {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr int kSlideFrames = 30;        // entering or leaving takes a second
constexpr int kExpressionFrames = 90;   // a new expression every 3 s (kLoopFrames is a multiple)
constexpr int kCrossFadeFrames = 15;    // the last half second of an expression fades into the next
constexpr int kBaseFaceSide = 130;

// One person's part in the loop. Each keeps to one quadrant of the frame, so
// that faces never overlap and a tracker's job stays about motion, not occlusion.
struct Role {
  int enter = -1, leave = -1;  // frames within the loop; -1: in view all the time
  int from_side = 0;           // -1 enters and leaves on the left, +1 on the right
  double sway_x = 0, sway_y = 0;
  int cycles_x = 1, cycles_y = 1;  // whole cycles per loop, so that the loop is seamless
  int expression_offset = 0;       // staggered, so that not everyone changes at once
};
constexpr std::array<Role, DemoScene::kMaxPeople> kRoles = {{
    {-1, -1, 0, 50, 30, 1, 2, 0},
    {-1, -1, 0, 55, 35, 2, 1, 45},
    {60, 270, -1, 45, 30, 3, 2, 20},
    {150, 345, +1, 45, 30, 2, 3, 65},
}};

// Each person's four expressions (canonical labels), one per kExpressionFrames.
// Found by search so that no two people in view at the same moment show the
// same emotion, given the roles' timing above, and no one repeats one in a row.
constexpr int kExpressionsPerLoop = DemoScene::kLoopFrames / kExpressionFrames;
constexpr std::array<std::array<int, kExpressionsPerLoop>, DemoScene::kMaxPeople> kExpressions = {{
    {5, 3, 6, 0},  // surprise, happy, neutral, angry
    {3, 1, 4, 2},  // happy, disgust, sad, fear
    {3, 0, 5, 1},  // happy, angry, surprise, disgust
    {4, 3, 1, 3},  // sad, happy, disgust, happy
}};

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

bool is_blank(const cv::Mat& face) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(face, mean, stddev);
  return stddev[0] < 12;  // FER-2013 has a few uniform grey "faces"
}

std::vector<std::string> image_files(const fs::path& dir, size_t limit) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && is_image_file(entry.path().string())) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  if (files.size() > limit) files.resize(limit);
  return files;
}

// Decodes `files`; an unreadable one is left out, the last reason kept for the
// error when nothing at all could be read.
void add_faces(const std::vector<std::string>& files, int emotion, std::vector<SceneFace>& faces, std::string& problem) {
  for (const std::string& file : files) {
    try {
      faces.push_back({load_bgr_image(file), emotion});
    } catch (const DataError& e) {
      problem = e.what();
    }
  }
}

std::vector<SceneFace> faces_from_folder(const fs::path& path, size_t per_class) {
  const fs::path root = fs::is_directory(path / "test") ? path / "test" : path;
  std::vector<SceneFace> faces;
  std::string problem;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (!entry.is_directory()) continue;
    if (const auto emotion = emotion_from_name(entry.path().filename().string()))
      add_faces(image_files(entry.path(), per_class), *emotion, faces, problem);
  }
  if (faces.empty()) add_faces(image_files(root, per_class * kNumEmotions), -1, faces, problem);
  if (faces.empty()) {
    throw DataError(path.string() + ": no face images for the demo scene (expected test/<class>/, <class>/ or image files)" +
                    (problem.empty() ? "" : "; " + problem));
  }
  return faces;
}

class SceneSource : public FrameSource {
 public:
  using FaceReader = std::function<std::vector<SceneFace>()>;
  SceneSource(FaceReader read_faces, std::string description, const SourceOptions& options)
      : FrameSource(SourceKind::Scene, std::move(description)), read_faces_(std::move(read_faces)), loop_(options.loop) {
    fps_ = DemoScene::kFps;
    frame_count_ = loop_ ? -1 : DemoScene::kLoopFrames;
  }

  bool read(Frame& frame) override {
    if (state_ == SourceState::Error || state_ == SourceState::EndOfStream) return false;
    if (!scene_) {
      try {
        scene_ = std::make_unique<DemoScene>(detectable_faces(read_faces_()));
      } catch (const Error& e) {
        fail(SourceState::Error, e.what());
        return false;
      }
    }
    if (!loop_ && frames_read_ >= DemoScene::kLoopFrames) {
      fail(SourceState::EndOfStream, "");
      return false;
    }
    frame.image = scene_->render(static_cast<int>(frames_read_ % DemoScene::kLoopFrames));
    frame.index = frames_read_;
    // Keeps counting over loops: the pipeline paces frames by this clock.
    frame.timestamp_s = static_cast<double>(frames_read_) / DemoScene::kFps;
    ++frames_read_;
    state_ = SourceState::Running;
    return true;
  }

 private:
  FaceReader read_faces_;
  std::unique_ptr<DemoScene> scene_;
  bool loop_;
};

}  // namespace

DemoScene::DemoScene(std::vector<SceneFace> faces, cv::Size size, unsigned background_seed)
    : faces_(std::move(faces)), size_(size), background_(make_background(size, background_seed)) {
  if (faces_.empty()) throw DataError("the demo scene needs at least one face");
  // The last pool holds faces of unknown emotion.
  for (size_t i = 0; i < faces_.size(); ++i) {
    const int e = faces_[i].emotion;
    by_emotion_[static_cast<size_t>(e >= 0 && e < kNumEmotions ? e : kNumEmotions)].push_back(i);
  }
  for (size_t e = 0; e < by_emotion_.size(); ++e)
    if (!by_emotion_[e].empty()) present_.push_back(e);
}

const SceneFace& DemoScene::face_for(int person, int expression) const {
  const auto emotion = static_cast<size_t>(kExpressions[static_cast<size_t>(person)][static_cast<size_t>(expression)]);
  // An emotion the faces lack is played by another one (or by the unknown ones).
  const auto& pool = !by_emotion_[emotion].empty() ? by_emotion_[emotion] : by_emotion_[present_[emotion % present_.size()]];
  // Another face each time an emotion comes back, so that it is not one photo on repeat.
  return faces_[pool[static_cast<size_t>(4 * person + expression) % pool.size()]];
}

std::vector<DemoScene::Shown> DemoScene::shown_at(int frame) const {
  const int t = ((frame % kLoopFrames) + kLoopFrames) % kLoopFrames;
  const double phase = kTwoPi * t / kLoopFrames;
  std::vector<Shown> shown;
  for (int p = 0; p < kMaxPeople; ++p) {
    const Role& role = kRoles[static_cast<size_t>(p)];
    const bool always = role.enter < 0;
    if (!always && (t < role.enter || t >= role.leave)) continue;

    const int side = static_cast<int>(kBaseFaceSide * (1 + 0.1 * std::sin(2 * phase + p)));
    const double quadrant_x = (p % 2) * size_.width / 2.0, quadrant_y = (p / 2) * size_.height / 2.0;
    double cx = quadrant_x + size_.width / 4.0 + role.sway_x * std::sin(role.cycles_x * phase + 1.3 * p);
    const double cy = quadrant_y + size_.height / 4.0 + role.sway_y * std::sin(role.cycles_y * phase + 0.7 * p);
    if (!always) {
      // Slide in from (and out to) the side: fully outside the frame at the ends.
      const double in_view = smoothstep(std::min(t - role.enter, role.leave - 1 - t) / double(kSlideFrames));
      const double away = role.from_side < 0 ? cx + side / 2.0 + 2 : size_.width - cx + side / 2.0 + 2;
      cx += role.from_side * (1 - in_view) * away;
    }
    Shown s;
    s.person.person = p;
    s.person.box = cv::Rect(static_cast<int>(std::lround(cx - side / 2.0)), static_cast<int>(std::lround(cy - side / 2.0)),
                            side, side);
    if ((s.person.box & cv::Rect({0, 0}, size_)).empty()) continue;

    const int shifted = t + role.expression_offset;
    const int expression = (shifted / kExpressionFrames) % kExpressionsPerLoop;
    const int into = shifted % kExpressionFrames;
    s.face = &face_for(p, expression);
    s.next = &face_for(p, (expression + 1) % kExpressionsPerLoop);
    const int fade_start = kExpressionFrames - kCrossFadeFrames;
    s.blend = into >= fade_start ? (into - fade_start + 1) / double(kCrossFadeFrames + 1) : 0;
    s.person.emotion = (s.blend < 0.5 ? s.face : s.next)->emotion;
    shown.push_back(s);
  }
  return shown;
}

std::vector<ScenePerson> DemoScene::people_at(int frame) const {
  std::vector<ScenePerson> people;
  for (const Shown& s : shown_at(frame)) people.push_back(s.person);
  return people;
}

cv::Mat DemoScene::render(int frame) const {
  cv::Mat scene = background_.clone();
  for (const Shown& s : shown_at(frame)) {
    cv::Mat face = s.face->image;
    if (s.blend > 0 && s.next != s.face) {
      cv::Mat next;
      cv::resize(s.next->image, next, face.size(), 0, 0, cv::INTER_AREA);
      cv::addWeighted(face, 1 - s.blend, next, s.blend, 0, face);
    }
    paste_face(scene, face, s.person.box);
  }
  return scene;
}

std::vector<SceneFace> scene_faces(const FaceDataset& data, size_t per_class) {
  const bool has_test = data.count(Split::PublicTest) > 0;
  std::array<size_t, kNumEmotions> taken{};
  std::vector<SceneFace> faces;
  for (size_t i = 0; i < data.size(); ++i) {
    const int label = data.label(i);
    if ((has_test && data.split(i) != Split::PublicTest) || label < 0 || label >= kNumEmotions) continue;
    if (taken[static_cast<size_t>(label)] >= per_class) continue;
    const cv::Mat gray(48, 48, CV_8UC1, const_cast<uint8_t*>(data.image(i)));
    if (is_blank(gray)) continue;
    SceneFace face{cv::Mat(), label};
    cv::cvtColor(gray, face.image, cv::COLOR_GRAY2BGR);  // copies out of the data set
    faces.push_back(std::move(face));
    ++taken[static_cast<size_t>(label)];
  }
  if (faces.empty()) throw DataError("the data set has no faces for the demo scene");
  return faces;
}

std::vector<SceneFace> load_scene_faces(const std::string& path, size_t per_class) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return faces_from_folder(path, per_class);
  if (!fs::exists(path, ec)) throw DataError(path + ": no such file or folder (for the demo scene's faces)");
  try {
    return scene_faces(load_dataset(path), per_class);
  } catch (const DataError& e) {
    throw DataError(path + ": " + e.what());
  }
}

std::vector<SceneFace> detectable_faces(std::vector<SceneFace> faces, FaceDetector& detector) {
  // One face at the scene's size on a plain wall, as in the scene's first quadrant.
  const cv::Rect box(95, 55, kBaseFaceSide, kBaseFaceSide);
  const cv::Mat wall(240, 320, CV_8UC3, cv::Scalar(140, 140, 140));
  std::array<std::vector<SceneFace>, kNumEmotions + 1> found, missed;
  for (SceneFace& face : faces) {
    cv::Mat canvas = wall.clone();
    paste_face(canvas, face.image, box);
    const auto detections = detector.detect(canvas);
    const bool hit = std::any_of(detections.begin(), detections.end(), [&](const DetectedFace& d) {
      return (cv::Rect(d.box) & box).area() > 0.5 * box.area();
    });
    const auto e = static_cast<size_t>(face.emotion >= 0 && face.emotion < kNumEmotions ? face.emotion : kNumEmotions);
    (hit ? found : missed)[e].push_back(std::move(face));
  }
  std::vector<SceneFace> kept;
  for (size_t e = 0; e < found.size(); ++e) {
    auto& pool = found[e].empty() ? missed[e] : found[e];
    for (SceneFace& face : pool) kept.push_back(std::move(face));
  }
  return kept;
}

std::vector<SceneFace> detectable_faces(std::vector<SceneFace> faces) {
  std::unique_ptr<FaceDetector> detector;
  try {
    detector = make_face_detector(default_detector_options());
  } catch (const ModelError&) {
    return faces;  // no detector to check with: the pipeline will say it has none
  }
  return detectable_faces(std::move(faces), *detector);
}

std::unique_ptr<FrameSource> open_scene_source(const std::string& faces_path, const SourceOptions& options) {
  return std::make_unique<SceneSource>([faces_path] { return load_scene_faces(faces_path); },
                                       "demo scene of " + faces_path, options);
}

std::unique_ptr<FrameSource> open_scene_source(std::shared_ptr<const FaceDataset> data, std::string description,
                                               const SourceOptions& options) {
  return std::make_unique<SceneSource>([data] { return scene_faces(*data); }, std::move(description), options);
}

std::string scene_spec(const std::string& faces_path) { return kSceneSpecPrefix + faces_path; }

}  // namespace ferlab
