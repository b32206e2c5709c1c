#include "app/panels/dataset.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "app/face_filter.hpp"
#include "app/text_clipping.hpp"
#include "app/widgets/class_combo.hpp"
#include "app/widgets/enum_combo.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/plots.hpp"
#include "data/crowd_review.hpp"

namespace ferlab::app {
namespace {

const char* const kSplitItems[] = {"all splits", "train", "test", "private"};
const char* const kCorrectnessItems[] = {"all", "correct", "wrong"};
const char* const kCrowdItems[] = {"any crowd vote", "crowd disagrees with label", "model sides with crowd",
                                   "likely mislabelled (ranked)"};

const ImU32 kBlankColor = IM_COL32(255, 160, 40, 255);
const ImU32 kCopyColor = IM_COL32(90, 190, 255, 255);
const ImVec4 kConflictText(1, 0.45f, 0.4f, 1);

void rebuild_filtered(DatasetPanel& panel, const Workbench& bench) {
  ListedFaces listed = list_faces(panel.filter, bench);
  panel.shown = std::move(listed.faces);
  panel.shown_predicted = std::move(listed.predicted);
  panel.crowd_agrees = listed.crowd_agrees;
  panel.crowd_disagrees_count = listed.crowd_disagrees;
  panel.crowd_silent = listed.crowd_silent;
  panel.page = 0;
  panel.atlas_samples.clear();
  panel.built_for_duplicates = bench.data.duplicates().get();
}

void upload_page_atlas(DatasetPanel& panel, const FaceDataset& data, size_t first, size_t count, int columns) {
  const int rows = static_cast<int>((count + columns - 1) / columns);
  cv::Mat atlas(std::max(1, rows) * kFaceSize, columns * kFaceSize, CV_8UC1, cv::Scalar(0));
  panel.atlas_samples.clear();
  for (size_t k = 0; k < count; ++k) {
    const size_t sample = panel.shown[first + k];
    const int r = static_cast<int>(k) / columns, c = static_cast<int>(k) % columns;
    const cv::Mat face(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(data.image(sample)));
    face.copyTo(atlas(cv::Rect(c * kFaceSize, r * kFaceSize, kFaceSize, kFaceSize)));
    panel.atlas_samples.push_back(sample);
  }
  panel.atlas.upload(atlas, false);
  panel.atlas_columns = columns;
}

void start_analysis(DatasetPanel& panel, const Workbench& bench, size_t sample) {
  const auto data = bench.data.dataset();
  std::vector<ShelfModel> models = bench.models.models();
  const int generation = bench.data.generation();
  const CamMethod method = bench.heatmap_style.method;
  panel.analysis.start("analysing sample", [data, models, sample, generation, method](TaskControl&) {
    SampleAnalysis analysis;
    analysis.sample = sample;
    analysis.data_generation = generation;
    analysis.method = method;
    for (const ShelfModel& model : models) analysis.models.push_back(explain_face(model, data->image(sample), method));
    return analysis;
  });
}

void select_sample(DatasetPanel& panel, Workbench& bench, size_t sample) {
  const auto& data = bench.data.dataset();
  panel.selected = sample;
  const cv::Mat face(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(data->image(sample)));
  panel.selected_texture.upload(face, false);
  bench.set_focus_face(data->image(sample), "dataset #" + std::to_string(sample));
  panel.analysed.reset();
  start_analysis(panel, bench, sample);
}

void apply_browse_request(DatasetPanel& panel, Workbench& bench) {
  if (!bench.browse_request) return;
  const BrowseRequest request = *bench.browse_request;
  bench.browse_request.reset();
  panel.filter.split = request.split;
  panel.filter.true_class = request.true_class;
  panel.filter.predicted_class = request.predicted_class;
  panel.filter.correctness = Correctness::Any;
  panel.filter.predictions_from = request.model;
  panel.filters_changed = true;
  ImGui::SetWindowFocus("Dataset");
}

// `compact`: a short panel gives its lines to the grid; what a loaded data set
// is then shows on hovering the path.
void draw_open_row(DatasetPanel& panel, Workbench& bench, bool compact) {
  const std::optional<LoadFailure>& failure = bench.data.failure();
  show_failed_request(failure, panel.path_input, panel.failure_shown);
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Open").x - ImGui::GetStyle().FramePadding.x * 4);
  const bool entered = ImGui::InputTextWithHint("##path", "CSV file, class-folder tree or .ferpack",
                                                &panel.path_input, ImGuiInputTextFlags_EnterReturnsTrue);
  note_text_field();
  const bool path_hovered = ImGui::IsItemHovered();
  ImGui::SameLine();
  if ((ImGui::Button("Open") || entered) && !panel.path_input.empty()) bench.data.request_load(panel.path_input);
  if (bench.data.loading()) {
    ImGui::TextDisabled("loading %s ...", panel.path_input.c_str());
    return;
  }
  if (failure) error_text_wrapped("Could not open %s: %s", failure->request.c_str(), failure->message.c_str());
  if (const auto& data = bench.data.dataset()) {
    if (compact && bench.data.report().skipped == 0) {
      if (path_hovered) ImGui::SetTooltip("%zu faces from %s", data->size(), bench.data.path().c_str());
      return;
    }
    ImGui::TextWrapped("%zu faces from %s", data->size(), bench.data.path().c_str());
    if (bench.data.report().skipped > 0) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "(%zu skipped: see Log)", bench.data.report().skipped);
    }
  } else if (!failure) {
    ImGui::TextDisabled("No data set loaded. Type a path above, or start with --data PATH.");
  }
}

