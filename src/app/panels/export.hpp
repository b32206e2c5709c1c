#pragma once
// Export: a screenshot of the workbench (PNG), the selected face's probability
// time series (CSV), and an evaluation's confusion matrix (CSV and PNG).
#include <opencv2/core/mat.hpp>

#include <string>

#include "app/workbench.hpp"

namespace ferlab::app {

struct ExportPanel {
  std::string directory = ".";
  int evaluation = 0;  // index into Workbench::current_evaluations()
};

void draw_export_panel(ExportPanel& panel, Workbench& bench);

// The confusion matrix as a standalone picture: cells shaded by row share, counts written in.
cv::Mat render_confusion_png(const SplitEvaluation& evaluation);
// "time_s,track,kind,angry,...,neutral" then one row per sample, raw and smoothed.
std::string probability_history_csv(const ProbabilityHistory& history);

}  // namespace ferlab::app
