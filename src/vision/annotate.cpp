#include "vision/annotate.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "core/emotion.hpp"
#include "explain/heatmap_overlay.hpp"

namespace ferlab {

cv::Scalar emotion_colour(int label) {
  static const cv::Scalar kColours[kNumEmotions] = {
      {40, 40, 220},   // angry: red
      {40, 140, 60},   // disgust: green
      {160, 60, 160},  // fear: purple
      {40, 200, 240},  // happy: yellow
      {200, 120, 40},  // sad: blue
      {0, 140, 255},   // surprise: orange
      {190, 190, 190}  // neutral: gray
  };
  return label >= 0 && label < kNumEmotions ? kColours[label] : cv::Scalar(255, 255, 255);
}

std::string face_label(const FaceResult& face) {
  char text[96];
  std::snprintf(text, sizeof text, "#%d %s %.0f%%", face.track_id, emotion_name(face.label),
                100.0 * face.confidence);
  return text;
}

std::vector<cv::Point2f> place_labels(const std::vector<cv::Rect2f>& boxes, const std::vector<cv::Size2f>& sizes,
                                      cv::Size2f frame) {
  constexpr int kStackedTries = 3;  // further rows above and below before giving up on a clear spot
  std::vector<cv::Rect2f> placed;
  std::vector<cv::Point2f> corners;
  for (size_t i = 0; i < boxes.size() && i < sizes.size(); ++i) {
    const cv::Rect2f& box = boxes[i];
    const float w = sizes[i].width, h = sizes[i].height;
    const float x = std::clamp(box.x, 0.f, std::max(0.f, frame.width - w));
    std::vector<float> tops = {box.y - h, box.br().y, box.y};
    for (int k = 2; k <= kStackedTries + 1; ++k) {
      tops.push_back(box.y - k * h);
      tops.push_back(box.br().y + (k - 1) * h);
    }
    std::optional<cv::Rect2f> chosen, first_inside;
    for (const float top : tops) {
      if (top < 0 || top + h > frame.height) continue;
      const cv::Rect2f candidate(x, top, w, h);
      if (!first_inside) first_inside = candidate;
      const bool clear = std::none_of(placed.begin(), placed.end(),
                                      [&](const cv::Rect2f& other) { return (candidate & other).area() > 0; });
      if (clear) {
        chosen = candidate;
        break;
      }
    }
    // A label taller than the frame has no inside spot: at the top, cut by the frame.
    const cv::Rect2f label = chosen ? *chosen : first_inside ? *first_inside : cv::Rect2f(x, 0, w, h);
    placed.push_back(label);
    corners.push_back(label.tl());
  }
  return corners;
}

void annotate_frame(cv::Mat& frame, const std::vector<FaceResult>& faces, const AnnotateOptions& options) {
  // Heatmaps first so that no box or text is tinted by a neighbour's overlay.
  if (options.heatmaps)
    for (const FaceResult& face : faces)
      if (!face.heatmap.empty()) overlay_heatmap_on_frame(frame, face.heatmap, face.to_crop, options.heatmap_opacity, options.colormap);

  // Text and lines scale with the frame so that they stay readable on 4K and on 320x240.
  const double ui = std::max(0.4, std::min(frame.cols, frame.rows) / 720.0);
  const int thickness = std::max(1, static_cast<int>(std::lround(2 * ui)));
  const double font_scale = 0.9 * ui;  // text about 20 px tall at 720p: readable where the video is watched
  std::vector<std::string> texts;
  std::vector<cv::Rect2f> boxes;
  std::vector<cv::Size2f> sizes;
  int baseline = 0;
  for (const FaceResult& face : faces) {
    texts.push_back(face_label(face));
    const cv::Size size = cv::getTextSize(texts.back(), cv::FONT_HERSHEY_SIMPLEX, font_scale, thickness, &baseline);
    boxes.push_back(face.box);
    sizes.emplace_back(static_cast<float>(size.width + 6), static_cast<float>(size.height + baseline + 4));
  }
  const std::vector<cv::Point2f> corners = place_labels(boxes, sizes, cv::Size2f(frame.size()));
  for (size_t i = 0; i < faces.size(); ++i) {
    const FaceResult& face = faces[i];
    const cv::Scalar colour = emotion_colour(face.label);
    const cv::Rect box(cv::Point(cvRound(face.box.x), cvRound(face.box.y)),
                       cv::Point(cvRound(face.box.br().x), cvRound(face.box.br().y)));
    cv::rectangle(frame, box, colour, thickness, cv::LINE_AA);
    if (options.keypoints)
      for (const cv::Point2f& p : face.keypoints) cv::circle(frame, p, thickness + 1, colour, cv::FILLED, cv::LINE_AA);

    const cv::Rect label_box(cvRound(corners[i].x), cvRound(corners[i].y), cvRound(sizes[i].width),
                             cvRound(sizes[i].height));
    cv::rectangle(frame, label_box, colour, cv::FILLED);
    cv::putText(frame, texts[i], {label_box.x + 3, label_box.y + label_box.height - baseline - 2},
                cv::FONT_HERSHEY_SIMPLEX, font_scale, {20, 20, 20}, thickness, cv::LINE_AA);
  }
}

}  // namespace ferlab
