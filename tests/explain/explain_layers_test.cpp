// Every architecture names its explainable stages once, and each of them can
// be explained: the feature map of the named stage is part of the graph.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "explain/grad_cam.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

LoadedModel untrained(const std::string& arch) {
  torch::manual_seed(1);
  LoadedModel model;
  model.net = make_model(arch);
  model.net->eval();
  model.card.arch = arch;
  return model;
}

TEST(ExplainLayers, EveryLayerOfEveryArchitectureGivesAMapAndEarlierLayersAreFiner) {
  std::vector<uint8_t> faces(2 * kFacePixels);
  for (size_t i = 0; i < faces.size(); ++i) faces[i] = static_cast<uint8_t>((i * 37) % 251);
  for (const std::string& arch : model_architectures()) {
    const LoadedModel model = untrained(arch);
    const std::vector<std::string>& layers = model.net->feature_layers();
    ASSERT_GE(layers.size(), 3u) << arch;
    int64_t previous_size = kFaceSize + 1;
    for (const std::string& layer : layers) {
      torch::NoGradGuard no_grad;
      const int64_t size = model.net->forward_with_features(torch::zeros({1, 1, 48, 48}), layer).features.size(2);
      EXPECT_LE(size, previous_size) << arch << " " << layer;
      previous_size = size;
    }
    for (const std::string& layer : layers) {
      const auto maps = GradCamPass(model, faces.data(), 2, layer).maps(CamMethod::GradCam);
      ASSERT_EQ(maps.size(), 2u);
      EXPECT_EQ(maps[0].heatmap.size(), cv::Size(kFaceSize, kFaceSize)) << arch << " " << layer;
    }
  }
}

TEST(ExplainLayers, TheDefaultLayerIsTheOneForwardWithFeaturesGives) {
  for (const std::string& arch : model_architectures()) {
    const LoadedModel model = untrained(arch);
    torch::NoGradGuard no_grad;
    const torch::Tensor x = torch::randn({1, 1, 48, 48});
    const torch::Tensor plain = model.net->forward_with_features(x).features;
    const torch::Tensor named = model.net->forward_with_features(x, model.net->default_feature_layer()).features;
    EXPECT_TRUE(torch::equal(plain, named)) << arch;
  }
}

TEST(ExplainLayers, AnUnknownLayerNamesTheArchitecturesLayers) {
  const LoadedModel model = untrained("resnet18");
  try {
    model.net->forward_with_features(torch::zeros({1, 1, 48, 48}), "layer9");
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("stem, layer1, layer2, layer3, layer4"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ferlab
