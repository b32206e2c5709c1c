#include "app/studio.hpp"

// Only for the key codes: ImGui 1.86 indexes keys by the backend's (GLFW_KEY_*).
// No GL header from it: gl/ includes glad's.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/live_feed.hpp"
#include "app/panel_layout.hpp"
#include "app/panels/dataset.hpp"
#include "app/panels/evaluation.hpp"
#include "app/panels/export.hpp"
#include "app/panels/gradcam.hpp"
#include "app/panels/live.hpp"
#include "app/panels/log.hpp"
#include "app/panels/models.hpp"
#include "app/panels/probabilities.hpp"
#include "app/gl/screenshot.hpp"
#include "app/gl/window.hpp"
#include "app/studio_settings.hpp"
#include "app/text_clipping.hpp"
#include "plot/png_file.hpp"
#include "app/workbench.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "models/runtime.hpp"

namespace ferlab::app {
namespace {

// The remembered panel names this version still knows (a later one may have renamed some).
std::vector<std::string> known_panels(const std::vector<std::string>& names) {
  std::vector<std::string> known;
  for (const std::string& name : names) {
    if (std::any_of(kPanels.begin(), kPanels.end(), [&](const PanelInfo& p) { return name == p.name; }))
      known.push_back(name);
  }
  return known;
}

// A remembered detector this version still knows, else "" (the default).
std::string known_detector(const std::string& name) {
  const std::vector<std::string> known = detector_kind_name_list();
  return std::find(known.begin(), known.end(), name) != known.end() ? name : "";
}

DetectorKind start_detector(const StudioStart& start) {
  return start.detector.empty() ? default_detector_options().kind : detector_kind_from_name(start.detector);
}

// A file of the config folder; the working folder when there is none (no HOME).
std::string config_file(const std::string& dir, const char* name) {
  return dir.empty() ? name : (std::filesystem::path(dir) / name).string();
}

// Where this run's settings are remembered: --settings, else workbench.json
// beside imgui.ini; none in screenshot mode unless --settings names a file, so
// that a screenshot does not depend on what the user did last.
std::string settings_file(const StudioOptions& options, const std::string& config_dir) {
  if (!options.settings_file.empty()) return options.settings_file;
  if (!options.screenshot.empty()) return "";
  return config_file(config_dir, "workbench.json");
}

// What this run opens: the command line over the remembered settings.
struct InitialState {
  StudioStart start;
  std::string settings_error;  // why the remembered settings were not used; "" when they were
  std::string settings_note;   // what of them was left out (a detector this version does not know)
};
InitialState initial_state(const StudioOptions& options, const std::string& settings_path) {
  InitialState state;
  StudioSettings remembered;
  if (!settings_path.empty()) {
    try {
      remembered = load_studio_settings(settings_path);
      remembered.panels = known_panels(remembered.panels);
      const std::string detector = known_detector(remembered.detector);
      if (detector != remembered.detector)
        state.settings_note = settings_path + ": unknown detector '" + remembered.detector + "' (expected one of " +
                              detector_kind_names() + "); using the default";
      remembered.detector = detector;
    } catch (const Error& e) {
      state.settings_error = std::string(e.what()) + "; starting with the defaults";
    }
  }
  StudioStart given;
  given.source = options.source;
  given.data = options.data;
  given.models = options.models;
  given.panels = options.panels;
  given.detector = options.detector;
  state.start = resolve_studio_start(given, options.default_source, remembered);
  return state;
}

std::array<bool, kNumPanels> visible_panels(const std::vector<std::string>& names) {
  std::array<bool, kNumPanels> visible{};
  if (names.empty()) {
    visible.fill(true);
    visible[kLog] = false;  // errors show as toasts; the full log is one keypress away
    return visible;
  }
  for (const std::string& name : names) {
    const auto it = std::find_if(kPanels.begin(), kPanels.end(), [&](const PanelInfo& p) { return name == p.name; });
    if (it == kPanels.end()) {
      std::string known;
      for (const auto& p : kPanels) known += std::string(known.empty() ? "" : ", ") + p.name;
      throw UsageError("unknown panel '" + name + "' in --panels (known: " + known + ")");
    }
    visible[static_cast<size_t>(it - kPanels.begin())] = true;
  }
  return visible;
}

void setup_style(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.ScaleAllSizes(scale);
  const char* const font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (std::filesystem::exists(font)) {
    io.Fonts->AddFontFromFileTTF(font, std::round(15.0f * scale));
  } else {
    // ImGui's built-in bitmap font is 13 px; scale it rather than fail.
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * scale);
    io.Fonts->AddFontDefault(&config);
  }
}

struct Panels {
  LivePanel live;
  GradCamPanel gradcam;
  ProbabilitiesPanel probabilities;
  DatasetPanel dataset;
  EvaluationPanel evaluation;
  ModelsPanel models;
  ExportPanel exporter;
};

bool busy(const Workbench& bench, const LiveFeed& feed, const Panels& panels) {
  // A recording that has not had its first frame yet would be finished empty (--record).
  const bool recording_unstarted = feed.recorder().active() && feed.recorder().frames() == 0;
  return feed.awaiting_result() || recording_unstarted || bench.models.loading() || bench.data.busy() ||
         evaluation_busy(panels.evaluation.runs) || models_busy(panels.models) || gradcam_busy(panels.gradcam);
}

bool live_playing(const LiveFeed& feed) { return feed.running() && !feed.paused() && !feed.source_failed(); }

class Studio {
 public:
  explicit Studio(const StudioOptions& options);
  int run();

