// The settings the workbench remembers between runs: written and read back
// through the real file, what a run opens when the command line names some of
// them and not others, and the real `ferlab studio` re-opening them.
#include <gtest/gtest.h>

#include <fstream>

#include "app/studio_settings.hpp"
#include "core/errors.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"
#include "studio_fixture.hpp"
#include "vision/face_detector.hpp"

namespace ferlab::app {
namespace {

StudioSettings last_session() {
  StudioSettings s;
  s.sources = {"scene:/data/fer2013", "webcam:0", "/videos/clip.mp4"};
  s.data = "/data/fer2013";
  s.models = {"cnn", "/models/mine.safetensors"};
  s.panels = {"live", "gradcam", "log"};
  s.detector = "blazeface-back";
  return s;
}

TEST(StudioSettings, RoundTripsThroughTheFile) {
  test::TempDir dir("settings");
  const std::string path = dir.file("workbench.json");
  save_studio_settings(last_session(), path);
  EXPECT_EQ(load_studio_settings(path), last_session());
  // Saving again replaces the file rather than appending to it.
  StudioSettings fewer;
  fewer.sources = {"webcam:1"};
  save_studio_settings(fewer, path);
  EXPECT_EQ(load_studio_settings(path), fewer);
}

TEST(StudioSettings, AMissingFileIsAFirstRun) {
  test::TempDir dir("settings-missing");
  EXPECT_EQ(load_studio_settings(dir.file("workbench.json")), StudioSettings{});
}

TEST(StudioSettings, ABrokenFileIsAnErrorNamingIt) {
  test::TempDir dir("settings-broken");
  const std::string path = dir.file("workbench.json");
  std::ofstream(path) << "{\"sources\": [\"webcam:0\", 3]}";
  const std::string wrong_type = test::error_of<DataError>([&] { load_studio_settings(path); });
  EXPECT_NE(wrong_type.find(path), std::string::npos) << wrong_type;
  EXPECT_NE(wrong_type.find("sources"), std::string::npos) << wrong_type;
  std::ofstream(path) << "{\"sources\": [";
  EXPECT_NE(test::error_of<DataError>([&] { load_studio_settings(path); }).find(path), std::string::npos);
}

TEST(StudioStart, FirstRunOpensTheDefaults) {
  const StudioStart start = resolve_studio_start(StudioStart{}, "webcam:0", StudioSettings{});
  EXPECT_EQ(start.source, "webcam:0");
  EXPECT_EQ(start.data, "");
  EXPECT_EQ(start.models, std::vector<std::string>{"default"});
  EXPECT_TRUE(start.panels.empty()) << "empty: the default set";
  EXPECT_TRUE(start.recent_sources.empty());
  EXPECT_EQ(start.detector, "") << "empty: the default detector";
}

TEST(StudioStart, ANewRunReopensWhatTheLastOneHadOpen) {
  const StudioStart start = resolve_studio_start(StudioStart{}, "webcam:0", last_session());
  EXPECT_EQ(start.source, "scene:/data/fer2013");
  EXPECT_EQ(start.recent_sources, last_session().sources);
  EXPECT_EQ(start.data, "/data/fer2013");
  EXPECT_EQ(start.models, last_session().models);
  EXPECT_EQ(start.panels, last_session().panels);
  EXPECT_EQ(start.detector, "blazeface-back");
}

TEST(StudioStart, TheCommandLineWinsOverWhatWasRemembered) {
  StudioStart given;
  given.source = "/videos/other.mp4";
  given.data = "/data/other.csv";
  given.models = {"resnet18"};
  given.panels = {"dataset"};
  given.detector = "haar";
  const StudioStart start = resolve_studio_start(given, "webcam:0", last_session());
  EXPECT_EQ(start.source, "/videos/other.mp4");
  EXPECT_EQ(start.data, "/data/other.csv");
  EXPECT_EQ(start.models, std::vector<std::string>{"resnet18"});
  EXPECT_EQ(start.panels, std::vector<std::string>{"dataset"});
  EXPECT_EQ(start.detector, "haar");
  EXPECT_EQ(start.recent_sources, last_session().sources) << "the recent list stays offered";
}


TEST(RememberedSettings, ASecondRunReopensWhatTheFirstHadOpenUnlessTold) {
  if (!testing::have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  testing::TempDir dir("remembered");
  testing::write_tiny_csv(dir.path("faces.csv"), 2, 2);
  testing::write_image_folder(dir.path("frames"), 3);
  const std::string model = testing::write_random_cnn(dir.path(""), "cnn-remembered");
  const std::string settings = dir.path("workbench.json");
  const std::string common = "--frames 5 --width 1280 --height 800 --scale 1 --settings " + settings;

  const auto first = testing::run_studio_screenshot(dir, "first", common + " --source " + dir.path("frames") + " --data " +
                                                                     dir.path("faces.csv") + " --model " + model +
                                                                     " --panels live,dataset --detector haar");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const StudioSettings written = load_studio_settings(settings);
  EXPECT_EQ(written.sources, std::vector<std::string>{dir.path("frames")});
  EXPECT_EQ(written.data, dir.path("faces.csv"));
  EXPECT_EQ(written.models, std::vector<std::string>{model});
  EXPECT_EQ(written.panels, (std::vector<std::string>{"live", "dataset"}));
  EXPECT_EQ(written.detector, "haar");

  const auto second = testing::run_studio_screenshot(dir, "second", common);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  const auto& bench = second.sidecar["workbench"];
  EXPECT_EQ(bench["live"]["source"], dir.path("frames"));
  EXPECT_EQ(bench["live"]["detector"], "haar") << "the remembered detector";
  EXPECT_EQ(bench["data_faces"], 7 * (2 + 2));
  EXPECT_EQ(bench["models"], nlohmann::json::array({"cnn-remembered"}));
  EXPECT_FALSE(testing::find_window(second.sidecar, "Live").is_null());
  EXPECT_FALSE(testing::find_window(second.sidecar, "Dataset").is_null());
  EXPECT_TRUE(testing::find_window(second.sidecar, "Models").is_null()) << "the remembered panel set";

  const auto third = testing::run_studio_screenshot(dir, "third", common + " --source webcam:57 --panels models");
  ASSERT_EQ(third.exit_code, 0) << third.output;
  EXPECT_EQ(third.sidecar["workbench"]["live"]["source"], "webcam:57");
  EXPECT_EQ(third.sidecar["workbench"]["data_faces"], 7 * (2 + 2)) << "--data not given: still the remembered one";
  EXPECT_TRUE(testing::find_window(third.sidecar, "Live").is_null());
  EXPECT_EQ(load_studio_settings(settings).sources, (std::vector<std::string>{"webcam:57", dir.path("frames")}));
}

// A remembered detector this version does not know (a hand-edited file, a
// later version's name) is said in the log, and the default is used.
TEST(RememberedSettings, AnUnknownRememberedDetectorIsReportedAndTheDefaultUsed) {
  if (!testing::have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  testing::TempDir dir("remembered-detector");
  testing::write_image_folder(dir.path("frames"), 2);
  const std::string model = testing::write_random_cnn(dir.path(""), "cnn-detector");
  const std::string settings = dir.path("workbench.json");
  StudioSettings written;
  written.sources = {dir.path("frames")};
  written.models = {model};
  written.detector = "blazeface-9000";
  save_studio_settings(written, settings);
  const auto run = testing::run_studio_screenshot(dir, "unknown", "--frames 5 --width 1280 --height 800 --scale 1 --settings " + settings);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.sidecar["workbench"]["live"]["detector"], detector_kind_name(default_detector_options().kind));
  EXPECT_NE(run.output.find("unknown detector 'blazeface-9000'"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(settings), std::string::npos) << "the message names the file";
}

}  // namespace
}  // namespace ferlab::app
