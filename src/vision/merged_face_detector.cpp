#include "vision/merged_face_detector.hpp"

#include <algorithm>

namespace ferlab {

bool same_face(const cv::Rect2f& kept, const cv::Rect2f& face, float iou_threshold) {
  const float inside = (kept & face).area() / std::max(face.area(), 1e-6f);
  return box_iou(kept, face) > iou_threshold || inside > 0.5f;
}

std::vector<DetectedFace> suppress_overlapping_faces(std::vector<DetectedFace> faces, float iou_threshold) {
  std::stable_sort(faces.begin(), faces.end(),
                   [](const DetectedFace& a, const DetectedFace& b) {
                     return a.age != b.age ? a.age < b.age : a.score > b.score;
                   });
  std::vector<DetectedFace> kept;
  for (DetectedFace& face : faces) {
    const bool overlaps = std::any_of(kept.begin(), kept.end(),
                                      [&](const DetectedFace& k) { return same_face(k.box, face.box, iou_threshold); });
    if (!overlaps) kept.push_back(std::move(face));
  }
  return kept;
}

MergedFaceDetector::MergedFaceDetector(std::vector<std::unique_ptr<FaceDetector>> members, float nms_iou)
    : members_(std::move(members)), nms_iou_(nms_iou) {}

std::vector<DetectedFace> MergedFaceDetector::detect(const cv::Mat& frame) {
  std::vector<DetectedFace> all;
  for (const auto& member : members_) {
    std::vector<DetectedFace> found = member->detect(frame);
    std::move(found.begin(), found.end(), std::back_inserter(all));
  }
  return suppress_overlapping_faces(std::move(all), nms_iou_);
}

std::string MergedFaceDetector::name() const {
  std::string name;
  for (const auto& member : members_) name += (name.empty() ? "" : "+") + member->name();
  return name;
}

}  // namespace ferlab
