#include "explain/blob_model.hpp"

#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <algorithm>

#include "core/face_dataset.hpp"
#include "models/explain_hooks.hpp"

namespace ferlab::test {

namespace {

// A small network of the shape Grad-CAM is made for (convolutions, then the
// classifier on globally pooled features), small enough to train in seconds.
class TinyCamNetImpl : public EmotionNetImpl {
 public:
  TinyCamNetImpl()
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 8, 3).padding(1)))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 16, 3).padding(1)))),
        conv3(register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 16, 3).padding(1)))),
        fc(register_module("fc", torch::nn::Linear(16, kNumEmotions))) {}
  NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) override {
    const size_t wanted = feature_layer_index(layer);
    // Like every network, through the explanations' hooks (models/explain_hooks.hpp).
    torch::nn::Conv2d* convs[] = {&conv1, &conv2, &conv3};  // 48, 24 and 12 px
    torch::Tensor h = x, features;
    for (size_t i = 0; i < 3; ++i) {
      h = net_relu((*convs[i])(i == 0 ? h : torch::max_pool2d(h, 2)));
      if (i == wanted) features = h = edited_stage(h);
    }
    return {fc(h.mean({2, 3})), features};
  }
  std::string arch() const override { return "tiny-cam-test"; }
  const std::vector<std::string>& feature_layers() const override {
    static const std::vector<std::string> layers{"conv1", "conv2", "conv3"};
    return layers;
  }

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

int quadrant_of(int x, int y) { return (x >= kFaceSize / 2 ? 1 : 0) + (y >= kFaceSize / 2 ? 2 : 0); }

}  // namespace

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

BlobBatch blob_batch(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  BlobBatch batch;
  for (size_t i = 0; i < count; ++i) {
    batch.images.push_back(blob_image(static_cast<int>(i % kBlobKinds), static_cast<int>((i / kBlobKinds) % 4), rng));
    batch.pixels.insert(batch.pixels.end(), batch.images.back().pixels.begin(), batch.images.back().pixels.end());
  }
  return batch;
}

const LoadedModel& blob_model() {
  static const LoadedModel model = train_blob_model();
  return model;
}

int heaviest_quadrant(const cv::Mat& heatmap) {
  double mass[4] = {0, 0, 0, 0};
  for (int y = 0; y < heatmap.rows; ++y)
    for (int x = 0; x < heatmap.cols; ++x) mass[quadrant_of(x, y)] += heatmap.at<float>(y, x);
  return static_cast<int>(std::max_element(mass, mass + 4) - mass);
}

int hottest_quadrant(const cv::Mat& heatmap) {
  cv::Point peak;
  cv::minMaxLoc(heatmap, nullptr, nullptr, nullptr, &peak);
  return quadrant_of(peak.x, peak.y);
}

}  // namespace ferlab::test
