#include "app/panels/log.hpp"

#include <imgui.h>

#include <cstdio>

#include "app/widgets/flow.hpp"

namespace ferlab::app {

void draw_log_toasts(const EventLog& log, double now, double seconds_visible) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  float y = viewport->WorkPos.y + pad;
  int shown = 0;
  for (auto it = log.entries().rbegin(); it != log.entries().rend() && shown < 4; ++it) {
    if (now - it->time > seconds_visible) break;
    if (it->level != LogLevel::Error) continue;  // info lines only go to the Log window
    char id[32];
    std::snprintf(id, sizeof id, "##toast%d", shown);
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - pad, y), ImGuiCond_Always,
                            ImVec2(1, 0));
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.45f, 0.08f, 0.08f, 1));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav;
    if (ImGui::Begin(id, nullptr, flags)) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
      ImGui::TextUnformatted(it->text.c_str());
      ImGui::PopTextWrapPos();
      y += ImGui::GetWindowHeight() + pad / 2;
    }
    ImGui::End();
    ImGui::PopStyleColor();
    ++shown;
  }
}

void draw_log_panel(const EventLog& log) {
  for (const LogEntry& entry : log.entries()) {
    const bool is_error = entry.level == LogLevel::Error;
    if (is_error) ImGui::PushStyleColor(ImGuiCol_Text, kErrorTextColor);
    ImGui::TextWrapped("%7.1f s  %s", entry.time, entry.text.c_str());
    if (is_error) ImGui::PopStyleColor();
  }
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
}

}  // namespace ferlab::app
