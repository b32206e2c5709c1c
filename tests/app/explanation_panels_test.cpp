// The workbench's explanations as a user meets them: the Models panel's maps all
// explain one class unless told otherwise, and subtract into a signed
// difference; a costly method on the Grad-CAM panel runs beside the UI, not in
// its frames, while the live feed keeps a per-frame map on every face. Real
// models (randomly initialised CNNs), real pipeline, real ImGui frames under Xvfb.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "app/live_feed.hpp"
#include "core/errors.hpp"
#include "app/panels/gradcam.hpp"
#include "app/panels/models.hpp"
#include "studio_fixture.hpp"
#include "ui_harness.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

#define FERLAB_REQUIRE_UI(ui)                                                  \
  do {                                                                         \
    if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";   \
    ASSERT_TRUE((ui).ok()) << "no OpenGL 3.3 context";                         \
  } while (0)

// Draws UI frames (polling the shelf and the feed as the main loop does) until `done`.
bool draw_until(UiHarness& ui, Workbench& bench, LiveFeed* feed, const std::function<void()>& draw,
                const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto end = Clock::now() + timeout;
  while (Clock::now() < end) {
    bench.models.poll(bench.log);
    if (feed) feed->poll(bench, seconds_since_start());
    ui.frame(ImVec2(-1, -1), false, draw);
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// A noise face on which the two models predict different classes, so that
// "the same class for all" and "each its own" differ; nullopt when none is found.
std::optional<std::array<uint8_t, kFacePixels>> face_the_models_disagree_on(const Workbench& bench) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> unit(0, 1);
  const auto& models = bench.models.models();
  for (int attempt = 0; attempt < 200; ++attempt) {
    // Faces from dark to bright, flat to noisy: untrained networks lean on overall brightness.
    const float base = 255 * unit(rng), amplitude = 128 * unit(rng);
    std::array<uint8_t, kFacePixels> face{};
    for (uint8_t& p : face) p = static_cast<uint8_t>(std::clamp(base + amplitude * (unit(rng) - 0.5f) * 2, 0.f, 255.f));
    if (argmax(models[0].classifier->predict_one(face.data())) != argmax(models[1].classifier->predict_one(face.data())))
      return face;
  }
  return std::nullopt;
}

TEST(ExplanationPanels, ModelsPanel_EveryModelExplainsTheLiveModelsClassUnlessEachItsOwnIsChosen) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("models-target");
  Workbench bench("");
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-a", 3));
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-b", 8));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.models.models().size() == 2; }, 60s));
  const auto face = face_the_models_disagree_on(bench);
  if (!face) GTEST_SKIP() << "the two random networks agree on every noise face tried";
  bench.models.set_active(1);  // the live model is the second: its prediction is the shared class
  bench.set_focus_face(face->data(), "test face");
  ModelsPanel panel;
  const auto draw = [&] {
    update_models_panel(panel, bench);
    as_panel("Models", [&] { draw_models_panel(panel, bench); });
  };
  const auto arrived = [&](const ComparisonTarget& target) {
    return [&panel, target] {
      const Comparison& c = panel.comparison;
      return c.views.size() == 2 && c.target.each_own_prediction == target.each_own_prediction &&
             c.target.target_class == target.target_class;
    };
  };

  ASSERT_TRUE(draw_until(ui, bench, nullptr, draw, arrived({}), 60s)) << "no comparison arrived";
  const auto& views = panel.comparison.views;
  const int live_prediction = argmax(views[1].probabilities);
  ASSERT_NE(argmax(views[0].probabilities), live_prediction);
  for (const FaceExplanation& view : views) {
    EXPECT_EQ(view.heatmap_class, live_prediction) << view.model;
    EXPECT_FALSE(view.heatmap.empty()) << view.model;
  }

  panel.target.each_own_prediction = true;  // the switch
  ASSERT_TRUE(draw_until(ui, bench, nullptr, draw, arrived(panel.target), 60s));
  for (const FaceExplanation& view : panel.comparison.views)
    EXPECT_EQ(view.heatmap_class, argmax(view.probabilities)) << view.model;

  panel.target = ComparisonTarget{false, 5};  // one class picked for all: surprise
  ASSERT_TRUE(draw_until(ui, bench, nullptr, draw, arrived(panel.target), 60s));
  for (const FaceExplanation& view : panel.comparison.views) EXPECT_EQ(view.heatmap_class, 5) << view.model;
}

TEST(ExplanationPanels, ModelsPanel_DifferenceMapIsTheSignedDifferenceOnItsOwnScale) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("models-difference");
  Workbench bench("");
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-a", 3));
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-b", 8));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.models.models().size() == 2; }, 60s));
  std::array<uint8_t, kFacePixels> face{};
  for (int i = 0; i < kFacePixels; ++i) face[static_cast<size_t>(i)] = static_cast<uint8_t>((i * 37) % 251);
  bench.set_focus_face(face.data(), "test face");
  ModelsPanel panel;
  const auto draw = [&] {
    update_models_panel(panel, bench);
    as_panel("Models", [&] { draw_models_panel(panel, bench); });
  };
  ASSERT_TRUE(draw_until(ui, bench, nullptr, draw, [&] { return panel.difference.made_for_serial >= 0; }, 60s))
      << "no difference map was made";
  const auto& views = panel.comparison.views;
  const HeatmapDifference& d = panel.difference;
  ASSERT_NE(d.a, d.b) << "the two models differ by default";
  const cv::Mat expected = views[static_cast<size_t>(d.a)].heatmap - views[static_cast<size_t>(d.b)].heatmap;
  double low = 0, high = 0;
  cv::minMaxLoc(expected, &low, &high);
  EXPECT_GT(high - low, 0.05) << "two random networks should put their evidence in different places";
  EXPECT_NEAR(d.scale, std::max(-low, high), 1e-6);
  EXPECT_TRUE(d.images.has_heatmap());
  EXPECT_THROW(heatmap_difference(views[0].heatmap, cv::Mat(4, 4, CV_32FC1)), Error);
}

