#include "app/panels/models.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <opencv2/core.hpp>

#include "app/text_clipping.hpp"
#include "app/widgets/plots.hpp"

namespace ferlab::app {
namespace {

void start_comparison(ModelsPanel& panel, const Workbench& bench) {
  const FocusFace face = *bench.focus_face;
  const std::vector<ShelfModel> models = bench.models.models();
  const CamMethod method = bench.heatmap_style.method;
  panel.compared_model_count = models.size();
  panel.comparing.start("comparing models", [face, models, method](TaskControl&) {
    Comparison comparison;
    comparison.face_serial = face.serial;
    comparison.method = method;
    for (const ShelfModel& model : models) comparison.views.push_back(explain_face(model, face.pixels.data(), method));
    return comparison;
  });
}

void draw_loader(ModelsPanel& panel, Workbench& bench) {
  ImGui::TextDisabled("from %s", bench.models.models_dir().c_str());
  for (const char* spec : {"cnn", "resemotenet", "resnet18", "ensemble"}) {
    if (ImGui::SmallButton(spec)) bench.models.request_load(spec);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Load").x - ImGui::GetStyle().FramePadding.x * 4);
  const bool entered = ImGui::InputTextWithHint("##spec", "model name or path to .safetensors", &panel.spec_input,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  note_text_field();
  ImGui::SameLine();
  if ((ImGui::Button("Load") || entered) && !panel.spec_input.empty()) bench.models.request_load(panel.spec_input);
  if (bench.models.loading()) ImGui::TextDisabled("%s ...", bench.models.loading_what().c_str());
}

void draw_shelf(Workbench& bench) {
  const auto& models = bench.models.models();
  if (models.empty()) {
    ImGui::TextDisabled("No model loaded.");
    return;
  }
  if (!ImGui::BeginTable("shelf", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("live", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("model");
  ImGui::TableSetupColumn("load", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  std::optional<size_t> remove;
  for (size_t m = 0; m < models.size(); ++m) {
    ImGui::PushID(static_cast<int>(m));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::RadioButton("##live", bench.models.active() == static_cast<int>(m))) {
      bench.models.set_active(static_cast<int>(m));
      bench.log.info("live feed now uses " + models[m].name);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(models[m].name.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.1f s", models[m].load_seconds);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("remove")) remove = m;
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (remove) bench.models.remove(*remove);
}

void draw_comparison(ModelsPanel& panel, Workbench& bench) {
  if (!bench.focus_face) {
    ImGui::TextDisabled("Select a face (Live or Dataset) to compare the models on it.");
    return;
  }
  const FocusFace& face = *bench.focus_face;
  if (panel.face_texture_serial != face.serial) {
    panel.face_texture.upload(cv::Mat(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(face.pixels.data())), false);
    panel.face_texture_serial = face.serial;
  }
  const bool stale = panel.comparison.face_serial != face.serial ||
                     panel.compared_model_count != bench.models.models().size() ||
                     panel.comparison.method != bench.heatmap_style.method;
  if (stale && !panel.comparing.running() && !bench.models.models().empty()) start_comparison(panel, bench);

  const float side = ImGui::GetFontSize() * 5;
  draw_image_fit(panel.face_texture, ImVec2(side, side));
  ImGui::SameLine();
  ImGui::TextWrapped("%s", face.origin.c_str());
  if (panel.comparison.face_serial != face.serial) return;
  const auto& views = panel.comparison.views;
  if (views.empty()) return;
  OverlayRenderer* renderer = panel.renderer.get(bench.log);
  // One block per model (any number of them fits): its Grad-CAM beside its probabilities.
  const float cam_side = ImGui::GetTextLineHeightWithSpacing() * 7;
  for (size_t v = 0; v < views.size(); ++v) {
    const FaceExplanation& view = views[v];
    ImGui::Separator();
    // One crop, no track: raw values, not the live feed's smoothed ones.
    ImGui::Text("%s: %s (raw)", view.model.c_str(), std::string(emotion_name(argmax(view.probabilities))).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%.1f ms warm", view.milliseconds);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("median of %d calls after a first, untimed one; Grad-CAM not included", kTimedCalls);
    if (renderer) panel.cams[v].render(*renderer, bench.heatmap_style);
    draw_image_fit(panel.cams[v].overlay(), ImVec2(cam_side, cam_side));
    ImGui::SameLine();
    probability_bars(view.model.c_str(), view.probabilities, ImVec2(ImGui::GetContentRegionAvail().x, cam_side));
  }
  ImGui::TextDisabled("%s of each model's predicted class", std::string(cam_method_name(panel.comparison.method)).c_str());
}

}  // namespace

bool models_busy(const ModelsPanel& panel) { return panel.comparing.running(); }

void update_models_panel(ModelsPanel& panel, Workbench& bench) {
  if (auto comparison = panel.comparing.take_result()) {
    panel.comparison = std::move(*comparison);
    panel.cams.resize(panel.comparison.views.size());
    const FocusFace* face = bench.focus_face ? &*bench.focus_face : nullptr;
    for (size_t v = 0; v < panel.cams.size(); ++v) {
      // The heatmap lies over the face it was computed on, which is the focus face only if that has not moved on.
      if (face && face->serial == panel.comparison.face_serial) {
        const cv::Mat pixels(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(face->pixels.data()));
        panel.cams[v].set(pixels, panel.comparison.views[v].heatmap);
      }
    }
  }
  if (auto error = panel.comparing.take_error()) bench.log.error("model comparison failed: " + *error);
}

void draw_models_panel(ModelsPanel& panel, Workbench& bench) {
  draw_loader(panel, bench);
  draw_shelf(bench);
  if (ImGui::CollapsingHeader("Compare on the selected face", ImGuiTreeNodeFlags_DefaultOpen)) draw_comparison(panel, bench);
}

}  // namespace ferlab::app
