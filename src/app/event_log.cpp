#include "app/event_log.hpp"
#include "app/widgets/flow.hpp"

#include <imgui.h>

#include <cstdio>

namespace ferlab::app {
namespace {
constexpr size_t kMaxEntries = 500;
}

void EventLog::info(std::string text) { add(LogLevel::Info, std::move(text)); }

void EventLog::error(std::string text) {
  ++error_count_;
  add(LogLevel::Error, std::move(text));
}

void EventLog::add(LogLevel level, std::string text) {
  // Also on the terminal, so that a headless run's log says what went wrong.
  std::fprintf(stderr, "ferlab studio: %s%s\n", level == LogLevel::Error ? "error: " : "", text.c_str());
  entries_.push_back({ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0, level, std::move(text)});
  if (entries_.size() > kMaxEntries) entries_.pop_front();
}

void EventLog::draw_toasts(double now, double seconds_visible) const {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  float y = viewport->WorkPos.y + pad;
  int shown = 0;
  for (auto it = entries_.rbegin(); it != entries_.rend() && shown < 4; ++it) {
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

void EventLog::draw_entries() const {
  for (const LogEntry& entry : entries_) {
    const bool is_error = entry.level == LogLevel::Error;
    if (is_error) ImGui::PushStyleColor(ImGuiCol_Text, kErrorTextColor);
    ImGui::TextWrapped("%7.1f s  %s", entry.time, entry.text.c_str());
    if (is_error) ImGui::PopStyleColor();
  }
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
}

}  // namespace ferlab::app
