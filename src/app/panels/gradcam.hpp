#pragma once
// Grad-CAM: the selected face's aligned crop, its heatmap and the two blended,
// for the predicted class or any of the seven, by Grad-CAM or Grad-CAM++.
#include <memory>

#include "app/cam_images.hpp"
#include "app/live_feed.hpp"

namespace ferlab::app {

// Opacity, colormap and method live in Workbench::heatmap_style: the model comparisons follow them.
struct GradCamPanel {
  LazyOverlayRenderer renderer;
  CamImages images;
  std::shared_ptr<const FrameResult> uploaded;
};

void draw_gradcam_panel(GradCamPanel& panel, LiveFeed& feed, Workbench& bench);

}  // namespace ferlab::app
