#pragma once
// Finding faces in a frame. The detectors share one interface: BlazeFace
// (MediaPipe's SSD face detector run through OpenCV DNN; gives six keypoints
// that alignment uses), its two models merged, and OpenCV's Haar cascade (the
// seeds' approach; boxes only), alone or with BlazeFace confirming each box.
#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ferlab {

// BlazeFace's keypoints, in the subject's terms: the right eye appears on the
// left of an unmirrored image.
enum class FaceKeypoint : int { RightEye = 0, LeftEye, Nose, Mouth, RightEar, LeftEar };
constexpr int kNumFaceKeypoints = 6;

struct DetectedFace {
  cv::Rect2f box;                       // frame pixels, may reach past the frame's border
  float score = 0.f;                    // detector confidence in [0,1] (Haar: 1)
  std::vector<cv::Point2f> keypoints;   // FaceKeypoint order, frame pixels; empty for Haar
  // detect() calls since this box was found: 0, except for the boxes a tiled
  // pass that runs its tiles in turn remembers from the tiles it skipped.
  int age = 0;
};

enum class DetectorKind {
  BlazeFace,       // front and back models merged: large and small faces (default when fetched)
  BlazeFaceFront,  // BlazeFace "front" model, 128x128 input: faces filling >= ~1/5 of the frame
  BlazeFaceBack,   // BlazeFace "back" model, 256x256 input: smaller faces, misses the largest
  Haar,            // OpenCV frontal-face Haar cascade (needs no download; boxes on clothes too)
  HaarChecked,     // Haar, each box kept only when BlazeFace's front model finds a face in it
};

// One registry of the detectors: the CLI's choices and help, and every name, come from it.
struct DetectorInfo {
  DetectorKind kind;
  const char* name;  // as spelled on the command line
  const char* help;
};
const std::vector<DetectorInfo>& detector_kinds();
std::vector<std::string> detector_kind_name_list();  // {"blazeface", "blazeface-front", ...}
std::string detector_kind_names();  // "blazeface, blazeface-front, ..." for help and error texts
std::string detector_kinds_help();  // one line per detector, "\n  name: help", for --detector's help

struct DetectorOptions {
  DetectorKind kind = DetectorKind::BlazeFace;
  // BlazeFace: sigmoid score threshold, one for both models. `ferlab bench --detectors`
  // (docs/BENCHMARKS.md): at 0.6 the tiles box hands and sleeves on the Hamilton
  // clip (9 false boxes); at 0.7 none on any input, for 5 % fewer faces found.
  float min_score = 0.7f;
  float nms_iou = 0.3f;        // BlazeFace: IoU above which detections are merged
  int tile_grid = 2;           // merged BlazeFace: the back model also runs on grid x grid overlapping tiles (1: none)
  // Tiles run per detect() call, in turn, the others' last boxes kept (0: all
  // on every call). For a stream, where a frame is much like the one before:
  // the live feed runs one a frame, a quarter of the tiles' cost.
  int tiles_per_frame = 0;
  int min_face_pixels = 24;    // faces with a smaller box side are dropped (too small to classify)
  std::string model_dir;       // BlazeFace .onnx folder; empty: default_blazeface_dir()
  std::string haar_cascade;    // empty: default_haar_cascade()
};

// True when make_face_detector would build the same detector from both.
bool same_detector(const DetectorOptions& a, const DetectorOptions& b);

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  // `frame`: 8-bit gray, BGR or BGRA of any size. Faces sorted by score, highest first.
  virtual std::vector<DetectedFace> detect(const cv::Mat& frame) = 0;
  virtual std::string name() const = 0;
};

// Throws ferlab::ModelError naming the missing file (with the fix: scripts/fetch_models.sh).
std::unique_ptr<FaceDetector> make_face_detector(const DetectorOptions& options);

// The detector every command and the workbench start with: merged BlazeFace
// when its models are fetched, else the plain Haar cascade (its check needs BlazeFace).
DetectorOptions default_detector_options();

// detector_kinds()' names <-> DetectorKind. Throws UsageError, listing the names, for others.
DetectorKind detector_kind_from_name(const std::string& name);
std::string detector_kind_name(DetectorKind kind);

// $FERLAB_BLAZEFACE_DIR, else <source>/third_party/downloads/blazeface (scripts/fetch_models.sh).
std::string default_blazeface_dir();
std::string default_haar_cascade();  // Debian opencv-data's haarcascade_frontalface_default.xml
bool blazeface_available(const std::string& model_dir = "");

// Intersection over union of two boxes: 0 when they do not touch, 1 when equal.
float box_iou(const cv::Rect2f& a, const cv::Rect2f& b);

}  // namespace ferlab
