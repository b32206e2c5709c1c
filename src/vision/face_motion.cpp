#include "vision/face_motion.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <algorithm>
#include <cmath>

namespace ferlab {
namespace {

// A grid of kGrid x kGrid points over the middle of the box (eyes, nose, mouth),
// where the texture is; the box's edges hold background that moves otherwise.
constexpr int kGrid = 4;
constexpr float kGridSpan = 0.6f;  // of the box's side
// A point counts when it comes back to within this share of the face's side
// (and at least a pixel) from where it started, followed forwards then backwards.
constexpr float kRoundTripShare = 0.02f;
// Fewer surviving points than this, or than half of the face's, and the face is lost.
constexpr size_t kMinPoints = 5;
const cv::Size kWindow(15, 15);
constexpr int kPyramidLevels = 3;

std::vector<cv::Point2f> points_of(const DetectedFace& face) {
  std::vector<cv::Point2f> points(face.keypoints.begin(), face.keypoints.end());
  const cv::Point2f centre(face.box.x + face.box.width / 2, face.box.y + face.box.height / 2);
  for (int gy = 0; gy < kGrid; ++gy)
    for (int gx = 0; gx < kGrid; ++gx) {
      const float fx = (static_cast<float>(gx) / (kGrid - 1) - 0.5f) * kGridSpan;
      const float fy = (static_cast<float>(gy) / (kGrid - 1) - 0.5f) * kGridSpan;
      points.emplace_back(centre.x + fx * face.box.width, centre.y + fy * face.box.height);
    }
  return points;
}

cv::Point2f apply(const cv::Mat& m, cv::Point2f p) {
  return {static_cast<float>(m.at<double>(0, 0) * p.x + m.at<double>(0, 1) * p.y + m.at<double>(0, 2)),
          static_cast<float>(m.at<double>(1, 0) * p.x + m.at<double>(1, 1) * p.y + m.at<double>(1, 2))};
}

// The face moved by the similarity `m`: the box keeps its aspect, about its moved centre.
DetectedFace moved(const DetectedFace& face, const cv::Mat& m) {
  DetectedFace out = face;
  const double scale = std::hypot(m.at<double>(0, 0), m.at<double>(1, 0));
  const cv::Point2f centre = apply(m, {face.box.x + face.box.width / 2, face.box.y + face.box.height / 2});
  const float width = static_cast<float>(face.box.width * scale), height = static_cast<float>(face.box.height * scale);
  out.box = cv::Rect2f(centre.x - width / 2, centre.y - height / 2, width, height);
  for (cv::Point2f& p : out.keypoints) p = apply(m, p);
  return out;
}

// The motion check's scale: frames shrunk to this width, where a face of 62
// pixels in 640 still covers about 60 pixels.
constexpr int kMotionWidth = 80;
constexpr int kMotionLevel = 24;         // grey levels of change that count as movement
constexpr double kMotionShare = 0.015;   // of the small frame's pixels: about a face of 62 pixels in 640
// Around a face, in its sides: the person it belongs to, whose head, arms and
// body move with it (a face's side to either side, half above, four below).
constexpr float kPersonSide = 1.0f, kPersonAbove = 0.5f, kPersonBelow = 4.0f;

cv::Mat shrunk(const cv::Mat& image) {
  const double scale = static_cast<double>(kMotionWidth) / image.cols;
  cv::Mat small;
  cv::resize(image, small, {kMotionWidth, std::max(1, static_cast<int>(std::lround(image.rows * scale)))}, 0, 0,
             cv::INTER_AREA);
  return small;
}

}  // namespace

MotionFrame motion_frame(const cv::Mat& frame) {
  MotionFrame m;
  m.frame_size = frame.size();
  if (frame.empty()) return m;
  cv::Mat gray;
  if (frame.channels() == 1) gray = frame;
  else cv::cvtColor(frame, gray, frame.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  cv::Mat small = gray;
  if (gray.cols > kMotionMaxWidth) {
    m.scale = static_cast<double>(kMotionMaxWidth) / gray.cols;
    cv::resize(gray, small, {kMotionMaxWidth, std::max(1, static_cast<int>(std::lround(gray.rows * m.scale)))}, 0, 0,
               cv::INTER_AREA);
  }
  // Copied: a gray frame's own buffer may be reused by its source.
  // With the derivatives (most of its memory): without them, every flow call
  // would compute them again over whole levels, and cost several times more.
  cv::buildOpticalFlowPyramid(small.data == frame.data ? small.clone() : small, m.pyramid, kWindow, kPyramidLevels);
  m.thumbnail = shrunk(small);
  return m;
}

bool moved_outside_faces(const MotionFrame& from, const MotionFrame& to, const std::vector<DetectedFace>& faces) {
  if (from.empty() || from.frame_size != to.frame_size) return true;
  cv::Mat change;
  cv::absdiff(from.thumbnail, to.thumbnail, change);
  const double scale = static_cast<double>(change.cols) / to.frame_size.width;
  for (const DetectedFace& face : faces) {
    const float side = std::max(face.box.width, face.box.height);
    const cv::Rect2f around(face.box.x - kPersonSide * side, face.box.y - kPersonAbove * side,
                            face.box.width + 2 * kPersonSide * side, face.box.height + (kPersonAbove + kPersonBelow) * side);
    const cv::Rect cell = cv::Rect(cv::Rect2d(around.x * scale, around.y * scale, around.width * scale,
                                              around.height * scale)) & cv::Rect(0, 0, change.cols, change.rows);
    change(cell).setTo(0);
  }
  return cv::countNonZero(change > kMotionLevel) > kMotionShare * static_cast<double>(change.total());
}

std::vector<std::optional<DetectedFace>> carry_faces(const MotionFrame& from, const MotionFrame& to,
                                                     const std::vector<DetectedFace>& faces) {
  std::vector<std::optional<DetectedFace>> out(faces.size());
  if (faces.empty() || from.empty() || to.empty() || from.frame_size != to.frame_size) return out;
  const float scale = static_cast<float>(to.scale);
  std::vector<cv::Point2f> start;  // in motion pixels
  std::vector<size_t> owner;
  for (size_t f = 0; f < faces.size(); ++f)
    for (const cv::Point2f& p : points_of(faces[f])) {
      start.push_back(p * scale);
      owner.push_back(f);
    }
  std::vector<cv::Point2f> ahead, back;
  std::vector<uchar> found_ahead, found_back;
  std::vector<float> error;
  const cv::TermCriteria until(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 20, 0.03);
  cv::calcOpticalFlowPyrLK(from.pyramid, to.pyramid, start, ahead, found_ahead, error, kWindow, kPyramidLevels, until);
  cv::calcOpticalFlowPyrLK(to.pyramid, from.pyramid, ahead, back, found_back, error, kWindow, kPyramidLevels, until);

  for (size_t f = 0; f < faces.size(); ++f) {
    const float tolerance =
        std::max(1.f, kRoundTripShare * scale * std::max(faces[f].box.width, faces[f].box.height));
    std::vector<cv::Point2f> before, after;
    size_t total = 0;
    for (size_t i = 0; i < start.size(); ++i) {
      if (owner[i] != f) continue;
      ++total;
      if (found_ahead[i] && found_back[i] && cv::norm(back[i] - start[i]) <= tolerance) {
        before.push_back(start[i] / scale);  // the fit is in frame pixels
        after.push_back(ahead[i] / scale);
      }
    }
    if (before.size() < std::max(kMinPoints, total / 2)) continue;
    const cv::Mat m = cv::estimateAffinePartial2D(before, after, cv::noArray(), cv::LMEDS);
    if (m.empty()) continue;
    out[f] = moved(faces[f], m);
  }
  return out;
}

}  // namespace ferlab
