// The workbench at the sizes people run it at: a small laptop window, the
// default window at UI scale 2, a large screen at UI scale 2. Every panel is
// drawn with content (a live scene, a data set, an evaluation) and no text may
// be cut at a panel's, a column's or a button's edge.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "studio_fixture.hpp"
#include "vision/demo_scene.hpp"

namespace ferlab::app::testing {
namespace {

struct Size {
  int width, height;
  float scale;
};

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

TEST_P(LayoutSizes, EveryPanelIsDrawnAndNoTextIsCut) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (scripts/test.sh runs the tests under xvfb-run)";
  const Size size = GetParam();
  const std::string name = "w" + std::to_string(size.width) + "-s" + std::to_string(static_cast<int>(size.scale));
  const auto run = run_studio_screenshot(
      *dir_, name,
      "--frames 40 --timeout 600 --width " + std::to_string(size.width) + " --height " + std::to_string(size.height) +
          " --scale " + std::to_string(size.scale) + " --evaluate --model " + model_ + " --data " +
          dir_->path("faces.csv") + " --source " + source_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(run.sidecar.is_object()) << run.output;
  for (const char* title : {"Live", "Probabilities", "Dataset", "Evaluation"})
    EXPECT_FALSE(find_window(run.sidecar, title).is_null()) << title << " not drawn: " << run.sidecar["windows"].dump();
  EXPECT_EQ(run.sidecar["workbench"]["evaluations"].size(), 1u) << "the evaluation did not finish";
  EXPECT_TRUE(run.sidecar["clipped_text"].empty()) << run.sidecar["clipped_text"].dump(1);
}

INSTANTIATE_TEST_SUITE_P(Workbench, LayoutSizes,
                         ::testing::Values(Size{1024, 700, 1}, Size{1600, 1000, 2}, Size{2880, 1800, 2}),
                         [](const ::testing::TestParamInfo<Size>& info) {
                           return std::to_string(info.param.width) + "x" + std::to_string(info.param.height) + "_scale" +
                                  std::to_string(static_cast<int>(info.param.scale));
                         });

}  // namespace
}  // namespace ferlab::app::testing
