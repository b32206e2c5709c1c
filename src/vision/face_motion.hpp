#pragma once
// Carrying found faces from one frame to the next without the detector: points
// inside each face (its keypoints and a grid over its middle) are followed with
// pyramidal Lucas-Kanade optical flow, checked forwards and backwards, and the
// face's box and keypoints move by the similarity (shift, scale, rotation) that
// fits the points that survived. About a millisecond a frame, where a detector
// pass costs tens: the live feed detects on a cadence and carries in between.
#include <opencv2/core.hpp>

#include <optional>
#include <vector>

#include "vision/face_detector.hpp"

namespace ferlab {

// What the flow and the motion check need of a frame, made once per frame: the
// frame in gray at no more than kMotionMaxWidth pixels across (the flow of a
// face needs no more), its image pyramid, and a small thumbnail.
struct MotionFrame {
  double scale = 1;                // motion pixels per frame pixel
  std::vector<cv::Mat> pyramid;    // buildOpticalFlowPyramid's levels
  cv::Mat thumbnail;               // for moved_outside_faces
  bool empty() const { return pyramid.empty(); }
  cv::Size frame_size;             // of the frame it was made from
};
constexpr int kMotionMaxWidth = 640;

// `frame`: 8-bit gray, BGR or BGRA. The result owns its pixels.
MotionFrame motion_frame(const cv::Mat& frame);

// `faces` of the frame of `from`, carried to the frame of `to` (same size).
// nullopt for a face that cannot be followed: too few of its points tracked
// both ways (it turned away, was covered, left the frame, or the frame cut to
// another scene); the detector must look again.
std::vector<std::optional<DetectedFace>> carry_faces(const MotionFrame& from, const MotionFrame& to,
                                                     const std::vector<DetectedFace>& faces);

// Whether something moved between the frames of `from` and `to` away from the
// people of `faces` (where `to` has them; each face's head and body): a new
// face may have entered, and the detector should look before its turn.
// Compared on the thumbnails, where a moving person is a blob and sensor noise
// averages out.
bool moved_outside_faces(const MotionFrame& from, const MotionFrame& to, const std::vector<DetectedFace>& faces);

}  // namespace ferlab
