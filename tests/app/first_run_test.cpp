// The workbench as a new user first meets it on a machine without a webcam: the
// missing camera is said once and retried quietly (nothing from OpenCV on the
// terminal), the Live panel offers the demo scene, which plays the open data
// set's faces, and the evaluation waits for its button.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "app/live_feed.hpp"
#include "app/panels/evaluation.hpp"
#include "app/panels/dataset.hpp"
#include "app/panels/live.hpp"
#include "app/panels/models.hpp"
#include "studio_fixture.hpp"
#include "ui_harness.hpp"
#include "vision/demo_scene.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;

// A camera index no test machine has.
constexpr const char* kNoCamera = "webcam:57";

#define FERLAB_REQUIRE_UI_AND_NO_CAMERA(ui)                                                \
  do {                                                                                     \
    if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";               \
    ASSERT_TRUE((ui).ok()) << "no OpenGL 3.3 context";                                     \
    if (std::filesystem::exists("/dev/video57")) GTEST_SKIP() << "this machine has a /dev/video57"; \
  } while (0)

size_t log_lines_with(const Workbench& bench, const std::string& text) {
  size_t n = 0;
  for (const LogEntry& entry : bench.log.entries()) n += entry.text.find(text) != std::string::npos;
  return n;
}

TEST(FirstRun, AMissingCameraIsLoggedOnceWhileItIsRetried) {
  UiHarness ui;
  FERLAB_REQUIRE_UI_AND_NO_CAMERA(ui);
  TempDir dir("first-run-camera");
  Workbench bench("");
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-first-run"));
  LiveFeed feed(kNoCamera);
  LivePanel panel;
  const auto draw = [&] { as_panel("Live", [&] { draw_live_panel(panel, feed, bench); }); };
  ASSERT_TRUE(poll_until(bench, &feed, [&] { return feed.source_failed(); }, 60s));
  EXPECT_EQ(feed.status().source_state, SourceState::CameraMissing);
  // Three reconnection attempts (one a second) later, still one line about it.
  poll_until(bench, &feed, [&] {
    ui.frame(ImVec2(-1, -1), false, draw);
    return false;
  }, 3500ms);
  EXPECT_TRUE(feed.source_failed());
  EXPECT_EQ(log_lines_with(bench, "camera 57"), 1u);
  EXPECT_EQ(bench.log.error_count(), 0u) << "no camera is not an error on a first run";
  EXPECT_FALSE(feed.awaiting_result()) << "nothing to wait for";
}

TEST(FirstRun, TheDemoSceneOfferedPlaysTheOpenDataSetsFaces) {
  UiHarness ui;
  FERLAB_REQUIRE_UI_AND_NO_CAMERA(ui);
  TempDir dir("first-run-demo");
  write_tiny_csv(dir.path("faces.csv"), 2, 3);
  Workbench bench("");
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-demo"));
  LiveFeed feed(kNoCamera);
  LivePanel panel;
  EXPECT_EQ(demo_scene_faces(bench, "", ""), "") << "no faces anywhere: nothing to offer";
  EXPECT_EQ(demo_scene_faces(bench, dir.path(""), ""), dir.path("")) << "a typed folder of faces";
  bench.data.request_load(dir.path("faces.csv"));
  ASSERT_TRUE(poll_until(bench, &feed, [&] { return feed.source_failed() && bench.data.dataset(); }, 60s));
  const std::string faces = demo_scene_faces(bench, "webcam:57", "");
  EXPECT_EQ(faces, dir.path("faces.csv")) << "the open data set comes first";

  const auto before = std::chrono::steady_clock::now();
  feed.open(scene_spec(faces), bench);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 300ms) << "leaving the missing camera froze the UI";
  ASSERT_TRUE(poll_until(bench, &feed, [&] {
    ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Live", [&] { draw_live_panel(panel, feed, bench); }); });
    return feed.shown() != nullptr;
  }, 60s)) << feed.status().message;
  EXPECT_FALSE(feed.source_failed());
  EXPECT_EQ(feed.status().source_description, "demo scene of " + faces);
  EXPECT_EQ(feed.shown()->frame.image.size(), cv::Size(640, 480));
  ASSERT_GE(feed.recent_sources().size(), 2u);
  EXPECT_EQ(feed.recent_sources()[0], scene_spec(faces));
  EXPECT_EQ(feed.recent_sources()[1], kNoCamera);
}

TEST(FirstRun, EvaluationWaitsForItsButton) {
  UiHarness ui;
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(ui.ok());
  TempDir dir("first-run-eval");
  write_tiny_csv(dir.path("faces.csv"), 2, 3);
  Workbench bench("");
  bench.data.request_load(dir.path("faces.csv"));
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-eval-wait"));
  EvaluationPanel panel;
  const auto draw = [&] { update_evaluation_runs(panel.runs, bench); as_panel("Evaluation", [&] { draw_evaluation_panel(panel, bench); }); };
  ASSERT_TRUE(poll_until(bench, nullptr, [&] {
    ui.frame(ImVec2(-1, -1), false, draw);
    return bench.data.dataset() && !bench.models.models().empty();
  }, 60s));
  for (int i = 0; i < 30; ++i) ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_FALSE(evaluation_busy(panel.runs));
  EXPECT_EQ(panel.runs.slots[0].shown, nullptr);
  EXPECT_EQ(panel.runs.slots[0].model, 0) << "the model is picked, ready for Evaluate";
}

