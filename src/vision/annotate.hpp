#pragma once
// Drawing results onto a frame: box, track ID, label and confidence per face,
// optionally keypoints and the Grad-CAM heatmap warped back onto the face.
// Shared by `ferlab video`, `ferlab image` and the tests.
#include <opencv2/core.hpp>

#include <vector>

#include "vision/face_analyzer.hpp"

namespace ferlab {

struct AnnotateOptions {
  bool heatmaps = true;   // blend each face's heatmap (when it has one)
  float heatmap_alpha = 0.5f;
  bool keypoints = false;
};

// Colour of an emotion's boxes and bars (BGR), the same everywhere.
cv::Scalar emotion_colour(int label);

// Draws on `frame` (8-bit BGR) in place.
void annotate_frame(cv::Mat& frame, const std::vector<FaceResult>& faces, const AnnotateOptions& options = {});

}  // namespace ferlab
