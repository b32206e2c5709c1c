#include "cli/commands.hpp"

namespace ferlab::cli {

// PLACEHOLDER: replaced by the workbench's owner.
void add_studio_command(CLI::App&) {}
int run_studio_with_defaults() { return 0; }

}  // namespace ferlab::cli
