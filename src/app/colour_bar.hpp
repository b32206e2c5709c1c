#pragma once
// ColourBar: a heatmap's scale drawn under it — the colormap as the overlay
// shader draws it (rendered through the same shader, so the bar cannot drift
// from the maps) with the values at its ends and middle.
#include <optional>

#include "app/gl/gl_texture.hpp"
#include "app/gl/overlay_shader.hpp"

namespace ferlab::app {

class ColourBar {
 public:
  // A bar `width` pixels wide from `low` to `high`, labels printed with `format` (e.g. "%.2f").
  void draw(OverlayRenderer& renderer, Colormap colormap, float low, float high, const char* format, float width);

 private:
  GlTexture ramp_, bar_;
  std::optional<Colormap> rendered_for_;  // the colormap bar_ holds
};

}  // namespace ferlab::app
