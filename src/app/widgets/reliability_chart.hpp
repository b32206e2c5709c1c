#pragma once
// A reliability diagram in ImGui, the workbench's twin of plot/reliability_diagram:
// per confidence bin, the accuracy as a bar against the diagonal of perfect
// calibration; hovering a bar names its faces, confidence and accuracy.
#include <imgui.h>

#include "core/calibration.hpp"

namespace ferlab::app {

void reliability_chart(const char* id, const CalibrationReport& report, ImVec2 size);

}  // namespace ferlab::app
