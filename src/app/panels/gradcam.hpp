#pragma once
// Grad-CAM: the selected face's aligned crop, its heatmap and the two blended,
// for the predicted class or any of the seven, by Grad-CAM or Grad-CAM++.
#include <memory>

#include "app/gl_texture.hpp"
#include "app/live_feed.hpp"
#include "app/overlay_shader.hpp"

namespace ferlab::app {

struct GradCamPanel {
  float opacity = 0.5f;
  int colormap = 0;  // Colormap
  std::unique_ptr<OverlayRenderer> renderer;
  GlTexture crop, heat, heat_only, blended;
  std::shared_ptr<const FrameResult> uploaded;
};

void draw_gradcam_panel(GradCamPanel& panel, LiveFeed& feed, Workbench& bench, bool* open);

}  // namespace ferlab::app
