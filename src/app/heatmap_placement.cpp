#include "app/heatmap_placement.hpp"

#include "vision/explained_face.hpp"

namespace ferlab::app {

HeatmapPlacement heatmap_placement(const FaceResult& face, const GlTexture& heat, cv::Size frame_size) {
  // OpenCV puts pixel X's centre at X, the shader at (X + 0.5) / width.
  const auto to_frame = [&](const cv::Point2f& p) {
    return FramePoint{(p.x + 0.5f) / static_cast<float>(frame_size.width),
                      (p.y + 0.5f) / static_cast<float>(frame_size.height)};
  };
  const auto corners = heatmap_corners(face);
  return {&heat, to_frame(corners[0]), to_frame(corners[1]), to_frame(corners[2])};
}

}  // namespace ferlab::app
