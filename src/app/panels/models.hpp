#pragma once
// Models: load and swap classifiers at runtime (on a worker thread, so the feed
// keeps running), pick the one the live feed uses, and compare every loaded
// model on the same face: probabilities, latency and heatmaps side by side.
// By default every model explains the same class (the live model's prediction,
// or one the user picks), so that the maps answer the same question; a switch
// lets each explain its own prediction. Two of them can be subtracted: a signed
// difference map on a diverging colormap.
#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/cam_images.hpp"
#include "app/colour_bar.hpp"
#include "app/face_explanation.hpp"
#include "app/gl/gl_texture.hpp"
#include "app/workbench.hpp"

namespace ferlab::app {

struct Comparison {
  int face_serial = 0;
  cv::Mat face;        // 48x48 CV_8UC1: the face the views explain
  std::string origin;  // FocusFace::origin of that face
  CamMethod method = CamMethod::GradCam;
  ComparisonTarget target;
  size_t model_count = 0;
  std::vector<FaceExplanation> views;
};

// The difference of two views' maps, a - b.
struct HeatmapDifference {
  int a = 0, b = 1;  // indices into the comparison's views
  float scale = 0;   // max |a - b|: the colour bar's ends are -scale and +scale
  CamImages images;  // the difference mapped to [0,1], 0.5 where the two agree
  int made_for_serial = -1;
  int made_a = -1, made_b = -1;
  bool made_shared = false;
};

struct ModelsPanel {
  float heatmap_side = 0;  // of each model's heatmap in the comparison as last drawn (the screenshot sidecar reports it)
  std::string spec_input;
  int failure_shown = 0;  // LoadFailure::serial last put into spec_input
  ComparisonTarget target;  // what the user asked for
  BackgroundTask<Comparison> comparing;
  Comparison comparison;
  std::vector<CamImages> cams;  // one per comparison view, uploaded when the comparison arrives
  bool cams_shared = false;     // ... or the maps-on-one-scale switch changes
  HeatmapDifference difference;
  LazyOverlayRenderer renderer;
  ColourBar heat_bar, difference_bar;
  GlTexture face_texture;
  int face_texture_serial = -1;
};

// Every frame, shown or not: takes a finished comparison.
void update_models_panel(ModelsPanel& panel, Workbench& bench);
void draw_models_panel(ModelsPanel& panel, Workbench& bench);
bool models_busy(const ModelsPanel& panel);

}  // namespace ferlab::app