 private:
  void frame();
  void draw_panels();
  void draw_panel(PanelId id);
  void draw_menu();
  void handle_shortcuts();
  void save_screenshot(const std::string& path);
  void write_sidecar(const std::string& png_path, bool timed_out, const std::vector<ClippedText>& clipped) const;
  double median_frame_ms() const;
  nlohmann::json workbench_summary() const;  // what the sidecar says was loaded and computed
  // What the panels last drew at sizes that matter to someone watching from
  // across a room, in screen coordinates: the layout tests check them.
  nlohmann::json drawn_sizes() const;

  void save_settings() const;

  StudioOptions options_;
  bool headless_ = false;
  std::string config_dir_;
  std::string settings_path_;  // "" = nothing is remembered
  InitialState initial_;
  std::string ini_path_;
  GlWindow window_;
  Workbench bench_;
  LiveFeed feed_;
  Panels panels_;
  std::array<bool, kNumPanels> visible_{};
  bool reset_layout_ = false;
  // What the panels were last placed for: a change of any places them again.
  struct Placement {
    PanelRect area;
    std::array<bool, kNumPanels> visible{};
    bool compact = false;
  };
  std::optional<Placement> placed_;
  // A panel another one sent the user to (the browser's Evaluate, a confusion
  // cell's faces): shown, and brought to the front of its tabs or windows.
  std::optional<PanelId> reveal_;
  // The panels drawn inside tabs this frame and where, for the sidecar (kept
  // plain: the frame loop fills it, only a screenshot reads it).
  std::vector<std::pair<PanelId, PanelRect>> tabbed_panels_;
  bool show_help_ = false;
  bool quit_ = false;
  std::vector<double> frame_ms_;
  int settled_frames_ = 0;  // consecutive frames with no background work running
};

Studio::Studio(const StudioOptions& options)
    : options_(options),
      headless_(!options.screenshot.empty()),
      config_dir_(studio_config_dir()),
      settings_path_(settings_file(options, config_dir_)),
      initial_(initial_state(options, settings_path_)),
      // The layout persists between sessions, except in screenshot mode, which must
      // be reproducible whatever the user last dragged around.
      ini_path_(headless_ ? "" : config_file(config_dir_, "imgui.ini")),
      // Before everything that holds GL objects, so that it outlives them.
      window_("FERLab workbench", WindowOptions{options.width, options.height, options.scale, !headless_, ini_path_}),
      bench_(options.models_dir),
      feed_(initial_.start.source, initial_.start.recent_sources, start_detector(initial_.start)),
      visible_(visible_panels(initial_.start.panels)) {
  setup_style(window_.scale());
  if (!options.panels.empty()) reset_layout_ = true;

  if (!initial_.settings_error.empty()) bench_.log.error(initial_.settings_error);
  // The default stands in for what was left out: a note, not a failure of the run.
  if (!initial_.settings_note.empty()) bench_.log.info(initial_.settings_note);
  for (const std::string& spec : initial_.start.models) bench_.models.request_load(spec);
  if (!initial_.start.data.empty()) bench_.data.request_load(initial_.start.data);
  panels_.evaluation.runs.start_when_ready = options.evaluate;
  if (const auto filter = issue_filter_named(options.browse)) {
    panels_.dataset.filter.issue = *filter;
    panels_.dataset.select_first_listed = true;
  }
  panels_.live.demo_faces_fallback = options.demo_faces;
  panels_.live.record_folder = options.record_dir.empty() ? default_recording_folder() : options.record_dir;
  panels_.live.record_when_ready = options.record;
}

void Studio::save_settings() const {
  if (settings_path_.empty()) return;
  StudioSettings now;
  now.sources = feed_.recent_sources();
  // Still loading at exit: keep what this run was asked to open.
  now.data = !bench_.data.path().empty() ? bench_.data.path() : initial_.start.data;
  for (const ShelfModel& m : bench_.models.models()) now.models.push_back(m.spec);
  if (now.models.empty()) now.models = initial_.start.models;
  for (size_t i = 0; i < kNumPanels; ++i)
    if (visible_[i]) now.panels.emplace_back(kPanels[i].name);
  now.detector = detector_kind_name(feed_.detector());
  try {
    save_studio_settings(now, settings_path_);
  } catch (const Error& e) {
    std::fprintf(stderr, "ferlab studio: cannot remember the settings: %s\n", e.what());
  }
}

void Studio::draw_menu() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Screenshot", "F12")) bench_.screenshot_request = "ferlab-screenshot.png";
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    for (size_t i = 0; i < kNumPanels; ++i) ImGui::MenuItem(kPanels[i].title, nullptr, &visible_[i]);
    ImGui::Separator();
    if (ImGui::MenuItem("Reset layout")) reset_layout_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Help", "F1")) show_help_ = !show_help_;
  const ImGuiIO& io = ImGui::GetIO();
  char status[128];
  std::snprintf(status, sizeof status, "%s  %.0f fps", busy(bench_, feed_, panels_) ? "working..." : "", io.Framerate);
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(status).x - style.ItemSpacing.x - style.WindowPadding.x * 2);
  ImGui::TextDisabled("%s", status);
  ImGui::EndMainMenuBar();
}

