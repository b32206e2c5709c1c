#include "app/cam_images.hpp"

#include "core/errors.hpp"

namespace ferlab::app {

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
  if (heat_.empty() || face_.empty()) return;
  if (rendered_ && rendered_style_.opacity == style.opacity && rendered_style_.colormap == style.colormap) return;
  const auto map = static_cast<Colormap>(style.colormap);
  renderer.render(face_, {{&heat_, 0, 0, 1, 1}}, 1.0f, map, heat_only_);
  renderer.render(face_, {{&heat_, 0, 0, 1, 1}}, style.opacity, map, blended_);
  rendered_ = true;
  rendered_style_ = style;
}

}  // namespace ferlab::app
