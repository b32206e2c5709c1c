#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "core/errors.hpp"
#include "support/error_of.hpp"
#include "train/batch_mixing.hpp"
#include "train/sample_rng.hpp"

namespace ferlab {
namespace {

constexpr int kSize = 48, kPixels = kSize * kSize, kClasses = 7;

// Mean 1/2 and variance 1 / (4 (2 alpha + 1)) for the shapes mixup and CutMix use
// (below 1, at 1 the uniform, above 1), and every draw inside [0, 1].
TEST(BatchMixing, SymmetricBetaHasTheMomentsOfBetaAlphaAlpha) {
  for (const double alpha : {0.2, 1.0, 4.0}) {
    SampleRng rng(17, static_cast<uint64_t>(alpha * 10));
    constexpr int kDraws = 40000;
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = sample_symmetric_beta(rng, alpha);
      ASSERT_GE(x, 0.0);
      ASSERT_LE(x, 1.0);
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / kDraws, variance = sum_sq / kDraws - mean * mean;
    const double expected_variance = 1.0 / (4.0 * (2.0 * alpha + 1.0));
    EXPECT_NEAR(mean, 0.5, 0.01) << "alpha " << alpha;
    EXPECT_NEAR(variance, expected_variance, 0.04 * expected_variance) << "alpha " << alpha;
  }
}

TEST(BatchMixing, EachBatchsDrawIsAPureFunctionOfSeedEpochAndBatch) {
  const MixConfig config{0.4, 1.0, 1.0};
  const BatchMix a = draw_batch_mix(config, 5, 2, 9, 32);
  const BatchMix again = draw_batch_mix(config, 5, 2, 9, 32);
  EXPECT_EQ(a.kind, again.kind);
  EXPECT_EQ(a.lambda, again.lambda);
  EXPECT_EQ(a.partner, again.partner);
  EXPECT_EQ(a.box_x, again.box_x);
  EXPECT_EQ(a.box_width, again.box_width);
  std::set<double> lambdas;
  for (uint64_t batch = 0; batch < 20; ++batch) lambdas.insert(draw_batch_mix(config, 5, 2, batch, 32).lambda);
  lambdas.insert(draw_batch_mix(config, 5, 3, 9, 32).lambda);
  lambdas.insert(draw_batch_mix(config, 6, 2, 9, 32).lambda);
  EXPECT_EQ(lambdas.size(), 22u);  // other batches, epochs and seeds draw otherwise
}

TEST(BatchMixing, PartnersArePermutationsOfTheBatch) {
  for (uint64_t batch = 0; batch < 10; ++batch) {
    BatchMix mix = draw_batch_mix({1.0, 0, 1.0}, 1, 0, batch, 50);
    ASSERT_EQ(mix.kind, BatchMix::Kind::Mixup);
    std::vector<uint32_t> sorted = mix.partner;
    std::sort(sorted.begin(), sorted.end());
    std::vector<uint32_t> identity(50);
    std::iota(identity.begin(), identity.end(), 0u);
    EXPECT_EQ(sorted, identity) << "batch " << batch;
    EXPECT_NE(mix.partner, identity) << "batch " << batch;
  }
}

TEST(BatchMixing, ProbabilityDecidesTheShareOfMixedBatchesAndBothKindsAreUsed) {
  int mixed = 0, mixup = 0, cutmix = 0;
  for (uint64_t batch = 0; batch < 1000; ++batch) {
    const BatchMix mix = draw_batch_mix({0.2, 1.0, 0.3}, 8, 1, batch, 16);
    mixed += mix.kind != BatchMix::Kind::None;
    mixup += mix.kind == BatchMix::Kind::Mixup;
    cutmix += mix.kind == BatchMix::Kind::CutMix;
  }
  EXPECT_NEAR(mixed, 300, 50);
  EXPECT_NEAR(mixup, 150, 40);
  EXPECT_NEAR(cutmix, 150, 40);
  for (uint64_t batch = 0; batch < 100; ++batch) {
    EXPECT_EQ(draw_batch_mix({0.2, 1.0, 0.0}, 8, 1, batch, 16).kind, BatchMix::Kind::None);
    EXPECT_EQ(draw_batch_mix({}, 8, 1, batch, 16).kind, BatchMix::Kind::None);  // both alphas 0: off
  }
}

struct Faces {
  std::vector<float> images, targets;
  std::vector<int64_t> labels;
};

// Face i is the constant i + 1 and labelled i, one-hot.
Faces constant_faces(size_t n) {
  Faces f{std::vector<float>(n * kPixels), std::vector<float>(n * kClasses, 0.0f), std::vector<int64_t>(n)};
  for (size_t i = 0; i < n; ++i) {
    std::fill_n(f.images.begin() + i * kPixels, kPixels, static_cast<float>(i + 1));
    f.targets[i * kClasses + i] = 1;
    f.labels[i] = static_cast<int64_t>(i);
  }
  return f;
}

TEST(BatchMixing, MixupBlendsFacesAndTargetsByLambdaAndLabelsTheLargerShare) {
  constexpr size_t n = 6;
  for (uint64_t batch = 0; batch < 5; ++batch) {
    const BatchMix mix = draw_batch_mix({1.0, 0, 1.0}, 3, 0, batch, n);
    ASSERT_EQ(mix.kind, BatchMix::Kind::Mixup);
    Faces f = constant_faces(n);
    apply_batch_mix(mix, f.images.data(), f.targets.data(), f.labels.data(), n, kClasses, kSize);
    const auto lambda = static_cast<float>(mix.lambda);
    for (size_t i = 0; i < n; ++i) {
      const size_t j = mix.partner[i];
      const float expected = lambda * (i + 1) + (1 - lambda) * (j + 1);
      EXPECT_FLOAT_EQ(f.images[i * kPixels], expected);
      EXPECT_FLOAT_EQ(f.images[i * kPixels + kPixels - 1], expected);
      const float* target = f.targets.data() + i * kClasses;
      EXPECT_NEAR(std::accumulate(target, target + kClasses, 0.0f), 1.0f, 1e-6);
      if (i != j) {
        EXPECT_FLOAT_EQ(target[i], lambda);
        EXPECT_FLOAT_EQ(target[j], 1 - lambda);
      }
      EXPECT_EQ(f.labels[i], static_cast<int64_t>(mix.lambda >= 0.5 ? i : j));
    }
  }
}

TEST(BatchMixing, CutMixPastesThePartnersBoxAndWeighsTheTargetsByItsArea) {
  constexpr size_t n = 5;
  int boxes = 0;
  for (uint64_t batch = 0; batch < 20; ++batch) {
    const BatchMix mix = draw_batch_mix({0, 1.0, 1.0}, 4, 0, batch, n);
    ASSERT_EQ(mix.kind, BatchMix::Kind::CutMix);
    ASSERT_GE(mix.box_x, 0);
    ASSERT_LE(mix.box_x + mix.box_width, kSize);
    ASSERT_LE(mix.box_y + mix.box_height, kSize);
    EXPECT_DOUBLE_EQ(mix.lambda, 1.0 - static_cast<double>(mix.box_width * mix.box_height) / kPixels);
    boxes += mix.box_width * mix.box_height > 0;
    Faces f = constant_faces(n);
    apply_batch_mix(mix, f.images.data(), f.targets.data(), f.labels.data(), n, kClasses, kSize);
    for (size_t i = 0; i < n; ++i) {
      const size_t j = mix.partner[i];
      int from_partner = 0;
      for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x) {
          const bool inside = x >= mix.box_x && x < mix.box_x + mix.box_width && y >= mix.box_y &&
                              y < mix.box_y + mix.box_height;
          const float value = f.images[i * kPixels + y * kSize + x];
          ASSERT_FLOAT_EQ(value, static_cast<float>(inside ? j + 1 : i + 1)) << "x " << x << " y " << y;
          from_partner += inside;
        }
      if (i != j) EXPECT_FLOAT_EQ(f.targets[i * kClasses + j], 1.0f - static_cast<float>(mix.lambda));
      EXPECT_EQ(from_partner, mix.box_width * mix.box_height);
    }
  }
  EXPECT_GE(boxes, 18);  // lambda = 1 exactly (no box) is rare
}

TEST(BatchMixing, OutOfRangeSettingsAreUsageErrorsNamingTheOption) {
  EXPECT_NE(test::error_of<UsageError>([] { validate(MixConfig{-0.1, 0, 1}); }).find("--mixup must be in [0, 100]"),
            std::string::npos);
  EXPECT_NE(test::error_of<UsageError>([] { validate(MixConfig{0, -1, 1}); }).find("--cutmix"), std::string::npos);
  EXPECT_NE(test::error_of<UsageError>([] { validate(MixConfig{0.2, 0, 1.5}); }).find("--mix-probability must be in [0, 1], got 1.5"),
            std::string::npos);
  EXPECT_NO_THROW(validate(MixConfig{0.2, 1.0, 0.5}));
  EXPECT_TRUE(to_json(MixConfig{}).is_null());
  EXPECT_EQ(to_json(MixConfig{0.2, 0, 0.5}).at("mixup_alpha"), 0.2);
}

}  // namespace
}  // namespace ferlab
