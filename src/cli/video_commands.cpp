#include "cli/commands.hpp"

namespace ferlab::cli {

// PLACEHOLDER: replaced by the module's owner.
void add_video_commands(CLI::App&) {}

}  // namespace ferlab::cli
