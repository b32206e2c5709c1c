// ResNet-18 (He et al., 2016): BasicBlocks [2, 2, 2, 2] of widths
// 64/128/256/512 on a one-channel stem. Submodules are named as in torchvision
// (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc) so that torchvision
// checkpoints map onto the network name for name (see imagenet_weights.hpp).
#include "core/emotion.hpp"
#include "models/architectures.hpp"
#include "models/explain_hooks.hpp"

namespace ferlab {
namespace {

namespace nn = torch::nn;

nn::Conv2dOptions conv3x3(int64_t in, int64_t out, int64_t stride) {
  return nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false);
}

class BasicBlockImpl : public nn::Module {
 public:
  BasicBlockImpl(int64_t in, int64_t out, int64_t stride)
      : conv1(register_module("conv1", nn::Conv2d(conv3x3(in, out, stride)))),
        bn1(register_module("bn1", nn::BatchNorm2d(out))),
        conv2(register_module("conv2", nn::Conv2d(conv3x3(out, out, 1)))),
        bn2(register_module("bn2", nn::BatchNorm2d(out))) {
    if (stride != 1 || in != out)
      downsample = register_module("downsample", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)),
                                                                nn::BatchNorm2d(out)));
  }

  torch::Tensor forward(const torch::Tensor& x) {
    const auto out = bn2(conv2(net_relu(bn1(conv1(x)))));
    return net_relu(out + (downsample ? downsample->forward(x) : x));
  }

  nn::Conv2d conv1;
  nn::BatchNorm2d bn1;
  nn::Conv2d conv2;
  nn::BatchNorm2d bn2;
  nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

nn::Sequential make_layer(int64_t in, int64_t out, int64_t stride) {
  return nn::Sequential(BasicBlock(in, out, stride), BasicBlock(out, out, 1));
}

// "small" (default): 3x3 stride-2 conv, no max-pool: 48 -> 24 into layer1, a 3 x 3 final map.
// "imagenet": torchvision's 7x7 stride-2 conv + 3x3 stride-2 max-pool (for ImageNet weights): a 2 x 2 final map.
// "cifar": 3x3 stride-1 conv, no max-pool: layer1 runs at 48 x 48 (4x the small stem's cost), a 6 x 6 final map.
class ResNet18Impl : public EmotionNetImpl {
 public:
  explicit ResNet18Impl(std::string stem) : stem_(std::move(stem)) {
    const bool imagenet = stem_ == "imagenet";
    const auto conv1_options = imagenet ? nn::Conv2dOptions(1, 64, 7).stride(2).padding(3).bias(false)
                                        : conv3x3(1, 64, stem_ == "small" ? 2 : 1);
    conv1 = register_module("conv1", nn::Conv2d(conv1_options));
    bn1 = register_module("bn1", nn::BatchNorm2d(64));
    layer1 = register_module("layer1", make_layer(64, 64, 1));
    layer2 = register_module("layer2", make_layer(64, 128, 2));
    layer3 = register_module("layer3", make_layer(128, 256, 2));
    layer4 = register_module("layer4", make_layer(256, 512, 2));
    fc = register_module("fc", nn::Linear(512, kNumEmotions));
  }

  NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) override {
    check_face_batch(x, arch());
    const size_t wanted = feature_layer_index(layer);
    auto h = net_relu(bn1(conv1(x)));
    if (stem_ == "imagenet") h = torch::max_pool2d(h, 3, 2, 1);
    torch::Tensor features;
    if (wanted == 0) features = h = edited_stage(h);
    nn::Sequential* layers[] = {&layer1, &layer2, &layer3, &layer4};
    for (size_t i = 0; i < 4; ++i) {
      h = (*layers[i])->forward(h);
      if (i + 1 == wanted) features = h = edited_stage(h);
    }
    return {fc(h.mean({2, 3})), features};
  }
  std::string arch() const override { return "resnet18"; }
  const std::vector<std::string>& feature_layers() const override {
    // The small stem's maps: 24, 24, 12, 6 and 3 px.
    static const std::vector<std::string> layers{"stem", "layer1", "layer2", "layer3", "layer4"};
    return layers;
  }
  nlohmann::json options() const override { return {{"stem", stem_}}; }

 private:
  std::string stem_;
  nn::Conv2d conv1{nullptr};
  nn::BatchNorm2d bn1{nullptr};
  nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
  nn::Linear fc{nullptr};
};

}  // namespace

EmotionNet make_resnet18(ArchOptions& options) {
  return std::make_shared<ResNet18Impl>(options.choice("stem", "small", {"small", "imagenet", "cifar"}));
}

}  // namespace ferlab
