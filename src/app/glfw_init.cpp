#include "app/glfw_init.hpp"

#include <GLFW/glfw3.h>

#include <chrono>
#include <thread>

namespace ferlab::app {

bool init_glfw_with_retry() {
  constexpr int kAttempts = 20;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (glfwInit()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace ferlab::app
