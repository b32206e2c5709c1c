#pragma once
// OverlayRenderer: draws a frame texture into an offscreen texture (FBO) and
// blends Grad-CAM heatmaps over chosen boxes of it in a fragment shader
// (shaders/gradcam_overlay.{vert,frag}), with a colormap and an opacity. The
// result is a texture that ImGui::Image shows like any other.
#include <glad/gl.h>

#include <string>
#include <vector>

#include "app/gl_texture.hpp"

namespace ferlab::app {

enum class Colormap : int { Jet = 0, Inferno = 1, Viridis = 2 };
const char* colormap_name(Colormap map);

struct HeatmapPlacement {
  const GlTexture* heat = nullptr;  // red channel 0..1 (R8 or R32F)
  float x0 = 0, y0 = 0, x1 = 1, y1 = 1;  // box in frame coordinates, 0..1, y down
};

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
              Colormap colormap, GlTexture& target);

 private:
  void draw_quad(float x0, float y0, float x1, float y1);

  GLuint program_ = 0;
  GLuint vao_ = 0;
  GLuint vbo_ = 0;
  GLuint fbo_ = 0;
  GLint u_rect_ = -1, u_frame_ = -1, u_heat_ = -1, u_opacity_ = -1, u_colormap_ = -1, u_with_heat_ = -1;
};

}  // namespace ferlab::app