void draw_distribution(const FaceDataset& data) {
  std::vector<CountSeries> series;
  for (int s = 0; s < kNumSplits; ++s) {
    const Split split = static_cast<Split>(s);
    if (data.count(split) == 0) continue;
    series.push_back({std::string(split_name(split)), data.class_counts(split)});
  }
  std::string legend = "per class:";
  for (size_t s = 0; s < series.size(); ++s) {
    legend += (s == 0 ? " bright = " : ", faded = ") + series[s].name;
    if (s == 1) break;
  }
  ImGui::TextDisabled("%s", legend.c_str());
  // Up to seven lines tall, less in a short panel: the grid needs the room more.
  const float height = std::clamp(ImGui::GetContentRegionAvail().y * 0.25f, ImGui::GetFontSize() * 4, ImGui::GetFontSize() * 7);
  class_count_chart("distribution", series, ImVec2(ImGui::GetContentRegionAvail().x, height));
}

bool draw_predictions_combo(DatasetPanel& panel, const Workbench& bench, float width) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  const std::string preview = panel.filter.predictions_from.empty() ? "no predictions" : panel.filter.predictions_from;
  if (ImGui::BeginCombo("##from", preview.c_str())) {
    if (ImGui::Selectable("no predictions", panel.filter.predictions_from.empty())) {
      panel.filter.predictions_from.clear();
      panel.predictions_chosen = changed = true;
    }
    std::vector<std::string> seen;
    for (const auto& e : bench.current_evaluations()) {
      if (std::find(seen.begin(), seen.end(), e->model) != seen.end()) continue;
      seen.push_back(e->model);
      if (ImGui::Selectable(e->model.c_str(), panel.filter.predictions_from == e->model)) {
        panel.filter.predictions_from = e->model;
        panel.predictions_chosen = changed = true;
      }
    }
    if (seen.empty()) ImGui::TextDisabled("run an evaluation first");
    ImGui::EndCombo();
  }
  return changed;
}

// Without predictions the thumbnails show labels only: say why, and offer the way to get them.
void draw_why_no_predictions(DatasetPanel& panel, Workbench& bench) {
  if (!panel.filter.predictions_from.empty() || !bench.current_evaluations().empty()) return;
  if (bench.models.models().empty()) {
    ImGui::TextDisabled("No predictions: load a model first.");
  } else if (panel.evaluate_pressed_at == bench.evaluation_generation) {
    ImGui::TextDisabled("No predictions yet: evaluating ...");
  } else {
    ImGui::TextDisabled("No predictions: nothing evaluated yet.");
    same_line_if_fits(ImGui::CalcTextSize("Evaluate").x + ImGui::GetStyle().FramePadding.x * 2);
    const bool pressed = ImGui::SmallButton("Evaluate");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Scores the loaded model on the test faces in the Evaluation panel;\n"
                        "its predictions then label the thumbnails.");
    if (pressed) {
      bench.evaluate_request = true;
      panel.evaluate_pressed_at = bench.evaluation_generation;
    }
  }
}

