// The model-randomisation check on the planted-feature network: Grad-CAM's
// maps of the randomised network must correlate less with the original's than
// the original's maps do with themselves under a tiny input perturbation; the
// random baseline, which ignores the model, must not change at all.
#include "explain/sanity_check.hpp"

#include <gtest/gtest.h>

#include "core/face_dataset.hpp"
#include "explain/blob_model.hpp"

namespace ferlab {
namespace {

TEST(SanityCheck, RandomisedNetworksGradCamMapsCorrelateLessThanAPerturbedInputs) {
  const test::BlobBatch batch = test::blob_batch(12, 29);
  const SanityReport report =
      cascading_randomisation(test::blob_model(), batch.pixels.data(), batch.images.size(), CamMethod::GradCam);
  ASSERT_EQ(report.steps.size(), 4u);  // fc, conv3, conv2, conv1
  EXPECT_EQ(report.steps.front().module, "fc");
  EXPECT_EQ(report.steps.back().module, "conv1");
  EXPECT_GT(report.perturbed.mean, 0.5);
  for (const RandomisationStep& step : report.steps)
    EXPECT_LT(step.spearman.mean, report.perturbed.mean) << "randomised down to " << step.module;
}

TEST(SanityCheck, TheRandomBaselineIgnoresTheModelAndTheWeightsComeBack) {
  const test::BlobBatch batch = test::blob_batch(4, 31);
  const auto before = class_activation_maps(test::blob_model(), batch.pixels.data(), 4, CamMethod::GradCam);
  const SanityReport report = cascading_randomisation(test::blob_model(), batch.pixels.data(), 4, CamMethod::Random);
  for (const RandomisationStep& step : report.steps) EXPECT_NEAR(step.spearman.mean, 1.0, 1e-9) << step.module;
  const auto after = class_activation_maps(test::blob_model(), batch.pixels.data(), 4, CamMethod::GradCam);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(cv::norm(before[i].heatmap, after[i].heatmap, cv::NORM_INF), 0.0);
}

}  // namespace
}  // namespace ferlab