void Studio::handle_shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // keys belong to the text field being edited
  // ImGui 1.86 indexes keys by the backend's codes: GLFW_KEY_* here.
  if (ImGui::IsKeyPressed(GLFW_KEY_F12)) bench_.screenshot_request = "ferlab-screenshot.png";
  if (ImGui::IsKeyPressed(GLFW_KEY_F1)) show_help_ = !show_help_;
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q)) quit_ = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) feed_.set_paused(!feed_.paused());
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT) && feed_.paused()) feed_.step();
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_L)) visible_[kLog] = !visible_[kLog];
}

void Studio::draw_panel(PanelId id) {
  switch (id) {
    case kLive: draw_live_panel(panels_.live, feed_, bench_); break;
    case kGradCam: draw_gradcam_panel(panels_.gradcam, feed_, bench_); break;
    case kProbabilities: draw_probabilities_panel(panels_.probabilities, feed_, bench_); break;
    case kDataset: draw_dataset_panel(panels_.dataset, bench_); break;
    case kEvaluation: draw_evaluation_panel(panels_.evaluation, bench_); break;
    case kModels: draw_models_panel(panels_.models, bench_); break;
    case kExport: draw_export_panel(panels_.exporter, bench_); break;
    case kLog: draw_log_panel(bench_.log); break;
    case kNumPanels: break;
  }
}