TEST(ExplanationPanels, GradCamPanel_CostlyMethodArrivesWithoutHoldingUpAFrameOrTheLiveMaps) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("gradcam-background");
  if (!write_face_frames(dir.path("frames"), 6, {640, 360}, {{40, 60, 220, 220}, {400, 90, 170, 170}}))
    GTEST_SKIP() << "no FER-2013 test faces under " << FERLAB_SHARED_DIR;
  Workbench bench("");
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-gradcam"));
  LiveFeed feed(dir.path("frames"));
  GradCamPanel panel;
  const auto draw = [&] { as_panel("Grad-CAM", [&] { draw_gradcam_panel(panel, feed, bench); }); };
  ASSERT_TRUE(poll_until(bench, &feed, [&] { return feed.shown() && feed.shown()->faces.size() == 2; }, 60s));

  choose_method(CamMethod::ScoreCam, feed, bench);
  EXPECT_EQ(feed.options().cam_method, CamMethod::GradCam) << "the live feed keeps a per-frame method";
  int frames_while_running = 0;
  double slowest_frame_ms = 0;
  const auto arrived = [&] {
    return panel.explained && panel.explained->method == CamMethod::ScoreCam && !panel.explained->map.heatmap.empty();
  };
  const auto draw_timed = [&] {
    const auto t = Clock::now();
    draw();
    slowest_frame_ms = std::max(slowest_frame_ms, std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    if (panel.explaining.running()) ++frames_while_running;
  };
  ASSERT_TRUE(draw_until(ui, bench, &feed, draw_timed, arrived, 120s)) << "the Score-CAM map never arrived";
  const SelectedExplanation& e = *panel.explained;
  EXPECT_EQ(e.track_id, feed.selected_track());
  for (const FaceResult& face : e.frame->faces) {
    if (face.track_id != e.track_id) continue;
    EXPECT_EQ(e.map.target_class, face.label) << "the shown label is explained";
  }
  // Its faithfulness came with it: the deletion and insertion curves of FaithfulnessOptions' 20 steps.
  EXPECT_EQ(e.curves.deletion.size(), 21u);
  EXPECT_EQ(e.curves.insertion.size(), 21u);
  EXPECT_GE(e.curves.deletion_auc, 0.0);
  EXPECT_LE(e.curves.insertion_auc, 1.0);
  EXPECT_GE(frames_while_running, 2) << "the UI stopped drawing while Score-CAM ran";
  EXPECT_LT(slowest_frame_ms, e.milliseconds) << "a frame lasted as long as the Score-CAM computation";
  // Meanwhile every face of the live frames kept its per-frame map.
  ASSERT_TRUE(feed.shown());
  for (const FaceResult& face : feed.shown()->faces) EXPECT_FALSE(face.heatmap.empty()) << "track " << face.track_id;
}

}  // namespace
}  // namespace ferlab::app::testing