bool draw_issue_combo(DatasetPanel& panel, const Workbench& bench, float width) {
  const DuplicateScan* duplicates = bench.data.duplicates().get();
  ImGui::SetNextItemWidth(width);
  // The preview is the bare name: the counts would not fit a combo's width.
  bool changed = false;
  if (!ImGui::BeginCombo("##issues", issue_filter_label(panel.filter.issue))) return false;
  for (int k = 0; k < kIssueFilterCount; ++k) {
    const char* label = issue_filter_label(static_cast<IssueFilter>(k));
    char item[96];
    if (k == kBlankImages) std::snprintf(item, sizeof item, "%s (%zu)", label, bench.data.blank_count());
    else if (k != kAnyIssue && !duplicates) std::snprintf(item, sizeof item, "%s (searching ...)", label);
    else if (k == kHasDuplicate)
      std::snprintf(item, sizeof item, "%s (%zu exact, %zu near groups)", label, duplicates->exact_groups,
                    duplicates->near_groups);
    else if (k == kLabelConflicts) std::snprintf(item, sizeof item, "%s (%zu groups)", label, duplicates->label_conflicts.size());
    else std::snprintf(item, sizeof item, "%s", label);
    if (ImGui::Selectable(item, panel.filter.issue == k)) panel.filter.issue = static_cast<IssueFilter>(k), changed = true;
  }
  ImGui::EndCombo();
  return changed;
}

// A combo as wide as the longest of `names` (its preview is one of them), in any font and scale.
float combo_width(std::initializer_list<std::string_view> names) {
  float widest = 0;
  for (const std::string_view name : names)
    widest = std::max(widest, ImGui::CalcTextSize(name.data(), name.data() + name.size()).x);
  return widest + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
}

float class_combo_width(const char* any) {
  float widest = combo_width({any});
  for (int c = 0; c < kNumEmotions; ++c) widest = std::max(widest, combo_width({emotion_name(c)}));
  return widest;
}

