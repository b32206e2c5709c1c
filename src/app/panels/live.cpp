#include "app/panels/live.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/cam_images.hpp"
#include "app/text_clipping.hpp"
#include "app/widgets/flow.hpp"
#include "app/heatmap_placement.hpp"
#include "app/heatmap_style_controls.hpp"
#include "app/widgets/plots.hpp"
#include "core/errors.hpp"
#include "vision/annotate.hpp"
#include "vision/demo_scene.hpp"
#include "vision/photo_tour.hpp"

namespace ferlab::app {
namespace {

void draw_source_row(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  if (panel.source_input.empty()) panel.source_input = feed.source();
  const char* const pause = feed.paused() ? "Resume" : "Pause";
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float buttons = button_width("Open") + button_width("Resume") + button_width("Step") + 3 * spacing;
  // The path box takes what the buttons leave, but never less than half the row.
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::SetNextItemWidth(std::max(avail * 0.5f, avail - buttons));
  const bool entered = ImGui::InputTextWithHint("##source", "webcam:0, a video, an image or a folder of images",
                                                &panel.source_input, ImGuiInputTextFlags_EnterReturnsTrue);
  note_text_field();
  same_line_if_fits(button_width("Open"));
  if ((ImGui::Button("Open") || entered) && !panel.source_input.empty()) feed.open(panel.source_input, bench);
  same_line_if_fits(button_width(pause));
  // Nothing to pause until a source plays (or while it has failed).
  const bool playing = feed.running() && !feed.source_failed();
  if (!playing && !feed.paused()) ImGui::BeginDisabled();
  if (ImGui::Button(pause)) feed.set_paused(!feed.paused());
  if (!playing && !feed.paused()) ImGui::EndDisabled();
  same_line_if_fits(button_width("Step"));
  if (!feed.paused()) ImGui::BeginDisabled();
  if (ImGui::Button("Step")) feed.step();
  if (!feed.paused()) ImGui::EndDisabled();
}

// Record / Stop and what is being written. Recording starts from a shown frame
// (the video takes its size), so the button waits for one.
void draw_record_row(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  const LiveRecorder& recorder = feed.recorder();
  if (recorder.active()) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.15f, 0.15f, 1));
    if (ImGui::Button("Stop")) feed.stop_recording();
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1, 0.4f, 0.35f, 1), "REC");
    ImGui::SameLine();
    text_disabled_wrapped("%s, %lld frames", recorder.video_path().c_str(), static_cast<long long>(recorder.frames()));
    return;
  }
  const bool can_start = feed.shown() != nullptr && !recorder.finishing();
  if (!can_start) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button("Record") || (panel.record_when_ready && can_start);
  if (!can_start) ImGui::EndDisabled();
  if (pressed && can_start) {
    panel.record_when_ready = false;
    AnnotateOptions annotate;
    annotate.heatmaps = panel.show_gradcam;
    annotate.heatmap_opacity = bench.heatmap_style.opacity;
    annotate.colormap = bench.heatmap_style.colormap;
    feed.start_recording(panel.record_folder, annotate, bench);
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Records the annotated feed (MP4) and a CSV of every face, into %s", panel.record_folder.c_str());
  if (recorder.finishing()) {
    ImGui::SameLine();
    text_disabled_wrapped("finishing %s...", recorder.video_path().c_str());
  }
}

// The detector, by the names of `--detector`: the default finds the most faces
// and costs the most (docs/BENCHMARKS.md), so the live view lets one trade.
void draw_detector_picker(LiveFeed& feed, Workbench& bench) {
  AnalyzerOptions options = feed.options();
  const std::string current = detector_kind_name(options.detector.kind);
  flow_next_item(ImGui::CalcTextSize("blazeface-front").x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2,
                 "detector");
  if (!ImGui::BeginCombo("detector", current.c_str())) {
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the face detector; its milliseconds are in the status line's hover");
    return;
  }
  for (const DetectorInfo& info : detector_kinds()) {
    if (ImGui::Selectable(info.name, info.kind == options.detector.kind) && info.kind != options.detector.kind) {
      options.detector.kind = info.kind;
      feed.set_options(options, bench);
      bench.log.info(std::string("live feed now detects faces with ") + info.name);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info.help);
  }
  ImGui::EndCombo();
}

