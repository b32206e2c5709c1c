#pragma once
// OpenCV's frontal-face Haar cascade on the equalised gray frame: the seeds'
// approach, kept as a fallback that needs no downloaded model. On its own it
// also boxes folds of clothes, hands and paving; given a `confirm` detector, a
// box is kept only when that detector finds a face centred inside it in a
// crop around the box (a small crop, so the check costs little).
#include <opencv2/objdetect.hpp>

#include <memory>
#include <optional>

#include "vision/face_detector.hpp"

namespace ferlab {

class HaarFaceDetector : public FaceDetector {
 public:
  // Throws ModelError when the cascade file is missing or does not parse.
  HaarFaceDetector(const std::string& cascade_path, const DetectorOptions& options,
                   std::unique_ptr<FaceDetector> confirm = nullptr);
  std::vector<DetectedFace> detect(const cv::Mat& frame) override;
  std::string name() const override { return confirm_ ? "haar+" + confirm_->name() + "-check" : "haar"; }

 private:
  // The confirming detector's face for `box`, or nothing: a Haar box on clothes.
  std::optional<DetectedFace> confirmed(const cv::Mat& frame, const cv::Rect& box);

  DetectorOptions options_;
  cv::CascadeClassifier cascade_;
  std::unique_ptr<FaceDetector> confirm_;
};

}  // namespace ferlab