bool draw_filters(DatasetPanel& panel, Workbench& bench, bool compact) {
  bool changed = false;
  float width = combo_width({kSplitItems[0], kSplitItems[1], kSplitItems[2], kSplitItems[3]});
  ImGui::SetNextItemWidth(width);
  int split_item = panel.filter.split ? static_cast<int>(*panel.filter.split) + 1 : 0;
  if (ImGui::Combo("##split", &split_item, kSplitItems, IM_ARRAYSIZE(kSplitItems))) {
    panel.filter.split = split_item > 0 ? std::optional<Split>(static_cast<Split>(split_item - 1)) : std::nullopt;
    changed = true;
  }
  width = class_combo_width("any label");
  same_line_if_fits(width);
  ImGui::SetNextItemWidth(width);
  changed |= class_combo("##true", panel.filter.true_class, "any label");
  width = combo_width({issue_filter_label(kAnyIssue), issue_filter_label(kHasDuplicate),
                       issue_filter_label(kLabelConflicts), issue_filter_label(kBlankImages)});
  same_line_if_fits(width);
  changed |= draw_issue_combo(panel, bench, width);
  width = combo_width({"no predictions", panel.filter.predictions_from});
  same_line_if_fits(width);
  changed |= draw_predictions_combo(panel, bench, width);
  if (!panel.filter.predictions_from.empty()) {
    width = class_combo_width("any prediction");
    same_line_if_fits(width);
    ImGui::SetNextItemWidth(width);
    changed |= class_combo("##pred", panel.filter.predicted_class, "any prediction");
    width = combo_width({kCorrectnessItems[0], kCorrectnessItems[1], kCorrectnessItems[2]});
    same_line_if_fits(width);
    ImGui::SetNextItemWidth(width);
    changed |= enum_combo("##correct", panel.filter.correctness, kCorrectnessItems);
  }
  if (bench.data.votes()) {
    width = combo_width({kCrowdItems[0], kCrowdItems[1], kCrowdItems[2], kCrowdItems[3]});
    same_line_if_fits(width);
    ImGui::SetNextItemWidth(width);
    // The last two need a model's predictions; without them they show nothing, and say why.
    changed |= enum_combo("##crowd", panel.filter.crowd, kCrowdItems);
    const char* const verdict = "FER+ crowd on these labels: agrees %zu, disagrees %zu, no majority or no votes %zu";
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(verdict, panel.crowd_agrees, panel.crowd_disagrees_count, panel.crowd_silent);
    if (panel.filter.crowd >= kModelSidesWithCrowd && panel.filter.predictions_from.empty()) {
      same_line_if_fits(ImGui::CalcTextSize("(choose a model's predictions)").x);
      ImGui::TextDisabled("(choose a model's predictions)");
    }
    // Wrapped: the line is longer than a narrow panel. A short panel has it in the tooltip only.
    if (!compact) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped(verdict, panel.crowd_agrees, panel.crowd_disagrees_count, panel.crowd_silent);
      ImGui::PopStyleColor();
    }
  }
  if ((panel.filter.issue == kHasDuplicate || panel.filter.issue == kLabelConflicts) && !bench.data.duplicates()) {
    ImGui::TextDisabled("Finding duplicates ... %.0f %%", 100 * bench.data.duplicate_progress());
  }
  draw_why_no_predictions(panel, bench);
  return changed;
}

// The face's labels on its thumbnail: the true class along the bottom, the
// prediction (green when right, red when wrong) along the top; "blank" for a
// blank image and a blue corner for a face with duplicates.
void draw_thumbnail_marks(ImDrawList* draw, ImVec2 p, float cell, int label, int predicted, bool blank, bool copies) {
  const float line = ImGui::GetFontSize();
  const auto strip = [&](float y, int c, ImU32 color) {
    const std::string_view name = emotion_name_fitting(c, cell - 4);
    draw->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + cell, y + line), IM_COL32(0, 0, 0, 150));
    draw->AddText(ImVec2(p.x + 2, y), color, name.data(), name.data() + name.size());
  };
  strip(p.y + cell - line, label, IM_COL32(235, 235, 235, 255));
  if (predicted >= 0)
    strip(p.y, predicted, predicted == label ? IM_COL32(110, 230, 130, 255) : IM_COL32(255, 110, 100, 255));
  if (blank) {
    draw->AddRect(p, ImVec2(p.x + cell, p.y + cell), kBlankColor, 0, 0, 2.0f);
    const float w = ImGui::CalcTextSize("blank").x;
    draw->AddText(ImVec2(p.x + (cell - w) / 2, p.y + (cell - line) / 2), kBlankColor, "blank");
  }
  if (copies) {
    const float corner = std::max(6.0f, cell * 0.18f);
    draw->AddTriangleFilled(ImVec2(p.x + cell - corner, p.y), ImVec2(p.x + cell, p.y), ImVec2(p.x + cell, p.y + corner),
                            kCopyColor);
  }
}

// The arrows and the page box first; the page count and the number of faces
// follow where they fit (else they are in the box's tooltip), so that a narrow
// grid never cuts the next-page button or a number.
void draw_pager(DatasetPanel& panel, int pages) {
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) panel.page = std::max(0, panel.page - 1);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) panel.page = std::min(pages - 1, panel.page + 1);
  ImGui::SameLine();
  // Typing a page number jumps there (FER-2013's test split alone has a hundred pages).
  int typed = panel.page + 1;
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("00000").x + ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::InputInt("##page", &typed, 0, 0, ImGuiInputTextFlags_EnterReturnsTrue))
    panel.page = std::clamp(typed - 1, 0, pages - 1);
  const bool box_hovered = ImGui::IsItemHovered();
  char count[32], faces[32];
  std::snprintf(count, sizeof count, "/ %d", pages);
  std::snprintf(faces, sizeof faces, "(%zu faces)", panel.shown.size());
  const bool count_shown = same_line_if_fits(ImGui::CalcTextSize(count).x);
  if (count_shown) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(count);
  }
  const bool faces_shown = count_shown && same_line_if_fits(ImGui::CalcTextSize(faces).x);
  if (faces_shown) ImGui::TextDisabled("%s", faces);
  if (box_hovered) ImGui::SetTooltip("page %d %s %s", panel.page + 1, count, faces);
}

