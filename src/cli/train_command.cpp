#include "cli/commands.hpp"

namespace ferlab::cli {

// PLACEHOLDER: replaced by the module's owner.
void add_train_command(CLI::App&) {}

}  // namespace ferlab::cli
