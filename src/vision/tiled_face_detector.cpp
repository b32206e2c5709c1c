#include "vision/tiled_face_detector.hpp"

#include <algorithm>
#include <cmath>

#include "vision/merged_face_detector.hpp"

namespace ferlab {

TiledFaceDetector::TiledFaceDetector(std::unique_ptr<FaceDetector> member, int grid, float overlap, float nms_iou,
                                     int min_tile_side)
    : member_(std::move(member)), grid_(grid), overlap_(overlap), nms_iou_(nms_iou), min_tile_side_(min_tile_side) {}

std::vector<DetectedFace> TiledFaceDetector::detect(const cv::Mat& frame) {
  if (frame.empty()) return {};
  const int tile_w = static_cast<int>(std::lround(frame.cols / (grid_ * (1 - overlap_) + overlap_)));
  const int tile_h = static_cast<int>(std::lround(frame.rows / (grid_ * (1 - overlap_) + overlap_)));
  if (std::max(tile_w, tile_h) < min_tile_side_) return {};
  const float step_x = grid_ > 1 ? static_cast<float>(frame.cols - tile_w) / (grid_ - 1) : 0.f;
  const float step_y = grid_ > 1 ? static_cast<float>(frame.rows - tile_h) / (grid_ - 1) : 0.f;
  const float edge = 2.f;  // pixels: a box this close to an inner tile edge was cut by it
  std::vector<DetectedFace> all;
  for (int ty = 0; ty < grid_; ++ty) {
    for (int tx = 0; tx < grid_; ++tx) {
      const cv::Rect tile(static_cast<int>(std::lround(tx * step_x)), static_cast<int>(std::lround(ty * step_y)),
                          tile_w, tile_h);
      const cv::Rect inside = tile & cv::Rect(0, 0, frame.cols, frame.rows);
      const cv::Point2f offset(static_cast<float>(inside.x), static_cast<float>(inside.y));
      for (DetectedFace face : member_->detect(frame(inside))) {
        const cv::Rect2f& b = face.box;
        const bool cut = (inside.x > 0 && b.x < edge) || (inside.y > 0 && b.y < edge) ||
                         (inside.br().x < frame.cols && b.br().x > inside.width - edge) ||
                         (inside.br().y < frame.rows && b.br().y > inside.height - edge);
        if (cut) continue;
        face.box += offset;
        for (cv::Point2f& k : face.keypoints) k += offset;
        all.push_back(std::move(face));
      }
    }
  }
  return suppress_overlapping_faces(std::move(all), nms_iou_);
}

}  // namespace ferlab
