#include <gtest/gtest.h>

#include <numeric>

#include "train/batch_loader.hpp"
#include "train/class_balance.hpp"

namespace ferlab {
namespace {

FaceDataset ramp_dataset(size_t n) {
  FaceDataset data;
  std::vector<uint8_t> image(kFacePixels);
  for (size_t i = 0; i < n; ++i) {
    for (int p = 0; p < kFacePixels; ++p) image[p] = static_cast<uint8_t>((p + 7 * i) % 256);
    data.add(image.data(), static_cast<int>(i % kNumEmotions), Split::Train, "ramp:" + std::to_string(i));
  }
  return data;
}

std::vector<Batch> all_batches(const FaceDataset& data, const BatchPlan& plan) {
  BatchLoader loader(data, epoch_order(data.labels(), Balance::None, plan.seed, plan.epoch), plan);
  std::vector<Batch> batches;
  while (auto b = loader.next()) batches.push_back(*b);
  EXPECT_EQ(batches.size(), loader.num_batches());
  return batches;
}

TEST(BatchLoader, BackgroundWorkersGiveTheSameBatchesAsTheCallingThread) {
  const auto data = ramp_dataset(150);
  BatchPlan plan;
  plan.batch_size = 16;
  plan.augment = AugmentConfig{};
  plan.seed = 5;
  plan.epoch = 2;
  plan.workers = 0;
  const auto inline_batches = all_batches(data, plan);
  plan.workers = 3;
  plan.queue_depth = 2;
  const auto background = all_batches(data, plan);
  ASSERT_EQ(inline_batches.size(), background.size());
  for (size_t b = 0; b < background.size(); ++b) {
    EXPECT_TRUE(torch::equal(inline_batches[b].images, background[b].images)) << "batch " << b;
    EXPECT_TRUE(torch::equal(inline_batches[b].labels, background[b].labels)) << "batch " << b;
  }
}

TEST(BatchLoader, NormalisesPixelsAsTheModelCardSays) {
  FaceDataset data;
  std::vector<uint8_t> image(kFacePixels, 255);
  image[0] = 0;
  data.add(image.data(), 3, Split::Train, "a");
  data.add(image.data(), 4, Split::Train, "b");
  BatchPlan plan;
  plan.normalization = {0.5f, 0.25f};
  const auto batch = build_batch(data, {1, 0}, 0, plan);
  ASSERT_EQ(batch.images.sizes(), (std::vector<int64_t>{2, 1, 48, 48}));
  EXPECT_NEAR(batch.images[0][0][0][0].item<float>(), -2.0f, 1e-6);  // (0 - 0.5) / 0.25
  EXPECT_NEAR(batch.images[0][0][0][1].item<float>(), 2.0f, 1e-6);   // (1 - 0.5) / 0.25
  EXPECT_EQ(batch.labels[0].item<int64_t>(), 4);
}

TEST(BatchLoader, DropsATrailingBatchOfOneSample) {
  const auto data = ramp_dataset(33);
  BatchPlan plan;
  plan.batch_size = 16;
  const auto batches = all_batches(data, plan);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[1].images.size(0), 16);
}

// A plan that mixes gives targets even without soft labels: the one-hot
// labels, mixed. The unmixed batch's faces are what is mixed.
TEST(BatchLoader, BatchesOfAMixingPlanCarryMixedOneHotTargets) {
  const FaceDataset data = ramp_dataset(40);
  std::vector<uint32_t> order(40);
  std::iota(order.begin(), order.end(), 0u);
  BatchPlan plain;
  plain.batch_size = 20;
  plain.seed = 2;
  BatchPlan mixing = plain;
  mixing.mix = MixConfig{1.0, 0, 1.0};
  for (size_t b = 0; b < 2; ++b) {
    const Batch unmixed = build_batch(data, order, b, plain);
    const Batch mixed = build_batch(data, order, b, mixing);
    EXPECT_FALSE(unmixed.targets.defined());
    ASSERT_TRUE(mixed.targets.defined());
    EXPECT_TRUE(torch::allclose(mixed.targets.sum(1), torch::ones({20})));
    const BatchMix mix = draw_batch_mix(*mixing.mix, plain.seed, plain.epoch, b, 20);
    const auto lambda = static_cast<float>(mix.lambda);
    for (int64_t i = 0; i < 20; ++i) {
      const auto j = static_cast<int64_t>(mix.partner[static_cast<size_t>(i)]);
      EXPECT_TRUE(torch::allclose(mixed.images[i], lambda * unmixed.images[i] + (1 - lambda) * unmixed.images[j], 1e-5, 1e-5))
          << "batch " << b << " face " << i;
      EXPECT_NEAR(mixed.targets[i][unmixed.labels[i].item<int64_t>()].item<float>(),
                  unmixed.labels[i].item<int64_t>() == unmixed.labels[j].item<int64_t>() ? 1.0f : lambda, 1e-6);
    }
  }
}

}  // namespace
}  // namespace ferlab
