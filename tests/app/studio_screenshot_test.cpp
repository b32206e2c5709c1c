// The workbench end to end: the real `ferlab studio` in screenshot mode, on a
// generated data set and an untrained model, under Xvfb.
#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <memory>

#include "studio_fixture.hpp"
#include "support/run_ferlab.hpp"

namespace ferlab::app::testing {
namespace {

class StudioScreenshot : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!have_display()) return;
    dir_ = std::make_unique<TempDir>("studio");
    write_tiny_csv(dir_->path("faces.csv"), 4, 3);
    model_ = write_random_cnn(dir_->path(""), "cnn-untrained");
    // One full run shared by the tests that only read what it drew.
    full_ = std::make_unique<StudioRun>(run_studio_screenshot(
        *dir_, "full",
        "--frames 8 --width 1280 --height 800 --scale 1 --panels dataset,evaluation,models,export --evaluate --model " + model_ +
            " --data " + dir_->path("faces.csv")));
  }
  static void TearDownTestSuite() {
    full_.reset();
    dir_.reset();
  }
  void SetUp() override {
    if (!have_display()) GTEST_SKIP() << "no DISPLAY (scripts/test.sh runs the tests under xvfb-run)";
  }

  static std::unique_ptr<TempDir> dir_;
  static std::string model_;
  static std::unique_ptr<StudioRun> full_;
};

std::unique_ptr<TempDir> StudioScreenshot::dir_;
std::string StudioScreenshot::model_;
std::unique_ptr<StudioRun> StudioScreenshot::full_;

TEST_F(StudioScreenshot, Screenshot_IsSavedAtTheWindowSizeAndIsNotBlank) {
  ASSERT_EQ(full_->exit_code, 0) << full_->output;
  ASSERT_FALSE(full_->image.empty()) << full_->output;
  EXPECT_EQ(full_->image.cols, 1280);
  EXPECT_EQ(full_->image.rows, 800);
  cv::Scalar mean, stddev;
  cv::meanStdDev(full_->image, mean, stddev);
  EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 30.0) << "the screenshot is nearly uniform";
}

TEST_F(StudioScreenshot, Screenshot_DrawsEveryRequestedPanelWithContent) {
  ASSERT_EQ(full_->exit_code, 0) << full_->output;
  const cv::Rect image_rect(0, 0, full_->image.cols, full_->image.rows);
  for (const char* title : {"Dataset", "Evaluation", "Models", "Export"}) {
    const auto window = find_window(full_->sidecar, title);
    ASSERT_FALSE(window.is_null()) << title << " missing from " << full_->sidecar.dump();
    EXPECT_FALSE(window.value("collapsed", true)) << title;
    const cv::Rect rect(window["x"].get<int>(), window["y"].get<int>(), window["width"].get<int>(),
                        window["height"].get<int>());
    const cv::Rect inside = rect & image_rect;
    ASSERT_GT(inside.area(), 100 * 100) << title << " is too small or off screen";
    cv::Scalar mean, stddev;
    cv::meanStdDev(full_->image(inside), mean, stddev);
    // Text, plots and widgets make a panel far from uniform; an empty window is not.
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 15.0) << title << " looks empty";
  }
  EXPECT_TRUE(find_window(full_->sidecar, "Live").is_null()) << "a panel that was not asked for was drawn";
}

TEST_F(StudioScreenshot, Screenshot_WaitsForModelDataAndEvaluation) {
  ASSERT_EQ(full_->exit_code, 0) << full_->output;
  const auto& bench = full_->sidecar["workbench"];
  EXPECT_EQ(bench["data_faces"], 7 * (4 + 3));
  ASSERT_EQ(bench["models"].size(), 1u);
  EXPECT_EQ(bench["models"][0], "cnn-untrained");
  ASSERT_EQ(bench["evaluations"].size(), 1u) << full_->sidecar.dump();
  EXPECT_EQ(bench["evaluations"][0]["split"], "test");
  EXPECT_EQ(bench["evaluations"][0]["samples"], 7 * 3);
  EXPECT_FALSE(full_->sidecar["timed_out"].get<bool>());
  EXPECT_TRUE(full_->sidecar["errors"].empty()) << full_->sidecar["errors"].dump();
}

