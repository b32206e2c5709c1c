#include "app/panels/gradcam.hpp"

#include <imgui.h>


namespace ferlab::app {
namespace {

void draw_controls(LiveFeed& feed, Workbench& bench) {
  AnalyzerOptions options = feed.options();
  HeatmapStyle& style = bench.heatmap_style;
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
  ImGui::SliderFloat("opacity", &style.opacity, 0.0f, 1.0f, "%.2f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::Combo("colormap", &style.colormap, "jet\0inferno\0viridis\0");
  style.method = options.cam_method;
  if (changed) {
    options.gradcam = GradCamFaces::Selected;
    options.gradcam_track = feed.selected_track();
    feed.set_options(options, bench);
  }
}

}  // namespace

void draw_gradcam_panel(GradCamPanel& panel, LiveFeed& feed, Workbench& bench) {
  if (!feed.running()) {
    ImGui::TextDisabled("Grad-CAM explains the live feed's selected face; open a source in the Live panel.");
    return;
  }
  draw_controls(feed, bench);
  const FaceResult* face = feed.selected_face();
  if (!face || face->heatmap.empty()) {
    ImGui::TextDisabled(face ? "Computing the heatmap..." : "No face selected: click a face in the Live panel.");
    return;
  }
  if (panel.uploaded != feed.shown()) {
    panel.images.set(face->face, face->heatmap);
    panel.uploaded = feed.shown();
  }
  OverlayRenderer* renderer = panel.renderer.get(bench.log);
  if (!renderer) {
    return;
  }
  panel.images.render(*renderer, bench.heatmap_style);

  ImGui::Text("track #%d: %s %.0f%%, explaining %s", face->track_id, std::string(emotion_name(face->label)).c_str(),
              100 * face->confidence, std::string(emotion_name(face->heatmap_class)).c_str());
  const float side = std::max(32.0f, (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3);
  for (const auto* texture : {&panel.images.face(), &panel.images.heat_only(), &panel.images.overlay()}) {
    if (texture != &panel.images.face()) ImGui::SameLine();
    draw_image_fit(*texture, ImVec2(side, side));
  }
  ImGui::TextDisabled("aligned crop          heatmap          overlay");
}

}  // namespace ferlab::app
