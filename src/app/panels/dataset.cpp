#include "app/panels/dataset.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/widgets/plots.hpp"
#include "data/crowd_review.hpp"

namespace ferlab::app {
namespace {

const char* const kSplitItems[] = {"all splits", "train", "test", "private"};
const char* const kCorrectnessItems[] = {"all", "correct", "wrong"};
const char* const kCrowdItems[] = {"any crowd vote", "crowd disagrees with label", "model sides with crowd",
                                   "likely mislabelled (ranked)"};

bool class_combo(const char* label, int* value, const char* any) {
  const std::string preview = *value < 0 ? any : std::string(emotion_name(*value));
  bool changed = false;
  if (ImGui::BeginCombo(label, preview.c_str())) {
    if (ImGui::Selectable(any, *value < 0)) *value = -1, changed = true;
    for (int c = 0; c < kNumEmotions; ++c) {
      if (ImGui::Selectable(std::string(emotion_name(c)).c_str(), *value == c)) *value = c, changed = true;
    }
    ImGui::EndCombo();
  }
  return changed;
}

void rebuild_filtered(DatasetPanel& panel, const Workbench& bench) {
  panel.shown.clear();
  panel.shown_predicted.clear();
  const auto& data = bench.data.dataset();
  if (!data) return;
  std::vector<int> predicted(data->size(), -1);
  std::vector<const Probabilities*> probabilities(data->size(), nullptr);
  const bool need_predictions = !panel.predictions_from.empty();
  if (need_predictions) {
    // Several splits may have been evaluated separately: gather every one for this model.
    for (const auto& e : bench.current_evaluations()) {
      if (e->model != panel.predictions_from) continue;
      for (const SamplePrediction& p : e->result.predictions) {
        const size_t sample = e->dataset_index[p.index];
        predicted[sample] = p.predicted;
        probabilities[sample] = &p.probabilities;
      }
    }
  }
  const auto& votes = bench.data.votes();
  const int crowd = votes ? panel.crowd_filter : kAnyCrowd;
  panel.crowd_agrees = panel.crowd_disagrees_count = panel.crowd_silent = 0;
  std::vector<double> scores;
  for (size_t i = 0; i < data->size(); ++i) {
    if (panel.split_filter >= 0 && static_cast<int>(data->split(i)) != panel.split_filter) continue;
    if (panel.true_filter >= 0 && data->label(i) != panel.true_filter) continue;
    const int p = predicted[i];
    if (need_predictions && (panel.predicted_filter >= 0 || panel.correctness_filter != 0)) {
      if (p < 0) continue;  // not evaluated: cannot pass a prediction filter
      if (panel.predicted_filter >= 0 && p != panel.predicted_filter) continue;
      if (panel.correctness_filter == 1 && p != data->label(i)) continue;
      if (panel.correctness_filter == 2 && p == data->label(i)) continue;
    }
    if (votes) {
      switch (crowd_verdict((*votes)[i], data->label(i))) {
        case CrowdVerdict::Agrees: ++panel.crowd_agrees; break;
        case CrowdVerdict::Disagrees: ++panel.crowd_disagrees_count; break;
        case CrowdVerdict::Silent: ++panel.crowd_silent; break;
      }
    }
    if (crowd != kAnyCrowd) {
      const std::optional<FerPlusVotes>& v = (*votes)[i];
      if (!v || !crowd_disagrees(*v, data->label(i))) continue;
      if (crowd != kCrowdDisagrees) {
        const double score = probabilities[i] ? mislabel_score(*v, data->label(i), *probabilities[i]) : 0;
        if (score <= 0) continue;
        scores.push_back(score);
      }
    }
    panel.shown.push_back(i);
    panel.shown_predicted.push_back(p);
  }
  if (crowd == kLikelyMislabelled) {
    std::vector<size_t> order(panel.shown.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    std::vector<size_t> shown;
    std::vector<int> shown_predicted;
    for (const size_t k : order) {
      shown.push_back(panel.shown[k]);
      shown_predicted.push_back(panel.shown_predicted[k]);
    }
    panel.shown = std::move(shown);
    panel.shown_predicted = std::move(shown_predicted);
  }
  panel.page = 0;
  panel.atlas_samples.clear();
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
  panel.split_filter = static_cast<int>(request.split);
  panel.true_filter = request.true_class;
  panel.predicted_filter = request.predicted_class;
  panel.correctness_filter = 0;
  panel.predictions_from = request.model;
  panel.filters_changed = true;
  ImGui::SetWindowFocus("Dataset");
}

void draw_open_row(DatasetPanel& panel, Workbench& bench) {
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Open").x - ImGui::GetStyle().FramePadding.x * 4);
  const bool entered = ImGui::InputTextWithHint("##path", "CSV file, class-folder tree or .ferpack",
                                                &panel.path_input, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open") || entered) && !panel.path_input.empty()) bench.data.request_load(panel.path_input);
  if (bench.data.loading()) {
    ImGui::TextDisabled("loading %s ...", panel.path_input.c_str());
  } else if (const auto& data = bench.data.dataset()) {
    ImGui::Text("%zu faces from %s", data->size(), bench.data.path().c_str());
    if (bench.data.report().skipped > 0) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "(%zu skipped: see Log)", bench.data.report().skipped);
    }
  } else {
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
  class_count_chart("distribution", series, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 7));
}

bool draw_filters(DatasetPanel& panel, const Workbench& bench) {
  bool changed = false;
  const float width = ImGui::GetFontSize() * 6.5f;
  ImGui::SetNextItemWidth(width);
  int split_item = panel.split_filter + 1;
  if (ImGui::Combo("##split", &split_item, kSplitItems, IM_ARRAYSIZE(kSplitItems))) {
    panel.split_filter = split_item - 1;
    changed = true;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width);
  changed |= class_combo("##true", &panel.true_filter, "any true class");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width * 1.4f);
  const std::string preview = panel.predictions_from.empty() ? "no predictions" : panel.predictions_from;
  if (ImGui::BeginCombo("##from", preview.c_str())) {
    if (ImGui::Selectable("no predictions", panel.predictions_from.empty())) {
      panel.predictions_from.clear();
      changed = true;
    }
    std::vector<std::string> seen;
    for (const auto& e : bench.current_evaluations()) {
      if (std::find(seen.begin(), seen.end(), e->model) != seen.end()) continue;
      seen.push_back(e->model);
      if (ImGui::Selectable(e->model.c_str(), panel.predictions_from == e->model)) {
        panel.predictions_from = e->model;
        changed = true;
      }
    }
    if (seen.empty()) ImGui::TextDisabled("run an evaluation first");
    ImGui::EndCombo();
  }
  if (!panel.predictions_from.empty()) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width);
    changed |= class_combo("##pred", &panel.predicted_filter, "any prediction");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width * 0.8f);
    changed |= ImGui::Combo("##correct", &panel.correctness_filter, kCorrectnessItems, IM_ARRAYSIZE(kCorrectnessItems));
  }
  if (bench.data.votes()) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width * 2.2f);
    // The last two need a model's predictions; without them they show nothing, and say why.
    changed |= ImGui::Combo("##crowd", &panel.crowd_filter, kCrowdItems, IM_ARRAYSIZE(kCrowdItems));
    if (panel.crowd_filter >= kModelSidesWithCrowd && panel.predictions_from.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("(choose a model's predictions)");
    }
    // Wrapped: the line is longer than a narrow panel.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("FER+ crowd on these labels: agrees %zu, disagrees %zu, no majority or no votes %zu",
                       panel.crowd_agrees, panel.crowd_disagrees_count, panel.crowd_silent);
    ImGui::PopStyleColor();
  }
  return changed;
}

