#include "app/gl/screenshot.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <vector>


namespace ferlab::app {

cv::Mat read_framebuffer(int width, int height) {
  cv::Mat rgb(height, width, CV_8UC3);
  glReadBuffer(GL_BACK);  // the frame just drawn, before it is swapped
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rgb.data);
  cv::Mat bgr;
  // Flip Y so that row 0 is the top of the image, and RGB -> BGR for OpenCV.
  cv::flip(rgb, bgr, 0);
  cv::cvtColor(bgr, bgr, cv::COLOR_RGB2BGR);
  return bgr;
}

nlohmann::json drawn_windows(float framebuffer_scale) {
  nlohmann::json windows = nlohmann::json::array();
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  for (const ImGuiWindow* window : g.Windows) {
    if (!window->WasActive || window->Hidden || window->ParentWindow) continue;
    if (window->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) continue;
    if (std::strncmp(window->Name, "##", 2) == 0 || std::strncmp(window->Name, "Debug##", 7) == 0) continue;
    windows.push_back({{"name", window->Name},
                       {"x", window->Pos.x * framebuffer_scale},
                       {"y", window->Pos.y * framebuffer_scale},
                       {"width", window->Size.x * framebuffer_scale},
                       {"height", window->Size.y * framebuffer_scale},
                       {"collapsed", window->Collapsed}});
  }
  return windows;
}

}  // namespace ferlab::app
