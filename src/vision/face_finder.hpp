#pragma once
// The faces of each frame of a stream, at a fraction of the detector's cost:
// the detector runs on a cadence (every `detect_every` frames) and the faces it
// found are carried through the frames between by optical flow
// (face_motion.hpp). The detector looks before its turn when the flow loses a
// face or something moves away from the faces followed (a face may have come
// in); a face it misses that the flow still follows stays for a few passes
// (detectors flicker). docs/BENCHMARKS.md measures faces kept and time saved
// against the cadence.
//
// In the background (the live feed), the detector is a stage on its own thread
// (background_detector.hpp): a frame never waits for a pass; a pass's faces,
// found on an earlier frame, are carried by the flow to the frame at hand.
#include <opencv2/core.hpp>

#include <cstdint>
#include <deque>
#include <utility>
#include <memory>
#include <vector>

#include "vision/background_detector.hpp"
#include "vision/face_detector.hpp"
#include "vision/face_motion.hpp"

namespace ferlab {

// The cadence `ferlab video` and the live feed run by default: the faces of
// the every-frame detector kept on the real footage, at a fraction of its
// time (docs/BENCHMARKS.md, "Face detection on a cadence").
constexpr int kStreamDetectEvery = 5;
// Frames a background pass's faces may be carried through to the frame at
// hand (a second at 30 fps, about 40 MB of pyramids at 640 pixels across); a
// pass that took longer is left for the next.
constexpr size_t kCarriedFrames = 30;
// Detector passes in a row that may miss a face the flow still follows before
// it is let go (the detector flickers on hard faces: turned, dim, small).
constexpr int kMissedPassesKept = 2;

struct FinderOptions {
  int detect_every = 1;  // <= 1: the detector on every frame (no flow)
  bool in_background = false;
  int background_nice = 0;  // > 0: the detector's thread runs this much nicer
};

class FaceFinder {
 public:
  // Throws ModelError when the detector cannot be made.
  FaceFinder(const DetectorOptions& detector, const FinderOptions& options);
  ~FaceFinder();

  // The faces of the next frame of the stream (8-bit gray, BGR or BGRA).
  // `detector_ran`: a detector pass's faces came in on this frame.
  std::vector<DetectedFace> find(const cv::Mat& frame, bool& detector_ran);

  // A new detector (throws, keeping the old one, when it cannot be made) and cadence.
  void set_options(const DetectorOptions& detector, const FinderOptions& options);
  // The next frame starts a new stream: the detector looks at it first.
  void reset();
  // The latest detector pass, in milliseconds (0 before the first).
  double last_pass_ms() const { return last_pass_ms_; }

 private:
  // This pass's detections, then the carried faces it missed that may stay
  // (sets previous_missed_ for the faces returned).
  std::vector<DetectedFace> with_missed_faces(std::vector<DetectedFace> detected,
                                              const std::vector<DetectedFace>& carried,
                                              const std::vector<int>& carried_missed);
  // A background pass's faces, when one finished, carried from its frame to this one.
  bool take_background_pass(const MotionFrame& motion, std::vector<DetectedFace>& faces);
  // The motion frames analysed since the one numbered `sequence`, for carrying
  // a background pass's faces step by step to the frame at hand: over a slow
  // pass a face moves too far for one step of flow.
  std::vector<DetectedFace> detect_here(const cv::Mat& frame);
  void start_background(std::unique_ptr<FaceDetector> detector);

  DetectorOptions detector_options_;
  FinderOptions options_;
  std::unique_ptr<FaceDetector> detector_;      // when not in the background
  std::unique_ptr<BackgroundDetector> background_;
  uint64_t stream_ = 0;                         // tags background passes; reset() starts a new one
  // What carrying needs from the frame before: its motion image and faces.
  MotionFrame previous_motion_;
  uint64_t sequence_ = 0;                      // of the frame at hand
  std::deque<std::pair<uint64_t, MotionFrame>> recent_;  // background mode: the last frames, oldest first
  std::vector<DetectedFace> previous_faces_;
  std::vector<int> previous_missed_;  // per previous face: detector passes in a row that missed it
  int frames_since_detection_ = 0;
  double last_pass_ms_ = 0;
};

}  // namespace ferlab
