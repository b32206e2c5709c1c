#pragma once
// Small faces for a fixed-size network: BlazeFace letterboxes the whole frame
// into 256x256, so a 48-pixel face of a 640x480 frame shrinks to 19 pixels,
// below what the back model finds. Run on overlapping tiles, each face keeps
// more of its pixels. A face cut by a tile's inner edge is left to the tile
// (or the whole-frame pass) that holds all of it.
//
// On a stream the tiles may run in turn, a few per call (all of them on the
// first frame of a size): the boxes of the tiles skipped are those of their
// last run, one call older each time
// (DetectedFace::age), so that a small face stays found between its tile's
// turns and a fresh box of the same face wins over a remembered one.
#include <memory>

#include "vision/face_detector.hpp"

namespace ferlab {

class TiledFaceDetector : public FaceDetector {
 public:
  // `grid` x `grid` tiles, each `grid`-th of the frame plus `overlap` (a share
  // of the tile's side) so that a face up to that size lies whole in some tile.
  // Frames whose tiles would be smaller than `min_tile_side` (the network's
  // input) are not tiled: the whole-frame pass already sees them at full size.
  // `tiles_per_call`: 0 runs every tile on every call.
  TiledFaceDetector(std::unique_ptr<FaceDetector> member, int grid, float overlap, float nms_iou, int min_tile_side,
                    int tiles_per_call = 0);
  std::vector<DetectedFace> detect(const cv::Mat& frame) override;
  std::string name() const override { return member_->name() + "-tiles" + std::to_string(grid_) + "x" + std::to_string(grid_); }

 private:
  std::unique_ptr<FaceDetector> member_;
  int grid_;
  float overlap_;
  float nms_iou_;
  int min_tile_side_;
  int tiles_per_call_;
  // Per tile, in row order: its boxes (frame pixels) from its last run, for frames of `remembered_size_`.
  std::vector<std::vector<DetectedFace>> remembered_;
  cv::Size remembered_size_;
  int next_tile_ = 0;
};

}  // namespace ferlab
