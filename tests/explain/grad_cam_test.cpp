// Every explanation method must point at the evidence a real, trained
// network uses: the planted-feature network of blob_model.hpp, whose only
// evidence is the blob's quadrant.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <cctype>
#include <random>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_input.hpp"
#include "explain/blob_model.hpp"
#include "explain/grad_cam.hpp"
#include "explain/heatmap_overlay.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

using test::blob_batch;
using test::blob_image;
using test::blob_model;
using test::kBlobKinds;

void expect_heatmaps_find_the_blob(CamMethod method, const ExplainOptions& options = {}) {
  const test::BlobBatch batch = blob_batch(16, 11);
  const auto maps = class_activation_maps(blob_model(), batch.pixels.data(), batch.images.size(), method, {}, options);
  ASSERT_EQ(maps.size(), batch.images.size());
  for (size_t i = 0; i < batch.images.size(); ++i) {
    ASSERT_EQ(maps[i].target_class, static_cast<int>(i % kBlobKinds)) << "the model did not learn (image " << i << ")";
    EXPECT_EQ(maps[i].heatmap.rows, kFaceSize);
    EXPECT_EQ(maps[i].heatmap.type(), CV_32FC1);
    double low = 0, high = 0;
    cv::minMaxLoc(maps[i].heatmap, &low, &high);
    EXPECT_NEAR(high, 1.0, 1e-5);
    EXPECT_GE(low, 0.0);
    EXPECT_EQ(test::heaviest_quadrant(maps[i].heatmap), batch.images[i].quadrant) << "image " << i;
    if (method_info(method).kind == MethodKind::FeatureMap)
      EXPECT_EQ(test::hottest_quadrant(maps[i].heatmap), batch.images[i].quadrant) << "image " << i;
  }
}

class EveryCamMethod : public ::testing::TestWithParam<CamMethod> {};

TEST_P(EveryCamMethod, MapPeaksInTheQuadrantHoldingTheBlob) { expect_heatmaps_find_the_blob(GetParam()); }

std::vector<CamMethod> methods_of_kind(MethodKind kind) {
  std::vector<CamMethod> methods;
  for (const MethodInfo& m : explain_methods())
    if (m.kind == kind) methods.push_back(m.method);
  return methods;
}

INSTANTIATE_TEST_SUITE_P(Explain, EveryCamMethod, ::testing::ValuesIn(methods_of_kind(MethodKind::FeatureMap)),
                         [](const ::testing::TestParamInfo<CamMethod>& info) {
                           std::string name;
                           for (const char c : cam_method_name(info.param))
                             name += c == '+' ? std::string("Plus") : std::isalnum(static_cast<unsigned char>(c)) ? std::string(1, c) : "_";
                           return name;
                         });

TEST(GradCam, AnEarlierLayerAlsoFindsTheBlob) {
  ExplainOptions options;
  options.layer = "conv2";
  expect_heatmaps_find_the_blob(CamMethod::GradCam, options);
}

// The pixel attributions do not single out the blob's quadrant on this
// network: the noise that covers the whole image keeps its ReLUs open
// everywhere, so the input gradient is about as large in the background
// (measured: the gradient puts most of its mass on the blob's quadrant in 8 of
// the 16 images, Integrated Gradients from black in 5, SmoothGrad in 4; see
// docs/EXPLAIN.md). What they must do is give finished, reproducible maps.
class EveryPixelMethod : public ::testing::TestWithParam<CamMethod> {};