void draw_grid(DatasetPanel& panel, Workbench& bench, ImVec2 size) {
  const auto& data = *bench.data.dataset();
  const float cell = std::max(32.0f, ImGui::GetFontSize() * 3.6f);
  const float spacing = 4;
  const float pager_height = ImGui::GetFrameHeightWithSpacing();
  const int columns = std::max(1, static_cast<int>((size.x + spacing) / (cell + spacing)));
  const int rows = std::max(1, static_cast<int>((size.y - pager_height + spacing) / (cell + spacing)));
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
    ImGui::PushID(static_cast<int>(k));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (ImGui::ImageButton(panel.atlas.imgui_id(), ImVec2(cell, cell), uv0, uv1, 0)) select_sample(panel, bench, sample);
    if (ImGui::IsItemHovered()) {
      const int predicted = panel.shown_predicted[first + k];
      ImGui::SetTooltip("#%zu %s\ntrue: %s%s%s", sample, data.source(sample).c_str(),
                        std::string(emotion_name(data.label(sample))).c_str(), predicted >= 0 ? "\npredicted: " : "",
                        predicted >= 0 ? std::string(emotion_name(predicted)).c_str() : "");
    }
    // A coloured frame says right or wrong at a glance once predictions are chosen.
    const int predicted = panel.shown_predicted[first + k];
    if (predicted >= 0) {
      const ImU32 color = predicted == data.label(sample) ? IM_COL32(60, 200, 90, 255) : IM_COL32(230, 60, 50, 255);
      draw->AddRect(p, ImVec2(p.x + cell, p.y + cell), color, 0, 0, 2.0f);
    }
    if (panel.selected == sample) draw->AddRect(p, ImVec2(p.x + cell, p.y + cell), IM_COL32(255, 255, 255, 255), 0, 0, 3.0f);
    ImGui::PopID();
  }
  ImGui::PopStyleVar();
  ImGui::SetCursorPosY(size.y - pager_height + ImGui::GetStyle().ItemSpacing.y);
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) panel.page = std::max(0, panel.page - 1);
  ImGui::SameLine();
  ImGui::Text("page %d / %d  (%zu faces)", panel.page + 1, pages, panel.shown.size());
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) panel.page = std::min(pages - 1, panel.page + 1);
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

