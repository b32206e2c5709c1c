#pragma once
// Models: load and swap classifiers at runtime (on a worker thread, so the feed
// keeps running), pick the one the live feed uses, and compare every loaded
// model on the same face: probabilities, latency and Grad-CAM side by side.
#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/cam_images.hpp"
#include "app/face_explanation.hpp"
#include "app/gl_texture.hpp"
#include "app/workbench.hpp"

namespace ferlab::app {

struct Comparison {
  int face_serial = 0;
  CamMethod method = CamMethod::GradCam;
  std::vector<FaceExplanation> views;
};

struct ModelsPanel {
  std::string spec_input;
  BackgroundTask<Comparison> comparing;
  Comparison comparison;
  std::vector<CamImages> cams;  // one per comparison view, uploaded when the comparison arrives
  LazyOverlayRenderer renderer;
  size_t compared_model_count = 0;
  GlTexture face_texture;
  int face_texture_serial = -1;
};

// Every frame, shown or not: takes a finished comparison.
void update_models_panel(ModelsPanel& panel, Workbench& bench);
void draw_models_panel(ModelsPanel& panel, Workbench& bench);
bool models_busy(const ModelsPanel& panel);

}  // namespace ferlab::app
