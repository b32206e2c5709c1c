#pragma once
// The controls of the one heatmap style every panel draws with (Workbench::heatmap_style).
#include "app/workbench.hpp"

namespace ferlab::app {

// Opacity slider, colormap combo and the one-scale switch, each flowing after the previous item.
void draw_heatmap_style_controls(HeatmapStyle& style);

// The explanation method picker over explain_methods(); true when it changed.
// The costly ones are marked: they run on the selected face in the background.
bool draw_method_picker(CamMethod& method);

}  // namespace ferlab::app
