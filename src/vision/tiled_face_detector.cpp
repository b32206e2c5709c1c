#include "vision/tiled_face_detector.hpp"

#include <algorithm>
#include <cmath>

#include "vision/merged_face_detector.hpp"

namespace ferlab {

TiledFaceDetector::TiledFaceDetector(std::unique_ptr<FaceDetector> member, int grid, float overlap, float nms_iou,
                                     int min_tile_side, int tiles_per_call)
    : member_(std::move(member)),
      grid_(grid),
      overlap_(overlap),
      nms_iou_(nms_iou),
      min_tile_side_(min_tile_side),
      tiles_per_call_(tiles_per_call) {}

std::vector<DetectedFace> TiledFaceDetector::detect(const cv::Mat& frame) {
  if (frame.empty()) return {};
  const int tile_w = static_cast<int>(std::lround(frame.cols / (grid_ * (1 - overlap_) + overlap_)));
  const int tile_h = static_cast<int>(std::lround(frame.rows / (grid_ * (1 - overlap_) + overlap_)));
  if (std::max(tile_w, tile_h) < min_tile_side_) return {};
  const float step_x = grid_ > 1 ? static_cast<float>(frame.cols - tile_w) / (grid_ - 1) : 0.f;
  const float step_y = grid_ > 1 ? static_cast<float>(frame.rows - tile_h) / (grid_ - 1) : 0.f;
  const float edge = 2.f;  // pixels: a box this close to an inner tile edge was cut by it
  const int tiles = grid_ * grid_;
  // Another frame size is another stream: nothing remembered applies, so
  // every tile runs on its first frame (a still's only one).
  const bool first = frame.size() != remembered_size_ || static_cast<int>(remembered_.size()) != tiles;
  if (first) {
    remembered_.assign(static_cast<size_t>(tiles), {});
    remembered_size_ = frame.size();
    next_tile_ = 0;
  }
  const int run_count = tiles_per_call_ > 0 && !first ? std::min(tiles_per_call_, tiles) : tiles;
  for (auto& boxes : remembered_)
    for (DetectedFace& face : boxes) ++face.age;
  for (int r = 0; r < run_count; ++r) {
    const int t = (next_tile_ + r) % tiles;
    const cv::Rect tile(static_cast<int>(std::lround((t % grid_) * step_x)),
                        static_cast<int>(std::lround((t / grid_) * step_y)), tile_w, tile_h);
    const cv::Rect inside = tile & cv::Rect(0, 0, frame.cols, frame.rows);
    const cv::Point2f offset(static_cast<float>(inside.x), static_cast<float>(inside.y));
    std::vector<DetectedFace>& found = remembered_[static_cast<size_t>(t)];
    found.clear();
    for (DetectedFace face : member_->detect(frame(inside))) {
      const cv::Rect2f& b = face.box;
      const bool cut = (inside.x > 0 && b.x < edge) || (inside.y > 0 && b.y < edge) ||
                       (inside.br().x < frame.cols && b.br().x > inside.width - edge) ||
                       (inside.br().y < frame.rows && b.br().y > inside.height - edge);
      if (cut) continue;
      face.box += offset;
      for (cv::Point2f& k : face.keypoints) k += offset;
      face.age = 0;
      found.push_back(std::move(face));
    }
  }
  next_tile_ = (next_tile_ + run_count) % tiles;
  std::vector<DetectedFace> all;
  for (const auto& boxes : remembered_) all.insert(all.end(), boxes.begin(), boxes.end());
  return suppress_overlapping_faces(std::move(all), nms_iou_);
}

}  // namespace ferlab
