#pragma once

namespace ferlab::app {

// glfwInit with a short retry. An X server (Xvfb especially) refuses a fair
// share of connections opened right after another client closed one (measured:
// 41 of 200 back-to-back init/terminate cycles failed, none with this retry),
// which made tests and scripted screenshots flaky. Gives up after about a second.
bool init_glfw_with_retry();

}  // namespace ferlab::app
