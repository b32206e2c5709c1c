#pragma once
// GlTexture: an OpenGL texture that owns its name (RAII) and takes cv::Mat
// images of 1, 3 (BGR) or 4 (BGRA) 8-bit channels, or 1-channel float.
#include <glad/gl.h>
#include <imgui.h>
#include <opencv2/core/mat.hpp>

namespace ferlab::app {

class GlTexture {
 public:
  GlTexture() = default;
  GlTexture(const GlTexture&) = delete;
  GlTexture& operator=(const GlTexture&) = delete;
  GlTexture(GlTexture&& other) noexcept;
  GlTexture& operator=(GlTexture&& other) noexcept;
  ~GlTexture();

  // Uploads `image`, reallocating only when its size or format changes.
  // `smooth` picks linear filtering; nearest keeps 48x48 faces crisp when enlarged.
  void upload(const cv::Mat& image, bool smooth = true);
  // An empty RGBA8 texture to render into (an FBO colour attachment).
  void allocate_rgba(int width, int height);

  bool empty() const { return id_ == 0 || width_ == 0; }
  GLuint id() const { return id_; }
  int width() const { return width_; }
  int height() const { return height_; }
  ImTextureID imgui_id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id_)); }

 private:
  void ensure_name();

  GLuint id_ = 0;
  int width_ = 0;
  int height_ = 0;
  GLenum internal_format_ = 0;
};

// Draws `texture` scaled to fit `max_size` with its aspect ratio kept; returns the
// screen rectangle it was drawn in (min, max) so callers can draw on top of it.
struct ImageRect {
  ImVec2 min, max;
  float scale = 1.0f;  // screen pixels per texture pixel
};
ImageRect draw_image_fit(const GlTexture& texture, ImVec2 max_size);

}  // namespace ferlab::app
