#include "models/explain_hooks.hpp"

#include <utility>

namespace ferlab {

namespace {

thread_local bool guided_relu = false;
thread_local StageEdit stage_edit;

// Saves the output rather than the input: y > 0 exactly where x > 0.
struct GuidedRelu : torch::autograd::Function<GuidedRelu> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x) {
    torch::Tensor y = torch::relu(x);
    ctx->save_for_backward({y});
    return y;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const torch::Tensor y = ctx->get_saved_variables()[0];
    return {grads[0].clamp_min(0) * (y > 0).to(grads[0].scalar_type())};
  }
};

}  // namespace

torch::Tensor net_relu(const torch::Tensor& x) { return guided_relu ? GuidedRelu::apply(x) : torch::relu(x); }

GuidedReluScope::GuidedReluScope() : outer_(guided_relu) { guided_relu = true; }
GuidedReluScope::~GuidedReluScope() { guided_relu = outer_; }

torch::Tensor edited_stage(const torch::Tensor& features) { return stage_edit ? stage_edit(features) : features; }

StageEditScope::StageEditScope(StageEdit edit) : outer_(std::move(stage_edit)) { stage_edit = std::move(edit); }
StageEditScope::~StageEditScope() { stage_edit = std::move(outer_); }

}  // namespace ferlab
