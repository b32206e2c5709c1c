#include "app/panels/probabilities.hpp"

#include <imgui.h>

#include "app/widgets/flow.hpp"
#include "app/widgets/plots.hpp"

namespace ferlab::app {

void draw_probabilities_panel(ProbabilitiesPanel& panel, LiveFeed& feed, Workbench& bench) {
  if (!feed.running()) {
    ImGui::TextDisabled("Shows the live feed's selected face; open a source in the Live panel.");
    return;
  }
  AnalyzerOptions options = feed.options();
  // The same quantity as `ferlab video --smoothing`: the moving average's time constant.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::SliderFloat("smoothing", &options.tracker.smoothing_s, 0.0f, 2.0f, "%.2f s")) feed.set_options(options, bench);
  same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("raw").x);
  ImGui::Checkbox("raw", &panel.show_raw);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderFloat("seconds", &panel.window_seconds, 5, 60, "%.0f");

  const FaceResult* face = feed.selected_face();
  if (!face) {
    ImGui::TextDisabled("No face selected.");
    return;
  }
  if (panel.show_raw) {
    const int best = argmax(face->raw);
    ImGui::TextWrapped("track #%d, raw (this frame alone): %s %.0f%%", face->track_id, emotion_name(best),
                100 * face->raw[best]);
  } else {
    ImGui::TextWrapped("track #%d shows %s %.0f%% (smoothed)", face->track_id, emotion_name(face->label),
                100 * face->confidence);
  }
  const float width = ImGui::GetContentRegionAvail().x;
  probability_bars("now", panel.show_raw ? face->raw : face->smoothed,
                   ImVec2(width, ImGui::GetTextLineHeightWithSpacing() * 7), face->label);
  const auto& series = panel.show_raw ? bench.history.raw : bench.history.smoothed;
  const double now = series.empty() ? ImGui::GetTime() : series.back().time;
  const float height = std::max(60.0f, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 2);
  probability_time_series("history", series, panel.window_seconds, now, ImVec2(width, height));
  emotion_legend();
}

}  // namespace ferlab::app
