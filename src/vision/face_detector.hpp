#pragma once
// Finding faces in a frame. Two detectors share one interface: BlazeFace
// (MediaPipe's SSD face detector run through OpenCV DNN; gives six keypoints
// that alignment uses) and OpenCV's Haar cascade (the seeds' approach; boxes only).
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
};

enum class DetectorKind {
  BlazeFace,       // BlazeFace "back" model, 256x256 input: finds small faces too (default)
  BlazeFaceFront,  // BlazeFace "front" model, 128x128 input: faster, faces filling >= ~1/5 of the frame
  Haar,            // OpenCV frontal-face Haar cascade
};

struct DetectorOptions {
  DetectorKind kind = DetectorKind::BlazeFace;
  float min_score = 0.6f;      // BlazeFace: sigmoid score threshold
  float nms_iou = 0.3f;        // BlazeFace: IoU above which detections are merged
  int min_face_pixels = 24;    // faces with a smaller box side are dropped (too small to classify)
  std::string model_dir;       // BlazeFace .onnx folder; empty: default_blazeface_dir()
  std::string haar_cascade;    // empty: default_haar_cascade()
};

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  // `frame`: 8-bit gray, BGR or BGRA of any size. Faces sorted by score, highest first.
  virtual std::vector<DetectedFace> detect(const cv::Mat& frame) = 0;
  virtual std::string name() const = 0;
};

// Throws ferlab::ModelError naming the missing file (with the fix: scripts/fetch_models.sh).
std::unique_ptr<FaceDetector> make_face_detector(const DetectorOptions& options);

// "blazeface", "blazeface-front", "haar" <-> DetectorKind. Throws UsageError for other names.
DetectorKind detector_kind_from_name(const std::string& name);
std::string detector_kind_name(DetectorKind kind);

// $FERLAB_BLAZEFACE_DIR, else <source>/third_party/downloads/blazeface (scripts/fetch_models.sh).
std::string default_blazeface_dir();
std::string default_haar_cascade();  // Debian opencv-data's haarcascade_frontalface_default.xml
bool blazeface_available(const std::string& model_dir = "");

}  // namespace ferlab
