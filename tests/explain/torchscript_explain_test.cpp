// Explanations of a model that PyTorch wrote: Grad-CAM at its exported
// feature layer against the definition computed by PyTorch, and the pixel
// methods on a module that offers no layer.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include <random>

#include "core/errors.hpp"
#include "explain/grad_cam.hpp"
#include "explain/sanity_check.hpp"
#include "models/model_io.hpp"
#include "support/error_of.hpp"
#include "support/torchscript_fixtures.hpp"

namespace ferlab {
namespace {

#define REQUIRE_PYTORCH_FIXTURES()                                                            \
  if (!test::have_pytorch()) GTEST_SKIP() << "no python3-torch (scripts/setup.sh installs it)"; \
  ASSERT_FALSE(test::torchscript_fixtures().empty()) << "the fixture script failed"

std::vector<uint8_t> a_face(unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> face(2304);
  cv::Mat image(48, 48, CV_8UC1, face.data());
  cv::randu(image, 60, 120);
  cv::circle(image, {14 + static_cast<int>(rng() % 20), 14 + static_cast<int>(rng() % 20)}, 7, 230, -1);
  cv::GaussianBlur(image, image, {5, 5}, 1.5);
  return face;
}

double correlation(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat ma, sa, mb, sb;
  cv::meanStdDev(a, ma, sa);
  cv::meanStdDev(b, mb, sb);
  const double covariance = cv::mean((a - ma.at<double>(0)).mul(b - mb.at<double>(0)))[0];
  return covariance / (sa.at<double>(0) * sb.at<double>(0));
}

TEST(TorchScriptExplain, GradCamAtForwardFeaturesIsTheDefinitionAsPyTorchComputesIt) {
  REQUIRE_PYTORCH_FIXTURES();
  const std::string path = test::torchscript_fixtures() + "/scripted_cnn.pt";
  const LoadedModel model = load_model(path);
  test::TempDir dir("ts-gradcam");
  for (const unsigned seed : {1u, 2u, 3u}) {
    const std::vector<uint8_t> face = a_face(seed);
    for (const int target : {3, 6}) {
      test::write_bytes(dir.file("face.u8"), face);
      const std::string command = "/usr/bin/python3 " + test::torchscript_script() + " gradcam " + path + " " +
                                  dir.file("face.u8") + " " + std::to_string(target) + " " + dir.file("cam.f32");
      ASSERT_EQ(std::system(command.c_str()), 0);
      std::vector<float> reference = test::read_floats(dir.file("cam.f32"));
      ASSERT_EQ(reference.size(), 12u * 12u);  // the 12 x 12 map of forward_features
      cv::Mat reference48;
      cv::resize(cv::Mat(12, 12, CV_32FC1, reference.data()), reference48, {48, 48}, 0, 0, cv::INTER_LINEAR);
      const ClassActivationMap ours = class_activation_map(model, face.data(), CamMethod::GradCam, target);
      EXPECT_EQ(ours.target_class, target);
      EXPECT_GE(correlation(ours.heatmap, reference48), 0.99) << "face " << seed << ", class " << target;
    }
  }
}

TEST(TorchScriptExplain, TheSanityCheckRandomisesTheModulesOwnStagesFromTheTop) {
  REQUIRE_PYTORCH_FIXTURES();
  const LoadedModel model = load_model(test::torchscript_fixtures() + "/scripted_cnn.pt");
  std::vector<uint8_t> faces;
  for (unsigned seed = 10; seed < 18; ++seed) {
    const std::vector<uint8_t> face = a_face(seed);
    faces.insert(faces.end(), face.begin(), face.end());
  }
  const SanityReport report = cascading_randomisation(model, faces.data(), 8, CamMethod::GradCam);
  std::vector<std::string> stages;
  for (const RandomisationStep& step : report.steps) stages.push_back(step.module);
  EXPECT_EQ(stages, (std::vector<std::string>{"fc", "conv3", "bn2", "conv2", "bn1", "conv1"}));
  EXPECT_GT(report.perturbed.mean, 0.9);
  EXPECT_LT(report.steps.back().spearman.mean, 0.5) << "with every stage randomised the maps are others";
  // The weights come back afterwards: the model explains as before.
  const ClassActivationMap again = class_activation_map(model, faces.data(), CamMethod::GradCam, 3);
  const ClassActivationMap fresh = class_activation_map(load_model(test::torchscript_fixtures() + "/scripted_cnn.pt"),
                                                        faces.data(), CamMethod::GradCam, 3);
  EXPECT_LT(cv::norm(again.heatmap, fresh.heatmap, cv::NORM_INF), 1e-5);
}

TEST(TorchScriptExplain, AModuleWithoutALayerHasThePixelMethodsAndTheCamMethodsSayWhyNot) {
  REQUIRE_PYTORCH_FIXTURES();
  const std::string path = test::torchscript_fixtures() + "/plain.pt";
  const LoadedModel model = load_model(path);
  const std::vector<uint8_t> face = a_face(4);
  for (const CamMethod method : {CamMethod::Gradient, CamMethod::IntegratedGradients, CamMethod::SmoothGrad}) {
    const ClassActivationMap map = class_activation_map(model, face.data(), method);
    double high = 0;
    cv::minMaxLoc(map.heatmap, nullptr, &high);
    EXPECT_NEAR(high, 1.0, 1e-5) << cam_method_name(method);
  }
  const std::string error =
      test::error_of<ModelError>([&] { class_activation_map(model, face.data(), CamMethod::GradCam); });
  EXPECT_NE(error.find("offers no layer for the CAM methods"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferlab
