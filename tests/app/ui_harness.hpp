#pragma once
// Drives the workbench's panels as a user would, without a window manager: a
// hidden OpenGL 3.3 window (textures and shaders need a context) and an ImGui
// context with no platform backend, so that the test sets the mouse itself and
// runs the frames. Needs a DISPLAY (xvfb-run).
#include <imgui.h>

#include <functional>

struct GLFWwindow;

namespace ferlab::app::testing {

// `body` inside a window titled `title`, as the studio hosts a panel.
void as_panel(const char* title, const std::function<void()>& body);

class UiHarness {
 public:
  static constexpr float kWidth = 1280, kHeight = 800;

  UiHarness();
  ~UiHarness();
  UiHarness(const UiHarness&) = delete;
  UiHarness& operator=(const UiHarness&) = delete;
  bool ok() const { return window_ != nullptr; }

  // One frame with the mouse at `mouse` and its left button `down`; `draw` draws
  // the panels. The next window begun fills the display.
  void frame(ImVec2 mouse, bool down, const std::function<void()>& draw);
  // Moves there, presses and releases: three frames.
  void click(ImVec2 at, const std::function<void()>& draw);

 private:
  GLFWwindow* window_ = nullptr;
};

}  // namespace ferlab::app::testing
