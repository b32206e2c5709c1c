// ResEmoteNet (Roy et al., 2024, "ResEmoteNet: Bridging Accuracy and Loss
// Reduction in Facial Emotion Recognition"): a three-layer convolutional stem, a
// Squeeze-and-Excitation block, three strided residual blocks, global average
// pooling and a 1024-512-256 dense head. The paper's convolution widths
// (64/128/256, then 512/1024/2048; ~80 M parameters) are scaled by the `width`
// option so that the network trains on a CPU; the dense head keeps its widths.
#include <cmath>

#include "core/emotion.hpp"
#include "models/architectures.hpp"
#include "models/explain_hooks.hpp"

namespace ferlab {
namespace {

namespace nn = torch::nn;

nn::Conv2dOptions conv3x3(int64_t in, int64_t out, int64_t stride = 1) {
  return nn::Conv2dOptions(in, out, 3).stride(stride).padding(1);
}

// Squeeze (global average) then excite (a two-layer bottleneck gate) reweights channels.
class SqueezeExcitationImpl : public nn::Module {
 public:
  SqueezeExcitationImpl(int64_t channels, int64_t reduction)
      : fc1(register_module("fc1", nn::Linear(nn::LinearOptions(channels, std::max<int64_t>(1, channels / reduction)).bias(false)))),
        fc2(register_module("fc2", nn::Linear(nn::LinearOptions(std::max<int64_t>(1, channels / reduction), channels).bias(false)))) {}

  torch::Tensor forward(const torch::Tensor& x) {
    const auto gate = torch::sigmoid(fc2(net_relu(fc1(x.mean({2, 3})))));
    return x * gate.unsqueeze(-1).unsqueeze(-1);
  }

  nn::Linear fc1, fc2;
};
TORCH_MODULE(SqueezeExcitation);

class ResidualBlockImpl : public nn::Module {
 public:
  ResidualBlockImpl(int64_t in, int64_t out, int64_t stride)
      : conv1(register_module("conv1", nn::Conv2d(conv3x3(in, out, stride)))),
        bn1(register_module("bn1", nn::BatchNorm2d(out))),
        conv2(register_module("conv2", nn::Conv2d(conv3x3(out, out)))),
        bn2(register_module("bn2", nn::BatchNorm2d(out))),
        shortcut_conv(register_module("shortcut_conv", nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride)))),
        shortcut_bn(register_module("shortcut_bn", nn::BatchNorm2d(out))) {}

  torch::Tensor forward(const torch::Tensor& x) {
    const auto out = bn2(conv2(net_relu(bn1(conv1(x)))));
    return net_relu(out + shortcut_bn(shortcut_conv(x)));
  }

  nn::Conv2d conv1;
  nn::BatchNorm2d bn1;
  nn::Conv2d conv2;
  nn::BatchNorm2d bn2;
  nn::Conv2d shortcut_conv;  // every block changes width and stride, so every shortcut is a 1x1 projection
  nn::BatchNorm2d shortcut_bn;
};
TORCH_MODULE(ResidualBlock);

class ResEmoteNetImpl : public EmotionNetImpl {
 public:
  explicit ResEmoteNetImpl(double width) : width_(width) {
    const auto w = [width](int64_t paper) { return std::max<int64_t>(8, std::lround(paper * width)); };
    conv1 = register_module("conv1", nn::Conv2d(conv3x3(1, w(64))));
    bn1 = register_module("bn1", nn::BatchNorm2d(w(64)));
    conv2 = register_module("conv2", nn::Conv2d(conv3x3(w(64), w(128))));
    bn2 = register_module("bn2", nn::BatchNorm2d(w(128)));
    conv3 = register_module("conv3", nn::Conv2d(conv3x3(w(128), w(256))));
    bn3 = register_module("bn3", nn::BatchNorm2d(w(256)));
    se = register_module("se", SqueezeExcitation(w(256), 16));
    res_block1 = register_module("res_block1", ResidualBlock(w(256), w(512), 2));
    res_block2 = register_module("res_block2", ResidualBlock(w(512), w(1024), 2));
    res_block3 = register_module("res_block3", ResidualBlock(w(1024), w(2048), 2));
    fc1 = register_module("fc1", nn::Linear(w(2048), 1024));
    fc2 = register_module("fc2", nn::Linear(1024, 512));
    fc3 = register_module("fc3", nn::Linear(512, 256));
    fc4 = register_module("fc4", nn::Linear(256, kNumEmotions));
  }

  NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) override {
    check_face_batch(x, arch());
    const size_t wanted = feature_layer_index(layer);
    torch::Tensor features;
    // Stage i's output becomes the features when it is the layer asked for.
    const auto stage = [&](size_t i, torch::Tensor h) {
      if (i == wanted) features = h = edited_stage(h);
      return h;
    };
    auto h = stage(0, torch::max_pool2d(net_relu(bn1(conv1(x))), 2));
    h = stage(1, torch::max_pool2d(net_relu(bn2(conv2(torch::dropout(h, 0.2, is_training())))), 2));
    h = stage(2, se(torch::max_pool2d(net_relu(bn3(conv3(torch::dropout(h, 0.2, is_training())))), 2)));
    h = stage(3, res_block1(h));
    h = stage(4, res_block2(h));
    h = stage(5, res_block3(h)).mean({2, 3});
    h = torch::dropout(net_relu(fc1(h)), 0.5, is_training());
    h = torch::dropout(net_relu(fc2(h)), 0.5, is_training());
    h = torch::dropout(net_relu(fc3(h)), 0.5, is_training());
    return {fc4(h), features};
  }
  std::string arch() const override { return "resemotenet"; }
  const std::vector<std::string>& feature_layers() const override {
    // 24, 12, 6, 3, 2 and 1 px maps at 48 x 48.
    static const std::vector<std::string> layers{"conv1", "conv2", "se", "res_block1", "res_block2", "res_block3"};
    return layers;
  }
  // At 48x48 the residual blocks end at 1x1, where Grad-CAM can only say
  // "everywhere"; the SE block's 6x6 output is the last map with a layout.
  std::string default_feature_layer() const override { return "se"; }
  nlohmann::json options() const override { return {{"width", width_}}; }

 private:
  double width_;
  nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
  SqueezeExcitation se{nullptr};
  ResidualBlock res_block1{nullptr}, res_block2{nullptr}, res_block3{nullptr};
  nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr};
};

}  // namespace

EmotionNet make_resemotenet(ArchOptions& options) {
  return std::make_shared<ResEmoteNetImpl>(options.number("width", 0.25, 0.0625, 1.0));
}

}  // namespace ferlab
