// The workbench at the sizes people run it at: a small laptop window, the
// default window at UI scales 1 and 2, a large screen at UI scale 2. Every
// panel is drawn with content (a live scene, a data set, an evaluation), no
// text may be cut at a panel's, a column's or a button's edge, and what people
// look at keeps a useful size (the screenshot sidecar's "drawn" sizes): the
// live image at least half of its panel, the explanation images, a dozen
// dataset faces a page, confusion-matrix cells that hold their counts, model
// comparison heatmaps of 11 text heights (165 px at scale 1). Also with the
// live demo's few panels.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/panel_layout.hpp"
#include "studio_fixture.hpp"
#include "vision/demo_scene.hpp"

namespace ferlab::app::testing {
namespace {

struct Size {
  int width, height;
  float scale;
};

// The sizes of what the panels drew, where they drew it (a tab behind
// another draws nothing: 0).
void expect_useful_sizes(const nlohmann::json& sidecar) {
  const auto& drawn = sidecar["workbench"]["drawn"];
  const float font = drawn["font_size"].get<float>();
  const nlohmann::json live = find_window(sidecar, "Live");
  ASSERT_FALSE(live.is_null());
  const float image_area = drawn["live_image"][0].get<float>() * drawn["live_image"][1].get<float>();
  EXPECT_GE(image_area, 0.5f * live["width"].get<float>() * live["height"].get<float>())
      << "the live image is less than half of its panel: " << drawn.dump() << " in " << live.dump();
  if (const float side = drawn["explanation_image"].get<float>(); side > 0) EXPECT_GE(side, 5 * font) << drawn.dump();
  if (const size_t faces = drawn["dataset_faces_per_page"].get<size_t>(); faces > 0) EXPECT_GE(faces, 12u) << drawn.dump();
  if (const float cell = drawn["confusion_cell"].get<float>(); cell > 0) EXPECT_GE(cell, 2.2f * font - 0.01f) << drawn.dump();
  if (const float side = drawn["comparison_heatmap"].get<float>(); side > 0) EXPECT_GE(side, 11 * font - 0.5f) << drawn.dump();
}

class LayoutSizes : public ::testing::TestWithParam<Size> {
 protected:
  static void SetUpTestSuite() {
    if (!have_display()) return;
    dir_ = std::make_unique<TempDir>("layout");
    write_tiny_csv(dir_->path("faces.csv"), 6, 4);
    model_ = write_random_cnn(dir_->path(""), "cnn");
    // Real faces when FER-2013 is beside the repository, generated frames otherwise.
    const std::string fer = std::string(FERLAB_SHARED_DIR) + "/fer2013";
    if (std::filesystem::is_directory(fer + "/test")) {
      source_ = scene_spec(fer);
    } else {
      write_image_folder(dir_->path("frames"), 4);
      source_ = dir_->path("frames");
    }
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static std::unique_ptr<TempDir> dir_;
  static std::string model_, source_;
};
std::unique_ptr<TempDir> LayoutSizes::dir_;
std::string LayoutSizes::model_, LayoutSizes::source_;

// Wide enough for every panel at once: all are drawn in one screenshot. Else
// the feed keeps its window and the rest are tabs beside it, of which one is
// drawn: each is shown in that slot in turn, alone beside the feed.
TEST_P(LayoutSizes, EveryPanelIsDrawnAndNoTextIsCut) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (scripts/test.sh runs the tests under xvfb-run)";
  const Size size = GetParam();
  const std::string name = "w" + std::to_string(size.width) + "-s" + std::to_string(static_cast<int>(size.scale));
  const std::string common = "--frames 40 --timeout 600 --width " + std::to_string(size.width) + " --height " +
                             std::to_string(size.height) + " --scale " + std::to_string(size.scale) +
                             " --evaluate --model " + model_ + " --data " + dir_->path("faces.csv") + " --source " +
                             source_;
  const float menu = 21 * size.scale;  // the menu bar's height, about
  if (!use_compact_layout(static_cast<float>(size.width), size.height - menu, 15 * size.scale)) {
    const auto run = run_studio_screenshot(*dir_, name, common);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    ASSERT_TRUE(run.sidecar.is_object()) << run.output;
    for (const char* title : {"Live", "Grad-CAM", "Probabilities", "Dataset", "Evaluation", "Models", "Export"})
      EXPECT_FALSE(find_window(run.sidecar, title).is_null()) << title << " not drawn: " << run.sidecar["windows"].dump();
    EXPECT_EQ(run.sidecar["workbench"]["evaluations"].size(), 1u) << "the evaluation did not finish";
    EXPECT_TRUE(run.sidecar["clipped_text"].empty()) << run.sidecar["clipped_text"].dump(1);
    expect_useful_sizes(run.sidecar);
    return;
  }
  for (const auto& [panel, title] : {std::pair{"gradcam", "Grad-CAM"}, std::pair{"probabilities", "Probabilities"},
                                     std::pair{"dataset", "Dataset"}, std::pair{"evaluation", "Evaluation"},
                                     std::pair{"models", "Models"}, std::pair{"export", "Export"}}) {
    SCOPED_TRACE(panel);
    const auto run = run_studio_screenshot(*dir_, name + "-" + panel, common + " --panels live," + panel);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_FALSE(find_window(run.sidecar, title).is_null()) << title << " not drawn: " << run.sidecar["windows"].dump();
    EXPECT_TRUE(run.sidecar["clipped_text"].empty()) << run.sidecar["clipped_text"].dump(1);
    expect_useful_sizes(run.sidecar);
  }
}

TEST_P(LayoutSizes, TheLiveDemosFewPanelsGrowWithTheWindow) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (scripts/test.sh runs the tests under xvfb-run)";
  const Size size = GetParam();
  const std::string name = "demo-w" + std::to_string(size.width) + "-s" + std::to_string(static_cast<int>(size.scale));
  const auto run = run_studio_screenshot(
      *dir_, name,
      "--frames 40 --timeout 600 --width " + std::to_string(size.width) + " --height " + std::to_string(size.height) +
          " --scale " + std::to_string(size.scale) + " --panels live,gradcam,probabilities --model " + model_ +
          " --source " + source_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(run.sidecar["clipped_text"].empty()) << run.sidecar["clipped_text"].dump(1);
  const auto& drawn = run.sidecar["workbench"]["drawn"];
  EXPECT_GT(drawn["explanation_image"].get<float>(), 0) << "the Grad-CAM panel is in front" << drawn.dump();
  expect_useful_sizes(run.sidecar);
}

INSTANTIATE_TEST_SUITE_P(Workbench, LayoutSizes,
                         ::testing::Values(Size{1024, 700, 1}, Size{1600, 1000, 1}, Size{1600, 1000, 2},
                                           Size{2880, 1800, 2}),
                         [](const ::testing::TestParamInfo<Size>& info) {
                           return std::to_string(info.param.width) + "x" + std::to_string(info.param.height) + "_scale" +
                                  std::to_string(static_cast<int>(info.param.scale));
                         });

}  // namespace
}  // namespace ferlab::app::testing
