#pragma once
// The workbench: a GLFW window with an OpenGL 3.3 context, Dear ImGui, and the
// panels. Also its headless demo mode: render until the background work has
// finished, save the framebuffer as a PNG plus a JSON sidecar that lists every
// window drawn, and exit (the README's screenshots and the tests use it).
#include <string>
#include <vector>

namespace ferlab::app {

struct StudioOptions {
  std::string source;               // "webcam:0", a video or image file, an image folder; "" = none
  std::vector<std::string> models;  // model specs loaded at start (see resolve_model_paths)
  std::string models_dir;           // where model names are looked up
  std::string data;                 // data set opened at start; "" = none
  std::vector<std::string> panels;  // panel names to show; empty = all (see studio_panel_names)
  float scale = 0;                  // UI scale; 0 = the monitor's content scale
  int width = 1600, height = 1000;  // window size in screen coordinates (before scale)
  // LibTorch threads per computation; 0 leaves the process's setting alone (`ferlab
  // --threads N`). One by default: inference then runs on the calling worker
  // thread alone, which yields to the UI (kWorkerNice), instead of an OpenMP team
  // that spins against the software renderer for the same cores.
  int torch_threads = 1;

  // Screenshot mode: render at least `frames` frames, then wait for model loads,
  // first inference and evaluations (up to `timeout_seconds`), save, and exit.
  std::string screenshot;
  int frames = 30;
  double timeout_seconds = 120;
};

// "live", "gradcam", "probabilities", "models", "dataset", "evaluation", "export", "log".
std::vector<std::string> studio_panel_names();

// Runs until the window closes (or the screenshot is saved). Returns the exit
// code; throws ferlab::UsageError for bad options and ferlab::Error when no
// window can be opened (no display, no OpenGL 3.3).
int run_studio(const StudioOptions& options);

}  // namespace ferlab::app
