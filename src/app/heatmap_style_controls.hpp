#pragma once
// The controls of the one heatmap style every panel draws with (Workbench::heatmap_style).
#include "app/workbench.hpp"

namespace ferlab::app {

// Before a control of `item_width` pixels labelled `label`: stays on the row of
// the previous item when both fit in the panel, else starts a new row, so that
// a row of controls wraps instead of running past a narrow panel. Sets the item width.
void flow_next_item(float item_width, const char* label);

// Opacity slider and colormap combo, each flowing after the previous item.
void draw_heatmap_style_controls(HeatmapStyle& style);

// The explanation method picker over explain_methods(); true when it changed.
// The costly ones are marked: they run on the selected face in the background.
bool draw_method_picker(CamMethod& method);

}  // namespace ferlab::app