TEST_P(EveryPixelMethod, GivesNormalisedMapsThatASeedReproduces) {
  const test::BlobBatch batch = blob_batch(4, 13);
  const auto first = class_activation_maps(blob_model(), batch.pixels.data(), 4, GetParam());
  const auto again = class_activation_maps(blob_model(), batch.pixels.data(), 4, GetParam());
  for (size_t i = 0; i < 4; ++i) {
    double low = 0, high = 0;
    cv::minMaxLoc(first[i].heatmap, &low, &high);
    EXPECT_NEAR(high, 1.0, 1e-5);
    EXPECT_GE(low, 0.0);
    EXPECT_EQ(first[i].target_class, static_cast<int>(i % kBlobKinds));
    EXPECT_LT(cv::norm(first[i].heatmap, again[i].heatmap, cv::NORM_INF), 1e-5) << "face " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Explain, EveryPixelMethod, ::testing::ValuesIn(methods_of_kind(MethodKind::Pixel)),
                         [](const ::testing::TestParamInfo<CamMethod>& info) {
                           std::string name;
                           for (const char c : cam_method_name(info.param)) name += std::isalnum(c) ? c : '_';
                           return name;
                         });

TEST(GuidedGradCam, MapPeaksInTheQuadrantHoldingTheBlob) {
  expect_heatmaps_find_the_blob(CamMethod::GuidedGradCam);
  ExplainOptions earlier;
  earlier.layer = "conv2";
  expect_heatmaps_find_the_blob(CamMethod::GuidedGradCam, earlier);
}

TEST(GuidedBackprop, PutsMoreOfItsMassOnTheBlobThanTheGradient) {
  // The guided ReLUs stop the negative gradients that the noise everywhere
  // sends back, so the map is less spread over the background.
  const test::BlobBatch batch = blob_batch(16, 11);
  const auto mass_on_blob = [&](CamMethod method) {
    const auto maps = class_activation_maps(blob_model(), batch.pixels.data(), 16, method);
    double share = 0;
    for (size_t i = 0; i < 16; ++i) {
      const int q = batch.images[i].quadrant;
      const cv::Rect quadrant((q % 2) * kFaceSize / 2, (q / 2) * kFaceSize / 2, kFaceSize / 2, kFaceSize / 2);
      share += cv::sum(maps[i].heatmap(quadrant))[0] / cv::sum(maps[i].heatmap)[0] / 16;
    }
    return share;
  };
  const double guided = mass_on_blob(CamMethod::GuidedBackprop), plain = mass_on_blob(CamMethod::Gradient);
  EXPECT_GT(guided, plain + 0.05) << "guided " << guided << ", gradient " << plain;
}

TEST(GuidedBackprop, IsNotTheGradient) {
  const test::BlobBatch batch = blob_batch(2, 31);
  const auto guided = class_activation_maps(blob_model(), batch.pixels.data(), 2, CamMethod::GuidedBackprop);
  const auto plain = class_activation_maps(blob_model(), batch.pixels.data(), 2, CamMethod::Gradient);
  for (size_t i = 0; i < 2; ++i) EXPECT_GT(cv::norm(guided[i].heatmap, plain[i].heatmap, cv::NORM_INF), 0.05);
}

TEST(SmoothGrad, AnotherSeedGivesOtherNoise) {
  const test::BlobBatch batch = blob_batch(1, 19);
  ExplainOptions reseeded;
  reseeded.seed = 5;
  const auto a = class_activation_map(blob_model(), batch.pixels.data(), CamMethod::SmoothGrad);
  const auto b = class_activation_map(blob_model(), batch.pixels.data(), CamMethod::SmoothGrad, -1, reseeded);
  EXPECT_GT(cv::norm(a.heatmap, b.heatmap, cv::NORM_INF), 1e-3);
}

TEST(IntegratedGradients, FromAGreyBaselineFindsBrightAndDarkBlobs) {
  // From black, a dark blob is close to the baseline, so (x - baseline) hides it;
  // from the mean grey both kinds of blob stand out.
  ExplainOptions grey;
  grey.path_baseline = PathBaseline::Mean;
  expect_heatmaps_find_the_blob(CamMethod::IntegratedGradients, grey);
}

TEST(GradCam, RejectsAnUnknownLayerNamingTheValidOnes) {
  const test::BlobBatch batch = blob_batch(1, 3);
  try {
    GradCamPass(blob_model(), batch.pixels.data(), 1, "conv9");
    FAIL() << "no error for an unknown layer";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("conv1, conv2, conv3"), std::string::npos) << e.what();
  }
}

TEST(RandomBaseline, IsTheSameForTheSameFaceInAnyBatchAndSmooth) {
  const test::BlobBatch batch = blob_batch(3, 7);
  const auto all = class_activation_maps(blob_model(), batch.pixels.data(), 3, CamMethod::Random);
  const auto last = class_activation_maps(blob_model(), batch.pixels.data() + 2 * kFacePixels, 1, CamMethod::Random);
  EXPECT_LT(cv::norm(all[2].heatmap, last[0].heatmap, cv::NORM_INF), 1e-6);
  EXPECT_GT(cv::norm(all[0].heatmap, all[1].heatmap, cv::NORM_L1), 10.0) << "different faces, different maps";
  ExplainOptions reseeded;
  reseeded.seed = 1;
  const auto other = class_activation_maps(blob_model(), batch.pixels.data(), 1, CamMethod::Random, {}, reseeded);
  EXPECT_GT(cv::norm(all[0].heatmap, other[0].heatmap, cv::NORM_L1), 10.0) << "another seed, another map";
  cv::Mat step;
  cv::absdiff(all[0].heatmap.colRange(1, kFaceSize), all[0].heatmap.colRange(0, kFaceSize - 1), step);
  double largest = 0;
  cv::minMaxLoc(step, nullptr, &largest);
  EXPECT_LT(largest, 0.15) << "neighbouring pixels of a smooth map are close";
}

TEST(GradCam, ExplainingAnotherClassMovesTheHeatmap) {
  std::mt19937 rng(21);
  const auto face = blob_image(0, 2, rng).pixels;
  const auto own = class_activation_map(blob_model(), face.data(), CamMethod::GradCam, 0);
  const auto other = class_activation_map(blob_model(), face.data(), CamMethod::GradCam, 1);
  EXPECT_EQ(own.target_class, 0);
  EXPECT_EQ(other.target_class, 1);
  EXPECT_GT(cv::norm(own.heatmap, other.heatmap, cv::NORM_L1), 1.0);
}

