#include "cli/explain_options.hpp"

#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "explain/methods.hpp"

namespace ferlab::cli {

namespace {

std::string target_names() {
  std::string names = "predicted";
  for (const std::string_view e : emotion_names()) names += ", " + std::string(e);
  return names;
}

// CLI11 prints the returned text after the option's name; "" accepts the value.
std::string method_error(const std::string& value, MethodCount count) {
  if (count == MethodCount::One)
    return cam_method_from_name(value) ? ""
                                       : "unknown method '" + value + "' (known: " + cam_method_names() + ")";
  try {
    parse_cam_methods(value);
    return "";
  } catch (const UsageError& e) {
    return e.what();
  }
}

}  // namespace

void add_explain_choice_options(CLI::App* cmd, ExplainChoice& choice, MethodCount count) {
  const std::string methods = count == MethodCount::Many ? "Comma-separated methods, or all: " : "Method: ";
  cmd->add_option("--method", choice.methods, methods + cam_method_names() + " (docs/EXPLAIN.md)")
      ->check(CLI::Validator([count](std::string& value) { return method_error(value, count); }, ""))
      ->capture_default_str();
  cmd->add_option("--layer", choice.layer,
                  "Feature layer of the class activation maps and Guided Grad-CAM (default: the network's; "
                  "`ferlab explain --list` lists them)");
  cmd->add_option("--target", choice.target, "Class to explain: " + target_names())
      ->check(CLI::Validator(
          [](std::string& value) {
            return value == "predicted" || emotion_from_name(value) ? ""
                                                                    : "unknown target '" + value + "' (known: " +
                                                                          target_names() + ")";
          },
          ""))
      ->capture_default_str();
}

int target_class(const std::string& target) {
  if (target == "predicted") return -1;
  if (const auto c = emotion_from_name(target)) return *c;
  throw UsageError("unknown --target '" + target + "' (known: " + target_names() + ")");
}

}  // namespace ferlab::cli
