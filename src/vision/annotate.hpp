#pragma once
// Drawing results onto a frame: box, track ID, label and confidence per face,
// optionally keypoints and the Grad-CAM heatmap warped back onto the face.
// Shared by `ferlab video`, `ferlab image` and the tests.
#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "explain/heatmap_colormap.hpp"
#include "vision/face_analyzer.hpp"

namespace ferlab {

struct AnnotateOptions {
  bool heatmaps = true;   // blend each face's heatmap (when it has one)
  float heatmap_opacity = kDefaultHeatmapOpacity;  // the look of heatmap_colormap.hpp, as in the workbench
  Colormap colormap = Colormap::Jet;
  bool keypoints = false;
};

// Colour of an emotion's boxes and bars (BGR), the same everywhere.
cv::Scalar emotion_colour(int label);

// The label every face carries, in the workbench and in recordings: "#3 happy 87%"
// (track, shown emotion, its smoothed probability).
std::string face_label(const FaceResult& face);

// Where each face's label goes (its top-left corner), in the units of the
// boxes: above its box, else below it, else inside its top, else stacked
// further above or below; the first of these that lies inside `frame` and
// clear of the labels placed before it (in the order given), or, when none is
// clear, the first inside the frame. Neighbouring faces of a group photo would
// otherwise draw their labels over one another.
std::vector<cv::Point2f> place_labels(const std::vector<cv::Rect2f>& boxes, const std::vector<cv::Size2f>& sizes,
                                      cv::Size2f frame);

// Draws on `frame` (8-bit BGR) in place.
void annotate_frame(cv::Mat& frame, const std::vector<FaceResult>& faces, const AnnotateOptions& options = {});

}  // namespace ferlab
