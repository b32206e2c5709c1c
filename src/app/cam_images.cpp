#include "app/cam_images.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace ferlab::app {

float largest_high(const std::vector<MapRange>& ranges) {
  float high = 0;
  for (const MapRange& r : ranges) high = std::max(high, r.high);
  return high;
}

cv::Mat shown_heatmap(const cv::Mat& heatmap, MapRange range, bool shared_scale, float shared_high) {
  if (!shared_scale || heatmap.empty()) return heatmap;
  return on_shared_scale(heatmap, range, shared_high);
}

float frame_map_high(const FrameResult& frame) {
  std::vector<MapRange> ranges;
  for (const FaceResult& face : frame.faces)
    if (!face.heatmap.empty()) ranges.push_back(face.heatmap_range);
  return largest_high(ranges);
}

OverlayRenderer* LazyOverlayRenderer::get(EventLog& log) {
  if (!renderer_ && !failed_) {
    try {
      renderer_ = std::make_unique<OverlayRenderer>();
    } catch (const Error& e) {
      log.error(e.what());
      failed_ = true;
    }
  }
  return renderer_.get();
}

void CamImages::set(const cv::Mat& face, const cv::Mat& heatmap) {
  face_.upload(face, false);
  rendered_ = false;
  if (!heatmap.empty()) {
    heat_.upload(heatmap);
    return;
  }
  // No heatmap for this face: drop the last one rather than show it over the wrong face.
  heat_ = GlTexture();
  heat_only_ = GlTexture();
  blended_ = GlTexture();
}

void CamImages::render(OverlayRenderer& renderer, const HeatmapStyle& style) {
  render(renderer, style.opacity, style.colormap);
}

void CamImages::render(OverlayRenderer& renderer, float opacity, Colormap colormap) {
  if (heat_.empty() || face_.empty()) return;
  if (rendered_ && rendered_opacity_ == opacity && rendered_colormap_ == colormap) return;
  const HeatmapPlacement whole = HeatmapPlacement::box(&heat_, 0, 0, 1, 1);
  renderer.render(face_, {whole}, 1.0f, colormap, heat_only_, HeatmapBlend::MapOnly);
  renderer.render(face_, {whole}, opacity, colormap, blended_);
  rendered_ = true;
  rendered_opacity_ = opacity;
  rendered_colormap_ = colormap;
}

}  // namespace ferlab::app
