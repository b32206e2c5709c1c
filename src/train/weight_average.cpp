#include "train/weight_average.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace ferlab {
namespace {

// Pairs every parameter and buffer of `to` with its counterpart in `from`
// (same architecture, so the same order and shapes).
template <typename Visit>
void for_each_pair(torch::nn::Module& to, const torch::nn::Module& from, Visit visit) {
  const auto to_params = to.parameters(), from_params = from.parameters();
  const auto to_buffers = to.buffers(), from_buffers = from.buffers();
  if (to_params.size() != from_params.size() || to_buffers.size() != from_buffers.size())
    throw ModelError("weight average: the averaged network is not of the trained network's architecture");
  for (size_t i = 0; i < to_params.size(); ++i) visit(to_params[i], from_params[i]);
  for (size_t i = 0; i < to_buffers.size(); ++i) visit(to_buffers[i], from_buffers[i]);
}

}  // namespace

WeightAverage::WeightAverage(EmotionNet copy, const EmotionNet& net, double decay)
    : average_(std::move(copy)), decay_(decay) {
  if (!(decay >= 0 && decay < 1)) throw UsageError("weight average: the decay must be in [0, 1)");
  for (auto& p : average_->parameters()) p.set_requires_grad(false);
  restart_from(net);
}

void WeightAverage::restart_from(const EmotionNet& net) {
  torch::NoGradGuard no_grad;
  average_->to(net->parameters().front().device());
  for_each_pair(*average_, *net, [](torch::Tensor to, const torch::Tensor& from) { to.copy_(from); });
  updates_ = 0;
}

double WeightAverage::decay_at(int64_t updates) const {
  const double t = static_cast<double>(updates);
  return std::min(decay_, (1 + t) / (10 + t));
}

void WeightAverage::update(const EmotionNet& net) {
  torch::NoGradGuard no_grad;
  const double d = decay_at(updates_);
  for_each_pair(*average_, *net, [d](torch::Tensor to, const torch::Tensor& from) {
    if (to.is_floating_point())
      to.mul_(d).add_(from.detach(), 1 - d);
    else
      to.copy_(from);  // BatchNorm's num_batches_tracked counter
  });
  ++updates_;
}

}  // namespace ferlab
