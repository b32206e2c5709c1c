#include "app/model_card_text.hpp"

#include <cstdio>

namespace ferlab::app {
namespace {

// Counts as people say them: "1.47 M", "86.8 M", "312 M".
std::string millions(int64_t count) {
  const double m = static_cast<double>(count) / 1e6;
  char text[32];
  std::snprintf(text, sizeof text, m < 10 ? "%.2f M" : m < 100 ? "%.1f M" : "%.0f M", m);
  return text;
}

std::string size_line(int64_t parameters, int64_t macs) {
  return millions(parameters) + " parameters, " + millions(macs) + " multiply-accumulates per face";
}

}  // namespace

std::vector<std::string> model_card_lines(const ModelFacts& facts) {
  std::vector<std::string> lines;
  char text[64];
  if (facts.val_accuracy) {
    // The trainer kept the epoch that scored best on this split, so the score
    // is where it was selected, not an independent estimate: the card says so.
    std::snprintf(text, sizeof text, "%.1f %%", 100 * *facts.val_accuracy);
    lines.push_back("selected on " + (facts.val_split.empty() ? "its validation split" : facts.val_split) + ": " +
                    std::string(text) + " (its best epoch there)");
  } else {
    lines.emplace_back("no validation accuracy on its card");
  }
  lines.push_back(facts.arch + ": " + size_line(facts.parameters, facts.macs));
  std::snprintf(text, sizeof text, "%.1f ms a face (batch 1, median of %d)", facts.latency.median_ms, facts.latency.runs);
  lines.emplace_back(text);
  lines.push_back("input " + facts.input);
  if (!facts.outputs.empty()) lines.push_back(facts.outputs);
  if (!facts.assumed.empty()) lines.push_back("card: " + facts.assumed + " (docs/YOUR_MODELS.md)");
  if (!facts.train_split.empty())
    lines.push_back("trained on " + facts.train_split +
                    (facts.train_images > 0 ? ", " + std::to_string(facts.train_images) + " faces" : std::string()));
  if (!facts.teacher.empty()) lines.push_back("distilled from " + facts.teacher);
  if (!facts.pretrained.empty()) lines.push_back("started from " + facts.pretrained);
  if (facts.weight_average_decay) {
    std::snprintf(text, sizeof text, "averaged weights (EMA %g)", *facts.weight_average_decay);
    lines.emplace_back(text);
  }
  if (facts.temperature) {
    // FER-2013's labels go unsaid, as everywhere else on the card; the crowd's are named.
    std::snprintf(text, sizeof text, "calibrated%s: temperature %.2f",
                  facts.calibration_labels == "ferplus" ? " on the FER+ crowd's majority" : "", *facts.temperature);
    lines.emplace_back(text);
  } else {
    lines.emplace_back("not calibrated (temperature 1)");
  }
  if (!facts.created.empty()) lines.push_back("written " + facts.created.substr(0, 10));
  lines.push_back(facts.weights_path);
  return lines;
}

std::string ensemble_card_line(const std::vector<ModelFacts>& members) {
  int64_t parameters = 0, macs = 0;
  for (const ModelFacts& m : members) {
    parameters += m.parameters;
    macs += m.macs;
  }
  return "the mean of " + std::to_string(members.size()) + " members' probabilities: " + size_line(parameters, macs) +
         " in all";
}

}  // namespace ferlab::app
