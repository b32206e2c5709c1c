#include "app/panels/models.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/model_card_text.hpp"
#include "app/text_clipping.hpp"
#include "app/widgets/class_combo.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/plots.hpp"

namespace ferlab::app {
namespace {

void start_comparison(ModelsPanel& panel, const Workbench& bench) {
  const FocusFace face = *bench.focus_face;
  const std::vector<ShelfModel> models = bench.models.models();
  const CamMethod method = bench.heatmap_style.method;
  const ComparisonTarget target = panel.target;
  const size_t reference = static_cast<size_t>(std::max(bench.models.active(), 0));
  panel.comparing.start("comparing models", [face, models, method, target, reference](TaskControl&) {
    Comparison comparison;
    comparison.face_serial = face.serial;
    comparison.origin = face.origin;
    comparison.face = cv::Mat(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(face.pixels.data())).clone();
    comparison.method = method;
    comparison.target = target;
    comparison.model_count = models.size();
    comparison.views = compare_models(models, face.pixels.data(), method, target, reference);
    return comparison;
  });
}

void draw_loader(ModelsPanel& panel, Workbench& bench) {
  ImGui::TextDisabled("from %s", bench.models.models_dir().c_str());
  // One button per model in the folder, then the ensemble; they wrap when the panel is narrow.
  const std::vector<std::string>& names = bench.models.names_in_dir();
  for (size_t i = 0; i <= names.size() && !names.empty(); ++i) {
    const char* spec = i < names.size() ? names[i].c_str() : "ensemble";
    if (i > 0) same_line_if_fits(button_width(spec));
    if (ImGui::SmallButton(spec)) bench.models.request_load(spec);
  }
  const std::optional<LoadFailure>& failure = bench.models.failure();
  show_failed_request(failure, panel.spec_input, panel.failure_shown);
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Load").x - ImGui::GetStyle().FramePadding.x * 4);
  const bool entered = ImGui::InputTextWithHint("##spec", "model name, a .safetensors path, or your TorchScript .pt", &panel.spec_input,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  note_text_field();
  ImGui::SameLine();
  if ((ImGui::Button("Load") || entered) && !panel.spec_input.empty()) bench.models.request_load(panel.spec_input);
  if (bench.models.loading()) ImGui::TextDisabled("%s ...", bench.models.loading_what().c_str());
  else if (failure) error_text_wrapped("Could not load %s: %s", failure->request.c_str(), failure->message.c_str());
}

void draw_card_lines(const ModelFacts& facts) {
  for (const std::string& line : model_card_lines(facts)) text_disabled_wrapped("%s", line.c_str());
}

// The model's name, and under it (folded by default, so that two or three
// models leave the comparison in view; opened by its arrow) its card; an
// ensemble's card is its rule and total cost, then each member's.
void draw_card(const ShelfModel& model) {
  const bool open = ImGui::TreeNodeEx("##card");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("the model's card");
  ImGui::SameLine();
  ImGui::TextWrapped("%s", model.name.c_str());
  if (!open) return;
  if (model.members.size() == 1) {
    draw_card_lines(model.members.front());
  } else {
    text_disabled_wrapped("%s", ensemble_card_line(model.members).c_str());
    for (const ModelFacts& member : model.members) {
      if (!ImGui::TreeNode(member.weights_path.c_str(), "%s", member.name.c_str())) continue;
      draw_card_lines(member);
      ImGui::TreePop();
    }
  }
  ImGui::TreePop();
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
    draw_card(models[m]);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f s", models[m].load_seconds);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("remove")) remove = m;
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (remove) bench.models.remove(*remove);
}

// Which class the maps explain: one for all (the live model's prediction or a
// chosen class), or each model its own prediction.
void draw_target_controls(ModelsPanel& panel) {
  ComparisonTarget& target = panel.target;
  ImGui::Checkbox("each its own prediction", &target.each_own_prediction);
  if (target.each_own_prediction) return;
  const char* const kLivePrediction = "live model's prediction";
  // Wide enough for its longest choice, so that the preview is never cut; on the
  // next line when it and its label do not fit beside the switch, and its label
  // above it when the two do not fit on one line of the panel.
  const float width = ImGui::CalcTextSize(kLivePrediction).x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
  const bool label_beside = width + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("explained class").x <=
                            ImGui::GetContentRegionAvail().x;
  if (label_beside) {
    flow_next_item(width, "explained class");
  } else {
    ImGui::TextDisabled("explained class");
    ImGui::SetNextItemWidth(width);
  }
  class_combo(label_beside ? "explained class" : "##explained class", target.target_class, kLivePrediction);
}

bool same_target(const ComparisonTarget& a, const ComparisonTarget& b) {
  return a.each_own_prediction == b.each_own_prediction && (a.each_own_prediction || a.target_class == b.target_class);
}

float comparison_high(const Comparison& comparison) {
  std::vector<MapRange> ranges;
  for (const FaceExplanation& view : comparison.views) ranges.push_back(view.heatmap_range);
  return largest_high(ranges);
}

// View v's map as shown: its own scale, or the comparison's one scale.
cv::Mat view_heatmap(const Comparison& comparison, size_t v, bool shared_scale) {
  const FaceExplanation& view = comparison.views[v];
  return shown_heatmap(view.heatmap, view.heatmap_range, shared_scale, comparison_high(comparison));
}

// Recomputes the difference image when the comparison, the chosen pair or the scale changed.
void update_difference(ModelsPanel& panel, bool shared_scale) {
  HeatmapDifference& d = panel.difference;
  const auto& views = panel.comparison.views;
  d.a = std::clamp(d.a, 0, static_cast<int>(views.size()) - 1);
  d.b = std::clamp(d.b, 0, static_cast<int>(views.size()) - 1);
  if (d.made_for_serial == panel.comparison.face_serial && d.made_a == d.a && d.made_b == d.b &&
      d.made_shared == shared_scale)
    return;
  const cv::Mat signed_map = heatmap_difference(view_heatmap(panel.comparison, static_cast<size_t>(d.a), shared_scale),
                                                view_heatmap(panel.comparison, static_cast<size_t>(d.b), shared_scale));
  double low = 0, high = 0;
  cv::minMaxLoc(signed_map, &low, &high);
  d.scale = static_cast<float>(std::max(std::abs(low), std::abs(high)));
  // Zero lands on the diverging map's middle whatever the scale; an all-zero difference stays there.
  cv::Mat shown;
  signed_map.convertTo(shown, CV_32FC1, d.scale > 0 ? 0.5 / d.scale : 0.0, 0.5);
  d.images.set(panel.comparison.face, shown);
  d.made_for_serial = panel.comparison.face_serial;
  d.made_a = d.a;
  d.made_b = d.b;
  d.made_shared = shared_scale;
}

bool model_combo(const char* label, int& index, const std::vector<FaceExplanation>& views) {
  bool changed = false;
  if (!ImGui::BeginCombo(label, views[static_cast<size_t>(index)].model.c_str())) return false;
  for (size_t v = 0; v < views.size(); ++v) {
    ImGui::PushID(static_cast<int>(v));
    if (ImGui::Selectable(views[v].model.c_str(), static_cast<int>(v) == index)) {
      index = static_cast<int>(v);
      changed = true;
    }
    ImGui::PopID();
  }
  ImGui::EndCombo();
  return changed;
}

void draw_difference(ModelsPanel& panel, Workbench& bench, OverlayRenderer* renderer, float cam_side) {
  const auto& views = panel.comparison.views;
  if (views.size() < 2) return;
  ImGui::Separator();
  HeatmapDifference& d = panel.difference;
  if (d.made_for_serial < 0 && d.a == d.b) d.b = d.a == 0 ? 1 : 0;
  const float combo_width = std::max(ImGui::GetFontSize() * 6, (ImGui::GetContentRegionAvail().x) / 2 -
                                                                   ImGui::CalcTextSize("minus").x);
  ImGui::SetNextItemWidth(combo_width);
  model_combo("##a", d.a, views);
  ImGui::SameLine();
  ImGui::TextUnformatted("minus");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(combo_width);
  model_combo("##b", d.b, views);
  update_difference(panel, bench.heatmap_style.shared_scale);
  if (!renderer) return;
  d.images.render(*renderer, bench.heatmap_style.opacity, Colormap::Coolwarm);
  ImGui::BeginGroup();
  draw_image_fit(d.images.overlay(), ImVec2(cam_side, cam_side));
  panel.difference_bar.draw(*renderer, Colormap::Coolwarm, -d.scale, d.scale, "%+.2f", cam_side);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("Red: where %s puts more of its evidence than %s; blue: less; grey: the same. %s",
                      views[static_cast<size_t>(d.a)].model.c_str(), views[static_cast<size_t>(d.b)].model.c_str(),
                      bench.heatmap_style.shared_scale ? "The maps are on their one scale."
                                                       : "Each map is scaled to its own maximum first.");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

void draw_comparison(ModelsPanel& panel, Workbench& bench) {
  if (!bench.focus_face) {
    ImGui::TextDisabled("Select a face (Live or Dataset) to compare the models on it.");
    return;
  }
  const FocusFace& face = *bench.focus_face;
  draw_target_controls(panel);
  const Comparison& shown = panel.comparison;
  const bool stale = shown.face_serial != face.serial || shown.model_count != bench.models.models().size() ||
                     shown.method != bench.heatmap_style.method || !same_target(shown.target, panel.target);
  if (stale && !panel.comparing.running() && !bench.models.models().empty()) start_comparison(panel, bench);

  const auto& views = shown.views;
  if (views.empty()) {
    ImGui::TextDisabled("Comparing the models on %s...", face.origin.c_str());
    return;
  }
  // The newest finished comparison, on the face it was computed on: a face
  // followed live moves on faster than the slower models finish.
  if (panel.face_texture_serial != shown.face_serial) {
    panel.face_texture.upload(shown.face, false);
    panel.face_texture_serial = shown.face_serial;
  }
  const float side = ImGui::GetFontSize() * 5;
  draw_image_fit(panel.face_texture, ImVec2(side, side));
  ImGui::SameLine();
  ImGui::TextWrapped("%s%s", shown.origin.c_str(), shown.face_serial == face.serial ? "" : " (a moment ago)");
  OverlayRenderer* renderer = panel.renderer.get(bench.log);
  // One block per model (any number of them fits): its heatmap beside its
  // probabilities, or above them where the panel is too narrow for both. A
  // heatmap is at least 11 lines of text across (165 px at scale 1), more in a
  // wide panel: a map the size of a thumbnail says little.
  const float font = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float cam_side = std::max(font * 11, std::min(width * 0.4f, font * 18));
  const bool bars_beside = width - cam_side >= font * 14;
  for (size_t v = 0; v < views.size(); ++v) {
    const FaceExplanation& view = views[v];
    ImGui::PushID(static_cast<int>(v));
    ImGui::Separator();
    // One crop, no track: raw values, not the live feed's smoothed ones.
    ImGui::TextWrapped("%s: %s (raw), explaining %s", view.model.c_str(),
                       emotion_name(argmax(view.probabilities)),
                       emotion_name(view.heatmap_class));
    ImGui::TextDisabled("%.1f ms warm", view.milliseconds);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("median of %d calls after a first, untimed one; the heatmap not included", kTimedCalls);
    if (renderer) panel.cams[v].render(*renderer, bench.heatmap_style);
    const ImageRect drawn = draw_image_fit(panel.cams[v].overlay(), ImVec2(cam_side, cam_side));
    panel.heatmap_side = drawn.max.x - drawn.min.x;
    if (bars_beside) ImGui::SameLine();
    probability_bars(view.model.c_str(), view.probabilities,
                     ImVec2(ImGui::GetContentRegionAvail().x, bars_beside ? cam_side : ImGui::GetTextLineHeightWithSpacing() * 7));
    ImGui::PopID();
  }
  if (renderer) {
    const bool shared = bench.heatmap_style.shared_scale;
    const std::string method(cam_method_name(shown.method));
    panel.heat_bar.draw(*renderer, bench.heatmap_style.colormap, 0,
                        shared ? comparison_high(shown) : 1.0f, shared ? "%.3g" : "%.1f", cam_side);
    if (shared) text_disabled_wrapped("%s, all maps on one scale: 0 to the largest map's maximum, in %s's own units",
                                      method.c_str(), method.c_str());
    else text_disabled_wrapped("%s, each map scaled to its own maximum (1)", method.c_str());
  }
  draw_difference(panel, bench, renderer, cam_side);
}

}  // namespace

// Only the first comparison is waited for: a face followed live changes faster than a comparison ends.
bool models_busy(const ModelsPanel& panel) { return panel.comparing.running() && panel.comparison.views.empty(); }

void update_models_panel(ModelsPanel& panel, Workbench& bench) {
  const bool shared = bench.heatmap_style.shared_scale;
  bool arrived = false;
  if (auto comparison = panel.comparing.take_result()) {
    panel.comparison = std::move(*comparison);
    panel.difference.made_for_serial = -1;
    arrived = true;
  }
  if (arrived || panel.cams_shared != shared) {
    panel.cams.resize(panel.comparison.views.size());
    for (size_t v = 0; v < panel.cams.size(); ++v)
      panel.cams[v].set(panel.comparison.face, view_heatmap(panel.comparison, v, shared));
    panel.cams_shared = shared;
  }
  if (auto error = panel.comparing.take_error()) bench.log.error("model comparison failed: " + *error);
}

void draw_models_panel(ModelsPanel& panel, Workbench& bench) {
  draw_loader(panel, bench);
  draw_shelf(bench);
  if (ImGui::CollapsingHeader("Compare on the selected face", ImGuiTreeNodeFlags_DefaultOpen)) draw_comparison(panel, bench);
}

}  // namespace ferlab::app
