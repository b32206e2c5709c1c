#pragma once
// BlazeFace's decoding maths, kept apart from OpenCV DNN so that tests can
// check it by hand: MediaPipe's SSD anchors, box/keypoint decoding and its
// weighted non-maximum suppression.
#include <array>
#include <vector>

namespace ferlab {

struct SsdAnchor {
  float x_center = 0.f;  // normalised to the square network input, [0,1]
  float y_center = 0.f;
};

// MediaPipe's SsdAnchorsCalculator for BlazeFace: layers that share a stride
// share one feature map; each layer contributes two anchors per cell (aspect
// ratio 1 and the interpolated scale). BlazeFace uses fixed_anchor_size, so
// every anchor is 1x1 and only the centres matter. Order: feature maps in
// stride order, then row, column, anchor.
std::vector<SsdAnchor> generate_ssd_anchors(int input_size, const std::vector<int>& strides);

constexpr int kBlazeFaceCoords = 16;  // cx, cy, w, h, then 6 keypoints (x, y)

struct RawDetection {
  float score = 0.f;
  float xmin = 0.f, ymin = 0.f, xmax = 0.f, ymax = 0.f;  // normalised to the network input
  std::array<float, 12> keypoints{};                      // x0, y0, x1, y1, ... normalised
};

// One anchor's 16 regressors -> box and keypoints: x = raw / input_size * anchor_w + anchor_x.
RawDetection decode_blazeface_box(const float* raw, const SsdAnchor& anchor, float input_size);

// Sigmoid with MediaPipe's clipping of the logit to +-100.
float blazeface_score(float logit);

float iou(const RawDetection& a, const RawDetection& b);

// MediaPipe's WEIGHTED suppression: the best detection absorbs every detection
// overlapping it by more than `iou_threshold`; the merged box and keypoints are
// the score-weighted mean of the group, the score is the best one's.
std::vector<RawDetection> weighted_nms(std::vector<RawDetection> detections, float iou_threshold);

}  // namespace ferlab
