#pragma once
// Each file of src/cli registers its subcommands here. The CLI only parses
// arguments and calls the library; no training or vision logic lives in it.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace ferlab::cli {

void add_data_commands(CLI::App& app);     // data pack, data stats
void add_train_command(CLI::App& app);     // train
void add_eval_commands(CLI::App& app);     // eval, predict
void add_calibrate_command(CLI::App& app); // calibrate (temperature scaling)
void add_bench_command(CLI::App& app);     // bench
void add_explain_command(CLI::App& app);   // explain (heatmaps, faithfulness, sanity checks)
void add_plot_command(CLI::App& app);      // plot (training curves)
void add_video_commands(CLI::App& app);    // video, image, scene
void add_studio_command(CLI::App& app);    // studio (the workbench)
int run_studio_with_defaults(bool threads_given);  // `ferlab` with no arguments; threads_given: --threads was

// `ferlab bench --pipeline`: the live pipeline's per-stage benchmark, appended to
// `markdown_path` (docs/BENCHMARKS.md). Defined beside the video commands.
int run_pipeline_benchmark(const std::string& markdown_path);

// Thrown by a command whose exit status says more than success or failure
// (130 after Ctrl-C); main returns `status`. What went wrong is printed already.
struct ExitStatus {
  int status;
};

// The command line as given to main, for commands that start copies of
// themselves (`video` and `image` --jobs).
const std::vector<std::string>& command_line();

// Where the shipped models live: $FERLAB_MODELS, else <source>/models.
std::string models_dir();
// FER-2013 in its folder layout beside the repository (<source>/../shared/fer2013):
// where the demo scene's faces come from unless told otherwise.
std::string default_fer2013_dir();

}  // namespace ferlab::cli
