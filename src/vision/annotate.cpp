#include "vision/annotate.hpp"

#include <opencv2/imgproc.hpp>

#include <cstdio>
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

void annotate_frame(cv::Mat& frame, const std::vector<FaceResult>& faces, const AnnotateOptions& options) {
  // Heatmaps first so that no box or text is tinted by a neighbour's overlay.
  if (options.heatmaps)
    for (const FaceResult& face : faces)
      if (!face.heatmap.empty()) overlay_heatmap_on_frame(frame, face.heatmap, face.to_crop, options.heatmap_alpha);

  // Text and lines scale with the frame so that they stay readable on 4K and on 320x240.
  const double ui = std::max(0.4, std::min(frame.cols, frame.rows) / 720.0);
  const int thickness = std::max(1, static_cast<int>(std::lround(2 * ui)));
  for (const FaceResult& face : faces) {
    const cv::Scalar colour = emotion_colour(face.label);
    const cv::Rect box(cv::Point(cvRound(face.box.x), cvRound(face.box.y)),
                       cv::Point(cvRound(face.box.br().x), cvRound(face.box.br().y)));
    cv::rectangle(frame, box, colour, thickness, cv::LINE_AA);
    if (options.keypoints)
      for (const cv::Point2f& p : face.keypoints) cv::circle(frame, p, thickness + 1, colour, cv::FILLED, cv::LINE_AA);

    char text[96];
    std::snprintf(text, sizeof text, "#%d %s %.0f%%", face.track_id, std::string(emotion_name(face.label)).c_str(),
                  100.0 * face.confidence);
    const double font_scale = 0.55 * ui;
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, font_scale, thickness, &baseline);
    // Above the box, or inside it when the box touches the top of the frame.
    const int top = box.y - size.height - baseline - 4 >= 0 ? box.y - size.height - baseline - 4 : box.y;
    const cv::Rect label_box(box.x, top, size.width + 6, size.height + baseline + 4);
    cv::rectangle(frame, label_box, colour, cv::FILLED);
    cv::putText(frame, text, {label_box.x + 3, label_box.y + size.height + 2}, cv::FONT_HERSHEY_SIMPLEX, font_scale,
                {20, 20, 20}, thickness, cv::LINE_AA);
  }
}

}  // namespace ferlab
