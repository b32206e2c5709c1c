#pragma once
// Probabilities: the selected face's seven class probabilities as bars, and a
// scrolling time series of all seven over the last seconds; the smoothing
// strength (the tracker's moving average) is adjustable while it runs.
#include "app/live_feed.hpp"

namespace ferlab::app {

struct ProbabilitiesPanel {
  float window_seconds = 20;
  bool show_raw = false;  // the per-frame values instead of the smoothed ones
};

void draw_probabilities_panel(ProbabilitiesPanel& panel, LiveFeed& feed, Workbench& bench);

}  // namespace ferlab::app
