// The seeds' VGG-style baseline: three blocks of two 3x3 convolutions (32, 64,
// 128 filters) with BatchNorm and ReLU, each block max-pooled and dropped out,
// then Dense 256 and the 7-way classifier. Input 1 x 48 x 48.
#include "core/emotion.hpp"
#include "models/architectures.hpp"

namespace ferlab {
namespace {

namespace nn = torch::nn;

nn::Conv2dOptions conv3x3(int64_t in, int64_t out) { return nn::Conv2dOptions(in, out, 3).padding(1); }

class VggBlockImpl : public nn::Module {
 public:
  VggBlockImpl(int64_t in, int64_t out)
      : conv1(register_module("conv1", nn::Conv2d(conv3x3(in, out)))),
        bn1(register_module("bn1", nn::BatchNorm2d(out))),
        conv2(register_module("conv2", nn::Conv2d(conv3x3(out, out)))),
        bn2(register_module("bn2", nn::BatchNorm2d(out))) {}

  // Returns the activation before pooling: the last block's is Grad-CAM's map.
  torch::Tensor convolve(const torch::Tensor& x) {
    return torch::relu(bn2(conv2(torch::relu(bn1(conv1(x))))));
  }
  torch::Tensor pool(const torch::Tensor& x) { return torch::dropout(torch::max_pool2d(x, 2), 0.25, is_training()); }

  nn::Conv2d conv1;
  nn::BatchNorm2d bn1;
  nn::Conv2d conv2;
  nn::BatchNorm2d bn2;
};
TORCH_MODULE(VggBlock);

class CnnImpl : public EmotionNetImpl {
 public:
  static constexpr int kInputSize = 48;

  CnnImpl()
      : block1(register_module("block1", VggBlock(1, 32))),
        block2(register_module("block2", VggBlock(32, 64))),
        block3(register_module("block3", VggBlock(64, 128))),
        fc1(register_module("fc1", nn::Linear(128 * 6 * 6, 256))),
        bn_fc1(register_module("bn_fc1", nn::BatchNorm1d(256))),
        fc2(register_module("fc2", nn::Linear(256, kNumEmotions))) {}

  NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) override {
    check_face_batch(x, arch(), kInputSize);
    const size_t wanted = feature_layer_index(layer);
    // Each block's map before its pooling: block3's 12 x 12 gives Grad-CAM twice the resolution of the 6 x 6 one.
    torch::Tensor h = x, features;
    VggBlock* blocks[] = {&block1, &block2, &block3};
    for (size_t i = 0; i < 3; ++i) {
      const torch::Tensor convolved = (*blocks[i])->convolve(h);
      if (i == wanted) features = convolved;
      h = (*blocks[i])->pool(convolved);
    }
    h = torch::dropout(torch::relu(bn_fc1(fc1(h.flatten(1)))), 0.5, is_training());
    return {fc2(h), features};
  }
  std::string arch() const override { return "cnn"; }
  const std::vector<std::string>& feature_layers() const override {
    static const std::vector<std::string> layers{"block1", "block2", "block3"};  // 48, 24, 12 px maps
    return layers;
  }

 private:
  VggBlock block1, block2, block3;
  nn::Linear fc1;
  nn::BatchNorm1d bn_fc1;
  nn::Linear fc2;
};

}  // namespace

EmotionNet make_cnn(ArchOptions&) { return std::make_shared<CnnImpl>(); }

}  // namespace ferlab
