#include "vision/haar_detector.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>

#include "core/errors.hpp"
#include "vision/merged_face_detector.hpp"

namespace ferlab {

HaarFaceDetector::HaarFaceDetector(const std::string& cascade_path, const DetectorOptions& options,
                                   std::unique_ptr<FaceDetector> confirm)
    : options_(options), confirm_(std::move(confirm)) {
  if (!std::filesystem::exists(cascade_path))
    throw ModelError("Haar cascade " + cascade_path + " not found (Debian package opencv-data)");
  if (!cascade_.load(cascade_path)) throw ModelError("Haar cascade " + cascade_path + " does not parse");
}

std::optional<DetectedFace> HaarFaceDetector::confirmed(const cv::Mat& frame, const cv::Rect& box) {
  // Twice the box, so that the face fills about half of the crop: what the
  // front model sees best. Cut at the frame's border.
  const cv::Rect crop = cv::Rect(box.x - box.width / 2, box.y - box.height / 2, 2 * box.width, 2 * box.height) &
                        cv::Rect(0, 0, frame.cols, frame.rows);
  const cv::Point2f offset(static_cast<float>(crop.x), static_cast<float>(crop.y));
  for (DetectedFace face : confirm_->detect(frame(crop))) {  // best score first
    const cv::Point2f centre = face.box.tl() + offset + cv::Point2f(face.box.width / 2, face.box.height / 2);
    if (!cv::Rect2f(box).contains(centre)) continue;
    // Keep Haar's box (its size is what was measured) but take the score and
    // the keypoints, which alignment uses.
    DetectedFace kept{cv::Rect2f(box), face.score, {}};
    for (const cv::Point2f& k : face.keypoints) kept.keypoints.push_back(k + offset);
    return kept;
  }
  return std::nullopt;
}

std::vector<DetectedFace> HaarFaceDetector::detect(const cv::Mat& frame) {
  if (frame.empty()) return {};
  cv::Mat gray;
  if (frame.channels() == 1) gray = frame;
  else cv::cvtColor(frame, gray, frame.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  cv::equalizeHist(gray, gray);
  std::vector<cv::Rect> boxes;
  const int min_side = std::max(options_.min_face_pixels, 1);
  cascade_.detectMultiScale(gray, boxes, 1.1, 5, 0, {min_side, min_side});
  std::vector<DetectedFace> faces;
  for (const cv::Rect& b : boxes) {
    if (!confirm_) {
      faces.push_back({cv::Rect2f(b), 1.f, {}});
    } else if (auto face = confirmed(frame, b)) {
      faces.push_back(std::move(*face));
    }
  }
  // The cascade can box one face twice (a box and a larger one around it),
  // and the check confirms both with the same face: keep one.
  if (confirm_) return suppress_overlapping_faces(std::move(faces), options_.nms_iou);
  // Larger first: with equal scores, the nearest face is the most useful one.
  std::sort(faces.begin(), faces.end(), [](const DetectedFace& a, const DetectedFace& b) { return a.box.area() > b.box.area(); });
  return faces;
}

}  // namespace ferlab
