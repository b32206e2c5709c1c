#pragma once
// Live: the camera or file feed with face boxes, track IDs, labels with
// confidence and the Grad-CAM overlay; pause and single-step; frame rates and
// per-stage latency. With no source, or one that failed (no camera), says so
// once and offers the demo scene, the recent sources and a folder browser.
// Record / Stop writes what is analysed, annotated, as a video plus a CSV.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gl/gl_texture.hpp"
#include "app/live_feed.hpp"
#include "app/gl/overlay_shader.hpp"
#include "app/source_browser.hpp"

namespace ferlab::app {

struct LivePanel {
  std::string source_input;
  std::string demo_faces_fallback;  // where the demo scene's faces come from when no data set is open
  std::optional<bool> demo_photos_fetched;  // the photo tour's photos are there (looked for once)
  std::string record_folder;        // where Record writes (default_recording_folder() unless --record-dir)
  bool record_when_ready = false;   // press Record once the first frame is shown (--record)
  BrowseListing browse;             // the offer's folder listing, redone when source_input changes
  std::string browsed_for;
  bool show_gradcam = true;  // opacity and colormap: Workbench::heatmap_style, as every panel draws heatmaps
  std::unique_ptr<OverlayRenderer> renderer;  // made on first use (needs the GL context)
  GlTexture frame, composed;
  std::vector<GlTexture> heatmaps;
  std::shared_ptr<const FrameResult> uploaded;  // the result the textures hold
  bool uploaded_shared = false;                 // ... with its maps on one scale
  // What `composed` was rendered from: re-rendering the overlay every UI frame
  // costs ~8 ms under software GL, so it is redone only when one of these changes.
  std::shared_ptr<const FrameResult> composed_from;
  float composed_opacity = -1;
  Colormap composed_colormap = Colormap::Jet;
  ImageRect shown_at;  // where the frame was last drawn, in screen pixels: maps clicks to faces
};

void draw_live_panel(LivePanel& panel, LiveFeed& feed, Workbench& bench);

}  // namespace ferlab::app