TEST_F(StudioScreenshot, Screenshot_ReportsFrameTimes) {
  ASSERT_EQ(full_->exit_code, 0) << full_->output;
  const auto& frame_ms = full_->sidecar["frame_ms"];
  EXPECT_GE(full_->sidecar["frames"].get<int>(), 8);
  EXPECT_GT(frame_ms["median"].get<double>(), 0.0);
  EXPECT_LE(frame_ms["median"].get<double>(), frame_ms["max"].get<double>());
}

TEST_F(StudioScreenshot, Studio_MissingDataFileIsShownAsAnErrorInTheUi) {
  const auto run = run_studio_screenshot(*dir_, "missing", "--frames 3 --panels dataset --model " + model_ +
                                                               " --data " + dir_->path("no-such-file.csv"));
  ASSERT_EQ(run.exit_code, 1) << "a data set that failed fails the run\n" << run.output;
  const auto& errors = run.sidecar["errors"];
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].get<std::string>().find("no-such-file.csv"), std::string::npos) << errors.dump();
}

TEST_F(StudioScreenshot, Studio_UnknownPanelIsRejectedWithTheKnownNames) {
  const auto run = run_studio_screenshot(*dir_, "badpanel", "--frames 1 --panels dataset,nonsense");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("nonsense"), std::string::npos) << run.output;
  EXPECT_TRUE(run.image.empty());
}

}  // namespace
}  // namespace ferlab::app::testing

namespace ferlab::app::testing {
namespace {

TEST(StudioLive, Screenshot_ShowsTheFeedPanelsForAnImageFolder) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (scripts/test.sh runs the tests under xvfb-run)";
  TempDir dir("live");
  write_image_folder(dir.path("frames"), 4);
  const std::string model = write_random_cnn(dir.path(""), "cnn-live");
  const auto run = run_studio_screenshot(dir, "live",
                                         "--frames 5 --width 1280 --height 800 --scale 1 "
                                         "--panels live,gradcam,probabilities --model " + model +
                                             " --source " + dir.path("frames"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_FALSE(run.sidecar["timed_out"].get<bool>());
  EXPECT_TRUE(run.sidecar["errors"].empty()) << run.sidecar["errors"].dump();
  const cv::Rect image_rect(0, 0, run.image.cols, run.image.rows);
  for (const char* title : {"Live", "Grad-CAM", "Probabilities"}) {
    const auto window = find_window(run.sidecar, title);
    ASSERT_FALSE(window.is_null()) << title;
    const cv::Rect rect(window["x"].get<int>(), window["y"].get<int>(), window["width"].get<int>(),
                        window["height"].get<int>());
    cv::Scalar mean, stddev;
    cv::meanStdDev(run.image(rect & image_rect), mean, stddev);
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 15.0) << title << " looks empty";
  }
  // The feed's frames are drawn: the Live window holds the folder's blue-grey background colour.
  const auto live = find_window(run.sidecar, "Live");
  const cv::Mat inside = run.image(cv::Rect(live["x"].get<int>(), live["y"].get<int>(), live["width"].get<int>(),
                                            live["height"].get<int>()) & image_rect);
  cv::Mat background;
  cv::inRange(inside, cv::Scalar(80, 100, 120), cv::Scalar(100, 120, 140), background);
  EXPECT_GT(cv::countNonZero(background), 1000) << "no frame pixels in the Live panel";
}

// A user choosing a window size or a screenshot budget sees what they get without one.
TEST(StudioHelp, ShowsTheDefaultsOfSizeAndScreenshotOptions) {
  const auto r = ferlab::test::run_ferlab("studio --help");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* option : {"--width INT:INT in [640 - 7680]=1600", "--height INT:INT in [480 - 4320]=1000",
                             "--frames INT:POSITIVE=30", "--timeout FLOAT:POSITIVE=120"})
    EXPECT_NE(r.output.find(option), std::string::npos) << option << "\n" << r.output;
}

}  // namespace
}  // namespace ferlab::app::testing
