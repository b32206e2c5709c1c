#include "app/gl/overlay_shader.hpp"

#include <cstdlib>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace ferlab::app {
namespace {

GLuint compile(GLenum stage, const std::string& path) {
  const std::string source = read_text_file(path);
  const GLuint shader = glCreateShader(stage);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw Error("shader " + path + " does not compile: " + log);
  }
  return shader;
}

GLuint link(GLuint vertex, GLuint fragment, const std::string& what) {
  const GLuint program = glCreateProgram();
  glAttachShader(program, vertex);
  glAttachShader(program, fragment);
  glLinkProgram(program);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    glDeleteProgram(program);
    throw Error("shader program " + what + " does not link: " + log);
  }
  return program;
}

}  // namespace

std::string shader_directory() {
  if (const char* env = std::getenv("FERLAB_SHADERS"); env && *env) return env;
  return FERLAB_SHADER_DIR;
}

OverlayRenderer::OverlayRenderer(const std::string& shader_dir) {
  const std::string stem = shader_dir + "/gradcam_overlay";
  const GLuint vertex = compile(GL_VERTEX_SHADER, stem + ".vert");
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, stem + ".frag");
  program_ = link(vertex, fragment, stem);
  u_origin_ = glGetUniformLocation(program_, "u_origin");
  u_right_ = glGetUniformLocation(program_, "u_right");
  u_down_ = glGetUniformLocation(program_, "u_down");
  u_frame_ = glGetUniformLocation(program_, "u_frame");
  u_heat_ = glGetUniformLocation(program_, "u_heat");
  u_opacity_ = glGetUniformLocation(program_, "u_opacity");
  u_colormap_table_ = glGetUniformLocation(program_, "u_colormap_table");
  u_map_only_ = glGetUniformLocation(program_, "u_map_only");
  u_with_heat_ = glGetUniformLocation(program_, "u_with_heat");

  for (int c = 0; c < static_cast<int>(colormap_tables_.size()); ++c) {
    const std::array<cv::Vec4b, 256>& table = colormap_table(static_cast<Colormap>(c));
    cv::Mat bgra(1, 256, CV_8UC4);
    for (int i = 0; i < 256; ++i) bgra.at<cv::Vec4b>(0, i) = {table[i][2], table[i][1], table[i][0], table[i][3]};
    colormap_tables_[c].upload(bgra, false);  // nearest: the entry blend_heatmap takes
  }

  // A unit square as a triangle strip; each draw maps it onto its parallelogram.
  const float corners[] = {0, 0, 1, 0, 0, 1, 1, 1};
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glBindVertexArray(0);
  glGenFramebuffers(1, &fbo_);
}

OverlayRenderer::~OverlayRenderer() {
  glDeleteFramebuffers(1, &fbo_);
  glDeleteBuffers(1, &vbo_);
  glDeleteVertexArrays(1, &vao_);
  glDeleteProgram(program_);
}

void OverlayRenderer::draw_quad(const HeatmapPlacement& where) {
  glUniform2f(u_origin_, where.top_left.x, where.top_left.y);
  glUniform2f(u_right_, where.top_right.x - where.top_left.x, where.top_right.y - where.top_left.y);
  glUniform2f(u_down_, where.bottom_left.x - where.top_left.x, where.bottom_left.y - where.top_left.y);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void OverlayRenderer::render(const GlTexture& frame, const std::vector<HeatmapPlacement>& heatmaps, float opacity,
                             Colormap colormap, GlTexture& target, HeatmapBlend blend) {
  if (frame.empty()) return;
  target.allocate_rgba(frame.width(), frame.height());

  GLint previous_fbo = 0, previous_viewport[4] = {};
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
  glGetIntegerv(GL_VIEWPORT, previous_viewport);
  const GLboolean blend_was_on = glIsEnabled(GL_BLEND);
  const GLboolean scissor_was_on = glIsEnabled(GL_SCISSOR_TEST);

  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.id(), 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    glBindFramebuffer(GL_FRAMEBUFFER, previous_fbo);
    throw Error("overlay framebuffer is incomplete");
  }
  glViewport(0, 0, frame.width(), frame.height());
  // The shader does the blending itself; fixed-function blending would mix in the old target.
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);

  glUseProgram(program_);
  glBindVertexArray(vao_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, frame.id());
  glUniform1i(u_frame_, 0);
  glUniform1i(u_heat_, 1);
  glUniform1f(u_opacity_, opacity);
  glActiveTexture(GL_TEXTURE2);
  glBindTexture(GL_TEXTURE_2D, colormap_tables_[static_cast<size_t>(colormap)].id());
  glUniform1i(u_colormap_table_, 2);
  glUniform1i(u_map_only_, blend == HeatmapBlend::MapOnly);

  glUniform1i(u_with_heat_, 0);
  draw_quad(HeatmapPlacement{});

  glUniform1i(u_with_heat_, 1);
  glActiveTexture(GL_TEXTURE1);
  for (const HeatmapPlacement& placement : heatmaps) {
    if (!placement.heat || placement.heat->empty()) continue;
    glBindTexture(GL_TEXTURE_2D, placement.heat->id());
    draw_quad(placement);
  }
  glActiveTexture(GL_TEXTURE0);

  glBindVertexArray(0);
  glUseProgram(0);
  glBindFramebuffer(GL_FRAMEBUFFER, previous_fbo);
  glViewport(previous_viewport[0], previous_viewport[1], previous_viewport[2], previous_viewport[3]);
  if (blend_was_on) glEnable(GL_BLEND);
  if (scissor_was_on) glEnable(GL_SCISSOR_TEST);
}

}  // namespace ferlab::app
