#pragma once
// Reading back what was drawn: the framebuffer as an image, and the list of
// ImGui windows drawn this frame (the screenshot mode's JSON sidecar). Saving
// the image is plot/png_file.hpp's save_png.
#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>

#include <string>

namespace ferlab::app {

// The back buffer (the frame just drawn), BGR, row 0 at the top (GL's row 0 is the bottom).
cv::Mat read_framebuffer(int width, int height);

// [{"name", "x", "y", "width", "height", "collapsed"}] for every visible top-level
// window of the last frame, in framebuffer pixels (display coordinates times
// `framebuffer_scale`). Tooltips and toasts are left out.
nlohmann::json drawn_windows(float framebuffer_scale);

}  // namespace ferlab::app
