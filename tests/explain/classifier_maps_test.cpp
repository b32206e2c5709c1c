// An ensemble is explained as an ensemble: its members' maps for the
// ensemble's target class, combined by their weights.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <opencv2/core.hpp>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "explain/blob_model.hpp"
#include "explain/classifier_maps.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

// The planted-feature network and an untrained cnn: two members that disagree.
FaceClassifier blob_ensemble() {
  torch::manual_seed(8);
  LoadedModel untrained;
  untrained.net = make_model("cnn");
  untrained.net->eval();
  untrained.card.arch = "cnn";
  untrained.card.name = "untrained-cnn";
  return FaceClassifier({test::blob_model(), untrained});
}

// The rule restated: the weighted sum of the member maps, scaled to [0,1].
cv::Mat weighted_sum_scaled(const std::vector<cv::Mat>& maps, const std::vector<double>& weights) {
  cv::Mat sum = cv::Mat::zeros(maps[0].size(), CV_32FC1);
  for (size_t m = 0; m < maps.size(); ++m) sum += weights[m] * maps[m];
  double low = 0, high = 0;
  cv::minMaxLoc(sum, &low, &high);
  return (sum - low) / (high - low);
}

TEST(EnsembleMaps, AreTheMembersMapsForTheEnsemblesTargetCombinedByTheirWeights) {
  const FaceClassifier ensemble = blob_ensemble();
  const test::BlobBatch batch = test::blob_batch(4, 17);
  const std::vector<Probabilities> predicted = ensemble.predict(batch.pixels.data(), 4);
  for (const CamMethod method : {CamMethod::GradCam, CamMethod::HiResCam, CamMethod::Gradient}) {
    const ClassifierMaps maps = explain_classifier(ensemble, batch.pixels.data(), 4, method);
    ASSERT_EQ(maps.maps.size(), 4u);
    ASSERT_EQ(maps.members.size(), 2u);
    EXPECT_EQ(maps.weights, (std::vector<double>{0.5, 0.5}));
    for (size_t i = 0; i < 4; ++i) {
      const int target = argmax(predicted[i]);
      EXPECT_EQ(maps.maps[i].target_class, target) << "the ensemble's prediction is explained";
      EXPECT_EQ(maps.maps[i].probabilities, predicted[i]);
      std::vector<cv::Mat> own;
      for (size_t m = 0; m < 2; ++m) {
        const ClassActivationMap alone = class_activation_map(ensemble.models()[m], batch.images[i].pixels.data(),
                                                              method, target);
        EXPECT_EQ(maps.members[m][i].target_class, target);
        EXPECT_LT(cv::norm(maps.members[m][i].heatmap, alone.heatmap, cv::NORM_INF), 1e-4)
            << cam_method_name(method) << ", member " << m << ", face " << i;
        own.push_back(alone.heatmap);
      }
      EXPECT_LT(cv::norm(maps.maps[i].heatmap, weighted_sum_scaled(own, maps.weights), cv::NORM_INF), 1e-4)
          << cam_method_name(method) << ", face " << i;
    }
  }
}

TEST(EnsembleMaps, EveryMemberExplainsTheTargetItIsGiven) {
  const FaceClassifier ensemble = blob_ensemble();
  const test::BlobBatch batch = test::blob_batch(2, 23);
  const ClassifierMaps maps = explain_classifier(ensemble, batch.pixels.data(), 2, CamMethod::LayerCam, {3, 5});
  for (size_t m = 0; m < 2; ++m) {
    EXPECT_EQ(maps.members[m][0].target_class, 3);
    EXPECT_EQ(maps.members[m][1].target_class, 5);
  }
  EXPECT_EQ(maps.maps[1].target_class, 5);
}

TEST(EnsembleMaps, OneModelIsExplainedByItsOwnMap) {
  const FaceClassifier single({test::blob_model()});
  const test::BlobBatch batch = test::blob_batch(2, 29);
  const ClassifierMaps maps = explain_classifier(single, batch.pixels.data(), 2, CamMethod::GradCam);
  const auto own = class_activation_maps(test::blob_model(), batch.pixels.data(), 2, CamMethod::GradCam);
  ASSERT_EQ(maps.members.size(), 1u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_LT(cv::norm(maps.maps[i].heatmap, own[i].heatmap, cv::NORM_INF), 1e-6);
    EXPECT_EQ(maps.maps[i].probabilities, own[i].probabilities);
  }
}

// Two faces' maps on one scale: the one with the stronger evidence keeps its
// map, the other is dimmed by the ratio of their peaks, pixel for pixel.
TEST(SharedScale, TheWeakerMapIsDimmedByTheRatioOfThePeaks) {
  const auto batch = test::blob_batch(2, 7);
  const auto maps = class_activation_maps(test::blob_model(), batch.pixels.data(), 2, CamMethod::GradCam);
  ASSERT_GT(maps[0].range.high, maps[0].range.low);
  ASSERT_GT(maps[1].range.high, maps[1].range.low);
  ASSERT_GE(maps[0].range.low, 0.f) << "Grad-CAM maps are non-negative";
  const size_t strong = maps[0].range.high >= maps[1].range.high ? 0 : 1, weak = 1 - strong;
  const float shared = maps[strong].range.high;
  const cv::Mat strong_shared = on_shared_scale(maps[strong].heatmap, maps[strong].range, shared);
  const cv::Mat weak_shared = on_shared_scale(maps[weak].heatmap, maps[weak].range, shared);
  double strong_peak = 0, weak_peak = 0;
  cv::minMaxLoc(strong_shared, nullptr, &strong_peak);
  cv::minMaxLoc(weak_shared, nullptr, &weak_peak);
  EXPECT_NEAR(strong_peak, 1.0, 1e-5);
  EXPECT_NEAR(weak_peak, maps[weak].range.high / shared, 1e-5);
  // Where a pixel's value is known (the weak map's own peak and floor), the shared scale agrees.
  cv::Point hottest;
  cv::minMaxLoc(maps[weak].heatmap, nullptr, nullptr, nullptr, &hottest);
  EXPECT_NEAR(weak_shared.at<float>(hottest), maps[weak].range.high / shared, 1e-5);
  EXPECT_EQ(cv::countNonZero(on_shared_scale(maps[weak].heatmap, maps[weak].range, 0.f)), 0);
}

TEST(CombineMemberMaps, FollowsTheWeightsAndRejectsMismatchedInput) {
  cv::Mat left = cv::Mat::zeros(4, 4, CV_32FC1), right = cv::Mat::zeros(4, 4, CV_32FC1);
  left.col(0) = 1.f;
  right.col(3) = 1.f;
  const ClassActivationMap combined = combine_member_maps({left, right}, {0.75, 0.25});
  EXPECT_FLOAT_EQ(combined.range.low, 0.f);
  EXPECT_FLOAT_EQ(combined.range.high, 0.75f);
  const cv::Mat& mostly_left = combined.heatmap;
  EXPECT_FLOAT_EQ(mostly_left.at<float>(0, 0), 1.f);
  EXPECT_FLOAT_EQ(mostly_left.at<float>(0, 3), 1.f / 3.f);
  EXPECT_FLOAT_EQ(mostly_left.at<float>(0, 1), 0.f);
  EXPECT_THROW(combine_member_maps({left, right}, {1.0}), ModelError);
  EXPECT_THROW(combine_member_maps({left, cv::Mat::zeros(5, 5, CV_32FC1)}, {0.5, 0.5}), ModelError);
}

}  // namespace
}  // namespace ferlab
