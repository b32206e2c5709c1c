#include "app/gl/glfw_init.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
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

void share_cores_with_software_renderer() {
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency() / 2);
  setenv("LP_NUM_THREADS", std::to_string(threads).c_str(), /*overwrite=*/0);
}

}  // namespace ferlab::app
