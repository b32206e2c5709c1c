#pragma once
// The workbench: a GLFW window with an OpenGL 3.3 context, Dear ImGui, and the
// panels. Also its headless demo mode: render until the background work has
// finished, save the framebuffer as a PNG plus a JSON sidecar that lists every
// window drawn, and exit (the README's screenshots and the tests use it).
#include <string>
#include <vector>

namespace ferlab::app {

// What the command line gives; each of source, models, data and panels left
// empty is taken from the last session (studio_settings.hpp), else its default.
// Screenshot mode neither reads nor writes the remembered settings unless
// `settings_file` names a file.
struct StudioOptions {
  std::string source;               // "webcam:0", a video or image file, an image folder, "scene:PATH"
  std::string default_source;       // when none is given or remembered ("" = none)
  std::vector<std::string> models;  // model specs loaded at start (see resolve_model_paths); default "default"
  std::string models_dir;           // where model names are looked up
  std::string data;                 // data set opened at start
  std::vector<std::string> panels;  // panel names to show; default all but the log (see studio_panel_names)
  std::string detector;             // the live feed's detector, a --detector name; "" = remembered, else the default
  bool evaluate = false;            // start the Evaluation panel's runs once models and data are in
  std::string browse;               // open the browser on this data-issue filter (issue_filter_names), first face selected
  bool record = false;              // press the Live panel's Record once a frame is shown; finished at exit
  std::string record_dir;           // where recordings go; "" = default_recording_folder()
  std::string demo_faces;           // the demo scene's faces when no data set is open (a FER-2013 folder)
  std::string settings_file;        // remembered settings; "" = workbench.json beside imgui.ini
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