void draw_grid(DatasetPanel& panel, Workbench& bench, ImVec2 size) {
  const auto& data = *bench.data.dataset();
  const DuplicateScan* duplicates = bench.data.duplicates().get();
  // Wide enough for a three-letter class name above and below the face.
  float cell = std::max(40.0f, ImGui::GetFontSize() * 3.6f);
  const float spacing = 4;
  const float pager_height = ImGui::GetFrameHeightWithSpacing();
  const float grid_height = size.y - pager_height + spacing;
  int rows = std::max(1, static_cast<int>(grid_height / (cell + spacing)));
  // A short grid (a few rows) shrinks its faces a little rather than leave most of a row empty.
  const float smaller = grid_height / static_cast<float>(rows + 1) - spacing;
  if (rows <= 3 && smaller >= std::max(32.0f, ImGui::GetFontSize() * 2.8f)) cell = smaller, ++rows;
  const int columns = std::max(1, static_cast<int>((size.x + spacing) / (cell + spacing)));
  const size_t per_page = static_cast<size_t>(columns * rows);
  const int pages = std::max(1, static_cast<int>((panel.shown.size() + per_page - 1) / per_page));
  panel.page = std::clamp(panel.page, 0, pages - 1);
  const size_t first = static_cast<size_t>(panel.page) * per_page;
  const size_t count = std::min(per_page, panel.shown.size() - std::min(first, panel.shown.size()));

  // Rebuild the atlas only when the page's samples or the grid's shape change.
  const bool page_changed = panel.atlas_columns != columns || panel.atlas_samples.size() != count ||
                            (count > 0 && panel.atlas_samples.front() != panel.shown[first]);
  if (page_changed && count > 0) upload_page_atlas(panel, data, first, count, columns);

  ImGui::BeginChild("grid", size, false, ImGuiWindowFlags_NoScrollbar);
  panel.grid = {ImGui::GetCursorScreenPos(), cell, spacing, columns, per_page};
  if (panel.shown.empty()) ImGui::TextDisabled("No faces match the filters.");
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int atlas_rows = static_cast<int>((count + columns - 1) / columns);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  for (size_t k = 0; k < count; ++k) {
    const int r = static_cast<int>(k) / columns, c = static_cast<int>(k) % columns;
    if (c > 0) ImGui::SameLine();
    const ImVec2 uv0(static_cast<float>(c) / columns, static_cast<float>(r) / atlas_rows);
    const ImVec2 uv1(static_cast<float>(c + 1) / columns, static_cast<float>(r + 1) / atlas_rows);
    const size_t sample = panel.shown[first + k];
    const int predicted = panel.shown_predicted[first + k];
    const bool has_copies = duplicates && duplicates->index.has_copies(sample);
    ImGui::PushID(static_cast<int>(k));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (ImGui::ImageButton(panel.atlas.imgui_id(), ImVec2(cell, cell), uv0, uv1, 0)) select_sample(panel, bench, sample);
    if (ImGui::IsItemHovered()) {
      const size_t copies = has_copies ? duplicates->index.copies_of(sample).size() : 0;
      ImGui::SetTooltip("#%zu %s\ntrue: %s%s%s%s%s", sample, data.source(sample).c_str(),
                        emotion_name(data.label(sample)), predicted >= 0 ? "\npredicted: " : "",
                        predicted >= 0 ? emotion_name(predicted) : "",
                        bench.data.is_blank(sample) ? "\nblank or constant image" : "",
                        copies > 0 ? ("\n" + std::to_string(copies) + " duplicate(s): click to see them").c_str() : "");
    }
    // A coloured frame says right or wrong at a glance once predictions are chosen.
    if (predicted >= 0) {
      const ImU32 color = predicted == data.label(sample) ? IM_COL32(60, 200, 90, 255) : IM_COL32(230, 60, 50, 255);
      draw->AddRect(p, ImVec2(p.x + cell, p.y + cell), color, 0, 0, 2.0f);
    }
    draw_thumbnail_marks(draw, p, cell, data.label(sample), predicted, bench.data.is_blank(sample), has_copies);
    if (panel.selected == sample) draw->AddRect(p, ImVec2(p.x + cell, p.y + cell), IM_COL32(255, 255, 255, 255), 0, 0, 3.0f);
    ImGui::PopID();
  }
  ImGui::PopStyleVar();
  ImGui::SetCursorPosY(size.y - pager_height + ImGui::GetStyle().ItemSpacing.y);
  draw_pager(panel, pages);
  ImGui::EndChild();
}

