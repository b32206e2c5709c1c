#pragma once
// Showing a 48x48 heatmap where it belongs: warped back from the aligned crop
// onto the frame, coloured, and blended over the image.
#include <opencv2/core.hpp>

#include <array>
#include <string>
#include <vector>

#include "explain/heatmap_colormap.hpp"

namespace ferlab {

// Colours a [0,1] CV_32FC1 heatmap -> CV_8UC3 (BGR): the map alone.
cv::Mat colorize_heatmap(const cv::Mat& heatmap, Colormap colormap = Colormap::Jet);

// Blends the coloured heatmap over `image` (same size, BGR) in place, by the
// colormap table's rule (heatmap_colormap.hpp): pixel = image * (1 - w) +
// colour * w with w = opacity * the entry's coverage, so that cold regions
// leave the image readable. The workbench's overlay shader computes the same.
void blend_heatmap(cv::Mat& image, const cv::Mat& heatmap, float opacity = kDefaultHeatmapOpacity,
                   Colormap colormap = Colormap::Jet);

// Where the crop's top-left, top-right and bottom-left corners (pixel edges:
// -0.5 and size - 0.5 in OpenCV's pixel-centre coordinates) lie in the frame,
// through the inverse of `to_crop`. The crop's footprint is the parallelogram
// they span; a renderer that draws the map over it (the workbench's overlay
// shader) puts each crop pixel where heatmap_to_frame() puts it.
std::array<cv::Point2f, 3> crop_corners_in_frame(const cv::Matx23f& to_crop, cv::Size crop_size);

// Maps a crop-sized heatmap back into frame coordinates through the inverse of
// `to_crop` (frame pixel -> crop pixel, as vision's align_face returns it).
// Returns the heatmap over `roi`, the part of the frame the crop covers,
// clipped to `frame_size` (an empty roi when the crop lies outside the frame).
struct FrameHeatmap {
  cv::Rect roi;
  cv::Mat heatmap;  // roi.size(), CV_32FC1, 0 outside the crop
};
FrameHeatmap heatmap_to_frame(const cv::Mat& heatmap, const cv::Matx23f& to_crop, cv::Size frame_size);

// `image` (BGR) with a strip under it that says what it shows: each of
// `lines` (method, layer, class...), and with `colour_bar` the colormap from
// the map's low end to its high end, so that a saved PNG explains itself.
cv::Mat with_caption(const cv::Mat& image, const std::vector<std::string>& lines, bool colour_bar,
                     Colormap colormap = Colormap::Jet);

// heatmap_to_frame + blend_heatmap on `frame` (BGR) in place.
void overlay_heatmap_on_frame(cv::Mat& frame, const cv::Mat& heatmap, const cv::Matx23f& to_crop,
                              float opacity = kDefaultHeatmapOpacity, Colormap colormap = Colormap::Jet);

}  // namespace ferlab
