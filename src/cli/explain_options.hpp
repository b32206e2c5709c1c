#pragma once
// What to explain and how: the --method, --layer and --target options, defined
// once for `ferlab explain`, `ferlab image` and `ferlab video`. The choices
// come from the library's lists (explain_methods(), emotion_names(), each
// network's feature_layers(), checked by explain's member_layers() once the
// model is loaded), and a wrong name is an error listing them.
#include <CLI/CLI.hpp>

#include <string>

namespace ferlab::cli {

struct ExplainChoice {
  std::string methods = "gradcam";
  std::string layer;  // "" = each network's default
  std::string target = "predicted";
};

enum class MethodCount {
  One,   // image and video: one method
  Many,  // explain: comma-separated names or all
};

void add_explain_choice_options(CLI::App* cmd, ExplainChoice& choice, MethodCount count);

// --target as a class index, -1 for "predicted".
int target_class(const std::string& target);

}  // namespace ferlab::cli
