// The seeds' VGG-style baseline: three blocks of two 3x3 convolutions (32, 64,
// 128 filters) with BatchNorm and ReLU, each block max-pooled and dropped out,
// then Dense 256 and the 7-way classifier. Input 1 x 48 x 48.
// Options norm=none and dropout=off drop the BatchNorm layers and the dropout:
// a network whose step is a plain function of its batch, with which a
// data-parallel run can be checked against a single process (docs/DISTRIBUTED.md).
#include "core/emotion.hpp"
#include "models/architectures.hpp"
#include "models/explain_hooks.hpp"

namespace ferlab {
namespace {

namespace nn = torch::nn;

nn::Conv2dOptions conv3x3(int64_t in, int64_t out) { return nn::Conv2dOptions(in, out, 3).padding(1); }

class VggBlockImpl : public nn::Module {
 public:
  VggBlockImpl(int64_t in, int64_t out, bool batch_norm, bool dropout)
      : dropout_(dropout ? 0.25 : 0.0) {
    // Registered in this order whatever the options: the optimizer state in a
    // checkpoint follows the order of parameters().
    conv1 = register_module("conv1", nn::Conv2d(conv3x3(in, out)));
    if (batch_norm) bn1 = register_module("bn1", nn::BatchNorm2d(out));
    conv2 = register_module("conv2", nn::Conv2d(conv3x3(out, out)));
    if (batch_norm) bn2 = register_module("bn2", nn::BatchNorm2d(out));
  }

  // Returns the activation before pooling: the last block's is Grad-CAM's map.
  torch::Tensor convolve(const torch::Tensor& x) {
    return net_relu(normalize(bn2, conv2(net_relu(normalize(bn1, conv1(x))))));
  }
  torch::Tensor pool(const torch::Tensor& x) { return torch::dropout(torch::max_pool2d(x, 2), dropout_, is_training()); }

  nn::Conv2d conv1{nullptr};
  nn::BatchNorm2d bn1{nullptr};
  nn::Conv2d conv2{nullptr};
  nn::BatchNorm2d bn2{nullptr};

 private:
  static torch::Tensor normalize(nn::BatchNorm2d& bn, const torch::Tensor& x) { return bn ? bn(x) : x; }
  double dropout_;
};
TORCH_MODULE(VggBlock);

class CnnImpl : public EmotionNetImpl {
 public:
  static constexpr int kInputSize = 48;

  CnnImpl(bool batch_norm, bool dropout)
      : block1(register_module("block1", VggBlock(1, 32, batch_norm, dropout))),
        block2(register_module("block2", VggBlock(32, 64, batch_norm, dropout))),
        block3(register_module("block3", VggBlock(64, 128, batch_norm, dropout))),
        fc1(register_module("fc1", nn::Linear(128 * 6 * 6, 256))),
        dropout_(dropout ? 0.5 : 0.0) {
    if (batch_norm) bn_fc1 = register_module("bn_fc1", nn::BatchNorm1d(256));
    fc2 = register_module("fc2", nn::Linear(256, kNumEmotions));
  }

  NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) override {
    check_face_batch(x, arch(), kInputSize);
    const size_t wanted = feature_layer_index(layer);
    // Each block's map before its pooling: block3's 12 x 12 gives Grad-CAM twice the resolution of the 6 x 6 one.
    torch::Tensor h = x, features;
    VggBlock* blocks[] = {&block1, &block2, &block3};
    for (size_t i = 0; i < 3; ++i) {
      torch::Tensor convolved = (*blocks[i])->convolve(h);
      if (i == wanted) features = convolved = edited_stage(convolved);
      h = (*blocks[i])->pool(convolved);
    }
    h = fc1(h.flatten(1));
    h = torch::dropout(net_relu(bn_fc1 ? bn_fc1(h) : h), dropout_, is_training());
    return {fc2(h), features};
  }
  std::string arch() const override { return "cnn"; }
  const std::vector<std::string>& feature_layers() const override {
    static const std::vector<std::string> layers{"block1", "block2", "block3"};  // 48, 24, 12 px maps
    return layers;
  }
  // Only the options that differ from the default: the shipped cnn's card and
  // every earlier run say {}, and must go on naming the same network (and resume).
  nlohmann::json options() const override {
    nlohmann::json given = nlohmann::json::object();
    if (!bn_fc1) given["norm"] = "none";
    if (dropout_ == 0) given["dropout"] = "off";
    return given;
  }

 private:
  VggBlock block1, block2, block3;
  nn::Linear fc1;
  nn::BatchNorm1d bn_fc1{nullptr};
  nn::Linear fc2{nullptr};
  double dropout_;
};

}  // namespace

EmotionNet make_cnn(ArchOptions& options) {
  const bool batch_norm = options.choice("norm", "batch", {"batch", "none"}) == "batch";
  const bool dropout = options.choice("dropout", "on", {"on", "off"}) == "on";
  return std::make_shared<CnnImpl>(batch_norm, dropout);
}

}  // namespace ferlab