// The stand-in for a file dialog: the folder the path box points at, its
// subfolders, videos and images; a click on a folder goes into it, on a file opens it.
void draw_browser(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  if (panel.browsed_for != panel.source_input || panel.browse.folder.empty()) {
    panel.browse = list_openable(panel.source_input, "");
    panel.browsed_for = panel.source_input;
  }
  const BrowseListing& listing = panel.browse;
  text_disabled_wrapped("in %s", listing.folder.c_str());
  if (listing.images > 0) {
    char label[64];
    std::snprintf(label, sizeof label, "Open this folder (%zu images)", listing.images);
    same_line_if_fits(button_width(label));
    if (ImGui::SmallButton(label)) {
      panel.source_input = listing.folder;
      feed.open(listing.folder, bench);
      return;
    }
  }
  static const char* const kKindTags[] = {"    ", "dir ", "vid ", "img "};  // BrowseEntry::Kind order
  const float rows = std::max(4.0f, ImGui::GetContentRegionAvail().y / ImGui::GetTextLineHeightWithSpacing() - 1);
  ImGui::BeginChild("##browse", ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing()), true);
  std::string chosen;
  bool open_chosen = false;
  for (const BrowseEntry& entry : listing.entries) {
    ImGui::TextDisabled("%s", kKindTags[static_cast<int>(entry.kind)]);
    ImGui::SameLine();
    if (ImGui::Selectable(entry.name.c_str())) {
      chosen = entry.path;
      open_chosen = entry.kind == BrowseEntry::Kind::Video || entry.kind == BrowseEntry::Kind::Image;
    }
  }
  if (listing.truncated) ImGui::TextDisabled("(more; type a longer path)");
  ImGui::EndChild();
  if (chosen.empty()) return;
  panel.source_input = chosen;  // a folder: the listing follows the path box
  if (open_chosen) feed.open(chosen, bench);
}

// What to open instead when nothing is open or the source failed: one plain
// sentence saying why, then the demo scene, the recent sources and the browser.
void draw_source_offer(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  ImGui::Spacing();
  if (feed.source().empty()) {
    ImGui::TextWrapped("No camera or file is open.");
  } else {
    const PipelineStatus status = feed.status();
    if (status.source_state == SourceState::CameraMissing) {
      std::string sentence = status.message;  // "camera 0 is not available (...)": starts a sentence here
      if (!sentence.empty()) sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
      ImGui::TextWrapped("%s. FERLab keeps looking for it, quietly; meanwhile, open something else.", sentence.c_str());
    } else {
      error_text_wrapped("Cannot play it: %s", status.message.c_str());
    }
  }
  ImGui::Spacing();
  // The tour over photos of people needs nothing but the set-up's download.
  if (!panel.demo_photos_fetched) panel.demo_photos_fetched = !demo_photos().empty();
  if (!*panel.demo_photos_fetched) ImGui::BeginDisabled();
  if (ImGui::Button("Play the demo")) {
    panel.source_input = kDemoSpec;
    feed.open(panel.source_input, bench);
  }
  if (!*panel.demo_photos_fetched) ImGui::EndDisabled();
  ImGui::SameLine();
  if (*panel.demo_photos_fetched) text_disabled_wrapped("(a slow tour over photos of people)");
  else text_disabled_wrapped("(no demo photos in %s: scripts/setup.sh fetches them)", demo_photos_dir().c_str());

  const std::string faces = demo_scene_faces(bench, panel.source_input, panel.demo_faces_fallback);
  const bool can_play = !faces.empty() && !bench.data.loading();
  if (!can_play) ImGui::BeginDisabled();
  if (ImGui::Button("Play the FER-2013 scene")) {
    panel.source_input = scene_spec(faces);
    feed.open(panel.source_input, bench);
  }
  if (!can_play) ImGui::EndDisabled();
  ImGui::SameLine();
  if (bench.data.loading()) text_disabled_wrapped("(waiting for the data set)");
  else if (faces.empty()) text_disabled_wrapped("(needs FER-2013's faces: open the data set in the Dataset panel, or type a folder of face images above)");
  else text_disabled_wrapped("(faces from %s)", faces.c_str());

  bool any_recent = false;
  for (size_t i = 0; i < feed.recent_sources().size(); ++i) {
    const std::string& recent = feed.recent_sources()[i];
    if (recent == feed.source()) continue;
    if (!any_recent) ImGui::TextDisabled("Recent:");
    any_recent = true;
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton(recent.c_str())) {
      panel.source_input = recent;
      feed.open(recent, bench);
    }
    ImGui::PopID();
  }
  ImGui::Spacing();
  ImGui::TextWrapped("Or a video, an image or a folder of images: type its path in the box above and press Open, "
                     "or pick it here.");
  draw_browser(panel, feed, bench);
}

