#include "cli/commands.hpp"

namespace ferlab::cli {

// PLACEHOLDER: replaced by the module's owner.
void add_video_commands(CLI::App&) {}

}  // namespace ferlab::cli

namespace ferlab::cli {
// PLACEHOLDER: replaced by the live pipeline's owner.
int run_pipeline_benchmark(const std::string&) { return 0; }
}  // namespace ferlab::cli
