#include "train/weight_average.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

torch::Tensor first_weight(const EmotionNet& net) { return net->parameters().front(); }

TEST(WeightAverage, StartsAtTheNetworksWeightsAndNeedsNoGradient) {
  torch::manual_seed(1);
  EmotionNet net = make_model("cnn");
  EmotionNet other = make_model("cnn");  // different random weights
  ASSERT_FALSE(torch::equal(first_weight(net), first_weight(other)));
  WeightAverage average(other, net, 0.99);
  EXPECT_TRUE(torch::equal(first_weight(average.net()), first_weight(net)));
  EXPECT_FALSE(first_weight(average.net()).requires_grad());
  EXPECT_EQ(average.updates(), 0);
}

TEST(WeightAverage, EachUpdateMovesTheAverageByOneMinusTheDecay) {
  EmotionNet net = make_model("cnn");
  WeightAverage average(make_model("cnn"), net, 0.5);
  torch::NoGradGuard no_grad;
  for (auto& p : net->parameters()) p.fill_(0);
  average.restart_from(net);
  for (auto& p : net->parameters()) p.fill_(1);

  // The first updates use the lower warm-up decay (1 + t) / (10 + t): 0.1, then 2/11.
  EXPECT_DOUBLE_EQ(average.decay_at(0), 0.1);
  average.update(net);
  EXPECT_TRUE(torch::allclose(first_weight(average.net()), torch::full_like(first_weight(net), 0.9)));
  average.update(net);
  const double after_two = 0.9 * (2.0 / 11) + (1 - 2.0 / 11);
  EXPECT_TRUE(torch::allclose(first_weight(average.net()), torch::full_like(first_weight(net), after_two)));
  EXPECT_EQ(average.updates(), 2);
  // Later the decay asked for: (1 + t) / (10 + t) passes 0.5 at t = 8.
  EXPECT_DOUBLE_EQ(average.decay_at(8), 0.5);
  EXPECT_DOUBLE_EQ(average.decay_at(1000), 0.5);
}

TEST(WeightAverage, BatchNormStatisticsAreAveragedAndItsCounterCopied) {
  EmotionNet net = make_model("cnn");
  WeightAverage average(make_model("cnn"), net, 0.5);
  torch::NoGradGuard no_grad;
  for (const auto& b : net->named_buffers()) {
    if (b.key().find("num_batches_tracked") != std::string::npos) b.value().fill_(7);
    else if (b.key().find("running_mean") != std::string::npos) b.value().fill_(2);
  }
  average.restart_from(net);
  for (const auto& b : net->named_buffers())
    if (b.key().find("running_mean") != std::string::npos) b.value().fill_(12);
  average.update(net);  // decay 0.1
  const auto averaged = average.net()->named_buffers();
  int counters = 0, means = 0;
  for (const auto& b : averaged) {
    if (b.key().find("num_batches_tracked") != std::string::npos) {
      EXPECT_EQ(b.value().item<int64_t>(), 7) << b.key();
      ++counters;
    } else if (b.key().find("running_mean") != std::string::npos) {
      EXPECT_TRUE(torch::allclose(b.value(), torch::full_like(b.value(), 0.1 * 2 + 0.9 * 12))) << b.key();
      ++means;
    }
  }
  EXPECT_GT(counters, 0);
  EXPECT_GT(means, 0);
}

TEST(WeightAverage, ANetworkOfAnotherArchitectureIsAModelError) {
  EXPECT_THROW(WeightAverage(make_model("resemotenet"), make_model("cnn"), 0.9), ModelError);
}

TEST(WeightAverage, ADecayOutsideZeroToOneIsAUsageError) {
  EXPECT_THROW(WeightAverage(make_model("cnn"), make_model("cnn"), 1.0), UsageError);
}

}  // namespace
}  // namespace ferlab