// A failed source, data set or model keeps what was typed in its box and its
// reason beside it until the user asks for something else.
TEST(FirstRun, AFailedLoadKeepsItsPathInItsBoxAndItsReasonUntilTheNextRequest) {
  UiHarness ui;
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(ui.ok());
  TempDir dir("first-run-failures");
  Workbench bench(dir.path(""));
  LiveFeed feed(dir.path("nope.mp4"));
  LivePanel live;
  DatasetPanel dataset;
  ModelsPanel models;
  bench.data.request_load(dir.path("nope_fer"));
  bench.models.request_load("cnnn");
  const auto draw = [&] {
    as_panel("Live", [&] { draw_live_panel(live, feed, bench); });
    as_panel("Dataset", [&] { draw_dataset_panel(dataset, bench); });
    as_panel("Models", [&] { draw_models_panel(models, bench); });
  };
  ASSERT_TRUE(poll_until(bench, &feed, [&] {
    ui.frame(ImVec2(-1, -1), false, draw);
    return bench.data.failure() && bench.models.failure() && feed.source_failed();
  }, 60s));
  // Long after the log's toast would have gone, and with no model loaded for the feed.
  for (int i = 0; i < 20; ++i) ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_EQ(dataset.path_input, dir.path("nope_fer"));
  EXPECT_EQ(models.spec_input, "cnnn");
  EXPECT_EQ(live.source_input, dir.path("nope.mp4"));
  EXPECT_NE(bench.data.failure()->message.find(dir.path("nope_fer")), std::string::npos);
  EXPECT_NE(bench.models.failure()->message.find("no model 'cnnn'"), std::string::npos);
  EXPECT_EQ(feed.status().source_state, SourceState::Error);
  EXPECT_NE(feed.status().message.find(dir.path("nope.mp4")), std::string::npos) << feed.status().message;
  EXPECT_EQ(bench.log.error_count(), 3u) << "and the log keeps each";

  // The user may edit the box: a failure fills it once, not every frame.
  dataset.path_input.clear();
  ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_EQ(dataset.path_input, "");
  // A new request clears the reason; a new failure brings its own.
  bench.data.request_load(dir.path("still_nope"));
  EXPECT_FALSE(bench.data.failure());
  ASSERT_TRUE(poll_until(bench, &feed, [&] {
    ui.frame(ImVec2(-1, -1), false, draw);
    return bench.data.failure().has_value();
  }, 60s));
  ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_EQ(dataset.path_input, dir.path("still_nope"));
  feed.open(dir.path("also_nope.mp4"), bench);
  EXPECT_FALSE(feed.source_failed()) << "not yet tried";
}

TEST(FirstRunStudio, WithoutACameraTheTerminalStaysQuietAndTheLivePanelSaysSo) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  if (std::filesystem::exists("/dev/video57")) GTEST_SKIP() << "this machine has a /dev/video57";
  TempDir dir("first-run-studio");
  const std::string model = write_random_cnn(dir.path(""), "cnn-studio");
  // Enough frames for the camera to be tried again a few times.
  const auto run = run_studio_screenshot(dir, "no-camera",
                                         std::string("--frames 150 --width 1280 --height 800 --scale 1 --panels live,log "
                                                     "--source ") + kNoCamera + " --model " + model);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* noise : {"WARN", "ERROR", "VIDEOIO", "GStreamer", "V4L2", "obsensor"})
    EXPECT_EQ(run.output.find(noise), std::string::npos) << noise << " in:\n" << run.output;
  const auto& live = run.sidecar["workbench"]["live"];
  EXPECT_EQ(live["state"], "camera missing") << run.sidecar.dump();
  EXPECT_TRUE(live["source_failed"].get<bool>());
  EXPECT_NE(live["message"].get<std::string>().find("camera 57"), std::string::npos) << run.sidecar.dump();
  size_t camera_lines = 0;
  for (const auto& line : run.sidecar["workbench"]["log"]) camera_lines += line.get<std::string>().find("camera 57") != std::string::npos;
  EXPECT_EQ(camera_lines, 1u) << run.sidecar["workbench"]["log"].dump();
  EXPECT_TRUE(run.sidecar["errors"].empty()) << run.sidecar["errors"].dump();
}

TEST(FirstRunStudio, ASourceDataSetAndModelThatFailAreEachSaidAndTheRunFails) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  TempDir dir("first-run-errors");
  const auto run = run_studio_screenshot(dir, "errors",
                                         "--frames 30 --width 1280 --height 800 --scale 1 --panels live,log --source " +
                                             dir.path("nope.mp4") + " --data " + dir.path("nope_fer") + " --model cnnn");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("3 error(s), listed in the sidecar's \"errors\""), std::string::npos) << run.output;
  const auto& errors = run.sidecar["errors"];
  ASSERT_EQ(errors.size(), 3u) << errors.dump();
  for (const std::string& named : {dir.path("nope.mp4"), dir.path("nope_fer"), std::string("'cnnn'")}) {
    size_t naming = 0;
    for (const auto& e : errors) naming += e.get<std::string>().find(named) != std::string::npos;
    EXPECT_EQ(naming, 1u) << named << " in " << errors.dump();
  }
}

TEST(FirstRunStudio, TheDemoSceneShowsSeveralFaces) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  const std::string fer = std::string(FERLAB_SHARED_DIR) + "/fer2013";
  if (!std::filesystem::is_directory(fer + "/test")) GTEST_SKIP() << "no FER-2013 under " << FERLAB_SHARED_DIR;
  TempDir dir("first-run-scene");
  const std::string model = write_random_cnn(dir.path(""), "cnn-scene");
  const auto run = run_studio_screenshot(dir, "scene",
                                         "--frames 10 --width 1280 --height 800 --scale 1 --panels live --source " +
                                             scene_spec(fer) + " --model " + model);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto& live = run.sidecar["workbench"]["live"];
  EXPECT_EQ(live["state"], "running") << run.sidecar.dump();
  EXPECT_GE(live["faces"].get<int>(), 2) << "the scene opens with two people in view";
}

}  // namespace
}  // namespace ferlab::app::testing
