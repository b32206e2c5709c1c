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

// What the optical flow runs on: the frame in 8-bit gray.
cv::Mat motion_image(const cv::Mat& frame);

// `faces` of the frame whose motion_image is `from`, carried to the frame of
// `to` (same size). nullopt for a face that cannot be followed: too few of its
// points tracked both ways (it turned away, was covered, left the frame, or the
// frame cut to another scene); the detector must look again.
std::vector<std::optional<DetectedFace>> carry_faces(const cv::Mat& from, const cv::Mat& to,
                                                     const std::vector<DetectedFace>& faces);

// Whether something moved between the frames of `from` and `to` (motion
// images, same size) away from the people of `faces` (where `to` has them;
// each face's head and body): a new face may
// have entered, and the detector should look before its turn. Compared at a
// small scale, where a moving person is a blob and sensor noise averages out.
bool moved_outside_faces(const cv::Mat& from, const cv::Mat& to, const std::vector<DetectedFace>& faces);

}  // namespace ferlab
