#include "app/panels/probabilities.hpp"

#include <imgui.h>

#include "app/widgets/plots.hpp"

namespace ferlab::app {

void draw_probabilities_panel(ProbabilitiesPanel& panel, LiveFeed& feed, Workbench& bench, bool* open) {
  if (!ImGui::Begin("Probabilities", open)) {
    ImGui::End();
    return;
  }
  if (!feed.running()) {
    ImGui::TextDisabled("Shows the live feed's selected face; open a source in the Live panel.");
    ImGui::End();
    return;
  }
  AnalyzerOptions options = feed.options();
  // Shown as smoothing strength (0 = none) rather than the EMA's weight of the newest frame.
  float strength = 1.0f - options.tracker.ema_alpha;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::SliderFloat("smoothing", &strength, 0.0f, 0.95f, "%.2f")) {
    options.tracker.ema_alpha = 1.0f - strength;
    feed.set_options(options, bench);
  }
  ImGui::SameLine();
  ImGui::Checkbox("raw", &panel.show_raw);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderFloat("seconds", &panel.window_seconds, 5, 60, "%.0f");

  const FaceResult* face = feed.selected_face();
  if (!face) {
    ImGui::TextDisabled("No face selected.");
    ImGui::End();
    return;
  }
  ImGui::Text("track #%d", face->track_id);
  const float width = ImGui::GetContentRegionAvail().x;
  probability_bars("now", panel.show_raw ? face->raw : face->smoothed,
                   ImVec2(width, ImGui::GetTextLineHeightWithSpacing() * 7), face->label);
  const auto& series = panel.show_raw ? bench.history.raw : bench.history.smoothed;
  const double now = series.empty() ? ImGui::GetTime() : series.back().time;
  const float height = std::max(60.0f, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 2);
  probability_time_series("history", series, panel.window_seconds, now, ImVec2(width, height));
  emotion_legend();
  ImGui::End();
}

}  // namespace ferlab::app
