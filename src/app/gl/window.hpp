#pragma once
// The workbench's window: GLFW with an OpenGL 3.3 core context loaded by glad,
// and Dear ImGui with its GLFW and OpenGL 3 backends, as Dear ImGui keeps its
// platform and renderer apart from its core. The studio draws panels between
// begin_frame() and end_frame(); everything GLFW and OpenGL is here.
#include <imgui.h>

#include <memory>
#include <string>

struct GLFWwindow;

namespace ferlab::app {

struct WindowOptions {
  int width = 1600, height = 1000;  // screen coordinates
  float scale = 0;                  // UI scale; 0 = the monitor's content scale (1 to 3)
  bool vsync = true;                // off in screenshot mode: frames are timed, not waited for
  std::string ini_file;             // where ImGui remembers the layout; "" = nowhere
};

class GlWindow {
 public:
  // Throws ferlab::Error when no window can be opened (no display, no OpenGL 3.3).
  GlWindow(const char* title, const WindowOptions& options);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  float scale() const { return scale_; }
  bool should_close() const;
  // Waits for input or `seconds`; poll_events() does not wait.
  void wait_events(double seconds);
  void poll_events();

  // A new ImGui frame; `without_mouse`: as if the pointer were off the window
  // (a screenshot shows no hover state wherever the X server's pointer lies).
  void begin_frame(bool without_mouse = false);
  void end_frame();    // ImGui's draw data rendered into the back buffer, over a dark clear
  void finish();       // waits until the GPU has drawn the frame (screenshot mode times frames)
  void swap();

  ImVec2 framebuffer_size() const;  // pixels
  ImVec2 window_size() const;       // screen coordinates

 private:
  struct Glfw;  // GLFW initialised for the window's lifetime
  std::unique_ptr<Glfw> glfw_;
  GLFWwindow* window_ = nullptr;
  std::string ini_file_;  // ImGui keeps the pointer
  float scale_ = 1;
};

}  // namespace ferlab::app
