#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/errors.hpp"
#include "models/model_io.hpp"
#include "planted_patterns.hpp"
#include "train/pretrained_weights.hpp"

namespace ferlab {
namespace {

TEST(PretrainedWeights, FerlabModelOfTheSameArchitectureIsCopiedExactly) {
  testing::TempDir dir("pretrained");
  torch::manual_seed(1);
  const EmotionNet trained = make_model("cnn");
  ModelCard card;
  card.arch = "cnn";
  save_model(dir / "start.safetensors", trained, card);

  torch::manual_seed(2);
  EmotionNet fresh = make_model("cnn");
  EXPECT_EQ(load_pretrained_weights(fresh, dir / "start.safetensors"), "FERLab model");
  const auto expected = model_state(trained);
  const auto actual = model_state(fresh);
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_TRUE(torch::equal(expected[i].second, actual[i].second)) << expected[i].first;
}

TEST(PretrainedWeights, ModelOfAnotherArchitectureIsAModelErrorNamingTheFile) {
  testing::TempDir dir("pretrained-mismatch");
  ModelCard card;
  card.arch = "cnn";
  save_model(dir / "cnn.safetensors", make_model("cnn"), card);
  EmotionNet other = make_model("resemotenet");
  try {
    load_pretrained_weights(other, dir / "cnn.safetensors");
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("cnn.safetensors"), std::string::npos) << e.what();
  }
}

TEST(PretrainedWeights, MissingFileIsAModelError) {
  EmotionNet net = make_model("cnn");
  EXPECT_THROW(load_pretrained_weights(net, "/nonexistent/weights.safetensors"), ModelError);
}

}  // namespace
}  // namespace ferlab
