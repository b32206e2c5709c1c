#pragma once
// The two places where an explanation (src/explain) reaches into a network's
// forward pass, and which every architecture's forward consults: LibTorch's
// C++ modules have no forward hooks, and the models may not depend on explain.
// Both switches are per thread and scoped, so an explanation on one thread
// never changes what a classification on another computes.
#include <torch/torch.h>

#include <functional>

namespace ferlab {

// The ReLU every network calls instead of torch::relu. Outside a
// GuidedReluScope it is torch::relu. Inside one, on this thread, its backward
// pass lets a gradient through only where the ReLU's input was positive AND
// the gradient itself is positive: the rule of Guided Backpropagation
// (Springenberg et al. 2015). The forward values are the same either way.
torch::Tensor net_relu(const torch::Tensor& x);

class GuidedReluScope {
 public:
  GuidedReluScope();
  ~GuidedReluScope();
  GuidedReluScope(const GuidedReluScope&) = delete;
  GuidedReluScope& operator=(const GuidedReluScope&) = delete;

 private:
  bool outer_;
};

// Every architecture passes the output of the stage forward_with_features was
// asked for through edited_stage() before the rest of the network uses it.
// Outside a StageEditScope it returns `features` unchanged; inside one, on
// this thread, whatever the scope's function makes of them (Ablation-CAM
// zeroes one channel per copy of the face).
torch::Tensor edited_stage(const torch::Tensor& features);

using StageEdit = std::function<torch::Tensor(const torch::Tensor&)>;
class StageEditScope {
 public:
  explicit StageEditScope(StageEdit edit);
  ~StageEditScope();
  StageEditScope(const StageEditScope&) = delete;
  StageEditScope& operator=(const StageEditScope&) = delete;

 private:
  StageEdit outer_;
};

}  // namespace ferlab
