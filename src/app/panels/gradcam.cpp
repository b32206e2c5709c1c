#include "app/panels/gradcam.hpp"

#include <imgui.h>

#include "core/errors.hpp"

namespace ferlab::app {
namespace {

void draw_controls(GradCamPanel& panel, LiveFeed& feed, Workbench& bench) {
  AnalyzerOptions options = feed.options();
  bool changed = false;
  int method = options.cam_method == CamMethod::GradCamPlusPlus ? 1 : 0;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::Combo("method", &method, "Grad-CAM\0Grad-CAM++\0")) {
    options.cam_method = method == 1 ? CamMethod::GradCamPlusPlus : CamMethod::GradCam;
    changed = true;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  const std::string preview = options.gradcam_class < 0 ? "predicted" : std::string(emotion_name(options.gradcam_class));
  if (ImGui::BeginCombo("target", preview.c_str())) {
    if (ImGui::Selectable("predicted", options.gradcam_class < 0)) options.gradcam_class = -1, changed = true;
    for (int c = 0; c < kNumEmotions; ++c) {
      if (ImGui::Selectable(std::string(emotion_name(c)).c_str(), options.gradcam_class == c)) {
        options.gradcam_class = c;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::SliderFloat("opacity", &panel.opacity, 0.0f, 1.0f, "%.2f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::Combo("colormap", &panel.colormap, "jet\0inferno\0viridis\0");
  if (changed) {
    options.gradcam = GradCamFaces::Selected;
    options.gradcam_track = feed.selected_track();
    feed.set_options(options, bench);
  }
}

}  // namespace

void draw_gradcam_panel(GradCamPanel& panel, LiveFeed& feed, Workbench& bench, bool* open) {
  if (!ImGui::Begin("Grad-CAM", open)) {
    ImGui::End();
    return;
  }
  if (!feed.running()) {
    ImGui::TextDisabled("Grad-CAM explains the live feed's selected face; open a source in the Live panel.");
    ImGui::End();
    return;
  }
  draw_controls(panel, feed, bench);
  const FaceResult* face = feed.selected_face();
  if (!face || face->heatmap.empty()) {
    ImGui::TextDisabled(face ? "Computing the heatmap..." : "No face selected: click a face in the Live panel.");
    ImGui::End();
    return;
  }
  if (panel.uploaded != feed.shown()) {
    panel.crop.upload(face->face, false);
    panel.heat.upload(face->heatmap);
    panel.uploaded = feed.shown();
  }
  if (!panel.renderer) {
    try {
      panel.renderer = std::make_unique<OverlayRenderer>();
    } catch (const Error& e) {
      bench.log.error(e.what());
      ImGui::End();
      return;
    }
  }
  const auto map = static_cast<Colormap>(panel.colormap);
  panel.renderer->render(panel.crop, {{&panel.heat, 0, 0, 1, 1}}, 1.0f, map, panel.heat_only);
  panel.renderer->render(panel.crop, {{&panel.heat, 0, 0, 1, 1}}, panel.opacity, map, panel.blended);

  ImGui::Text("track #%d: %s %.0f%%, explaining %s", face->track_id, std::string(emotion_name(face->label)).c_str(),
              100 * face->confidence, std::string(emotion_name(face->heatmap_class)).c_str());
  const float side = std::max(32.0f, (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3);
  for (const auto* texture : {&panel.crop, &panel.heat_only, &panel.blended}) {
    if (texture != &panel.crop) ImGui::SameLine();
    draw_image_fit(*texture, ImVec2(side, side));
  }
  ImGui::TextDisabled("aligned crop          heatmap          overlay");
  ImGui::End();
}

}  // namespace ferlab::app
