// count_macs traces one forward pass: the traced graph knows every
// convolution's and dense layer's output shape, which the modules themselves
// do not (LibTorch's C++ modules have no forward hooks).
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/ir.h>

#include <functional>
#include <numeric>

#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

std::vector<int64_t> concrete_sizes(const torch::jit::Value* v) {
  if (const auto type = v->type()->cast<c10::TensorType>()) {
    if (const auto sizes = type->sizes().concrete_sizes()) return *sizes;
  }
  throw ModelError("count_macs: traced value '" + v->debugName() + "' has no concrete shape");
}

// The tracer records parameters as graph constants and refuses ones that
// require grad; the flags (and train/eval mode) are restored afterwards.
class FrozenForTracing {
 public:
  explicit FrozenForTracing(const EmotionNet& net) : net_(net), was_training_(net->is_training()) {
    for (auto& p : net_->parameters()) {
      requires_grad_.push_back(p.requires_grad());
      p.set_requires_grad(false);
    }
    net_->eval();  // dropout off: the eval-mode graph is the one deployed
  }
  ~FrozenForTracing() {
    auto params = net_->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].set_requires_grad(requires_grad_[i]);
    net_->train(was_training_);
  }
  FrozenForTracing(const FrozenForTracing&) = delete;
  FrozenForTracing& operator=(const FrozenForTracing&) = delete;

 private:
  EmotionNet net_;
  bool was_training_;
  std::vector<bool> requires_grad_;
};

int64_t product(const std::vector<int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), int64_t{1}, std::multiplies<>());
}

}  // namespace

int64_t count_macs(const EmotionNet& net, int input_size) {
  const auto traced = [&] {
    const FrozenForTracing frozen(net);
    return torch::jit::tracer::trace(
        {torch::zeros({1, 1, input_size, input_size})},
        [&](torch::jit::Stack inputs) { return torch::jit::Stack{net->forward(inputs.at(0).toTensor())}; },
        [](const torch::autograd::Variable&) { return std::string(); }, /*strict=*/false);
  }();

  int64_t macs = 0;
  for (const torch::jit::Node* node : traced.first->graph->nodes()) {
    const auto kind = node->kind();
    if (kind == c10::aten::_convolution || kind == c10::aten::conv2d || kind == c10::aten::convolution) {
      // Each output element costs one multiply-accumulate per weight of its filter: (C_in / groups) * kh * kw.
      const auto weight = concrete_sizes(node->input(1));
      macs += product(concrete_sizes(node->output())) * product(weight) / weight.at(0);
    } else if (kind == c10::aten::linear || kind == c10::aten::matmul || kind == c10::aten::mm) {
      // The tracer may record a dense layer as linear or, decomposed, as addmm/matmul of the transposed weight.
      macs += product(concrete_sizes(node->output())) * concrete_sizes(node->input(0)).back();
    } else if (kind == c10::aten::addmm) {
      macs += product(concrete_sizes(node->output())) * concrete_sizes(node->input(1)).back();
    }
  }
  return macs;
}

}  // namespace ferlab
