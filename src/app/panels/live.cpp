#include "app/panels/live.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app/heatmap_placement.hpp"
#include "app/heatmap_style_controls.hpp"
#include "app/widgets/plots.hpp"
#include "core/errors.hpp"
#include "vision/demo_scene.hpp"

namespace ferlab::app {
namespace {

void draw_source_row(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  if (panel.source_input.empty()) panel.source_input = feed.source();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 13);
  const bool entered = ImGui::InputTextWithHint("##source", "webcam:0, a video, an image or a folder of images",
                                                &panel.source_input, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open") || entered) && !panel.source_input.empty()) feed.open(panel.source_input, bench);
  ImGui::SameLine();
  if (ImGui::Button(feed.paused() ? "Resume" : "Pause")) feed.set_paused(!feed.paused());
  ImGui::SameLine();
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
    ImGui::TextDisabled("%s, %lld frames", recorder.video_path().c_str(), static_cast<long long>(recorder.frames()));
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
    annotate.heatmap_alpha = bench.heatmap_style.opacity;
    feed.start_recording(panel.record_folder, annotate, bench);
  }
  ImGui::SameLine();
  if (recorder.finishing()) ImGui::TextDisabled("finishing %s...", recorder.video_path().c_str());
  else ImGui::TextDisabled("the annotated feed and a CSV of every face, into %s", panel.record_folder.c_str());
}

// The stand-in for a file dialog: the folder the path box points at, its
// subfolders, videos and images; a click on a folder goes into it, on a file opens it.
void draw_browser(LivePanel& panel, LiveFeed& feed, Workbench& bench) {
  if (panel.browsed_for != panel.source_input || panel.browse.folder.empty()) {
    panel.browse = list_openable(panel.source_input, "");
    panel.browsed_for = panel.source_input;
  }
  const BrowseListing& listing = panel.browse;
  ImGui::TextDisabled("in %s", listing.folder.c_str());
  if (listing.images > 0) {
    ImGui::SameLine();
    char label[64];
    std::snprintf(label, sizeof label, "Open this folder (%zu images)", listing.images);
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
    std::string sentence = status.message;  // "camera 0 is not available (...)": starts a sentence here
    if (!sentence.empty()) sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
    if (status.source_state == SourceState::CameraMissing) {
      ImGui::TextWrapped("%s. FERLab keeps looking for it, quietly; meanwhile, open something else.", sentence.c_str());
    } else {
      ImGui::TextWrapped("Cannot play it. %s", sentence.c_str());
    }
  }
  ImGui::Spacing();
  const std::string faces = demo_scene_faces(bench, panel.source_input, panel.demo_faces_fallback);
  const bool can_play = !faces.empty() && !bench.data.loading();
  if (!can_play) ImGui::BeginDisabled();
  if (ImGui::Button("Play the demo scene")) {
    panel.source_input = scene_spec(faces);
    feed.open(panel.source_input, bench);
  }
  if (!can_play) ImGui::EndDisabled();
  ImGui::SameLine();
  if (bench.data.loading()) ImGui::TextDisabled("(waiting for the data set)");
  else if (faces.empty()) ImGui::TextDisabled("(needs faces: open a data set in the Dataset panel, or type a folder of face images above)");
  else ImGui::TextDisabled("(faces from %s)", faces.c_str());

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

void draw_status(const LiveFeed& feed) {
  const PipelineStatus status = feed.status();
  ImGui::TextDisabled("%s [%s]  capture %.1f fps, inference %.1f fps, %lld dropped", status.source_description.c_str(),
                      source_state_name(status.source_state), status.capture_fps, status.inference_fps,
                      static_cast<long long>(status.frames_dropped));
  if (const auto& r = feed.shown()) {
    const StageTimings& t = r->timings;
    ImGui::TextDisabled("ms: decode %.1f  detect %.1f  align %.1f  classify %.1f  grad-cam %.1f  total %.1f   %s",
                        t.decode, t.detect, t.align, t.classify, t.gradcam, t.total, r->classifier.c_str());
  }
  if (!status.message.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", status.message.c_str());
}

void upload(LivePanel& panel, const FrameResult& result) {
  panel.frame.upload(result.frame.image);
  panel.heatmaps.resize(result.faces.size());
  for (size_t i = 0; i < result.faces.size(); ++i) {
    if (!result.faces[i].heatmap.empty()) panel.heatmaps[i].upload(result.faces[i].heatmap);
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
  panel.renderer->render(panel.frame, placements, style.opacity, static_cast<Colormap>(style.colormap), panel.composed);
}

void draw_faces(const FrameResult& result, const ImageRect& at, LiveFeed& feed, Workbench& bench) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const FaceResult& face : result.faces) {
    const ImVec2 a(at.min.x + face.box.x * at.scale, at.min.y + face.box.y * at.scale);
    const ImVec2 b(at.min.x + face.box.br().x * at.scale, at.min.y + face.box.br().y * at.scale);
    const bool selected = face.track_id == feed.selected_track();
    draw->AddRect(a, b, emotion_color(face.label), 0, 0, selected ? 3.0f : 2.0f);
    char label[64];
    std::snprintf(label, sizeof label, "#%d %s %.0f%%", face.track_id, std::string(emotion_name(face.label)).c_str(),
                  100 * face.confidence);
    const ImVec2 size = ImGui::CalcTextSize(label);
    const ImVec2 text_at(a.x, std::max(at.min.y, a.y - size.y - 2));
    draw->AddRectFilled(text_at, ImVec2(text_at.x + size.x + 6, text_at.y + size.y + 2), emotion_color(face.label, 0.85f));
    draw->AddText(ImVec2(text_at.x + 3, text_at.y + 1), IM_COL32(0, 0, 0, 255), label);
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
  ImGui::Checkbox("heatmaps", &panel.show_gradcam);
  draw_heatmap_style_controls(bench.heatmap_style);

  const auto& result = feed.shown();
  if (!result) {
    ImGui::TextDisabled("Waiting for the first analysed frame...");
    return;
  }
  if (panel.uploaded != result) {
    upload(panel, *result);
    panel.uploaded = result;
  }
  const HeatmapStyle& style = bench.heatmap_style;
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
