#include "app/panels/gradcam.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "app/heatmap_style_controls.hpp"
#include "app/widgets/class_combo.hpp"
#include "app/widgets/flow.hpp"
#include "vision/explained_face.hpp"

namespace ferlab::app {
namespace {

// A face followed frame after frame is explained again at most this often: the
// background work is for the face on view, not for every frame of it.
constexpr double kRefreshSeconds = 1.0;

void draw_controls(LiveFeed& feed, Workbench& bench) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  CamMethod method = bench.heatmap_style.method;
  if (draw_method_picker(method)) choose_method(method, feed, bench);
  AnalyzerOptions options = feed.options();  // after a method change
  bool changed = false;
  flow_next_item(ImGui::GetFontSize() * 7, "class");
  changed |= class_combo("class", options.gradcam_class, "shown label");
  if (const auto classifier = bench.models.active_classifier()) {
    // Pixel attributions and the baseline have no layer.
    const bool has_layer = method_info(bench.heatmap_style.method).kind == MethodKind::FeatureMap;
    const std::string layer = explained_layer(*classifier, options.cam_layer);
    flow_next_item(ImGui::GetFontSize() * 6, "layer");
    if (!has_layer) ImGui::BeginDisabled();
    if (ImGui::BeginCombo("layer", layer.empty() ? "default" : layer.c_str())) {
      if (ImGui::Selectable("default", layer.empty())) options.cam_layer.clear(), changed = true;
      // From the input on: earlier layers are finer grids.
      for (const std::string& name : explainable_layers(*classifier)) {
        if (ImGui::Selectable(name.c_str(), name == layer)) options.cam_layer = name, changed = true;
      }
      ImGui::EndCombo();
    }
    if (!has_layer) ImGui::EndDisabled();
  }
  draw_heatmap_style_controls(bench.heatmap_style);
  if (changed) feed.set_options(options, bench);
}

bool is_for(const SelectedExplanation& e, int track, CamMethod method, const AnalyzerOptions& options) {
  return e.track_id == track && e.method == method && e.asked_class == options.gradcam_class &&
         e.layer == options.cam_layer;
}

// Starts the selected face's background explanation when the face, the method
// or the class changed (or, for a face followed live, every kRefreshSeconds).
void maybe_start(GradCamPanel& panel, const LiveFeed& feed, const Workbench& bench, const FaceResult& face) {
  if (panel.explaining.running()) return;
  const auto classifier = bench.models.active_classifier();
  if (!classifier || face.face.total() != static_cast<size_t>(kFacePixels) || !face.face.isContinuous()) return;
  const CamMethod method = bench.heatmap_style.method;
  const AnalyzerOptions options = feed.options();
  const bool live_map = uses_one_backward_pass(method);
  if (live_map && (face.heatmap.empty() || options.cam_method != method)) return;  // not there yet
  const double now = ImGui::GetTime();
  if (panel.explained && is_for(*panel.explained, face.track_id, method, options) &&
      (panel.explained->frame == feed.shown() || now - panel.started_at < kRefreshSeconds))
    return;
  panel.started_at = now;
  SelectedExplanation request;
  request.frame = feed.shown();
  request.track_id = face.track_id;
  request.method = method;
  request.asked_class = options.gradcam_class;
  request.layer = options.cam_layer;
  request.face = face.face.clone();
  if (live_map) {
    request.map.heatmap = face.heatmap.clone();
    request.map.target_class = face.heatmap_class;
  } else {
    request.map.target_class = explained_class(face, options.gradcam_class);
  }
  panel.explaining.start("explaining the selected face", [request, classifier, live_map](TaskControl&) {
    SelectedExplanation out = request;
    const auto start = std::chrono::steady_clock::now();
    if (!live_map) {
      ExplainOptions explain;
      explain.layer = explained_layer(*classifier, out.layer);
      out.map = classifier_activation_maps(*classifier, out.face.data, 1, out.method, {out.map.target_class}, explain)
                    .front();
    }
    out.curves = classifier_faithfulness(*classifier, out.face.data, {out.map}).front();
    out.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
  });
}

// Puts the right crop and map into the panel's textures: the live frame's for a
// per-frame method, the background result's for a costly one. False when there is none yet.
// With one scale, a live map shares the frame's (every face there has a map
// of the same method); a background map is the only one of its method on view.
bool upload(GradCamPanel& panel, const LiveFeed& feed, const FaceResult& face, CamMethod method, bool shared_scale) {
  const bool live_map = uses_one_backward_pass(method);
  if (live_map && (face.heatmap.empty() || feed.options().cam_method != method)) return false;
  if (!live_map && (!panel.explained || !is_for(*panel.explained, face.track_id, method, feed.options()))) return false;
  const auto& frame = live_map ? feed.shown() : panel.explained->frame;
  if (panel.uploaded_background == !live_map && panel.uploaded_frame == frame && panel.uploaded_track == face.track_id &&
      panel.uploaded_shared == shared_scale)
    return true;
  const cv::Mat& crop = live_map ? face.face : panel.explained->face;
  const cv::Mat& heatmap = live_map ? face.heatmap : panel.explained->map.heatmap;
  const MapRange range = live_map ? face.heatmap_range : panel.explained->map.range;
  const float shared_high = live_map ? frame_map_high(*frame) : range.high;
  panel.images.set(crop, shown_heatmap(heatmap, range, shared_scale, shared_high));
  panel.bar_range = shared_scale ? MapRange{0, shared_high} : range;
  panel.uploaded_frame = frame;
  panel.uploaded_track = face.track_id;
  panel.uploaded_background = !live_map;
  panel.uploaded_shared = shared_scale;
  return true;
}

void draw_images(GradCamPanel& panel, OverlayRenderer& renderer, const HeatmapStyle& style) {
  // A table keeps each caption under its own image whatever the panel's width;
  // the images leave room below for the colour bar and the AUCs, and take as
  // many a row as makes them largest: they grow with the panel.
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().CellPadding.x * 2 + ImGui::GetStyle().ItemSpacing.x;
  const ImageGrid grid = fit_image_grid(3, ImVec2(avail.x, avail.y - 3.5f * line), line, spacing);
  if (!ImGui::BeginTable("##cam", grid.columns, ImGuiTableFlags_SizingStretchSame)) return;
  const GlTexture* textures[] = {&panel.images.face(), &panel.images.heat_only(), &panel.images.overlay()};
  const char* captions[] = {"aligned crop", "heatmap", "overlay"};
  for (int i = 0; i < 3; ++i) {
    ImGui::TableNextColumn();
    const float side = std::max(16.0f, std::min(ImGui::GetContentRegionAvail().x, grid.side));
    const ImageRect drawn = draw_image_fit(*textures[i], ImVec2(side, side));
    panel.image_side = drawn.max.x - drawn.min.x;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", captions[i]);
    ImGui::PopTextWrapPos();
  }
  // Under the heatmap: beside the overlay when two a row, under all three otherwise.
  if (grid.columns != 2) ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(1 % grid.columns);
  // The map's own units: how much evidence its hottest pixel holds, comparable between faces of one method.
  if (panel.bar_range.high <= panel.bar_range.low) {
    text_disabled_wrapped("a flat map: no evidence for this class here");
    ImGui::EndTable();
    return;
  }
  panel.colour_bar.draw(renderer, style.colormap, panel.bar_range.low, panel.bar_range.high,
                        "%.3g", std::max(16.0f, ImGui::GetContentRegionAvail().x));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(style.shared_scale ? "one scale for the frame's maps: 0 to the largest map's maximum"
                                         : "this map's own range, scaled to fill the colours");
  ImGui::EndTable();
}

void draw_faithfulness(const GradCamPanel& panel, int track, CamMethod method, const AnalyzerOptions& options) {
  ImGui::PushTextWrapPos(0.0f);
  if (!panel.explained || !is_for(*panel.explained, track, method, options)) {
    ImGui::TextDisabled("deletion / insertion AUC: computing...");
  } else {
    const SelectedExplanation& e = *panel.explained;
    ImGui::TextDisabled("deletion AUC %.3f (lower is more faithful), insertion AUC %.3f (higher is), %.0f ms",
                        e.curves.deletion_auc, e.curves.insertion_auc, e.milliseconds);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("the class's probability as the map's top pixels are blurred away (deletion) or revealed "
                        "on a blurred face (insertion); a random map scores about the same on both");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void choose_method(CamMethod method, LiveFeed& feed, Workbench& bench) {
  bench.heatmap_style.method = method;
  AnalyzerOptions options = feed.options();
  options.cam_method = per_frame_method(method);
  feed.set_options(options, bench);
}

bool gradcam_busy(const GradCamPanel& panel) { return panel.explaining.running() && !panel.explained; }

void draw_gradcam_panel(GradCamPanel& panel, LiveFeed& feed, Workbench& bench) {
  if (auto result = panel.explaining.take_result()) panel.explained = std::move(*result);
  if (auto error = panel.explaining.take_error()) bench.log.error("explaining the selected face failed: " + *error);
  if (!feed.running()) {
    ImGui::TextWrapped("Grad-CAM explains the live feed's selected face; open a source in the Live panel.");
    return;
  }
  draw_controls(feed, bench);
  const FaceResult* face = feed.selected_face();
  if (!face) {
    ImGui::TextDisabled("No face selected: click a face in the Live panel.");
    return;
  }
  const CamMethod method = bench.heatmap_style.method;
  maybe_start(panel, feed, bench, *face);
  OverlayRenderer* renderer = panel.renderer.get(bench.log);
  if (!upload(panel, feed, *face, method, bench.heatmap_style.shared_scale) || !renderer) {
    ImGui::TextDisabled("Computing %s for track #%d...", std::string(cam_method_name(method)).c_str(), face->track_id);
    return;
  }
  panel.images.render(*renderer, bench.heatmap_style);
  const int explained_class = panel.uploaded_background ? panel.explained->map.target_class : face->heatmap_class;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("track #%d: %s %.0f%%, %s explains %s", face->track_id, emotion_name(face->label),
              100 * face->confidence, std::string(cam_method_name(method)).c_str(),
              emotion_name(explained_class));
  ImGui::PopTextWrapPos();
  draw_images(panel, *renderer, bench.heatmap_style);
  draw_faithfulness(panel, face->track_id, method, feed.options());
}

}  // namespace ferlab::app