// The FER+ crowd's votes for the face, as bars like a model's probabilities.
void draw_crowd_votes(const Workbench& bench, size_t sample, int label) {
  const auto& votes = bench.data.votes();
  if (!votes || sample >= votes->size()) return;
  const std::optional<FerPlusVotes>& v = (*votes)[sample];
  if (!v) {
    ImGui::TextDisabled("no FER+ votes for this face");
    return;
  }
  int total = 0;
  for (const int n : *v) total += n;
  const std::optional<ClassDistribution> shares = ferplus_distribution(*v);
  ImGui::Text("FER+ crowd (%d votes)%s", total, crowd_disagrees(*v, label) ? ": disagrees with the label" : "");
  if (shares)
    probability_bars("crowd", *shares, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeightWithSpacing() * 7),
                     label);
  else
    ImGui::TextDisabled("no vote for any of the seven classes (contempt, unknown or not a face)");
}

// The selected face's copies elsewhere in the data set, each with its split,
// label (red where it differs from this face's) and file; a click selects it.
void draw_copies(DatasetPanel& panel, Workbench& bench, size_t sample) {
  const auto& scan = bench.data.duplicates();
  if (!scan) {
    if (bench.data.finding_duplicates())
      ImGui::TextDisabled("looking for duplicates ... %.0f %%", 100 * bench.data.duplicate_progress());
    return;
  }
  const FaceDataset& data = *bench.data.dataset();
  if (panel.copies_from != scan.get() || panel.copies_of != sample) {
    panel.copies = scan->index.copies_of(sample);
    panel.copies_from = scan.get();
    panel.copies_of = sample;
    if (!panel.copies.empty()) {
      cv::Mat row(kFaceSize, kFaceSize * static_cast<int>(panel.copies.size()), CV_8UC1);
      for (size_t k = 0; k < panel.copies.size(); ++k)
        cv::Mat(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(data.image(panel.copies[k].face)))
            .copyTo(row(cv::Rect(static_cast<int>(k) * kFaceSize, 0, kFaceSize, kFaceSize)));
      panel.copies_atlas.upload(row, false);
    }
  }
  if (panel.copies.empty()) {
    text_disabled_wrapped("no exact or near copy in the data set");
    return;
  }
  const bool conflict = std::any_of(panel.copies.begin(), panel.copies.end(),
                                    [&](const DuplicateCopy& c) { return data.label(c.face) != data.label(sample); });
  ImGui::Text("%zu duplicate%s", panel.copies.size(), panel.copies.size() == 1 ? "" : "s");
  if (conflict) {
    same_line_if_fits(ImGui::CalcTextSize("with other labels").x);
    ImGui::TextColored(kConflictText, "with other labels");
  }
  const float side = ImGui::GetFontSize() * 3;
  std::optional<size_t> clicked;
  for (size_t k = 0; k < panel.copies.size(); ++k) {
    const DuplicateCopy& copy = panel.copies[k];
    const float n = static_cast<float>(panel.copies.size());
    ImGui::PushID(static_cast<int>(k));
    if (ImGui::ImageButton(panel.copies_atlas.imgui_id(), ImVec2(side, side), ImVec2(k / n, 0), ImVec2((k + 1) / n, 1), 0))
      clicked = copy.face;
    ImGui::SameLine();
    ImGui::BeginGroup();
    const bool other_label = data.label(copy.face) != data.label(sample);
    // Wrapped, both lines: beside the thumbnail a narrow column has little room.
    ImGui::PushStyleColor(ImGuiCol_Text, other_label ? kConflictText : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    ImGui::TextWrapped("%s, %s: %s", duplicate_kind_name(copy.kind), std::string(split_name(data.split(copy.face))).c_str(),
                       emotion_name(data.label(copy.face)));
    ImGui::PopStyleColor();
    // The file's name alone: its split and label are on the line above, and a path would wrap mid-word.
    const std::string& source = data.source(copy.face);
    const size_t slash = source.find_last_of('/');
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", slash == std::string::npos ? source.c_str() : source.c_str() + slash + 1);
    ImGui::PopStyleColor();
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", source.c_str());
    ImGui::PopID();
  }
  if (clicked) select_sample(panel, bench, *clicked);
}

void draw_detail(DatasetPanel& panel, Workbench& bench, ImVec2 size) {
  ImGui::BeginChild("detail", size, true);
  const auto& data = bench.data.dataset();
  if (!panel.selected || !data || *panel.selected >= data->size()) {
    ImGui::TextWrapped("Click a face to see it large.");
    ImGui::EndChild();
    return;
  }
  const size_t sample = *panel.selected;
  const float side = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 8);
  draw_image_fit(panel.selected_texture, ImVec2(side, side));
  ImGui::TextWrapped("#%zu  true: %s  (%s)", sample, emotion_name(data->label(sample)),
              std::string(split_name(data->split(sample))).c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", data->source(sample).c_str());
  ImGui::PopStyleColor();
  if (bench.data.is_blank(sample)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kBlankColor));
    ImGui::TextWrapped("Blank or constant image: there is no face to read; its label and any prediction mean nothing.");
    ImGui::PopStyleColor();
  }
  draw_copies(panel, bench, sample);
  draw_crowd_votes(bench, sample, data->label(sample));
  if (panel.analysis.running()) ImGui::TextDisabled("running the models ...");
  if (!panel.analysed || panel.analysed->sample != sample) {
    if (bench.models.models().empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("Load a model (Models panel) to see its probabilities.");
      ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    return;
  }
  OverlayRenderer* renderer = panel.renderer.get(bench.log);
  const float bars_height = ImGui::GetTextLineHeightWithSpacing() * 7;
  for (size_t m = 0; m < panel.analysed->models.size(); ++m) {
    const FaceExplanation& view = panel.analysed->models[m];
    const int predicted = argmax(view.probabilities);
    ImGui::Separator();
    ImGui::TextColored(predicted == data->label(sample) ? ImVec4(0.4f, 0.9f, 0.5f, 1) : ImVec4(1, 0.45f, 0.4f, 1),
                       "%s: %s", view.model.c_str(), emotion_name(predicted));
    // The model's Grad-CAM for its prediction beside its probabilities.
    if (renderer) panel.cams[m].render(*renderer, bench.heatmap_style);
    // Narrow: the bars' labels keep their room and the heatmap shrinks.
    const float cam_side = std::min(bars_height, ImGui::GetContentRegionAvail().x * 0.35f);
    draw_image_fit(panel.cams[m].overlay(), ImVec2(cam_side, cam_side));
    ImGui::SameLine();
    probability_bars(view.model.c_str(), view.probabilities, ImVec2(ImGui::GetContentRegionAvail().x, bars_height),
                     data->label(sample));
  }
  if (!panel.analysed->models.empty()) {
    ImGui::TextDisabled("%s of each prediction", std::string(cam_method_name(panel.analysed->method)).c_str());
  }
  ImGui::EndChild();
}

}  // namespace

