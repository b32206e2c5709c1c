// The frame analyzer with Grad-CAM on: its one shared forward pass must classify
// exactly as the classifier does without Grad-CAM, and explain every face.
#include <gtest/gtest.h>

#include "models/model_io.hpp"
#include "support/torchscript_fixtures.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/synthetic_scene.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

std::vector<FaceResult> analyze_scene(GradCamFaces gradcam, Tta tta,
                                      std::shared_ptr<const FaceClassifier> classifier = nullptr) {
  const std::vector<cv::Mat> faces = load_fer_test_faces(testing::fer2013_dir(), 4);
  AnalyzerOptions options;
  options.gradcam = gradcam;
  options.tta = tta;
  // One network for every call, so that the runs differ only in their options.
  static const auto untrained = testing::untrained_classifier();
  FrameAnalyzer analyzer(options, classifier ? classifier : untrained);
  Frame frame;
  frame.image = render_benchmark_scene(faces, 4, 0, make_background({640, 480}, 7));
  return analyzer.analyze(frame).faces;
}

TEST(FrameAnalyzer, GradCamOnEveryFaceClassifiesAsWithoutIt) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  for (const Tta tta : {Tta::None, Tta::Flip}) {  // shared forward pass, and the separate one under TTA
    const auto plain = analyze_scene(GradCamFaces::None, tta);
    const auto explained = analyze_scene(GradCamFaces::All, tta);
    ASSERT_GE(plain.size(), 2u) << "the scene's faces were not found";
    ASSERT_EQ(explained.size(), plain.size());
    for (size_t i = 0; i < plain.size(); ++i) {
      EXPECT_TRUE(plain[i].heatmap.empty());
      ASSERT_FALSE(explained[i].heatmap.empty()) << "face " << i << ", tta " << tta_name(tta);
      EXPECT_EQ(explained[i].heatmap_class, explained[i].label);
      EXPECT_EQ(explained[i].label, plain[i].label);
      for (int c = 0; c < kNumEmotions; ++c)
        EXPECT_NEAR(explained[i].raw[c], plain[i].raw[c], 1e-5) << "face " << i << " class " << c;
    }
  }
}

TEST(FrameAnalyzer, SelectedGradCamExplainsOnlyTheLargestFaceAndClassifiesAsWithoutIt) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const auto faces = analyze_scene(GradCamFaces::Selected, Tta::None);
  const auto plain = analyze_scene(GradCamFaces::None, Tta::None);
  ASSERT_GE(faces.size(), 2u);
  ASSERT_EQ(faces.size(), plain.size());
  for (size_t i = 0; i < faces.size(); ++i)
    for (int c = 0; c < kNumEmotions; ++c) EXPECT_NEAR(faces[i].raw[c], plain[i].raw[c], 1e-5) << "face " << i;
  size_t largest = 0;
  for (size_t i = 1; i < faces.size(); ++i)
    if (faces[i].box.area() > faces[largest].box.area()) largest = i;
  for (size_t i = 0; i < faces.size(); ++i) EXPECT_EQ(faces[i].heatmap.empty(), i != largest) << "face " << i;
}

TEST(FrameAnalyzer, AModuleWithoutALayerIsExplainedByItsGradientAndClassifiesAsWithoutIt) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  if (!test::have_pytorch()) GTEST_SKIP() << "no python3-torch (scripts/setup.sh installs it)";
  ASSERT_FALSE(test::torchscript_fixtures().empty());
  const auto plain_module =
      std::make_shared<const FaceClassifier>(FaceClassifier::load({test::torchscript_fixtures() + "/plain.pt"}));
  const auto plain = analyze_scene(GradCamFaces::None, Tta::None, plain_module);
  const auto explained = analyze_scene(GradCamFaces::All, Tta::None, plain_module);
  ASSERT_GE(plain.size(), 2u);
  ASSERT_EQ(explained.size(), plain.size());
  for (size_t i = 0; i < plain.size(); ++i) {
    ASSERT_FALSE(explained[i].heatmap.empty()) << "face " << i;
    EXPECT_EQ(explained[i].label, plain[i].label);
  }
}

}  // namespace
}  // namespace ferlab
