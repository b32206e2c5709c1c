#include <gtest/gtest.h>

#include <thread>

#include "models/explain_hooks.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

// d(sum(w * relu(x))) / dx, with w = {+1, -1, +1, -1} and x = {1, 1, -1, -1}.
torch::Tensor relu_gradient() {
  const torch::Tensor x = torch::tensor({1.f, 1.f, -1.f, -1.f}).requires_grad_(true);
  const torch::Tensor w = torch::tensor({1.f, -1.f, 1.f, -1.f});
  return torch::autograd::grad({(w * net_relu(x)).sum()}, {x})[0];
}

TEST(NetRelu, PassesGradientsWhereTheInputIsPositive) {
  EXPECT_TRUE(torch::equal(relu_gradient(), torch::tensor({1.f, -1.f, 0.f, 0.f})));
}

TEST(NetRelu, GuidedPassesOnlyPositiveGradientsWhereTheInputIsPositive) {
  const GuidedReluScope guided;
  EXPECT_TRUE(torch::equal(relu_gradient(), torch::tensor({1.f, 0.f, 0.f, 0.f})));
  const torch::Tensor x = torch::tensor({-2.f, 0.5f, 3.f});
  EXPECT_TRUE(torch::equal(net_relu(x), torch::relu(x))) << "the forward values do not change";
}

TEST(NetRelu, GuidingEndsWithTheScopeAndStaysOnItsThread) {
  {
    const GuidedReluScope guided;
    torch::Tensor other_thread;
    std::thread([&] { other_thread = relu_gradient(); }).join();
    EXPECT_TRUE(torch::equal(other_thread, torch::tensor({1.f, -1.f, 0.f, 0.f})));
  }
  EXPECT_TRUE(torch::equal(relu_gradient(), torch::tensor({1.f, -1.f, 0.f, 0.f})));
}

TEST(StageEdit, EveryArchitectureFeedsTheEditedStageToItsHead) {
  torch::manual_seed(0);
  const std::pair<const char*, nlohmann::json> archs[] = {
      {"cnn", nlohmann::json::object()}, {"resnet18", nlohmann::json::object()}, {"resemotenet", {{"width", 0.25}}}};
  for (const auto& [arch, options] : archs) {
    const EmotionNet net = make_model(arch, options);
    net->eval();
    torch::NoGradGuard no_grad;
    const torch::Tensor x = torch::randn({2, 1, 48, 48});
    for (const std::string& layer : net->feature_layers()) {
      const NetOutput plain = net->forward_with_features(x, layer);
      torch::Tensor seen;
      NetOutput edited;
      {
        const StageEditScope edit([&](const torch::Tensor& f) {
          seen = f;
          return torch::zeros_like(f);
        });
        edited = net->forward_with_features(x, layer);
      }
      ASSERT_TRUE(seen.defined()) << arch << " " << layer << " never called edited_stage";
      EXPECT_TRUE(torch::allclose(seen, plain.features)) << arch << " " << layer;
      EXPECT_EQ(edited.features.abs().max().item<float>(), 0.f) << arch << " " << layer;
      EXPECT_FALSE(torch::allclose(edited.logits, plain.logits)) << arch << " " << layer << ": the head ignored the edit";
      EXPECT_TRUE(torch::allclose(net->forward_with_features(x, layer).logits, plain.logits))
          << arch << " " << layer << ": the edit outlived its scope";
    }
  }
}

}  // namespace
}  // namespace ferlab