void draw_detail(DatasetPanel& panel, Workbench& bench, ImVec2 size) {
  ImGui::BeginChild("detail", size, true);
  const auto& data = bench.data.dataset();
  if (!panel.selected || !data || *panel.selected >= data->size()) {
    ImGui::TextWrapped("Click a face to see it large, with every loaded model's probabilities and Grad-CAM.");
    ImGui::EndChild();
    return;
  }
  const size_t sample = *panel.selected;
  const float side = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 8);
  draw_image_fit(panel.selected_texture, ImVec2(side, side));
  ImGui::Text("#%zu  true: %s  (%s)", sample, std::string(emotion_name(data->label(sample))).c_str(),
              std::string(split_name(data->split(sample))).c_str());
  ImGui::TextDisabled("%s", data->source(sample).c_str());
  draw_crowd_votes(bench, sample, data->label(sample));
  if (panel.analysis.running()) ImGui::TextDisabled("running the models ...");
  if (!panel.analysed || panel.analysed->sample != sample) {
    if (bench.models.models().empty()) ImGui::TextDisabled("Load a model (Models panel) to see its probabilities.");
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
                       "%s: %s", view.model.c_str(), std::string(emotion_name(predicted)).c_str());
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

  draw_open_row(panel, bench);
  const auto& data = bench.data.dataset();
  if (!data || data->empty()) {
    return;
  }
  if (ImGui::CollapsingHeader("Class distribution", ImGuiTreeNodeFlags_DefaultOpen)) draw_distribution(*data);
  panel.filters_changed |= draw_filters(panel, bench);
  const int evaluations = bench.evaluation_generation;
  if (panel.filters_changed || panel.built_for_data != bench.data.generation() ||
      panel.built_for_evaluations != evaluations) {
    if (panel.built_for_data != bench.data.generation()) panel.selected.reset();
    rebuild_filtered(panel, bench);
    panel.filters_changed = false;
    panel.built_for_data = bench.data.generation();
    panel.built_for_evaluations = evaluations;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float detail_width = std::min(avail.x * 0.5f, ImGui::GetFontSize() * 20);
  draw_grid(panel, bench, ImVec2(avail.x - detail_width - ImGui::GetStyle().ItemSpacing.x, avail.y));
  ImGui::SameLine();
  draw_detail(panel, bench, ImVec2(detail_width, avail.y));
}

}  // namespace ferlab::app
