// One probability everywhere: a face shows the same calibrated probabilities
// whether it is classified alone, in a frame with or without explanations, or
// explained by any method, for a single model and for an ensemble. The models
// here carry temperatures far from 1, so a path that skips them cannot pass.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/face_dataset.hpp"
#include "explain/classifier_maps.hpp"
#include "explain/grad_cam.hpp"
#include "vision/explained_face.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/synthetic_scene.hpp"
#include "vision_test_support.hpp"

namespace ferlab {
namespace {

LoadedModel calibrated_untrained_cnn(uint64_t seed, double temperature) {
  torch::manual_seed(seed);
  LoadedModel model = testing::untrained_cnn();
  model.card.name = "cnn-T" + std::to_string(temperature);
  model.card.calibration = CardCalibration{temperature, "test", 0, 0, "fer2013"};
  return model;
}

std::shared_ptr<const FaceClassifier> single_model() {
  std::vector<LoadedModel> members;
  members.push_back(calibrated_untrained_cnn(3, 0.25));
  return std::make_shared<const FaceClassifier>(std::move(members));
}

std::shared_ptr<const FaceClassifier> ensemble() {
  std::vector<LoadedModel> members;
  members.push_back(calibrated_untrained_cnn(3, 0.25));
  members.push_back(calibrated_untrained_cnn(4, 4.0));
  return std::make_shared<const FaceClassifier>(std::move(members));
}

// A 48x48 face with structure (an untrained network is nearly flat on a flat one).
std::vector<uint8_t> patterned_face() {
  std::vector<uint8_t> face(kFacePixels);
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x) face[y * kFaceSize + x] = static_cast<uint8_t>((x * 7 + y * 3 + x * y) % 256);
  return face;
}

void expect_same(const Probabilities& got, const Probabilities& want, const std::string& path) {
  for (int c = 0; c < kNumEmotions; ++c) EXPECT_NEAR(got[c], want[c], 2e-5) << path << ", class " << c;
}

// The same networks with their temperatures left out.
FaceClassifier uncalibrated(const FaceClassifier& classifier) {
  std::vector<LoadedModel> members = classifier.models();
  for (LoadedModel& member : members) member.card.calibration.reset();
  return FaceClassifier(std::move(members));
}

void expect_every_explanation_path_agrees(const FaceClassifier& classifier) {
  const std::vector<uint8_t> face = patterned_face();
  const Probabilities want = classifier.predict_one(face.data());
  // The temperatures matter here: a path that skipped them would be this far off.
  const Probabilities plain_softmax = uncalibrated(classifier).predict_one(face.data());
  float largest_difference = 0;
  for (int c = 0; c < kNumEmotions; ++c) largest_difference = std::max(largest_difference, std::abs(want[c] - plain_softmax[c]));
  ASSERT_GT(largest_difference, 1e-3f);
  for (const CamMethod method : {CamMethod::GradCam, CamMethod::ScoreCam, CamMethod::IntegratedGradients})
    expect_same(explain_classifier(classifier, face.data(), 1, method).maps.front().probabilities, want,
                "explain " + std::string(cam_method_name(method)));
  if (!classifier.is_ensemble()) {
    expect_same(GradCamPass(classifier.models().front(), face.data(), 1).probabilities().front(), want, "GradCamPass");
    expect_same(class_activation_map(classifier.models().front(), face.data(), CamMethod::ScoreCam).probabilities,
                want, "class_activation_map scorecam");
  }
}

TEST(OneProbability, EveryExplanationOfASingleModelShowsItsCalibratedProbabilities) {
  expect_every_explanation_path_agrees(*single_model());
}

TEST(OneProbability, EveryExplanationOfAnEnsembleShowsItsCalibratedProbabilities) {
  expect_every_explanation_path_agrees(*ensemble());
}

// Each face of a frame, analysed with explanations off, on the selected face and
// on every face, against the classifier on the face the analyzer cropped.
void expect_frames_agree(const std::shared_ptr<const FaceClassifier>& classifier) {
  const std::vector<cv::Mat> faces = load_fer_test_faces(testing::fer2013_dir(), 3);
  Frame frame;
  frame.image = render_benchmark_scene(faces, 3, 0, make_background({640, 480}, 7));
  for (const GradCamFaces gradcam : {GradCamFaces::None, GradCamFaces::Selected, GradCamFaces::All}) {
    AnalyzerOptions options;
    options.gradcam = gradcam;
    FrameAnalyzer analyzer(options, classifier);
    const std::vector<FaceResult> found = analyzer.analyze(frame).faces;
    ASSERT_GE(found.size(), 2u) << "the scene's faces were not found";
    for (const FaceResult& face : found)
      expect_same(face.raw, classifier->predict_one(face.face.data),
                  "frame, explanations " + std::to_string(static_cast<int>(gradcam)));
  }
}

TEST(OneProbability, FramesWithAndWithoutExplanationsShowASingleModelsCalibratedProbabilities) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  expect_frames_agree(single_model());
}

TEST(OneProbability, FramesWithAndWithoutExplanationsShowAnEnsemblesCalibratedProbabilities) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  expect_frames_agree(ensemble());
}

}  // namespace
}  // namespace ferlab
