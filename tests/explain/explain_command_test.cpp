// `ferlab explain` run as a user runs it: the real binary and the shipped default model.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/run_ferlab.hpp"
#include "support/temp_dir.hpp"

namespace ferlab {
namespace {

using test::quoted;
using test::run_ferlab;

std::string write_face(const test::TempDir& dir) {
  cv::Mat face(48, 48, CV_8UC1);
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 48; ++x) face.at<uint8_t>(y, x) = static_cast<uint8_t>((x * 5 + y * 3 + (x * y) % 17) % 256);
  const std::string path = dir.file("face.png");
  cv::imwrite(path, face);
  return path;
}

TEST(ExplainCommand, ListsEveryMethodThenTheModelsLayers) {
  const auto result = run_ferlab("explain --list --model cnn");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  // One method a line, its name first.
  for (const char* name : {"gradcam", "gradcam++", "xgradcam", "hirescam", "layercam", "eigencam", "scorecam",
                           "ablationcam", "gradient", "guided-backprop", "guided-gradcam", "integrated-gradients",
                           "smoothgrad", "random"})
    EXPECT_NE(("\n" + result.output).find("\n" + std::string(name) + " "), std::string::npos) << name;
  const size_t layers = result.output.find("layers of");
  ASSERT_NE(layers, std::string::npos) << result.output;
  EXPECT_NE(result.output.find("block1\nblock2\nblock3", layers), std::string::npos) << result.output;
}

TEST(ExplainCommand, WritesHeatmapOverlayAndJsonPerFaceAndMethod) {
  const test::TempDir dir("explain");
  const std::string face = write_face(dir);
  const std::string json = dir.file("out.json");
  const auto result = run_ferlab("explain " + quoted(face) + " --model cnn --method gradcam,random --layer block2 " +
                                 "--target happy --out " + quoted(dir.file("maps")) + " --json " + quoted(json));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const char* method : {"gradcam", "random"}) {
    const cv::Mat overlay = cv::imread(dir.file(std::string("maps/face.") + method + ".overlay.png"));
    // The face at 4x, and under it what it shows (method, layer, class); the map also has its colour bar.
    EXPECT_EQ(overlay.cols, 192) << method;
    EXPECT_GT(overlay.rows, 192) << method << ": no caption";
    const cv::Mat heatmap = cv::imread(dir.file(std::string("maps/face.") + method + ".heatmap.png"));
    EXPECT_GT(heatmap.rows, overlay.rows) << method << ": no colour bar";
  }
  std::ifstream in(json);
  const nlohmann::json results = nlohmann::json::parse(in);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["method"], "gradcam");
  EXPECT_EQ(results[0]["layer"], "block2");
  EXPECT_EQ(results[0]["target"], "happy");
  EXPECT_EQ(results[0]["probabilities"].size(), 7u);
  for (const char* key : {"deletion_auc", "insertion_auc"}) {
    EXPECT_GE(results[0][key].get<double>(), 0.0) << key;
    EXPECT_LE(results[0][key].get<double>(), 1.0) << key;
  }
  EXPECT_GT(results[0]["milliseconds"].get<double>(), 0.0);
}

TEST(ExplainCommand, AnUnknownMethodOrLayerNamesTheValidOnes) {
  const test::TempDir dir("explain");
  const std::string face = write_face(dir);
  const auto method = run_ferlab("explain " + quoted(face) + " --model cnn --method gradcan");
  EXPECT_NE(method.exit_code, 0);
  EXPECT_NE(method.output.find("unknown method 'gradcan' (known: gradcam, gradcam++"), std::string::npos) << method.output;
  const auto layer = run_ferlab("explain " + quoted(face) + " --model cnn --layer layer4");
  EXPECT_EQ(layer.exit_code, 1);
  EXPECT_NE(layer.output.find("block1, block2, block3"), std::string::npos) << layer.output;
}

TEST(ExplainCommand, ExplainsAnEnsembleAsAnEnsembleAndEachMemberOnRequest) {
  const test::TempDir dir("explain");
  const std::string face = write_face(dir);
  const std::string json = dir.file("out.json");
  const auto result = run_ferlab("explain " + quoted(face) + " --model ensemble --members --method hirescam --out " +
                                 quoted(dir.file("maps")) + " --json " + quoted(json));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::ifstream in(json);
  const nlohmann::json results = nlohmann::json::parse(in);
  ASSERT_EQ(results.size(), 1u);
  // models/ensemble.txt: cnn, resemotenet and resnet18, each at its own default layer.
  EXPECT_EQ(results[0]["model"], "ensemble(cnn, resemotenet, resnet18)");
  EXPECT_EQ(results[0]["layer"], "block3, se, layer4");
  const std::vector<std::string> layers = {"block3", "se", "layer4"};
  ASSERT_EQ(results[0]["members"].size(), layers.size());
  for (size_t m = 0; m < layers.size(); ++m) {
    const nlohmann::json& member = results[0]["members"][m];
    const std::string name = member["model"];
    EXPECT_NEAR(member["weight"].get<double>(), 1.0 / 3, 1e-12);
    EXPECT_EQ(member["layer"], layers[m]);
    EXPECT_TRUE(std::filesystem::exists(dir.file("maps/face.hirescam." + name + ".heatmap.png"))) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(dir.file("maps/face.hirescam.heatmap.png")));
}

// `explain` shows the probabilities `predict` shows: the model cards' temperatures
// (the shipped cnn's is 0.8 or so) apply to explanations too.
TEST(ExplainCommand, ShowsTheCalibratedProbabilitiesThatPredictShows) {
  const test::TempDir dir("explain");
  const std::string face = write_face(dir);
  for (const std::string model : {"cnn", "ensemble"}) {
    const auto predicted = run_ferlab("predict " + quoted(face) + " --model " + model + " --json");
    ASSERT_EQ(predicted.exit_code, 0) << predicted.output;
    const nlohmann::json want = nlohmann::json::parse(predicted.output)["predictions"][0]["probabilities"];
    const std::string json = dir.file(model + ".json");
    const auto explained = run_ferlab("explain " + quoted(face) + " --model " + model + " --method gradcam,gradient --out " +
                                      quoted(dir.file("maps")) + " --json " + quoted(json));
    ASSERT_EQ(explained.exit_code, 0) << explained.output;
    std::ifstream in(json);
    for (const nlohmann::json& result : nlohmann::json::parse(in))
      for (const auto& [name, p] : want.items())
        EXPECT_NEAR(result["probabilities"][name].get<double>(), p.get<double>(), 1e-5)
            << model << ", " << result["method"] << ", " << name;
  }
}

TEST(ExplainCommand, AnUnknownTargetNamesTheClasses) {
  const test::TempDir dir("explain");
  const auto result = run_ferlab("explain " + quoted(write_face(dir)) + " --model cnn --target hapy");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("unknown target 'hapy' (known: predicted, angry, disgust"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace ferlab
