#pragma once
// An exponential moving average of a network's weights and BatchNorm
// statistics (Polyak averaging, as `timm`'s ModelEma): after every optimiser
// step, average = d * average + (1 - d) * weights. The average sits in a wide,
// flat part of the loss surface that the last noisy steps only circle, so it
// usually validates better than the weights themselves at no training cost.
#include <torch/torch.h>

#include <cstdint>

#include "models/emotion_net.hpp"

namespace ferlab {

class WeightAverage {
 public:
  // `copy`: a second network of the same architecture and options; it becomes
  // the average, starting at `net`'s current weights.
  WeightAverage(EmotionNet copy, const EmotionNet& net, double decay);

  // After each optimiser step. Early on the decay is lowered to
  // (1 + t) / (10 + t) after t updates, so that the first, random weights do
  // not linger in the average for thousands of steps.
  void update(const EmotionNet& net);
  // Starts again from `net`'s weights (a resumed run whose checkpoint had none).
  void restart_from(const EmotionNet& net);

  double decay_at(int64_t updates) const;
  const EmotionNet& net() const { return average_; }
  int64_t updates() const { return updates_; }
  void set_updates(int64_t updates) { updates_ = updates; }

 private:
  EmotionNet average_;
  double decay_;
  int64_t updates_ = 0;
};

}  // namespace ferlab
