#include "app/panels/models.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <opencv2/core.hpp>

#include <chrono>

#include "app/widgets/plots.hpp"

namespace ferlab::app {
namespace {

void start_comparison(ModelsPanel& panel, const Workbench& bench) {
  const FocusFace face = *bench.focus_face;
  const std::vector<ShelfModel> models = bench.models.models();
  panel.compared_model_count = models.size();
  panel.comparing.start("comparing models", [face, models](TaskControl&) {
    Comparison comparison;
    comparison.face_serial = face.serial;
    for (const ShelfModel& model : models) {
      ModelView view;
      view.name = model.name;
      const auto start = std::chrono::steady_clock::now();
      view.probabilities = model.classifier->predict_one(face.pixels.data());
      view.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      comparison.views.push_back(std::move(view));
    }
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
                     panel.compared_model_count != bench.models.models().size();
  if (stale && !panel.comparing.running() && !bench.models.models().empty()) start_comparison(panel, bench);

  const float side = ImGui::GetFontSize() * 5;
  draw_image_fit(panel.face_texture, ImVec2(side, side));
  ImGui::SameLine();
  ImGui::TextWrapped("%s", face.origin.c_str());
  if (panel.comparison.face_serial != face.serial) return;
  const auto& views = panel.comparison.views;
  if (views.empty() || !ImGui::BeginTable("compare", static_cast<int>(views.size()), ImGuiTableFlags_BordersInnerV)) return;
  for (const ModelView& view : views) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(view.name.c_str());
    ImGui::Text("%s, %.1f ms", std::string(emotion_name(argmax(view.probabilities))).c_str(), view.milliseconds);
    probability_bars(view.name.c_str(), view.probabilities,
                     ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeightWithSpacing() * 6));
  }
  ImGui::EndTable();
}

}  // namespace

bool models_busy(const ModelsPanel& panel) { return panel.comparing.running(); }

void draw_models_panel(ModelsPanel& panel, Workbench& bench, bool* open) {
  if (auto comparison = panel.comparing.take_result()) panel.comparison = std::move(*comparison);
  if (auto error = panel.comparing.take_error()) bench.log.error("model comparison failed: " + *error);
  if (!ImGui::Begin("Models", open)) {
    ImGui::End();
    return;
  }
  draw_loader(panel, bench);
  draw_shelf(bench);
  if (ImGui::CollapsingHeader("Compare on the selected face", ImGuiTreeNodeFlags_DefaultOpen)) draw_comparison(panel, bench);
  ImGui::End();
}

}  // namespace ferlab::app
