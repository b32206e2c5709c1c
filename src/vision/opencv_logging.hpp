#pragma once
// OpenCV's own log: its video backends (V4L2, GStreamer, obsensor) print a
// warning or an error for every failed attempt to open a camera, once a second
// while FERLab waits for one to be plugged in. FERLab reports those failures
// itself, once and with the device they concern, so OpenCV is kept quiet
// unless the user asks for its diagnostics (`ferlab --verbose`).
namespace ferlab {

void set_opencv_logging(bool verbose);

}  // namespace ferlab
