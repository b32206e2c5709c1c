// `ferlab plot`: the training curves of one or more runs as a PNG.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "core/output_paths.hpp"
#include "plot/png_file.hpp"
#include "plot/training_curves.hpp"
#include "plot/training_log.hpp"

namespace ferlab::cli {

void add_plot_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> logs, names;
    std::string out = "training-curves.png", title = "FERLab training curves";
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("plot", "Plot training curves (accuracy and loss per epoch) of runs as a PNG");
  cmd->add_option("logs", options->logs, "Training logs: runs/NAME/log.csv or models/NAME.log.csv")->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", options->out, "PNG to write")->capture_default_str();
  cmd->add_option("--name", options->names, "Legend name of each log, in order (default: from the file name)");
  cmd->add_option("--title", options->title)->capture_default_str();
  cmd->footer("\nExample:\n  ferlab plot models/cnn.log.csv models/resemotenet.log.csv models/resnet18.log.csv "
              "--out docs/training-curves.png");
  cmd->callback([options] {
    if (!options->names.empty() && options->names.size() != options->logs.size())
      throw UsageError("--name was given " + std::to_string(options->names.size()) + " times for " +
                       std::to_string(options->logs.size()) + " logs; give one per log or none");
    check_output("--out", options->out, options->logs);
    std::vector<TrainingLog> logs;
    for (size_t i = 0; i < options->logs.size(); ++i) {
      const std::string& path = options->logs[i];
      logs.push_back(read_training_log(path, options->names.empty() ? training_log_name(path) : options->names[i]));
    }
    save_png(options->out, render_training_curves(logs, options->title));
    std::printf("wrote %s (%zu run%s)\n", options->out.c_str(), logs.size(), logs.size() == 1 ? "" : "s");
  });
}

}  // namespace ferlab::cli
