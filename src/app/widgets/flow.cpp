#include "app/widgets/flow.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace ferlab::app {

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

bool same_line_if_fits(float width) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float line_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;  // where the last item ended
  const float right = ImGui::GetWindowContentRegionMax().x;
  const bool fits = line_end + spacing + width <= right;
  if (fits) ImGui::SameLine();
  return fits;
}

void flow_next_item(float item_width, const char* label) {
  const float label_width = ImGui::CalcTextSize(label, nullptr, true).x;
  same_line_if_fits(item_width + (label_width > 0 ? ImGui::GetStyle().ItemInnerSpacing.x + label_width : 0));
  ImGui::SetNextItemWidth(item_width);
}

ImageGrid fit_image_grid(int count, ImVec2 room, float caption_height, float spacing) {
  ImageGrid best;
  for (int columns = 1; columns <= count; ++columns) {
    const int rows = (count + columns - 1) / columns;
    const float across = (room.x - static_cast<float>(columns - 1) * spacing) / static_cast<float>(columns);
    const float down = (room.y - static_cast<float>(rows) * (caption_height + spacing)) / static_cast<float>(rows);
    const float side = std::min(across, down);
    if (side > best.side) best = {columns, side};
  }
  return best;
}

namespace {

void colored_text_wrapped(const ImVec4& color, const char* format, va_list args) {
  char text[2048];
  std::vsnprintf(text, sizeof text, format, args);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

}  // namespace

void text_disabled_wrapped(const char* format, ...) {
  va_list args;
  va_start(args, format);
  colored_text_wrapped(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), format, args);
  va_end(args);
}

void error_text_wrapped(const char* format, ...) {
  va_list args;
  va_start(args, format);
  colored_text_wrapped(kErrorTextColor, format, args);
  va_end(args);
}

}  // namespace ferlab::app
