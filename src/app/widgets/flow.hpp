#pragma once
// Laying widgets out in a panel of any width: a row of controls continues on
// the next line when the next one would run past the panel's edge, and notes
// wrap instead of being cut.
#include <imgui.h>

namespace ferlab::app {

// The width a button with this label takes.
float button_width(const char* label);

// SameLine() when an item `width` wide still fits on the current line, else a
// new line; says which.
bool same_line_if_fits(float width);

// Before a control of `item_width` pixels labelled `label`: same_line_if_fits
// for the control and its label, then SetNextItemWidth(item_width).
void flow_next_item(float item_width, const char* label);

// `count` square images with a caption line under each, in the room given: as
// many a row as makes them largest (three in a wide panel, two or one in a
// tall one), so that they grow with the panel.
struct ImageGrid {
  int columns = 1;
  float side = 0;
};
ImageGrid fit_image_grid(int count, ImVec2 room, float caption_height, float spacing);

// TextDisabled that wraps at the panel's edge.
void text_disabled_wrapped(const char* format, ...) IM_FMTARGS(1);
// The red of errors, in the log and in the panels.
inline const ImVec4 kErrorTextColor(1.0f, 0.45f, 0.4f, 1);

// An error, in that red, wrapping at the panel's edge.
void error_text_wrapped(const char* format, ...) IM_FMTARGS(1);

}  // namespace ferlab::app
