#pragma once
// Reliability diagrams (DeGroot & Fienberg 1983; Guo et al. 2017): per
// confidence bin, the accuracy as a bar against the diagonal of perfect
// calibration, the gap to the bin's mean confidence shaded, and the bin's
// face count printed above it. One panel per model, side by side.
#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

#include "core/calibration.hpp"

namespace ferlab {

struct NamedCalibration {
  std::string name;  // "cnn-fer2013", "ensemble(...)"
  CalibrationReport report;
};

// BGR, 8-bit. Throws UsageError when `panels` is empty.
cv::Mat render_reliability_diagram(const std::vector<NamedCalibration>& panels, const std::string& title);

}  // namespace ferlab
