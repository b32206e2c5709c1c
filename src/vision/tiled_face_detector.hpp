#pragma once
// Small faces for a fixed-size network: BlazeFace letterboxes the whole frame
// into 256x256, so a 48-pixel face of a 640x480 frame shrinks to 19 pixels,
// below what the back model finds. Run on overlapping tiles, each face keeps
// more of its pixels. A face cut by a tile's inner edge is left to the tile
// (or the whole-frame pass) that holds all of it.
#include <memory>

#include "vision/face_detector.hpp"

namespace ferlab {

class TiledFaceDetector : public FaceDetector {
 public:
  // `grid` x `grid` tiles, each `grid`-th of the frame plus `overlap` (a share
  // of the tile's side) so that a face up to that size lies whole in some tile.
  // Frames whose tiles would be smaller than `min_tile_side` (the network's
  // input) are not tiled: the whole-frame pass already sees them at full size.
  TiledFaceDetector(std::unique_ptr<FaceDetector> member, int grid, float overlap, float nms_iou, int min_tile_side);
  std::vector<DetectedFace> detect(const cv::Mat& frame) override;
  std::string name() const override { return member_->name() + "-tiles" + std::to_string(grid_) + "x" + std::to_string(grid_); }

 private:
  std::unique_ptr<FaceDetector> member_;
  int grid_;
  float overlap_;
  float nms_iou_;
  int min_tile_side_;
};

}  // namespace ferlab
