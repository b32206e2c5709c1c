#pragma once
// CamImages: a 48x48 face and its Grad-CAM heatmap on the GPU, coloured and
// blended by the overlay shader with the workbench's heatmap style, so that the
// Grad-CAM panel and the model comparisons show heatmaps the same way.
#include <memory>
#include <vector>

#include "app/event_log.hpp"
#include "app/gl/gl_texture.hpp"
#include "app/gl/overlay_shader.hpp"
#include "app/workbench.hpp"
#include "explain/grad_cam.hpp"
#include "vision/face_analyzer.hpp"

namespace ferlab::app {

// The overlay shader, compiled on first use (it needs the GL context). A build
// failure is logged once; get() then returns nullptr and callers show plain faces.
class LazyOverlayRenderer {
 public:
  OverlayRenderer* get(EventLog& log);

 private:
  std::unique_ptr<OverlayRenderer> renderer_;
  bool failed_ = false;
};

// The maps on view, by HeatmapStyle::shared_scale: each as it is (scaled to
// its own maximum), or all on the scale of the largest `high` among them.
float largest_high(const std::vector<MapRange>& ranges);  // 0 when none
cv::Mat shown_heatmap(const cv::Mat& heatmap, MapRange range, bool shared_scale, float shared_high);
// The live frame's shared scale: the largest high among its faces' maps.
float frame_map_high(const FrameResult& frame);

class CamImages {
 public:
  // `face`: 48x48 CV_8UC1; `heatmap`: CV_32FC1 in [0,1] over it (may be empty).
  void set(const cv::Mat& face, const cv::Mat& heatmap);
  // Renders the heatmap alone and blended over the face; only when the images or the style changed.
  void render(OverlayRenderer& renderer, const HeatmapStyle& style);
  void render(OverlayRenderer& renderer, float opacity, Colormap colormap);

  bool has_heatmap() const { return !heat_.empty(); }
  const GlTexture& face() const { return face_; }
  const GlTexture& heat_only() const { return heat_only_; }
  // The blended overlay once rendered, else the plain face.
  const GlTexture& overlay() const { return blended_.empty() ? face_ : blended_; }

 private:
  GlTexture face_, heat_, heat_only_, blended_;
  bool rendered_ = false;
  float rendered_opacity_ = -1;
  Colormap rendered_colormap_ = Colormap::Jet;
};

}  // namespace ferlab::app
