#include "vision/face_align.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace ferlab {

namespace {

// Haar boxes on the same 200 FER-2013 faces (161 found): the box side is 0.76
// of the FER crop side and its centre 0.07 crop sides below the crop's centre.
// (Its measured horizontal offset is left out: a frontal face is symmetric, and
// it came from FER-2013's own cropping, not from the cascade.)
constexpr float kHaarBoxToCrop = 1.0f / 0.76f;
constexpr float kHaarCentreBelowCrop = 0.07f;

cv::Matx23f similarity(cv::Point2f from_centre, float angle, float scale, cv::Point2f to_centre) {
  // Rotate by -angle and scale about from_centre, then move it to to_centre.
  const float c = std::cos(angle) * scale;
  const float s = std::sin(angle) * scale;
  return {c, s, to_centre.x - c * from_centre.x - s * from_centre.y,
          -s, c, to_centre.y + s * from_centre.x - c * from_centre.y};
}

// Keypoints this close are a failed regression, not a face: frame by the box.
bool eyes_usable(const DetectedFace& face) {
  if (face.keypoints.size() < 2) return false;
  const cv::Point2f d = face.keypoints[static_cast<int>(FaceKeypoint::LeftEye)] -
                        face.keypoints[static_cast<int>(FaceKeypoint::RightEye)];
  return std::hypot(d.x, d.y) >= 0.15f * std::max(face.box.width, 1.f);
}

}  // namespace

cv::Matx23f face_crop_transform(const DetectedFace& face, const AlignOptions& options) {
  const float size = static_cast<float>(options.size);
  const float margin = std::max(options.margin, 0.1f);
  if (eyes_usable(face)) {
    const cv::Point2f right = face.keypoints[static_cast<int>(FaceKeypoint::RightEye)];
    const cv::Point2f left = face.keypoints[static_cast<int>(FaceKeypoint::LeftEye)];
    const float eye_distance = std::hypot(left.x - right.x, left.y - right.y);
    const float angle = std::atan2(left.y - right.y, left.x - right.x);
    const float target_distance = (kFerLeftEyeX - kFerRightEyeX) * size / margin;
    const cv::Point2f eyes_centre = (left + right) * 0.5f;
    const cv::Point2f target(size / 2 + ((kFerRightEyeX + kFerLeftEyeX) / 2 - 0.5f) * size / margin,
                             size / 2 + (kFerEyeY - 0.5f) * size / margin);
    return similarity(eyes_centre, angle, target_distance / eye_distance, target);
  }
  const float side = std::max(face.box.width, face.box.height) * kHaarBoxToCrop * margin;
  const cv::Point2f box_centre(face.box.x + face.box.width / 2, face.box.y + face.box.height / 2);
  const cv::Point2f crop_centre = box_centre - cv::Point2f(0, kHaarCentreBelowCrop * side / margin);
  return similarity(crop_centre, 0.f, size / std::max(side, 1.f), {size / 2, size / 2});
}

AlignedFace align_face(const cv::Mat& frame, const DetectedFace& face, const AlignOptions& options) {
  AlignedFace out;
  out.to_crop = face_crop_transform(face, options);
  out.used_keypoints = eyes_usable(face);
  cv::Mat gray;
  if (frame.channels() == 1) gray = frame;
  else cv::cvtColor(frame, gray, frame.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);

  // warpAffine samples bilinearly, which aliases when shrinking a large face a
  // lot; warp to an integer multiple of the crop first and area-average down.
  const float scale = std::sqrt(std::abs(out.to_crop(0, 0) * out.to_crop(1, 1) - out.to_crop(0, 1) * out.to_crop(1, 0)));
  const int oversample = std::clamp(static_cast<int>(1.f / std::max(scale, 1e-3f)), 1, 4);
  const cv::Matx23f warp = out.to_crop * static_cast<float>(oversample);
  cv::Mat big;
  cv::warpAffine(gray, big, cv::Mat(warp), {options.size * oversample, options.size * oversample}, cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  if (oversample == 1) out.face = big;
  else cv::resize(big, out.face, {options.size, options.size}, 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace ferlab