// One short line of rates; where they come from (the source, each stage's
// milliseconds) on hover, so that the feed keeps the panel's height.
void draw_status(const LiveFeed& feed) {
  const PipelineStatus status = feed.status();
  // Skipped frames as a share of those captured: a count alone grows with time
  // and says nothing about whether the analysis keeps up.
  const double skipped = status.frames_captured > 0
                             ? 100.0 * static_cast<double>(status.frames_dropped) / static_cast<double>(status.frames_captured)
                             : 0.0;
  const StageTimings& t = status.stage_ms;
  text_disabled_wrapped("[%s] %.1f fps in, %.1f analysed (%.0f%% skipped); ms: detector %.0f, follow %.1f, "
                        "align %.1f, classify %.1f, grad-cam %.1f",
                        feed.paused() ? "paused" : status.stalled ? "waiting" : source_state_name(status.source_state),
                        status.capture_fps,
                        status.inference_fps, skipped, status.detector_pass_ms, t.detect, t.align, t.classify,
                        t.gradcam);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::Text("%s", status.source_description.c_str());
    ImGui::Text("%lld of %lld captured frames were skipped: the analysis was still busy with an earlier one, or a "
                "file's frame came too late for its clock.",
                static_cast<long long>(status.frames_dropped), static_cast<long long>(status.frames_captured));
    ImGui::Text("The detector runs on its own thread every %d frames, and when a face is lost or something moves "
                "where no face is; optical flow follows the faces between (\"follow\").",
                feed.options().finder.detect_every);
    ImGui::Text("ms, average of the last frames: decode %.1f  follow %.1f  align %.1f  classify %.1f  grad-cam %.1f  "
                "total %.1f   %s", t.decode, t.detect, t.align, t.classify, t.gradcam, t.total, status.classifier.c_str());
    ImGui::EndTooltip();
  }
  if (!status.message.empty()) {
    error_text_wrapped("%s", status.message.c_str());
  }
}

void upload(LivePanel& panel, const FrameResult& result, bool shared_scale) {
  panel.frame.upload(result.frame.image);
  panel.heatmaps.resize(result.faces.size());
  const float shared_high = frame_map_high(result);
  for (size_t i = 0; i < result.faces.size(); ++i) {
    const FaceResult& face = result.faces[i];
    if (!face.heatmap.empty())
      panel.heatmaps[i].upload(shown_heatmap(face.heatmap, face.heatmap_range, shared_scale, shared_high));
  }
}

void compose(LivePanel& panel, const FrameResult& result, Workbench& bench) {
  if (!panel.renderer) {
    try {
      panel.renderer = std::make_unique<OverlayRenderer>();
    } catch (const Error& e) {
      bench.log.error(e.what());
      panel.show_gradcam = false;
      return;
    }
  }
  std::vector<HeatmapPlacement> placements;
  for (size_t i = 0; i < result.faces.size(); ++i) {
    if (result.faces[i].heatmap.empty()) continue;
    placements.push_back(heatmap_placement(result.faces[i], panel.heatmaps[i], result.frame.image.size()));
  }
  const HeatmapStyle& style = bench.heatmap_style;
  panel.renderer->render(panel.frame, placements, style.opacity, style.colormap, panel.composed);
}

