#pragma once
// BlazeFace's two models as one detector. The front model (128x128 input) sees
// faces that fill a good part of the frame; the back model (256x256) sees
// faces down to a few percent of the frame but loses the largest. Both run on
// every frame and a face that both find is kept once, with the better score.
#include <memory>
#include <vector>

#include "vision/face_detector.hpp"

namespace ferlab {

// Whether `face` is one already kept as `kept`: their IoU is above
// `iou_threshold`, or `face` lies mostly (over half its area) inside `kept`.
bool same_face(const cv::Rect2f& kept, const cv::Rect2f& face, float iou_threshold);

// Greedy suppression across detectors: fresh boxes before remembered ones
// (DetectedFace::age), then highest score first, dropping every
// face that is the same_face as a kept one: one model's box around a whole face
// and another's around part of it (a tile's view of an eye and a brow) have a
// small IoU, but they are one face.
std::vector<DetectedFace> suppress_overlapping_faces(std::vector<DetectedFace> faces, float iou_threshold);

class MergedFaceDetector : public FaceDetector {
 public:
  MergedFaceDetector(std::vector<std::unique_ptr<FaceDetector>> members, float nms_iou);
  std::vector<DetectedFace> detect(const cv::Mat& frame) override;
  std::string name() const override;

 private:
  std::vector<std::unique_ptr<FaceDetector>> members_;
  float nms_iou_;
};

}  // namespace ferlab
