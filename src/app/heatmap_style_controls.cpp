#include "app/heatmap_style_controls.hpp"

#include <imgui.h>

#include <string>

#include "app/gl/overlay_shader.hpp"
#include "app/widgets/flow.hpp"

namespace ferlab::app {

void draw_heatmap_style_controls(HeatmapStyle& style) {
  flow_next_item(ImGui::GetFontSize() * 6, "opacity");
  ImGui::SliderFloat("opacity", &style.opacity, 0.0f, 1.0f, "%.2f");
  flow_next_item(ImGui::GetFontSize() * 6, "colormap");
  int colormap = static_cast<int>(style.colormap);
  if (ImGui::Combo("colormap", &colormap, kHeatmapColormapItems)) style.colormap = static_cast<Colormap>(colormap);
  same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("one scale").x);
  ImGui::Checkbox("one scale", &style.shared_scale);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("off: each map scaled to its own maximum; on: the maps on view share the largest one's "
                      "scale, in the method's own units, so that a weak map looks weak");
}

bool draw_method_picker(CamMethod& method) {
  bool changed = false;
  const std::string preview(cam_method_name(method));
  if (!ImGui::BeginCombo("method", preview.c_str())) return false;
  for (const MethodInfo& info : explain_methods()) {
    const std::string label = std::string(info.name) + (uses_one_backward_pass(info.method) ? "" : "  (background)");
    if (ImGui::Selectable(label.c_str(), info.method == method)) {
      method = info.method;
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.*s", static_cast<int>(info.summary.size()), info.summary.data());
  }
  ImGui::EndCombo();
  return changed;
}

}  // namespace ferlab::app
