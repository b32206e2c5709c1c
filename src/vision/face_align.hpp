#pragma once
// Cutting a detected face out of the frame the way FER-2013 framed its faces:
// eyes level, at the height and spacing they have in FER-2013's 48x48 crops,
// so that the classifier sees what it was trained on.
#include <opencv2/core.hpp>

#include "vision/face_detector.hpp"

namespace ferlab {

struct AlignOptions {
  // 1.0 frames the face like FER-2013; larger values zoom out (more context).
  float margin = 1.0f;
  int size = 48;
};

struct AlignedFace {
  cv::Mat face;       // size x size CV_8UC1
  cv::Matx23f to_crop;  // frame pixel -> crop pixel (affine); its inverse maps heatmaps back
  bool used_keypoints = false;  // false: framed from the box alone (Haar, or implausible eyes)
};

// `frame`: 8-bit gray, BGR or BGRA. Parts of the crop outside the frame are
// filled by replicating the border (as FER-2013's own border faces look).
AlignedFace align_face(const cv::Mat& frame, const DetectedFace& face, const AlignOptions& options = {});

// The frame->crop transform alone (for tests and for mapping results back).
cv::Matx23f face_crop_transform(const DetectedFace& face, const AlignOptions& options);

// FER-2013's framing, measured by BlazeFace (back model) on 200 FER-2013 test
// faces upscaled to 200 px: eyes at these fractions of the crop.
constexpr float kFerRightEyeX = 0.324f;
constexpr float kFerLeftEyeX = 0.669f;
constexpr float kFerEyeY = 0.387f;

}  // namespace ferlab
