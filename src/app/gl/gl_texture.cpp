#include "app/gl/gl_texture.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace ferlab::app {

GlTexture::GlTexture(GlTexture&& other) noexcept
    : id_(std::exchange(other.id_, 0)),
      width_(std::exchange(other.width_, 0)),
      height_(std::exchange(other.height_, 0)),
      internal_format_(std::exchange(other.internal_format_, 0)) {}

GlTexture& GlTexture::operator=(GlTexture&& other) noexcept {
  if (this != &other) {
    if (id_) glDeleteTextures(1, &id_);
    id_ = std::exchange(other.id_, 0);
    width_ = std::exchange(other.width_, 0);
    height_ = std::exchange(other.height_, 0);
    internal_format_ = std::exchange(other.internal_format_, 0);
  }
  return *this;
}

GlTexture::~GlTexture() {
  if (id_) glDeleteTextures(1, &id_);
}

void GlTexture::ensure_name() {
  if (id_) return;
  glGenTextures(1, &id_);
  glBindTexture(GL_TEXTURE_2D, id_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void GlTexture::upload(const cv::Mat& image, bool smooth) {
  if (image.empty()) return;
  GLenum internal_format = GL_RGBA8, format = GL_BGRA, type = GL_UNSIGNED_BYTE;
  cv::Mat pixels = image.isContinuous() ? image : image.clone();
  if (image.depth() == CV_32F && image.channels() == 1) {
    internal_format = GL_R32F, format = GL_RED, type = GL_FLOAT;
  } else if (image.depth() != CV_8U) {
    throw std::invalid_argument("GlTexture: unsupported image depth " + std::to_string(image.depth()));
  } else if (image.channels() == 1) {
    // Grey replicated into RGB so that ImGui shows grey, not red.
    cv::cvtColor(pixels, pixels, cv::COLOR_GRAY2BGRA);
  } else if (image.channels() == 3) {
    cv::cvtColor(pixels, pixels, cv::COLOR_BGR2BGRA);
  }
  ensure_name();
  glBindTexture(GL_TEXTURE_2D, id_);
  const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  // Rows of odd-width grey or float images are not 4-byte aligned.
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (pixels.cols == width_ && pixels.rows == height_ && internal_format == internal_format_) {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, pixels.cols, pixels.rows, format, type, pixels.data);
  } else {
    glTexImage2D(GL_TEXTURE_2D, 0, internal_format, pixels.cols, pixels.rows, 0, format, type, pixels.data);
    width_ = pixels.cols;
    height_ = pixels.rows;
    internal_format_ = internal_format;
  }
}

void GlTexture::allocate_rgba(int width, int height) {
  ensure_name();
  glBindTexture(GL_TEXTURE_2D, id_);
  if (width == width_ && height == height_ && internal_format_ == GL_RGBA8) return;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  width_ = width;
  height_ = height;
  internal_format_ = GL_RGBA8;
}

ImageRect draw_image_fit(const GlTexture& texture, ImVec2 max_size) {
  ImageRect rect;
  if (texture.empty() || max_size.x <= 1 || max_size.y <= 1) return rect;
  rect.scale = std::min(max_size.x / texture.width(), max_size.y / texture.height());
  const ImVec2 size(texture.width() * rect.scale, texture.height() * rect.scale);
  // Centred across the room given: a 4:3 feed in a wide panel has even margins, not one black band.
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((max_size.x - size.x) / 2));
  rect.min = ImGui::GetCursorScreenPos();
  ImGui::Image(texture.imgui_id(), size);
  rect.max = ImVec2(rect.min.x + size.x, rect.min.y + size.y);
  return rect;
}

}  // namespace ferlab::app
