#include "app/colour_bar.hpp"

#include <imgui.h>

#include <cstdio>

namespace ferlab::app {

void ColourBar::draw(OverlayRenderer& renderer, Colormap colormap, float low, float high, const char* format,
                     float width) {
  if (rendered_for_ != colormap) {
    constexpr int kSteps = 256;
    cv::Mat ramp(1, kSteps, CV_32FC1);
    for (int i = 0; i < kSteps; ++i) ramp.at<float>(0, i) = static_cast<float>(i) / (kSteps - 1);
    ramp_.upload(ramp);
    GlTexture black;
    black.upload(cv::Mat(1, kSteps, CV_8UC3, cv::Scalar(0, 0, 0)));
    renderer.render(black, {HeatmapPlacement::box(&ramp_, 0, 0, 1, 1)}, 1.0f, colormap, bar_, HeatmapBlend::MapOnly);
    rendered_for_ = colormap;
  }
  const float height = ImGui::GetTextLineHeight() * 0.6f;
  const ImVec2 bar_at = ImGui::GetCursorScreenPos();
  ImGui::Image(bar_.imgui_id(), ImVec2(width, height));
  char lo[32], mid[32], hi[32];
  std::snprintf(lo, sizeof lo, format, low);
  std::snprintf(mid, sizeof mid, format, (low + high) / 2);
  std::snprintf(hi, sizeof hi, format, high);
  // The labels sit under the bar's ends and middle, inside its width (screen
  // positions: in a table column, window-relative offsets would be the column's).
  // The middle label only where it clears both ends' (long numbers on a narrow bar would run together).
  const float y = ImGui::GetCursorScreenPos().y;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float mid_x = bar_at.x + (width - ImGui::CalcTextSize(mid).x) / 2;
  const float hi_x = bar_at.x + width - ImGui::CalcTextSize(hi).x;
  const bool mid_fits = mid_x >= bar_at.x + ImGui::CalcTextSize(lo).x + gap && mid_x + ImGui::CalcTextSize(mid).x + gap <= hi_x;
  ImGui::TextDisabled("%s", lo);
  if (mid_fits) {
    ImGui::SameLine();
    ImGui::SetCursorScreenPos(ImVec2(mid_x, y));
    ImGui::TextDisabled("%s", mid);
  }
  ImGui::SameLine();
  ImGui::SetCursorScreenPos(ImVec2(hi_x, y));
  ImGui::TextDisabled("%s", hi);
}

}  // namespace ferlab::app
