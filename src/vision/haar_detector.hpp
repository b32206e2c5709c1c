#pragma once
// OpenCV's frontal-face Haar cascade on the equalised gray frame: the seeds'
// approach, kept as a fallback that needs no downloaded model.
#include <opencv2/objdetect.hpp>

#include "vision/face_detector.hpp"

namespace ferlab {

class HaarFaceDetector : public FaceDetector {
 public:
  // Throws ModelError when the cascade file is missing or does not parse.
  HaarFaceDetector(const std::string& cascade_path, const DetectorOptions& options);
  std::vector<DetectedFace> detect(const cv::Mat& frame) override;
  std::string name() const override { return "haar"; }

 private:
  DetectorOptions options_;
  cv::CascadeClassifier cascade_;
};

}  // namespace ferlab
