#include "train/lr_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace ferlab {

double CosineSchedule::lr_at(double epoch) const {
  if (warmup_epochs > 0 && epoch < warmup_epochs) {
    // Start above zero: a first step with rate 0 would waste a batch.
    return base_lr * (epoch + 1.0 / 64) / (warmup_epochs + 1.0 / 64);
  }
  const double span = std::max(1e-9, total_epochs - warmup_epochs);
  const double t = std::clamp((epoch - warmup_epochs) / span, 0.0, 1.0);
  return min_lr + 0.5 * (base_lr - min_lr) * (1 + std::cos(M_PI * t));
}

PlateauSchedule::PlateauSchedule(double base_lr, double factor, int patience, double min_lr,
                                 double threshold)
    : lr_(base_lr), factor_(factor), min_lr_(min_lr), threshold_(threshold), patience_(patience) {}

double PlateauSchedule::step(double metric) {
  if (metric > best_ + threshold_) {
    best_ = metric;
    bad_epochs_ = 0;
    return lr_;
  }
  if (++bad_epochs_ > patience_) {
    lr_ = std::max(min_lr_, lr_ * factor_);
    bad_epochs_ = 0;
  }
  return lr_;
}

nlohmann::json PlateauSchedule::state() const {
  return {{"lr", lr_}, {"best", best_}, {"bad_epochs", bad_epochs_}};
}

void PlateauSchedule::restore(const nlohmann::json& state) {
  lr_ = state.at("lr").get<double>();
  best_ = state.at("best").get<double>();
  bad_epochs_ = state.at("bad_epochs").get<int>();
}

}  // namespace ferlab