ImVec2 GridLayout::cell_center(size_t k) const {
  const float step = cell + spacing;
  const auto r = static_cast<float>(k / static_cast<size_t>(columns)), c = static_cast<float>(k % static_cast<size_t>(columns));
  return ImVec2(origin.x + c * step + cell / 2, origin.y + r * step + cell / 2);
}

void draw_dataset_panel(DatasetPanel& panel, Workbench& bench) {
  if (panel.path_input.empty() && !bench.data.path().empty()) panel.path_input = bench.data.path();
  apply_browse_request(panel, bench);
  if (auto analysis = panel.analysis.take_result()) {
    panel.analysed = std::move(analysis);
    const auto& data = bench.data.dataset();
    panel.cams.resize(panel.analysed->models.size());
    if (data && panel.analysed->data_generation == bench.data.generation() && panel.analysed->sample < data->size()) {
      const cv::Mat face(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(data->image(panel.analysed->sample)));
      for (size_t m = 0; m < panel.cams.size(); ++m) panel.cams[m].set(face, panel.analysed->models[m].heatmap);
    }
  }
  if (auto error = panel.analysis.take_error()) bench.log.error("could not analyse the face: " + *error);

  // A short panel (a small window, or a large UI scale) folds what it can, so that the grid keeps rows.
  const bool compact = ImGui::GetContentRegionAvail().y < ImGui::GetFontSize() * 32;
  draw_open_row(panel, bench, compact);
  const auto& data = bench.data.dataset();
  if (!data || data->empty()) return;
  ImGui::SetNextItemOpen(!compact, ImGuiCond_Once);
  if (ImGui::CollapsingHeader("Class distribution")) draw_distribution(*data);
  if (!panel.predictions_chosen && panel.filter.predictions_from.empty()) {
    const auto evaluations = bench.current_evaluations();
    if (!evaluations.empty()) panel.filter.predictions_from = evaluations.front()->model, panel.filters_changed = true;
  }
  panel.filters_changed |= draw_filters(panel, bench, compact);
  const int evaluations = bench.evaluation_generation;
  // The duplicate search finishing changes what its two filters keep (and nothing else).
  const bool duplicates_arrived = panel.built_for_duplicates != bench.data.duplicates().get() &&
                                  (panel.filter.issue == kHasDuplicate || panel.filter.issue == kLabelConflicts);
  if (panel.filters_changed || panel.built_for_data != bench.data.generation() ||
      panel.built_for_evaluations != evaluations || duplicates_arrived) {
    if (panel.built_for_data != bench.data.generation()) panel.selected.reset(), panel.copies_from = nullptr;
    rebuild_filtered(panel, bench);
    if (panel.select_first_listed && !panel.shown.empty()) {
      select_sample(panel, bench, panel.shown.front());
      panel.select_first_listed = false;
    }
    panel.filters_changed = false;
    panel.built_for_data = bench.data.generation();
    panel.built_for_evaluations = evaluations;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // A narrow panel (a tab beside the live feed) puts the chosen face under the
  // grid, at the panel's width, rather than squeeze both into columns.
  if (panel.selected && avail.x < ImGui::GetFontSize() * 36) {
    const float grid_height = std::floor(avail.y * 0.65f);
    draw_grid(panel, bench, ImVec2(avail.x, grid_height));
    draw_detail(panel, bench, ImVec2(avail.x, avail.y - grid_height - ImGui::GetStyle().ItemSpacing.y));
    return;
  }
  // Until a face is chosen the detail column holds one sentence: the grid takes most of the width.
  const float detail_width = panel.selected ? std::min(avail.x * 0.45f, ImGui::GetFontSize() * 20)
                                            : std::min(avail.x * 0.3f, ImGui::GetFontSize() * 10);
  draw_grid(panel, bench, ImVec2(avail.x - detail_width - ImGui::GetStyle().ItemSpacing.x, avail.y));
  ImGui::SameLine();
  draw_detail(panel, bench, ImVec2(detail_width, avail.y));
}

}  // namespace ferlab::app
