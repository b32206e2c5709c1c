#include "app/panels/evaluation.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "app/widgets/enum_combo.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/plots.hpp"
#include "app/widgets/reliability_chart.hpp"

namespace ferlab::app {
namespace {

const char* const kTtaItems[] = {"no TTA", "flip TTA", "ten-crop TTA"};

// The narrowest column, in font heights, that shows one model's result whole:
// its per-class table is the widest part.
constexpr float kResultColumnEms = 18;

bool model_combo(const char* label, int* index, const Workbench& bench, bool allow_none) {
  const auto& models = bench.models.models();
  const bool valid = *index >= 0 && *index < static_cast<int>(models.size());
  const std::string preview = valid ? models[static_cast<size_t>(*index)].name : "(none)";
  bool changed = false;
  if (ImGui::BeginCombo(label, preview.c_str())) {
    if (allow_none && ImGui::Selectable("(none)", !valid)) *index = -1, changed = true;
    for (size_t m = 0; m < models.size(); ++m) {
      if (ImGui::Selectable(models[m].name.c_str(), *index == static_cast<int>(m))) {
        *index = static_cast<int>(m);
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// Returns the side of the confusion matrix's cells.
float draw_result(const SplitEvaluation& evaluation, const CalibrationReport& calibration, bool row_normalised,
                  Workbench& bench, float width) {
  const auto& r = evaluation.result;
  ImGui::TextWrapped("%s on %s", evaluation.model.c_str(), std::string(split_name(evaluation.split)).c_str());
  ImGui::TextWrapped("accuracy %.1f%%   macro-F1 %.3f", 100 * r.accuracy(), r.macro_f1());
  const std::string tta = r.tta == Tta::None ? "no TTA" : "TTA " + std::string(tta_name(r.tta));
  text_disabled_wrapped("%zu faces, %s, %.1f s%s", r.predictions.size(), tta.c_str(), r.seconds,
                        r.complete ? "" : ", cancelled: partial");

  std::array<std::array<double, kNumEmotions>, kNumEmotions> colour{};
  std::array<std::array<std::string, kNumEmotions>, kNumEmotions> text;
  const auto normalised = r.confusion.row_normalized();
  for (int t = 0; t < kNumEmotions; ++t) {
    for (int p = 0; p < kNumEmotions; ++p) {
      const auto ti = static_cast<size_t>(t), pi = static_cast<size_t>(p);
      colour[ti][pi] = normalised[ti][pi];  // colour is always the row share: comparable across classes
      char cell[16];
      if (row_normalised) std::snprintf(cell, sizeof cell, "%.2f", normalised[ti][pi]);
      else std::snprintf(cell, sizeof cell, "%zu", r.confusion.count(t, p));
      text[ti][pi] = cell;
    }
  }
  const float side = std::min(width, ImGui::GetFontSize() * 24);
  text_disabled_wrapped("rows: true class, columns: predicted");
  const MatrixLayout layout = matrix_layout(ImGui::GetCursorScreenPos(), ImVec2(side, side * 0.85f));
  // Cells keep a readable size (kMatrixCellEms); a column narrower than the
  // matrix scrolls sideways to the rest of it.
  const float matrix_width = layout.header + kNumEmotions * layout.cell;
  const bool scrolls = matrix_width > width;
  if (scrolls)
    ImGui::BeginChild("confusion-scroll",
                      ImVec2(width, layout.top + kNumEmotions * layout.cell + ImGui::GetStyle().ScrollbarSize + 2), false,
                      ImGuiWindowFlags_HorizontalScrollbar);
  if (auto cell = matrix_heatmap("confusion", colour, text, ImVec2(side, side * 0.85f))) {
    bench.browse_request = BrowseRequest{evaluation.model, evaluation.split, cell->first, cell->second};
  }
  if (scrolls) ImGui::EndChild();
  // As wide as this model's column: by default a table takes the panel's whole
  // remaining width, over the second column's.
  if (ImGui::BeginTable("per_class", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV,
                        ImVec2(width, 0))) {
    ImGui::TableSetupColumn("class");
    ImGui::TableSetupColumn("precision");
    ImGui::TableSetupColumn("recall");
    ImGui::TableSetupColumn("F1");
    ImGui::TableSetupColumn("support");
    ImGui::TableHeadersRow();
    const auto metrics = r.per_class();
    for (int c = 0; c < kNumEmotions; ++c) {
      const ClassMetrics& m = metrics[static_cast<size_t>(c)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(emotion_color(c)), "%s", emotion_name(c));
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", m.precision);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", m.recall);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", m.f1);
      ImGui::TableNextColumn();
      ImGui::Text("%zu", m.support);
    }
    ImGui::EndTable();
  }
  ImGui::TextWrapped("ECE %.2f%%   MCE %.2f%%   NLL %.3f   Brier %.3f", 100 * calibration.ece, 100 * calibration.mce,
                     calibration.nll, calibration.brier);
  text_disabled_wrapped("reliability: accuracy per confidence bin (%d bins), red: gap to confidence", kCalibrationBins);
  const float chart = std::min(width, ImGui::GetFontSize() * 14);
  reliability_chart("reliability", calibration, ImVec2(chart, chart));
  return layout.cell;
}

void draw_slot(EvaluationSlot& slot, EvaluationPanel& panel, Workbench& bench, int which, float width) {
  ImGui::PushID(which);
  ImGui::BeginGroup();
  // Wrapping stops at this column's edge, not the panel's.
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::SetNextItemWidth(width - button_width("Evaluate") - ImGui::GetStyle().ItemSpacing.x);
  model_combo("##model", &slot.model, bench, which > 0);
  ImGui::SameLine();
  const bool ready = bench.data.dataset() && slot.model >= 0 && !slot.task.running();
  if (!ready) ImGui::BeginDisabled();
  if (ImGui::Button("Evaluate")) start_evaluation(slot, bench, panel.runs.split, panel.runs.tta);
  if (!ready) ImGui::EndDisabled();
  if (slot.task.running()) {
    ImGui::ProgressBar(slot.task.progress(), ImVec2(width - button_width("Cancel") - ImGui::GetStyle().ItemSpacing.x, 0));
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) slot.task.cancel_and_join();
  }
  if (slot.shown && slot.shown->data_generation == bench.data.generation()) {
    panel.confusion_cell = draw_result(*slot.shown, slot.calibration, panel.row_normalised, bench, width);
  } else if (!slot.task.running()) {
    text_disabled_wrapped("%s", which == 0 ? "Press Evaluate to score this model on the split (it takes a while)."
                                           : "Optionally a second model to compare.");
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::PopID();
}

// The pair to compare, when both slots show complete results on the same faces.
std::optional<std::pair<std::shared_ptr<const SplitEvaluation>, std::shared_ptr<const SplitEvaluation>>> comparable(
    const EvaluationPanel& panel, const Workbench& bench) {
  const auto& a = panel.runs.slots[0].shown;
  const auto& b = panel.runs.slots[1].shown;
  if (!a || !b || a->model == b->model) return std::nullopt;
  for (const auto& e : {a, b})
    if (e->data_generation != bench.data.generation() || !e->result.complete) return std::nullopt;
  if (a->split != b->split || a->dataset_index != b->dataset_index) return std::nullopt;
  return std::make_pair(a, b);
}

void draw_comparison(EvaluationPanel& panel, const Workbench& bench, float width) {
  const auto pair = comparable(panel, bench);
  if (!pair) return;
  if (!panel.comparison || panel.comparison->a != pair->first || panel.comparison->b != pair->second)
    panel.comparison = EvaluationComparison{pair->first, pair->second,
                                            compare_pair(pair->first->result, pair->second->result)};
  const EvaluationComparison& c = *panel.comparison;
  ImGui::Separator();
  ImGui::TextWrapped("%s vs %s on the same %zu faces", c.a->model.c_str(), c.b->model.c_str(),
                     c.a->result.predictions.size());
  text_disabled_wrapped("95 %% percentile-bootstrap intervals (%d resamples); McNemar's exact test", c.result.a.resamples);
  if (ImGui::BeginTable("compare", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn("model");
    ImGui::TableSetupColumn("accuracy [95 % CI]");
    ImGui::TableSetupColumn("macro-F1 [95 % CI]");
    ImGui::TableHeadersRow();
    for (const auto& [evaluation, ci] : {std::pair{c.a.get(), &c.result.a}, std::pair{c.b.get(), &c.result.b}}) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(evaluation->model.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.1f%% [%.1f, %.1f]", 100 * evaluation->result.accuracy(), 100 * ci->accuracy.low,
                  100 * ci->accuracy.high);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f [%.3f, %.3f]", evaluation->result.macro_f1(), ci->macro_f1.low, ci->macro_f1.high);
    }
    ImGui::EndTable();
  }
  const McNemarResult& m = c.result.mcnemar;
  ImGui::TextWrapped("Only %s right: %zu faces; only %s right: %zu; p = %.3g: %s", c.a->model.c_str(), m.only_a_correct,
                     c.b->model.c_str(), m.only_b_correct, m.p_value,
                     m.p_value < 0.05 ? "a real difference at the 5 % level"
                                      : "no significant difference at the 5 % level");

  // Where B moved faces, relative to A: colour is the size of the change.
  std::array<std::array<double, kNumEmotions>, kNumEmotions> colour{};
  std::array<std::array<std::string, kNumEmotions>, kNumEmotions> text;
  long largest = 1;
  for (int t = 0; t < kNumEmotions; ++t)
    for (int p = 0; p < kNumEmotions; ++p)
      largest = std::max(largest, std::labs(static_cast<long>(c.b->result.confusion.count(t, p)) -
                                            static_cast<long>(c.a->result.confusion.count(t, p))));
  for (int t = 0; t < kNumEmotions; ++t)
    for (int p = 0; p < kNumEmotions; ++p) {
      const long d = static_cast<long>(c.b->result.confusion.count(t, p)) - static_cast<long>(c.a->result.confusion.count(t, p));
      colour[static_cast<size_t>(t)][static_cast<size_t>(p)] = static_cast<double>(std::labs(d)) / static_cast<double>(largest);
      text[static_cast<size_t>(t)][static_cast<size_t>(p)] = d == 0 ? "0" : (d > 0 ? "+" : "") + std::to_string(d);
    }
  text_disabled_wrapped("faces per cell, %s minus %s (rows: true class; colour: size of the change)",
                        c.b->model.c_str(), c.a->model.c_str());
  const float side = std::min(width, ImGui::GetFontSize() * 24);
  matrix_heatmap("difference", colour, text, ImVec2(side, side * 0.85f));
}

}  // namespace

void draw_evaluation_panel(EvaluationPanel& panel, Workbench& bench) {
  const auto& data = bench.data.dataset();
  if (!data) {
    ImGui::TextDisabled("Open a data set in the Dataset panel first.");
    return;
  }
  const float field = ImGui::GetFontSize() * 7;
  const float label_gap = ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(field);
  const char* const splits[] = {"train", "test", "private"};
  enum_combo("split", panel.runs.split, splits);
  char faces[48];
  std::snprintf(faces, sizeof faces, "(%zu faces)", data->count(panel.runs.split));
  same_line_if_fits(ImGui::CalcTextSize(faces).x);
  ImGui::TextUnformatted(faces);
  flow_next_item(field, "##tta");
  enum_combo("##tta", panel.runs.tta, kTtaItems);
  same_line_if_fits(ImGui::GetFrameHeight() + label_gap + ImGui::CalcTextSize("row-normalised").x);
  ImGui::Checkbox("row-normalised", &panel.row_normalised);
  if (bench.models.models().empty()) {
    ImGui::TextDisabled("Load a model in the Models panel to evaluate it.");
    return;
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  // Side by side while each column still holds its per-class table, else one below the other.
  const bool side_by_side = avail >= 2 * ImGui::GetFontSize() * kResultColumnEms + spacing;
  const float width = side_by_side ? (avail - spacing) / 2 : avail;
  draw_slot(panel.runs.slots[0], panel, bench, 0, width);
  if (side_by_side) ImGui::SameLine();
  draw_slot(panel.runs.slots[1], panel, bench, 1, width);
  draw_comparison(panel, bench, avail);
}

}  // namespace ferlab::app
