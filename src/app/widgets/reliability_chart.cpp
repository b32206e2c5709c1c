#include "app/widgets/reliability_chart.hpp"

#include <algorithm>

namespace ferlab::app {

void reliability_chart(const char* id, const CalibrationReport& report, ImVec2 size) {
  ImGui::PushID(id);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 frame = ImGui::GetColorU32(ImGuiCol_Border), bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram),
              gap = IM_COL32(230, 90, 90, 140), diagonal = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const auto at = [&](double x, double y) {
    return ImVec2(origin.x + static_cast<float>(x) * size.x, origin.y + (1 - static_cast<float>(y)) * size.y);
  };
  draw->AddRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), frame);
  for (const ReliabilityBin& b : report.bins) {
    if (b.count == 0) continue;
    draw->AddRectFilled(at(b.lower, b.accuracy), at(b.upper, 0), bar);
    // The gap to the bin's mean confidence: what ECE sums.
    const ImVec2 a = at(b.lower, std::max(b.accuracy, b.mean_confidence)), c = at(b.upper, std::min(b.accuracy, b.mean_confidence));
    draw->AddRectFilled(a, c, gap);
    if (hovered && ImGui::IsMouseHoveringRect(at(b.lower, 1), at(b.upper, 0)))
      ImGui::SetTooltip("confidence (%.2f, %.2f]: %zu faces, mean confidence %.1f%%, accuracy %.1f%%", b.lower, b.upper,
                        b.count, 100 * b.mean_confidence, 100 * b.accuracy);
  }
  draw->AddLine(at(0, 0), at(1, 1), diagonal);
  ImGui::PopID();
}

}  // namespace ferlab::app
