#pragma once
// Grad-CAM: the selected face's aligned crop, its heatmap and the two blended,
// for the shown label or any of the seven classes, by any method of
// explain_methods() and on any layer of the network, with a colour bar and the
// map's deletion and insertion AUC.
// The live feed's per-frame methods (Grad-CAM and its one-backward-pass kin)
// come with every frame; the costly ones (Score-CAM, Integrated Gradients,
// SmoothGrad, ...) and the AUCs are computed here on a worker thread, for the
// selected face only, so that neither the feed nor the UI waits for them.
#include <memory>
#include <optional>
#include <string>

#include "app/background_task.hpp"
#include "app/cam_images.hpp"
#include "app/colour_bar.hpp"
#include "app/live_feed.hpp"
#include "explain/faithfulness.hpp"

namespace ferlab::app {

// One explanation of the selected face, finished off the UI thread.
struct SelectedExplanation {
  std::shared_ptr<const FrameResult> frame;  // the frame the face was taken from
  int track_id = -1;
  CamMethod method = CamMethod::GradCam;
  int asked_class = -1;  // AnalyzerOptions::gradcam_class at the time (-1: the shown label)
  std::string layer;     // AnalyzerOptions::cam_layer at the time
  cv::Mat face;          // the 48x48 crop explained
  ClassActivationMap map;
  FaithfulnessCurves curves;
  double milliseconds = 0;  // the map (when computed here) and its curves
};

// Opacity, colormap and method live in Workbench::heatmap_style: every panel follows them.
struct GradCamPanel {
  LazyOverlayRenderer renderer;
  CamImages images;
  ColourBar colour_bar;
  BackgroundTask<SelectedExplanation> explaining;
  std::optional<SelectedExplanation> explained;  // the newest finished one
  double started_at = -1;                        // UI time the running or last task started
  // What `images` hold: the live frame's map, or the background result's.
  std::shared_ptr<const FrameResult> uploaded_frame;
  int uploaded_track = -1;
  bool uploaded_background = false;
  bool uploaded_shared = false;
  MapRange bar_range;  // the colour bar's ends, in the method's units: the map's range, or 0 to the shared scale
  float image_side = 0;  // of the crop, heatmap and overlay as last drawn (the screenshot sidecar reports it)
};

void draw_gradcam_panel(GradCamPanel& panel, LiveFeed& feed, Workbench& bench);
// What the method picker does: every panel's style takes `method`; the live feed
// runs it on every frame when it costs one backward pass, else Grad-CAM.
void choose_method(CamMethod method, LiveFeed& feed, Workbench& bench);
bool gradcam_busy(const GradCamPanel& panel);

}  // namespace ferlab::app
