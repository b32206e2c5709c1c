#include "models/imagenet_weights.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/errors.hpp"
#include "models/model_io.hpp"
#include "models/safetensors.hpp"

namespace ferlab {
namespace {
namespace fs = std::filesystem;

// A torchvision-named ResNet-18 checkpoint with random values: an RGB conv1,
// 1000-way fc, and every other tensor shaped like our resnet18's.
std::vector<std::pair<std::string, torch::Tensor>> torchvision_like_state() {
  torch::manual_seed(3);
  std::vector<std::pair<std::string, torch::Tensor>> state;
  for (const auto& [name, tensor] : model_state(make_model("resnet18", {{"stem", "imagenet"}}))) {
    if (name == "conv1.weight") {
      state.emplace_back(name, torch::randn({64, 3, 7, 7}));
    } else if (name == "fc.weight") {
      state.emplace_back(name, torch::randn({1000, 512}));
    } else if (name == "fc.bias") {
      state.emplace_back(name, torch::randn({1000}));
    } else if (tensor.is_floating_point()) {
      state.emplace_back(name, torch::rand(tensor.sizes()) + 0.5);
    } else {
      state.emplace_back(name, torch::zeros_like(tensor));
    }
  }
  return state;
}

class ImageNetWeights : public ::testing::Test {
 protected:
  void SetUp() override { file_ = (fs::temp_directory_path() / ("ferlab_imagenet_" + std::to_string(::getpid()) + ".safetensors")).string(); }
  void TearDown() override { fs::remove(file_); }
  std::string file_;
};

TEST_F(ImageNetWeights, FoldsRgbConv1BySummingChannelsAndCopiesTheRest) {
  const auto state = torchvision_like_state();
  write_safetensors(file_, state, {});
  const auto net = make_model("resnet18", {{"stem", "imagenet"}});
  load_imagenet_weights(net, file_);
  const auto params = net->named_parameters();
  const auto rgb = state.front().second;
  ASSERT_EQ(state.front().first, "conv1.weight");
  EXPECT_TRUE(torch::allclose(params["conv1.weight"], rgb.sum(1, true)));
  EXPECT_EQ(params["fc.weight"].sizes(), (std::vector<int64_t>{7, 512}));
  for (const auto& [name, tensor] : state)
    if (name.rfind("layer", 0) == 0) EXPECT_TRUE(torch::equal(net->named_parameters(true).contains(name) ? params[name] : net->named_buffers()[name], tensor)) << name;
}

TEST_F(ImageNetWeights, FoldedConvOnGrayEqualsRgbConvOnReplicatedGray) {
  const auto rgb = torch::randn({64, 3, 7, 7});
  const auto gray = torch::randn({1, 1, 48, 48});
  const auto expected = torch::conv2d(gray.expand({1, 3, 48, 48}), rgb, {}, 2, 3);
  EXPECT_TRUE(torch::allclose(torch::conv2d(gray, rgb.sum(1, true), {}, 2, 3), expected, 1e-4, 1e-4));
}

TEST_F(ImageNetWeights, MissingTensorIsAModelErrorNamingIt) {
  auto state = torchvision_like_state();
  state.erase(std::remove_if(state.begin(), state.end(), [](const auto& p) { return p.first == "layer3.1.bn2.weight"; }), state.end());
  write_safetensors(file_, state, {});
  try {
    load_imagenet_weights(make_model("resnet18", {{"stem", "imagenet"}}), file_);
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("'layer3.1.bn2.weight'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file_), std::string::npos) << e.what();
  }
}

TEST_F(ImageNetWeights, NeedsTheImageNetStem) {
  write_safetensors(file_, torchvision_like_state(), {});
  EXPECT_THROW(load_imagenet_weights(make_model("resnet18"), file_), ModelError);
  EXPECT_THROW(load_imagenet_weights(make_model("cnn"), file_), ModelError);
}

}  // namespace
}  // namespace ferlab
