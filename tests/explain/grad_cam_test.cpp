// Grad-CAM must point at the evidence a real, trained network uses. The data is
// made so that the evidence is known: the class is the kind of blob (bright or
// dark) planted in a random quadrant of a noisy face-sized image, so the only
// place that tells the classes apart is the blob's quadrant.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <random>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "explain/grad_cam.hpp"
#include "eval/model_input.hpp"
#include "explain/heatmap_overlay.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

constexpr int kBlobKinds = 2;  // class 0: bright blob, class 1: dark blob

struct BlobImage {
  std::vector<uint8_t> pixels;
  int quadrant;  // 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
};

BlobImage blob_image(int kind, int quadrant, std::mt19937& rng) {
  std::uniform_real_distribution<float> noise(-30.f, 30.f);
  std::uniform_real_distribution<float> jitter(-4.f, 4.f);
  const float cx = (quadrant % 2 ? 36.f : 12.f) + jitter(rng);
  const float cy = (quadrant / 2 ? 36.f : 12.f) + jitter(rng);
  const float amplitude = kind == 0 ? 100.f : -100.f;
  BlobImage image{std::vector<uint8_t>(kFacePixels), quadrant};
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x) {
      const float d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      const float v = 128.f + noise(rng) + amplitude * std::exp(-d2 / 18.f);
      image.pixels[y * kFaceSize + x] = static_cast<uint8_t>(std::clamp(v, 0.f, 255.f));
    }
  return image;
}

// A small network of the shape Grad-CAM is made for (convolutions, then the
// classifier on globally pooled features), small enough to train in seconds.
class TinyCamNetImpl : public EmotionNetImpl {
 public:
  TinyCamNetImpl()
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 8, 3).padding(1)))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 16, 3).padding(1)))),
        conv3(register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 16, 3).padding(1)))),
        fc(register_module("fc", torch::nn::Linear(16, kNumEmotions))) {}
  NetOutput forward_with_features(const torch::Tensor& x) override {
    auto h = torch::max_pool2d(torch::relu(conv1(x)), 2);
    h = torch::max_pool2d(torch::relu(conv2(h)), 2);
    const torch::Tensor features = torch::relu(conv3(h));  // 12 x 12
    return {fc(features.mean({2, 3})), features};
  }
  std::string arch() const override { return "tiny-cam-test"; }

 private:
  torch::nn::Conv2d conv1, conv2, conv3;
  torch::nn::Linear fc;
};

LoadedModel train_blob_model() {
  torch::manual_seed(3);
  std::mt19937 rng(5);
  LoadedModel model;
  model.net = std::make_shared<TinyCamNetImpl>();
  model.card.arch = model.net->arch();
  model.card.name = "blob-test";
  torch::optim::Adam optimizer(model.net->parameters(), torch::optim::AdamOptions(5e-3));
  model.net->train();
  constexpr int kBatch = 32;
  for (int step = 0; step < 120; ++step) {
    std::vector<uint8_t> pixels;
    std::vector<int64_t> labels;
    for (int i = 0; i < kBatch; ++i) {
      const int kind = i % kBlobKinds;
      const auto image = blob_image(kind, static_cast<int>(rng() % 4), rng);
      pixels.insert(pixels.end(), image.pixels.begin(), image.pixels.end());
      labels.push_back(kind);
    }
    const torch::Tensor x = torch::from_blob(pixels.data(), {kBatch, 1, kFaceSize, kFaceSize}, torch::kUInt8)
                                .to(torch::kFloat)
                                .div(255.f)
                                .sub(model.card.normalization.mean)
                                .div(model.card.normalization.std);
    optimizer.zero_grad();
    const torch::Tensor loss = torch::cross_entropy_loss(model.net->forward(x), torch::tensor(labels));
    loss.backward();
    optimizer.step();
  }
  model.net->eval();
  return model;
}

const LoadedModel& blob_model() {
  static const LoadedModel model = train_blob_model();
  return model;
}

int hottest_quadrant(const cv::Mat& heatmap) {
  cv::Point peak;
  cv::minMaxLoc(heatmap, nullptr, nullptr, nullptr, &peak);
  return (peak.x >= kFaceSize / 2 ? 1 : 0) + (peak.y >= kFaceSize / 2 ? 2 : 0);
}

void expect_heatmaps_find_the_blob(CamMethod method) {
  std::mt19937 rng(11);
  std::vector<uint8_t> faces;
  std::vector<BlobImage> images;
  for (int i = 0; i < 16; ++i) {
    images.push_back(blob_image(i % kBlobKinds, (i / kBlobKinds) % 4, rng));
    faces.insert(faces.end(), images.back().pixels.begin(), images.back().pixels.end());
  }
  const auto maps = class_activation_maps(blob_model(), faces.data(), images.size(), method);
  ASSERT_EQ(maps.size(), images.size());
  for (size_t i = 0; i < images.size(); ++i) {
    ASSERT_EQ(maps[i].target_class, static_cast<int>(i % kBlobKinds)) << "the model did not learn (image " << i << ")";
    EXPECT_EQ(maps[i].heatmap.rows, kFaceSize);
    EXPECT_EQ(maps[i].heatmap.type(), CV_32FC1);
    double low = 0, high = 0;
    cv::minMaxLoc(maps[i].heatmap, &low, &high);
    EXPECT_NEAR(high, 1.0, 1e-5);
    EXPECT_GE(low, 0.0);
    EXPECT_EQ(hottest_quadrant(maps[i].heatmap), images[i].quadrant) << "image " << i;
  }
}

TEST(GradCam, HeatmapPeaksInTheQuadrantHoldingTheBlob) { expect_heatmaps_find_the_blob(CamMethod::GradCam); }

TEST(GradCam, GradCamPlusPlusHeatmapPeaksInTheQuadrantHoldingTheBlob) {
  expect_heatmaps_find_the_blob(CamMethod::GradCamPlusPlus);
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
  std::mt19937 rng(61);
  std::vector<uint8_t> faces;
  for (int i = 0; i < 4; ++i) {
    const auto image = blob_image(i % kBlobKinds, i, rng);
    faces.insert(faces.end(), image.pixels.begin(), image.pixels.end());
  }
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
