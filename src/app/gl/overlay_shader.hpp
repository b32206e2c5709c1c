#pragma once
// OverlayRenderer: draws a frame texture into an offscreen texture (FBO) and
// blends Grad-CAM heatmaps over chosen parallelograms of it (a face's aligned
// crop, rotated and enlarged) in a fragment shader
// (shaders/gradcam_overlay.{vert,frag}), with a colormap and an opacity. The
// colormaps and the rule of how much of a colour covers the frame are the
// tables of explain/heatmap_colormap.hpp, uploaded as textures: the CLI's
// blend_heatmap draws the same map the same way. The result is a texture that
// ImGui::Image shows like any other.
#include <glad/gl.h>

#include <array>
#include <string>
#include <vector>

#include "app/gl/gl_texture.hpp"
#include "explain/heatmap_colormap.hpp"

namespace ferlab::app {

// The colormaps a user picks for [0,1] maps, as an ImGui::Combo item list in enum order.
constexpr const char* kHeatmapColormapItems = "jet\0inferno\0viridis\0";

struct FramePoint {
  float x = 0, y = 0;  // frame coordinates, 0..1, y down
};

struct HeatmapPlacement {
  const GlTexture* heat = nullptr;  // red channel 0..1 (R8 or R32F)
  // Where the map's top-left, top-right and bottom-left corners land: any parallelogram.
  FramePoint top_left{0, 0}, top_right{1, 0}, bottom_left{0, 1};

  // An axis-aligned box x0..x1, y0..y1.
  static HeatmapPlacement box(const GlTexture* heat, float x0, float y0, float x1, float y1) {
    return {heat, {x0, y0}, {x1, y0}, {x0, y1}};
  }
};

// Overlay: the map over the frame, by the table's coverage times the opacity
// (cold parts see-through). MapOnly: the map's colours alone (the Grad-CAM
// panel's "heatmap" image, the colour bars).
enum class HeatmapBlend { Overlay, MapOnly };

// Where the shader sources are read from: $FERLAB_SHADERS, else the source tree's shaders/.
std::string shader_directory();

class OverlayRenderer {
 public:
  // Compiles the shaders; throws ferlab::Error with the GL info log on failure.
  // Needs a current OpenGL 3.3 context.
  explicit OverlayRenderer(const std::string& shader_dir = shader_directory());
  OverlayRenderer(const OverlayRenderer&) = delete;
  OverlayRenderer& operator=(const OverlayRenderer&) = delete;
  ~OverlayRenderer();

  // Renders `frame` with the heatmaps blended over their boxes into `target`
  // (resized to the frame). Restores the viewport and framebuffer binding.
  void render(const GlTexture& frame, const std::vector<HeatmapPlacement>& heatmaps, float opacity,
              Colormap colormap, GlTexture& target, HeatmapBlend blend = HeatmapBlend::Overlay);

 private:
  void draw_quad(const HeatmapPlacement& where);

  GLuint program_ = 0;
  GLuint vao_ = 0;
  GLuint vbo_ = 0;
  GLuint fbo_ = 0;
  std::array<GlTexture, 4> colormap_tables_;  // by Colormap: 256x1 RGBA, nearest texel
  GLint u_origin_ = -1, u_right_ = -1, u_down_ = -1, u_frame_ = -1, u_heat_ = -1, u_opacity_ = -1,
        u_colormap_table_ = -1, u_map_only_ = -1, u_with_heat_ = -1;
};

}  // namespace ferlab::app
