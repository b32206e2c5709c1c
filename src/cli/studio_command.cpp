// `ferlab studio` (and `ferlab` alone): the Dear ImGui workbench.
#include "cli/commands.hpp"
#include "cli/model_help.hpp"

#ifdef FERLAB_WITH_APP
#include "app/panels/issue_filter.hpp"
#include "app/studio.hpp"
#include "vision/face_detector.hpp"
#include "vision/recording.hpp"
#endif
#include "core/errors.hpp"

namespace ferlab::cli {
namespace {

#ifdef FERLAB_WITH_APP
// `threads_given`: the user's `ferlab --threads N` stands instead of the workbench's one thread.
int run(app::StudioOptions options, bool threads_given) {
  options.models_dir = models_dir();
  options.demo_faces = default_fer2013_dir();
  if (threads_given) options.torch_threads = 0;
  return app::run_studio(options);
}
#endif

}  // namespace

void add_studio_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("studio", "Open the workbench (live feed, Grad-CAM, models, data, evaluation)");
#ifdef FERLAB_WITH_APP
  auto options = std::make_shared<app::StudioOptions>();
  cmd->add_option("--source", options->source,
                  "Live feed: webcam:N, a video or image file, an image folder, demo (a tour over the photos of people "
                  "the set-up fetched: no camera or data needed), or scene:PATH (the scene made of PATH's FER-2013 "
                  "faces) (default: the last one opened)");
  cmd->add_option("--model,-m", options->models,
                  std::string(kModelsHelp) + " Each is loaded on the Models panel's shelf (default: the last "
                  "session's, else default).");
  cmd->add_option("--data", options->data,
                  "Data set to open: FER-2013 CSV, class-folder tree or .ferpack (default: the last one opened)");
  cmd->add_flag("--evaluate", options->evaluate, "Evaluate the models on the data set as soon as both are loaded");
  cmd->add_option("--browse", options->browse,
                  "Open the Dataset browser on faces with a duplicate, duplicates with conflicting labels, or blank\n"
                  "images, the first one selected with its copies shown")
      ->check(CLI::IsMember(app::issue_filter_names()));
  cmd->add_flag("--record", options->record,
                "Press the Live panel's Record as soon as a frame is shown (the recording is finished on exit)");
  cmd->add_option("--record-dir", options->record_dir,
                  "Where Record writes ferlab-DATE-TIME.mp4 and .csv (default: " + default_recording_folder() + ")");
  cmd->add_option("--settings", options->settings_file,
                  "Remember the sources, data set, models, panels and detector in this file (default: ~/.config/ferlab/"
                  "workbench.json; screenshot mode: none unless given)");
  cmd->add_option("--detector", options->detector,
                  "Live feed's face detector, also in the Live panel (default: the last session's, else blazeface "
                  "when fetched, else haar):" + detector_kinds_help())
      ->check(CLI::IsMember(detector_kind_name_list()));
  cmd->add_option("--panels", options->panels, "Panels to show, comma-separated (default: the last session's, else all)")
      ->delimiter(',')
      ->check(CLI::IsMember(app::studio_panel_names()));
  cmd->add_option("--scale", options->scale, "UI scale for HiDPI screens (default: the monitor's)")
      ->check(CLI::Range(0.5f, 4.0f));
  cmd->add_option("--width", options->width, "Window width in screen pixels")->check(CLI::Range(640, 7680))->capture_default_str();
  cmd->add_option("--height", options->height, "Window height in screen pixels")->check(CLI::Range(480, 4320))->capture_default_str();
  cmd->add_option("--screenshot", options->screenshot,
                  "Headless demo: render, wait for background work, save this PNG (+ .json sidecar), exit");
  cmd->add_option("--frames", options->frames, "Frames to render before the screenshot")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--timeout", options->timeout_seconds, "Seconds to wait for background work in screenshot mode")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  const CLI::Option* threads = app.get_option("--threads");
  cmd->callback([options, threads] {
    const int code = run(*options, threads->count() > 0);
    if (code != 0) throw Error("the workbench exited with code " + std::to_string(code));
  });
#else
  cmd->callback([] { throw UsageError("this ferlab was built without the workbench (FERLAB_BUILD_APP=OFF)"); });
#endif
}

int run_studio_with_defaults(bool threads_given) {
#ifdef FERLAB_WITH_APP
  app::StudioOptions options;
  options.default_source = "webcam:0";
  return run(options, threads_given);
#else
  (void)threads_given;
  throw UsageError("this ferlab was built without the workbench (FERLAB_BUILD_APP=OFF); see `ferlab --help`");
#endif
}

}  // namespace ferlab::cli
