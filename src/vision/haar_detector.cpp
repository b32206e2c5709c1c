#include "vision/haar_detector.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {

HaarFaceDetector::HaarFaceDetector(const std::string& cascade_path, const DetectorOptions& options)
    : options_(options) {
  if (!std::filesystem::exists(cascade_path))
    throw ModelError("Haar cascade " + cascade_path + " not found (Debian package opencv-data)");
  if (!cascade_.load(cascade_path)) throw ModelError("Haar cascade " + cascade_path + " does not parse");
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
  for (const cv::Rect& b : boxes) faces.push_back({cv::Rect2f(b), 1.f, {}});
  // Larger first: with equal scores, the nearest face is the most useful one.
  std::sort(faces.begin(), faces.end(), [](const DetectedFace& a, const DetectedFace& b) {
    return a.box.area() > b.box.area();
  });
  return faces;
}

}  // namespace ferlab
