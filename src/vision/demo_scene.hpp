#pragma once
// The demo scene: a live source for when there is no webcam. Up to four people
// (faces from a data set or a folder of face images) enter, wander, change
// expression and leave over a 12-second loop, so that detection, tracking,
// smoothing and the probability plots all have something to show. The script
// is fixed; only the faces and the background come from the inputs.
#include <opencv2/core.hpp>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/emotion.hpp"
#include "core/face_dataset.hpp"
#include "vision/face_detector.hpp"
#include "vision/frame_source.hpp"

namespace ferlab {

struct SceneFace {
  cv::Mat image;     // 8-bit BGR, any size (FER-2013: 48x48)
  int emotion = -1;  // canonical label; -1 when the folder did not say
};

// Where one person is in one frame (the scene's ground truth).
struct ScenePerson {
  int person = 0;    // 0..3, stable over the loop
  cv::Rect box;      // may reach past the frame while entering or leaving
  int emotion = -1;  // of the face mostly shown
};

class DemoScene {
 public:
  static constexpr double kFps = 30;
  static constexpr int kLoopFrames = 360;  // 12 s
  static constexpr int kMaxPeople = 4;

  // Throws DataError when `faces` is empty.
  explicit DemoScene(std::vector<SceneFace> faces, cv::Size size = {640, 480}, unsigned background_seed = 7);

  // The people in view (box overlapping the frame) at `frame` (any index; the script loops).
  std::vector<ScenePerson> people_at(int frame) const;
  cv::Mat render(int frame) const;
  cv::Size size() const { return size_; }

 private:
  struct Shown {
    ScenePerson person;
    const SceneFace* face = nullptr;
    const SceneFace* next = nullptr;  // cross-faded in over the end of an expression
    double blend = 0;                 // weight of `next`
  };
  std::vector<Shown> shown_at(int frame) const;
  const SceneFace& face_for(int person, int expression) const;

  std::vector<SceneFace> faces_;
  std::array<std::vector<size_t>, kNumEmotions + 1> by_emotion_;  // indices into faces_
  std::vector<size_t> present_;                                    // the non-empty entries of by_emotion_
  cv::Size size_;
  cv::Mat background_;
};

// Up to `per_class` faces of each emotion from the test split (all splits when
// it has none), skipping blank ones. Throws DataError when none is left.
std::vector<SceneFace> scene_faces(const FaceDataset& data, size_t per_class = 8);

// Faces for the scene from `path`: a FER-2013 folder tree (its test/<class>/),
// a folder of class folders, a plain folder of face images (emotion unknown), or
// a data set file (CSV, .ferpack). Reads only the few images it uses from folders.
// Throws DataError naming the path when no face can be read.
std::vector<SceneFace> load_scene_faces(const std::string& path, size_t per_class = 8);

// The faces `detector` finds when pasted as the scene pastes them (some FER-2013
// faces, half hidden by a hand or turned away, are never found, and a person
// whose box comes and goes is no demo of tracking). An emotion none of whose
// faces is found keeps them all: better a missed box than a missing emotion.
std::vector<SceneFace> detectable_faces(std::vector<SceneFace> faces, FaceDetector& detector);
// The same with the workbench's detector (BlazeFace when fetched, else Haar);
// `faces` unchanged when neither can be made.
std::vector<SceneFace> detectable_faces(std::vector<SceneFace> faces);

// Plays the demo scene of the faces for a path given to load_scene_faces, or
// of a data set's faces, as a live source at DemoScene::kFps, looping when
// options.loop (else it ends after one loop). The faces are read and checked
// (detectable_faces) on the first read(), the capture thread, so that whoever
// opens the source does not wait for it.
std::unique_ptr<FrameSource> open_scene_source(const std::string& faces_path, const SourceOptions& options = {});
std::unique_ptr<FrameSource> open_scene_source(std::shared_ptr<const FaceDataset> data, std::string description,
                                               const SourceOptions& options = {});

// "scene:PATH", the spelling FrameSource::open and the workbench use for the demo scene.
constexpr const char* kSceneSpecPrefix = "scene:";
std::string scene_spec(const std::string& faces_path);

}  // namespace ferlab
