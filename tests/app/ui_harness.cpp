#include <glad/gl.h>
// glad before GLFW: GLFW must not pull in the system's gl.h.
#include <GLFW/glfw3.h>

#include "ui_harness.hpp"

#include "app/gl/glfw_init.hpp"

namespace ferlab::app::testing {

void as_panel(const char* title, const std::function<void()>& body) {
  if (ImGui::Begin(title)) body();
  ImGui::End();
}

UiHarness::UiHarness() {
  if (!init_glfw_with_retry()) return;
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window_ = glfwCreateWindow(64, 64, "ui test", nullptr, nullptr);
  if (!window_) return;
  glfwMakeContextCurrent(window_);
  if (!gladLoadGL(glfwGetProcAddress)) {
    glfwDestroyWindow(window_);
    window_ = nullptr;
    return;
  }
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(kWidth, kHeight);
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas; nothing is rendered
}

UiHarness::~UiHarness() {
  if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

void UiHarness::frame(ImVec2 mouse, bool down, const std::function<void()>& draw) {
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = 1.0f / 60;
  io.MousePos = mouse;
  io.MouseDown[0] = down;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(kWidth, kHeight));
  draw();
  ImGui::EndFrame();
}

void UiHarness::click(ImVec2 at, const std::function<void()>& draw) {
  frame(at, false, draw);
  frame(at, true, draw);
  frame(at, false, draw);
}

}  // namespace ferlab::app::testing
