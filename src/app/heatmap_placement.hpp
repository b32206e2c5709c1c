#pragma once
// Where the overlay shader draws a face's heatmap over its frame: the aligned
// crop's parallelogram, rotated and enlarged as the crop was cut (vision's
// heatmap_corners), so that the workbench puts every map value on the frame
// pixel where `ferlab video` (heatmap_to_frame) puts it.
#include <opencv2/core.hpp>

#include "app/gl/overlay_shader.hpp"
#include "vision/face_analyzer.hpp"

namespace ferlab::app {

HeatmapPlacement heatmap_placement(const FaceResult& face, const GlTexture& heat, cv::Size frame_size);

}  // namespace ferlab::app