void Studio::draw_panels() {
  update_evaluation_runs(panels_.evaluation.runs, bench_);
  update_models_panel(panels_.models, bench_);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Below the menu bar: its height reaches WorkPos only one frame late, too late
  // for the first frame's placement.
  const float menu = ImGui::GetFrameHeight();
  const PanelRect area{viewport->Pos.x, viewport->Pos.y + menu, viewport->Size.x, viewport->Size.y - menu};
  const Placement now{area, visible_, use_compact_layout(area.width, area.height, ImGui::GetFontSize())};
  // The first placement leaves what imgui.ini remembers; later ones follow a
  // resized window, a panel shown or hidden, a switch to or from tabs.
  if (placed_ && (placed_->area.width != now.area.width || placed_->area.height != now.area.height ||
                  placed_->visible != now.visible || placed_->compact != now.compact))
    reset_layout_ = true;
  placed_ = now;
  const ImGuiCond cond = reset_layout_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  reset_layout_ = false;
  tabbed_panels_.clear();
  const std::optional<PanelId> reveal = std::exchange(reveal_, std::nullopt);
  for (const PanelSlot& slot : arrange_panels(visible_, area, now.compact)) {
    ImGui::SetNextWindowPos(ImVec2(slot.rect.x, slot.rect.y), cond);
    ImGui::SetNextWindowSize(ImVec2(slot.rect.width, slot.rect.height), cond);
    if (slot.panels.size() == 1) {
      const PanelId id = slot.panels.front();
      if (reveal == id) ImGui::SetNextWindowCollapsed(false), ImGui::SetNextWindowFocus();
      if (ImGui::Begin(kPanels[id].title, &visible_[id])) draw_panel(id);
      ImGui::End();
      continue;
    }
    std::string name = "##tabs";
    for (PanelId id : slot.panels) name += std::string(":") + kPanels[id].name;
    if (ImGui::Begin(name.c_str(), nullptr, ImGuiWindowFlags_NoTitleBar) && ImGui::BeginTabBar("panels")) {
      for (PanelId id : slot.panels) {
        const ImGuiTabItemFlags flags = reveal == id ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
        if (!ImGui::BeginTabItem(kPanels[id].title, &visible_[id], flags)) continue;
        ImGui::BeginChild(kPanels[id].title);  // each panel keeps its own scroll position
        draw_panel(id);
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        tabbed_panels_.push_back({id, {pos.x, pos.y, size.x, size.y}});
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    ImGui::End();
  }
}

void Studio::frame() {
  bench_.models.poll(bench_.log);
  bench_.data.poll(bench_.log);
  feed_.poll(bench_, ImGui::GetTime());

  // A screenshot shows no hover state: the X server's pointer may lie anywhere over the window.
  window_.begin_frame(/*without_mouse=*/headless_);
  draw_menu();
  handle_shortcuts();

  if (bench_.evaluate_request) reveal_ = kEvaluation;  // the browser's Evaluate runs there
  if (bench_.browse_request) reveal_ = kDataset;      // a confusion cell's faces are shown there
  if (reveal_) visible_[*reveal_] = true;
  draw_panels();

  if (show_help_) {
    ImGui::Begin("Help", &show_help_, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted(
        "Space        pause / resume the live feed\n"
        "Right arrow  one frame while paused\n"
        "F12          screenshot\n"
        "Ctrl+L       show / hide the log\n"
        "Ctrl+Q       quit\n"
        "Panels: View menu. Layout is kept in ~/.config/ferlab/imgui.ini, the sources,\n"
        "data set, models and panels of this session in ~/.config/ferlab/workbench.json.");
    ImGui::End();
  }
  draw_log_toasts(bench_.log, bench_.log.seconds());
  window_.end_frame();
}

void Studio::save_screenshot(const std::string& path) {
  const ImVec2 size = window_.framebuffer_size();
  try {
    save_png(path, read_framebuffer(static_cast<int>(size.x), static_cast<int>(size.y)));
    if (!headless_) bench_.log.info("saved screenshot " + path);
  } catch (const Error& e) {
    bench_.log.error(e.what());
    if (headless_) throw;
  }
}

void Studio::write_sidecar(const std::string& png_path, bool timed_out,
                           const std::vector<ClippedText>& clipped) const {
  const ImVec2 framebuffer = window_.framebuffer_size(), window = window_.window_size();
  const int width = static_cast<int>(framebuffer.x), height = static_cast<int>(framebuffer.y);
  const float window_width = window.x;
  std::vector<double> sorted = frame_ms_;
  std::sort(sorted.begin(), sorted.end());
  const auto at = [&](double q) { return sorted.empty() ? 0.0 : sorted[static_cast<size_t>(q * (sorted.size() - 1))]; };
  nlohmann::json errors = nlohmann::json::array();
  for (const LogEntry& entry : bench_.log.entries()) {
    if (entry.level == LogLevel::Error) errors.push_back(entry.text);
  }
  const float framebuffer_scale = window_width > 0 ? static_cast<float>(width) / window_width : 1.0f;
  nlohmann::json windows = drawn_windows(framebuffer_scale);
  for (const auto& [id, r] : tabbed_panels_) {
    windows.push_back({{"name", kPanels[id].title}, {"x", r.x * framebuffer_scale}, {"y", r.y * framebuffer_scale},
                       {"width", r.width * framebuffer_scale}, {"height", r.height * framebuffer_scale},
                       {"collapsed", false}, {"tab", true}});
  }
  nlohmann::json cut = nlohmann::json::array();
  for (const ClippedText& c : clipped) cut.push_back({{"window", c.window}, {"text", c.text}, {"x", c.x}, {"y", c.y}});
  const nlohmann::json sidecar = {
      {"image", png_path},
      {"width", width},
      {"height", height},
      {"frames", frame_ms_.size()},
      {"timed_out", timed_out},
      {"frame_ms", {{"median", at(0.5)}, {"p95", at(0.95)}, {"max", sorted.empty() ? 0.0 : sorted.back()}}},
      {"windows", windows},
      {"errors", errors},
      {"clipped_text", cut},
      {"workbench", workbench_summary()},
  };
  const std::filesystem::path json_path = std::filesystem::path(png_path).replace_extension(".json");
  write_text_atomically(json_path.string(), json_text(sidecar, 2) + "\n");
}

nlohmann::json Studio::workbench_summary() const {
  nlohmann::json models = nlohmann::json::array();
  for (const ShelfModel& m : bench_.models.models()) models.push_back(m.name);
  nlohmann::json evaluations = nlohmann::json::array();
  for (const auto& e : bench_.current_evaluations()) {
    evaluations.push_back({{"model", e->model},
                           {"split", split_name(e->split)},
                           {"samples", e->result.predictions.size()},
                           {"accuracy", e->result.accuracy()}});
  }
  nlohmann::json log = nlohmann::json::array();
  for (const LogEntry& entry : bench_.log.entries()) log.push_back(entry.text);
  const PipelineStatus live = feed_.status();
  const auto& data = bench_.data.dataset();
  return {{"models", models},
          {"data_faces", data ? data->size() : 0},
          {"evaluations", evaluations},
          {"focus_face", bench_.focus_face ? bench_.focus_face->origin : ""},
          {"live", {{"source", feed_.source()},
                    {"detector", detector_kind_name(feed_.detector())},
                    {"state", source_state_name(live.source_state)},
                    {"source_failed", feed_.source_failed()},
                    {"message", live.message},  // a failure, or a source that has stalled
                    {"faces", feed_.shown() ? feed_.shown()->faces.size() : 0},
                    {"capture_fps", live.capture_fps},
                    {"analysed_fps", live.inference_fps},
                    {"frames_captured", live.frames_captured},
                    {"frames_analysed", live.frames_analyzed},
                    {"frames_dropped", live.frames_dropped},
                    {"detector_pass_ms", live.detector_pass_ms},
                    {"stage_ms", {{"decode", live.stage_ms.decode},
                                  {"follow_or_detect", live.stage_ms.detect},
                                  {"align", live.stage_ms.align},
                                  {"classify", live.stage_ms.classify},
                                  {"gradcam", live.stage_ms.gradcam},
                                  {"total", live.stage_ms.total}}},
                    {"recording", feed_.recorder().active() ? feed_.recorder().video_path() : ""}}},
          {"log", log},
          {"drawn", drawn_sizes()}};
}

nlohmann::json Studio::drawn_sizes() const {
  const ImageRect& live = panels_.live.shown_at;
  return {{"live_image", {live.max.x - live.min.x, live.max.y - live.min.y}},
          {"explanation_image", panels_.gradcam.image_side},
          {"dataset_faces_per_page", panels_.dataset.grid.per_page},
          {"confusion_cell", panels_.evaluation.confusion_cell},
          {"comparison_heatmap", panels_.models.heatmap_side},
          {"font_size", ImGui::GetFontSize()}};
}

double Studio::median_frame_ms() const {
  if (frame_ms_.empty()) return 0;
  std::vector<double> sorted = frame_ms_;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
  return sorted[sorted.size() / 2];
}

int Studio::run() {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  int rendered = 0;
  while (!window_.should_close() && !quit_) {
    // With software OpenGL (Xvfb, Mesa's llvmpipe, a laptop without a GPU
    // driver) every frame costs CPU that an evaluation or a training run
    // needs: without a live feed to keep up with, four frames a second keep
    // progress bars moving, and input still wakes the loop at once.
    const double wait = live_playing(feed_) ? 1.0 / 120 : 0.25;
    if (headless_) {
      window_.poll_events();
      if (wait > 0.05) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    } else {
      window_.wait_events(wait);  // wakes for input and workers' results without spinning
    }
    const auto frame_start = Clock::now();
    frame();
    if (headless_) window_.finish();  // count the GPU's share of the frame too
    frame_ms_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count());
    ++rendered;
    if (bench_.screenshot_request) {
      save_screenshot(*bench_.screenshot_request);
      bench_.screenshot_request.reset();
    }
    if (headless_) {
      const double waited = std::chrono::duration<double>(Clock::now() - started).count();
      const bool timed_out = waited > options_.timeout_seconds;
      // Two more frames after the work is done: results land in one frame and are laid out in the next.
      settled_frames_ = busy(bench_, feed_, panels_) ? 0 : settled_frames_ + 1;
      if ((rendered >= options_.frames && settled_frames_ >= 3) || timed_out) {
        save_screenshot(options_.screenshot);
        const std::vector<ClippedText> clipped = clipped_text(*ImGui::GetDrawData());
        for (const ClippedText& c : clipped)
          std::fprintf(stderr, "ferlab studio: text cut off in %s: \"%s\"\n", c.window.c_str(), c.text.c_str());
        write_sidecar(options_.screenshot, timed_out, clipped);
        save_settings();
        feed_.finish_recording_now(bench_);  // the log says on the terminal where it went
        if (timed_out) {
          std::fprintf(stderr, "ferlab studio: timed out after %.0f s waiting for background work; saved %s anyway\n",
                       waited, options_.screenshot.c_str());
          return 1;
        }
        std::printf("saved %s (%d frames, median frame %.2f ms)\n", options_.screenshot.c_str(), rendered,
                    median_frame_ms());
        // A source, data set or model that failed is a failed run, for scripts as for people.
        if (const size_t errors = bench_.log.error_count(); errors > 0) {
          std::fprintf(stderr, "ferlab studio: %zu error(s), listed in the sidecar's \"errors\"\n", errors);
          return 1;
        }
        return 0;
      }
    }
    window_.swap();
  }
  save_settings();
  feed_.finish_recording_now(bench_);  // a recording still running is kept, not lost
  return 0;
}

}  // namespace

std::vector<std::string> studio_panel_names() {
  std::vector<std::string> names;
  for (const auto& p : kPanels) names.emplace_back(p.name);
  return names;
}

int run_studio(const StudioOptions& options) {
  if (options.frames < 1) throw UsageError("--frames must be at least 1");
  if (options.torch_threads > 0) configure_runtime(options.torch_threads);
  Studio studio(options);
  return studio.run();
}

}  // namespace ferlab::app