void draw_faces(const FrameResult& result, const ImageRect& at, LiveFeed& feed, Workbench& bench) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  // Labels placed in frame pixels by the rule recordings use, clear of each other.
  std::vector<std::string> labels;
  std::vector<ImVec2> text_sizes;  // screen pixels
  std::vector<cv::Rect2f> boxes;
  std::vector<cv::Size2f> sizes;   // frame pixels, with the label's padding
  for (const FaceResult& face : result.faces) {
    labels.push_back(face_label(face));
    text_sizes.push_back(ImGui::CalcTextSize(labels.back().c_str()));
    boxes.push_back(face.box);
    sizes.emplace_back((text_sizes.back().x + 6) / at.scale, (text_sizes.back().y + 2) / at.scale);
  }
  const auto corners = place_labels(boxes, sizes, cv::Size2f(result.frame.image.size()));
  for (size_t i = 0; i < result.faces.size(); ++i) {
    const FaceResult& face = result.faces[i];
    const ImVec2 a(at.min.x + face.box.x * at.scale, at.min.y + face.box.y * at.scale);
    const ImVec2 b(at.min.x + face.box.br().x * at.scale, at.min.y + face.box.br().y * at.scale);
    const bool selected = face.track_id == feed.selected_track();
    draw->AddRect(a, b, emotion_color(face.label), 0, 0, selected ? 3.0f : 2.0f);
    const ImVec2 text_at(at.min.x + corners[i].x * at.scale, at.min.y + corners[i].y * at.scale);
    const ImVec2 size = text_sizes[i];
    draw->AddRectFilled(text_at, ImVec2(text_at.x + size.x + 6, text_at.y + size.y + 2), emotion_color(face.label, 0.85f));
    draw->AddText(ImVec2(text_at.x + 3, text_at.y + 1), IM_COL32(0, 0, 0, 255), labels[i].c_str());
    if (ImGui::IsMouseClicked(0) && ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) {
      feed.select_track(face.track_id, bench);
    }
  }
}

}  // namespace

void draw_live_panel(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  draw_source_row(panel, feed, bench);
  if (feed.source().empty() || feed.source_failed()) {
    draw_source_offer(panel, feed, bench);
    return;
  }
  if (!feed.running()) {
    ImGui::TextDisabled(bench.models.loading() ? "Loading the model..." : "Load a model (Models panel) to start the feed.");
    return;
  }
  draw_status(feed);
  draw_record_row(panel, feed, bench);
  draw_detector_picker(feed, bench);
  // One row of controls where the panel is wide enough: the feed keeps the
  // height. The style (opacity, colormap, one scale) is the Grad-CAM panel's
  // too; here it waits behind a button.
  same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("heatmaps").x);
  ImGui::Checkbox("heatmaps", &panel.show_gradcam);
  same_line_if_fits(button_width("style"));
  if (ImGui::Button("style")) ImGui::OpenPopup("heatmap style");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("the heatmaps' opacity, colormap and scale, shared by every panel");
  if (ImGui::BeginPopup("heatmap style")) {
    draw_heatmap_style_controls(bench.heatmap_style);
    ImGui::EndPopup();
  }

  const auto& result = feed.shown();
  if (!result) {
    ImGui::TextDisabled("Waiting for the first analysed frame...");
    return;
  }
  const HeatmapStyle& style = bench.heatmap_style;
  if (panel.uploaded != result || panel.uploaded_shared != style.shared_scale) {
    upload(panel, *result, style.shared_scale);
    panel.uploaded = result;
    panel.uploaded_shared = style.shared_scale;
    panel.composed_from = nullptr;
  }
  const bool overlay_stale = panel.composed_from != result || panel.composed_opacity != style.opacity ||
                             panel.composed_colormap != style.colormap;
  if (panel.show_gradcam && overlay_stale) {
    compose(panel, *result, bench);
    panel.composed_from = result;
    panel.composed_opacity = style.opacity;
    panel.composed_colormap = style.colormap;
  }
  const GlTexture& shown = panel.show_gradcam && !panel.composed.empty() ? panel.composed : panel.frame;
  const ImageRect at = draw_image_fit(shown, ImGui::GetContentRegionAvail());
  panel.shown_at = at;
  draw_faces(*result, at, feed, bench);
  if (result->faces.empty()) ImGui::GetWindowDrawList()->AddText(ImVec2(at.min.x + 8, at.min.y + 8), IM_COL32(255, 255, 255, 220), "no face found");
}

}  // namespace ferlab::app
