// A measurement, not a check (disabled; run it by name): how much accuracy the
// live path loses against FER-2013's own crops, by crop margin and detector.
// Each of 350 PublicTest faces (50 per class) is pasted at 150-210 px on a
// demo background, detected, aligned and classified by the shipped resnet18.
//   build/tests/vision/test_vision --gtest_also_run_disabled_tests \
//     --gtest_filter=Measure.DISABLED_LiveCropAccuracyByMargin
// Pasted squares have edges that real faces do not: a tighter crop hides them,
// so this favours small margins more than a webcam would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "vision/face_analyzer.hpp"
#include "vision/synthetic_scene.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

int top_class(const Probabilities& p) { return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()); }

TEST(Measure, DISABLED_LiveCropAccuracyByMargin) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  const std::string weights = std::string(FERLAB_SOURCE_DIR) + "/models/resnet18.safetensors";
  if (!std::filesystem::exists(weights)) GTEST_SKIP() << "no " << weights;
  const auto faces = load_fer_test_faces(testing::fer2013_dir(), 350,
                                         {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"});
  const auto classifier = std::make_shared<const FaceClassifier>(FaceClassifier::load({weights}));
  int direct = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    const cv::Mat face = faces[i].clone();
    direct += top_class(classifier->predict_one(face.data)) == static_cast<int>(i % kNumEmotions);
  }
  std::printf("| detector | margin | faces found | accuracy of those |\n|---|---:|---:|---:|\n");
  std::printf("| none: the 48x48 originals | | %zu | %.1f %% |\n", faces.size(), 100.0 * direct / faces.size());
  for (const DetectorKind kind : {DetectorKind::BlazeFace, DetectorKind::Haar}) {
    for (const float margin : {0.8f, 0.9f, 1.0f, 1.1f}) {
      AnalyzerOptions options;
      options.align.margin = margin;
      options.detector.kind = kind;
      int correct = 0, found = 0;
      for (size_t i = 0; i < faces.size(); ++i) {
        FrameAnalyzer analyzer(options, classifier);
        Frame frame;
        frame.image = make_background({640, 480}, static_cast<unsigned>(i));
        const int side = 150 + static_cast<int>(i % 5) * 15;
        paste_face(frame.image, faces[i],
                   {100 + static_cast<int>(i * 37 % 300), 60 + static_cast<int>(i * 53 % 200), side, side});
        const FrameResult result = analyzer.analyze(frame);
        if (result.faces.size() != 1) continue;
        ++found;
        correct += top_class(result.faces[0].raw) == static_cast<int>(i % kNumEmotions);
      }
      std::printf("| %s | %.1f | %d | %.1f %% |\n", kind == DetectorKind::Haar ? "haar" : "blazeface", margin, found,
                  100.0 * correct / std::max(found, 1));
      std::fflush(stdout);
    }
  }
}

}  // namespace
}  // namespace ferlab
