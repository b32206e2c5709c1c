#include "vision/ssd_anchors.hpp"

#include <algorithm>
#include <cmath>

namespace ferlab {

std::vector<SsdAnchor> generate_ssd_anchors(int input_size, const std::vector<int>& strides) {
  std::vector<SsdAnchor> anchors;
  size_t layer = 0;
  while (layer < strides.size()) {
    const int stride = strides[layer];
    size_t same_stride_end = layer;
    while (same_stride_end < strides.size() && strides[same_stride_end] == stride) ++same_stride_end;
    const int anchors_per_cell = 2 * static_cast<int>(same_stride_end - layer);
    const int cells = (input_size + stride - 1) / stride;
    for (int y = 0; y < cells; ++y) {
      for (int x = 0; x < cells; ++x) {
        const SsdAnchor anchor{(x + 0.5f) / cells, (y + 0.5f) / cells};
        for (int a = 0; a < anchors_per_cell; ++a) anchors.push_back(anchor);
      }
    }
    layer = same_stride_end;
  }
  return anchors;
}

RawDetection decode_blazeface_box(const float* raw, const SsdAnchor& anchor, float input_size) {
  // Anchor width and height are 1 (fixed_anchor_size), so they drop out of the formula.
  const float cx = raw[0] / input_size + anchor.x_center;
  const float cy = raw[1] / input_size + anchor.y_center;
  const float w = raw[2] / input_size;
  const float h = raw[3] / input_size;
  RawDetection d;
  d.xmin = cx - w / 2;
  d.ymin = cy - h / 2;
  d.xmax = cx + w / 2;
  d.ymax = cy + h / 2;
  for (int k = 0; k < 6; ++k) {
    d.keypoints[2 * k] = raw[4 + 2 * k] / input_size + anchor.x_center;
    d.keypoints[2 * k + 1] = raw[5 + 2 * k] / input_size + anchor.y_center;
  }
  return d;
}

float blazeface_score(float logit) {
  const float clipped = std::clamp(logit, -100.f, 100.f);
  return 1.f / (1.f + std::exp(-clipped));
}

float iou(const RawDetection& a, const RawDetection& b) {
  const float iw = std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin);
  const float ih = std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin);
  if (iw <= 0 || ih <= 0) return 0.f;
  const float inter = iw * ih;
  const float area_a = (a.xmax - a.xmin) * (a.ymax - a.ymin);
  const float area_b = (b.xmax - b.xmin) * (b.ymax - b.ymin);
  const float uni = area_a + area_b - inter;
  return uni > 0 ? inter / uni : 0.f;
}

std::vector<RawDetection> weighted_nms(std::vector<RawDetection> detections, float iou_threshold) {
  std::stable_sort(detections.begin(), detections.end(),
                   [](const RawDetection& a, const RawDetection& b) { return a.score > b.score; });
  std::vector<RawDetection> merged;
  std::vector<RawDetection> remaining;
  while (!detections.empty()) {
    const RawDetection best = detections.front();
    RawDetection sum{};
    float total = 0.f;
    remaining.clear();
    for (const RawDetection& d : detections) {  // includes `best` itself (IoU 1)
      if (iou(best, d) <= iou_threshold) {
        remaining.push_back(d);
        continue;
      }
      total += d.score;
      sum.xmin += d.score * d.xmin;
      sum.ymin += d.score * d.ymin;
      sum.xmax += d.score * d.xmax;
      sum.ymax += d.score * d.ymax;
      for (size_t k = 0; k < sum.keypoints.size(); ++k) sum.keypoints[k] += d.score * d.keypoints[k];
    }
    RawDetection out = best;
    if (total > 0.f) {
      out.xmin = sum.xmin / total;
      out.ymin = sum.ymin / total;
      out.xmax = sum.xmax / total;
      out.ymax = sum.ymax / total;
      for (size_t k = 0; k < out.keypoints.size(); ++k) out.keypoints[k] = sum.keypoints[k] / total;
    }
    merged.push_back(out);
    detections.swap(remaining);
  }
  return merged;
}

}  // namespace ferlab
