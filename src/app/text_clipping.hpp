#pragma once
// Finding text the user cannot read whole: words cut at a panel's, a column's
// or a button's edge, and panels whose content runs past their right edge
// without a scroll bar to reach it. Read from the last frame's draw data, so
// it sees every widget and every custom-drawn label alike; the screenshot
// mode reports it and the layout test fails on it.
#include <imgui.h>

#include <string>
#include <vector>

namespace ferlab::app {

struct ClippedText {
  std::string window;  // the top-level panel it is in
  std::string text;    // the visible part of the cut line, or what runs past the edge
  float x = 0, y = 0;  // where, in display coordinates
};

// After ImGui::Render(). Only horizontal cuts count: a line half-scrolled out
// at the top or bottom of a scrolling panel is normal, and so is text in a
// panel that scrolls sideways.
std::vector<ClippedText> clipped_text(const ImDrawData& draw_data);

}  // namespace ferlab::app
