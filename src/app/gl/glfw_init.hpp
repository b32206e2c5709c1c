#pragma once

namespace ferlab::app {

// glfwInit with a short retry. An X server (Xvfb especially) refuses a fair
// share of connections opened right after another client closed one (measured:
// 41 of 200 back-to-back init/terminate cycles failed, none with this retry),
// which made tests and scripted screenshots flaky. Gives up after about a second.
bool init_glfw_with_retry();

// Mesa's software renderer (llvmpipe: Xvfb, a machine without a GPU driver)
// rasterises on one thread per core by default, at the UI's priority, and so
// takes the analysis threads' core too. Unless LP_NUM_THREADS is set, it gets
// half the hardware threads (at least one). Measured on 2 cores, the webcam clip
// in the live demo's layout: 97 % of its frames analysed instead of 55 %, the UI
// drawing at 20 frames a second instead of 45 (docs/BENCHMARKS.md). A GPU
// driver ignores the variable. Call before the first GL context is made.
void share_cores_with_software_renderer();

}  // namespace ferlab::app
