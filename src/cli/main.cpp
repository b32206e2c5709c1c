// ferlab: the FERLab command line. With no arguments it opens the workbench.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "models/runtime.hpp"
#if FERLAB_WITH_OPENCV
#include "vision/opencv_logging.hpp"
#endif

namespace ferlab::cli {

std::string models_dir() {
  if (const char* env = std::getenv("FERLAB_MODELS"); env && *env) return env;
  return std::string(FERLAB_SOURCE_DIR) + "/models";
}

namespace {
std::vector<std::string> g_command_line;
}

const std::vector<std::string>& command_line() { return g_command_line; }

std::string default_fer2013_dir() {
  return (std::filesystem::path(FERLAB_SOURCE_DIR) / ".." / "shared" / "fer2013").lexically_normal().string();
}

}  // namespace ferlab::cli

int main(int argc, char** argv) {
  ferlab::cli::g_command_line.assign(argv, argv + argc);
#if FERLAB_WITH_OPENCV
  CLI::App app{"FERLab: real-time facial emotion recognition workbench and trainer (FER-2013).\n"
               "Run with no command to open the workbench."};
#else
  CLI::App app{"FERLab's trainer-only build (no OpenCV, no workbench): ferlab train on packed data sets."};
#endif
  app.set_version_flag("--version", FERLAB_VERSION);
  app.require_subcommand(0, 1);
  int threads = 0;
  app.add_option("--threads", threads, "CPU threads for LibTorch (default: all cores; the workbench and `video`: 1, see docs/WORKBENCH.md and docs/BENCHMARKS.md)")
      ->check(CLI::NonNegativeNumber);
#if FERLAB_WITH_OPENCV
  bool verbose = false;
  app.add_flag("--verbose", verbose, "Let OpenCV's video backends print their diagnostics (quiet by default)");
#endif
  // Runs after parsing, before any command's callback.
  app.parse_complete_callback([&] {
    ferlab::configure_runtime(threads);
#if FERLAB_WITH_OPENCV
    ferlab::set_opencv_logging(verbose);
#endif
  });

#if FERLAB_WITH_OPENCV
  ferlab::cli::add_data_commands(app);
#endif
  ferlab::cli::add_train_command(app);
#if FERLAB_WITH_OPENCV
  ferlab::cli::add_eval_commands(app);
  ferlab::cli::add_calibrate_command(app);
  ferlab::cli::add_bench_command(app);
  ferlab::cli::add_explain_command(app);
  ferlab::cli::add_plot_command(app);
  ferlab::cli::add_video_commands(app);
  ferlab::cli::add_studio_command(app);
#else
  app.require_subcommand(1, 1);  // the trainer-only build has no workbench to open
#endif

  try {
    app.parse(argc, argv);
#if FERLAB_WITH_OPENCV
    if (app.get_subcommands().empty()) return ferlab::cli::run_studio_with_defaults(app.get_option("--threads")->count() > 0);
#endif
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const ferlab::cli::ExitStatus& e) {
    return e.status;
  } catch (const ferlab::Error& e) {
    std::fprintf(stderr, "ferlab: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ferlab: unexpected error: %s\n", e.what());
    return 1;
  }
  return 0;
}
