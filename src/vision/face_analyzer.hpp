#pragma once
// One frame through every stage: detect, align, track, classify, explain. The
// live pipeline's inference thread, `ferlab video`, `ferlab image` and the
// benchmark all run frames through this one class, so they agree.
#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

#include "eval/face_classifier.hpp"
#include "explain/grad_cam.hpp"
#include "vision/face_align.hpp"
#include "vision/face_detector.hpp"
#include "vision/face_finder.hpp"
#include "vision/face_tracker.hpp"
#include "vision/frame_source.hpp"

namespace ferlab {

enum class GradCamFaces {
  None,
  Selected,  // the face of AnalyzerOptions::gradcam_track, or the largest face when that track is gone
  All,
};

struct AnalyzerOptions {
  DetectorOptions detector;
  // How often the detector runs, and on which thread (face_finder.hpp); by
  // default on every frame, as a photo needs.
  FinderOptions finder;
  AlignOptions align;
  TrackerOptions tracker;
  Tta tta = Tta::None;
  GradCamFaces gradcam = GradCamFaces::None;
  CamMethod cam_method = CamMethod::GradCam;
  // The network layer the class activation maps look at; "" or a layer the
  // classifier does not have (after a model swap): its default (explained_layer()).
  std::string cam_layer;
  int gradcam_track = -1;   // for GradCamFaces::Selected; -1: the largest face
  int gradcam_class = -1;   // -1: each face's predicted class
};

struct FaceResult {
  int track_id = 0;
  cv::Rect2f box;                      // frame pixels
  float detector_score = 0.f;
  std::vector<cv::Point2f> keypoints;  // frame pixels, empty for Haar
  cv::Mat face;                        // aligned 48x48 gray crop, as classified
  cv::Matx23f to_crop;                 // frame pixel -> crop pixel
  // What the face shows, by the one rule of shown_emotion() (face_tracker.hpp).
  Probabilities raw{};                 // this frame's classification alone
  Probabilities smoothed{};            // the track's moving average: what is shown
  int label = 0;                       // argmax of smoothed
  float confidence = 0.f;              // smoothed[label]
  cv::Mat heatmap;                     // 48x48 CV_32FC1 in [0,1] over `face`; empty when not computed
  int heatmap_class = -1;              // the class the heatmap explains
  MapRange heatmap_range;              // the heatmap's values before scaling (on_shared_scale)
};

struct StageTimings {  // milliseconds; total includes decode (Frame::decode_ms)
  // detect: the detector's pass, or carrying the faces (face_motion.hpp) on the frames between passes.
  double decode = 0, detect = 0, align = 0, classify = 0, gradcam = 0, total = 0;
};

struct FrameResult {
  Frame frame;
  std::vector<FaceResult> faces;  // in detection order (highest detector score first)
  StageTimings timings;
  bool detector_ran = false;      // false: the faces were carried from the frame before
  double detector_pass_ms = 0;    // the latest detector pass's time, on whichever thread it ran
  std::string classifier;         // FaceClassifier::description() of the model that classified
};

class FrameAnalyzer {
 public:
  // Throws ModelError when the detector cannot be made (e.g. BlazeFace not fetched).
  FrameAnalyzer(const AnalyzerOptions& options, std::shared_ptr<const FaceClassifier> classifier);

  // Not thread-safe: the tracker carries state from frame to frame. Frames of
  // one stream should come in order; call reset_stream() between streams.
  FrameResult analyze(Frame frame);

  void set_classifier(std::shared_ptr<const FaceClassifier> classifier);
  // Detector, tracker and Grad-CAM settings; a new detector kind re-creates the detector.
  void set_options(const AnalyzerOptions& options);
  const AnalyzerOptions& options() const { return options_; }
  // Between streams: no track, nothing carried; the next frame waits for the detector.
  void reset_stream();
  // A looping file starting over: new track numbers from 1, while the finder
  // carries on (its flow lets go of faces across the seam, and the detector's
  // thread looks, without holding the frames up).
  void reset_tracks() { tracker_.reset(); }

 private:
  bool gradcam_can_classify() const;
  AnalyzerOptions options_;
  FaceFinder finder_;
  std::shared_ptr<const FaceClassifier> classifier_;
  FaceTracker tracker_;
};

}  // namespace ferlab
