#include "app/gl/window.hpp"

#include <glad/gl.h>
// GLFW after glad: glad provides the GL declarations GLFW would otherwise pull in.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "app/gl/glfw_init.hpp"
#include "core/errors.hpp"

namespace ferlab::app {

struct GlWindow::Glfw {
  Glfw() {
    share_cores_with_software_renderer();
    if (!init_glfw_with_retry())
      throw Error("cannot open a window: GLFW could not initialise (no display? set DISPLAY or use xvfb-run)");
    // Set after init so that the retried connection attempts stay quiet.
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  }
  ~Glfw() { glfwTerminate(); }
};

GlWindow::GlWindow(const char* title, const WindowOptions& options)
    : glfw_(std::make_unique<Glfw>()), ini_file_(options.ini_file) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  scale_ = options.scale;
  if (scale_ <= 0) {
    float x = 1, y = 1;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) glfwGetMonitorContentScale(monitor, &x, &y);
    scale_ = std::clamp(x, 1.0f, 3.0f);
  }
  window_ = glfwCreateWindow(options.width, options.height, title, nullptr, nullptr);
  if (!window_) throw Error("cannot open a window with an OpenGL 3.3 core context (no display? try xvfb-run)");
  glfwMakeContextCurrent(window_);
  if (!gladLoadGL(glfwGetProcAddress)) {
    glfwDestroyWindow(window_);
    throw Error("cannot load the OpenGL 3.3 functions");
  }
  glfwSwapInterval(options.vsync ? 1 : 0);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = ini_file_.empty() ? nullptr : ini_file_.c_str();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

GlWindow::~GlWindow() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
}

bool GlWindow::should_close() const { return glfwWindowShouldClose(window_); }
void GlWindow::wait_events(double seconds) { glfwWaitEventsTimeout(seconds); }
void GlWindow::poll_events() { glfwPollEvents(); }

void GlWindow::begin_frame(bool without_mouse) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (without_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
}

void GlWindow::end_frame() {
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GlWindow::finish() { glFinish(); }
void GlWindow::swap() { glfwSwapBuffers(window_); }

ImVec2 GlWindow::framebuffer_size() const {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  return ImVec2(static_cast<float>(width), static_cast<float>(height));
}

ImVec2 GlWindow::window_size() const {
  int width = 0, height = 0;
  glfwGetWindowSize(window_, &width, &height);
  return ImVec2(static_cast<float>(width), static_cast<float>(height));
}

}  // namespace ferlab::app