TEST(GradCam, ProbabilitiesComeFromTheSameForwardPass) {
  std::mt19937 rng(31);
  const auto face = blob_image(1, 3, rng).pixels;
  const auto map = class_activation_map(blob_model(), face.data(), CamMethod::GradCam);
  float sum = 0;
  for (const float p : map.probabilities) sum += p;
  EXPECT_NEAR(sum, 1.f, 1e-4);
  EXPECT_EQ(map.target_class, 1);
  EXPECT_GT(map.probabilities[1], 0.5f);
}

TEST(GradCam, LeavesNoGradientsOnTheParameters) {
  std::mt19937 rng(41);
  const auto face = blob_image(1, 0, rng).pixels;
  for (const auto& p : blob_model().net->parameters()) p.mutable_grad() = torch::Tensor();
  class_activation_map(blob_model(), face.data(), CamMethod::GradCamPlusPlus);
  for (const auto& p : blob_model().net->parameters()) EXPECT_FALSE(p.grad().defined());
}

TEST(GradCamPass, ClassifiesLikeInferenceAndExplainsTargetsChosenAfterwards) {
  const std::vector<uint8_t> faces = blob_batch(4, 61).pixels;
  GradCamPass pass(blob_model(), faces.data(), 4);
  ASSERT_EQ(pass.size(), 4u);
  torch::Tensor inferred;
  {
    torch::NoGradGuard no_grad;
    inferred = torch::softmax(blob_model().net->forward(model_input(blob_model().card, faces.data(), 4)), 1);
  }
  for (int64_t i = 0; i < 4; ++i)
    for (int c = 0; c < kNumEmotions; ++c)
      EXPECT_NEAR(pass.probabilities()[i][c], inferred[i][c].item<float>(), 1e-6) << "face " << i;

  // Targets picked after seeing the probabilities: the other blob kind.
  std::vector<int> targets;
  for (int i = 0; i < 4; ++i) targets.push_back(1 - i % kBlobKinds);
  const auto maps = pass.maps(CamMethod::GradCam, targets);
  const auto reference = class_activation_maps(blob_model(), faces.data(), 4, CamMethod::GradCam, targets);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(maps[i].target_class, targets[i]);
    EXPECT_LT(cv::norm(maps[i].heatmap, reference[i].heatmap, cv::NORM_INF), 1e-5) << "face " << i;
  }
  EXPECT_THROW(pass.maps(CamMethod::GradCam, targets), ModelError) << "the graph is gone after one backward pass";
}

TEST(GradCam, RejectsAClassOutOfRange) {
  std::mt19937 rng(51);
  const auto face = blob_image(1, 0, rng).pixels;
  EXPECT_THROW(class_activation_map(blob_model(), face.data(), CamMethod::GradCam, 7), ModelError);
}

TEST(HeatmapOverlay, MapsTheCropBackThroughTheInverseTransform) {
  // Crop = frame region (100,50)-(196,146) scaled by 1/2: crop pixel (x,y) <- frame (100+2x, 50+2y).
  const cv::Matx23f to_crop(0.5f, 0.f, -50.f, 0.f, 0.5f, -25.f);
  cv::Mat heat(kFaceSize, kFaceSize, CV_32FC1, cv::Scalar(0));
  heat(cv::Rect(24, 0, 24, 24)).setTo(1.f);  // hot top-right quarter of the crop
  const FrameHeatmap mapped = heatmap_to_frame(heat, to_crop, {640, 480});
  EXPECT_EQ(mapped.roi, cv::Rect(100, 50, 96, 96));
  EXPECT_NEAR(mapped.heatmap.at<float>(20, 80), 1.f, 1e-5);  // frame (180, 70): inside the hot quarter
  EXPECT_NEAR(mapped.heatmap.at<float>(70, 20), 0.f, 1e-5);  // frame (120, 120): bottom-left, cold
}

TEST(HeatmapOverlay, ClipsAtTheFrameBorder) {
  const cv::Matx23f to_crop(1.f, 0.f, 20.f, 0.f, 1.f, 20.f);  // crop starts 20 px left of and above the frame
  const cv::Mat heat(kFaceSize, kFaceSize, CV_32FC1, cv::Scalar(1));
  const FrameHeatmap mapped = heatmap_to_frame(heat, to_crop, {100, 100});
  EXPECT_EQ(mapped.roi, cv::Rect(0, 0, 28, 28));
  cv::Mat frame(100, 100, CV_8UC3, cv::Scalar(0, 0, 0));
  overlay_heatmap_on_frame(frame, heat, to_crop);
  EXPECT_NE(frame.at<cv::Vec3b>(5, 5), cv::Vec3b(0, 0, 0));
  EXPECT_EQ(frame.at<cv::Vec3b>(60, 60), cv::Vec3b(0, 0, 0));
}

}  // namespace
}  // namespace ferlab
