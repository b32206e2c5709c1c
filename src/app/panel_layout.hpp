#pragma once
// Which panels the workbench has and where they go. The live feed and its
// explanations share the top row, the offline tools the bottom one; hidden
// panels give their room to the rest of their row, and with the offline tools
// all hidden (the live demo) the feed takes most of the width, its explanation
// and probabilities stacked beside it. On a small screen (or a large one at a
// large UI scale) the feed keeps its own window and every other panel is a tab
// beside it, so that each is large enough for its content. Pure geometry: no
// ImGui calls.
#include <array>
#include <vector>

namespace ferlab::app {

enum PanelId { kLive, kGradCam, kProbabilities, kDataset, kEvaluation, kModels, kExport, kLog, kNumPanels };

struct PanelInfo {
  const char* name;   // on the command line (--panels)
  const char* title;  // the window's title (and its imgui.ini key)
};

constexpr std::array<PanelInfo, kNumPanels> kPanels = {{
    {"live", "Live"},
    {"gradcam", "Grad-CAM"},
    {"probabilities", "Probabilities"},
    {"dataset", "Dataset"},
    {"evaluation", "Evaluation"},
    {"models", "Models"},
    {"export", "Export"},
    {"log", "Log"},
}};

struct PanelRect {
  float x = 0, y = 0, width = 0, height = 0;
};

// One window: a single panel, or several as tabs (the first is shown first).
struct PanelSlot {
  PanelRect rect;
  std::vector<PanelId> panels;
};

// Tabs are used below 80 x 50 lines of text: 1200 x 750 pixels at 15-pixel text.
bool use_compact_layout(float width, float height, float font_size);

// The slots for the visible panels inside `area`; none for a hidden panel.
std::vector<PanelSlot> arrange_panels(const std::array<bool, kNumPanels>& visible, PanelRect area, bool compact);

}  // namespace ferlab::app
