#pragma once
// Learning-rate schedules. Both are small state machines with a JSON state so
// that a resumed run continues with exactly the rate it would have had.
#include <nlohmann/json.hpp>

namespace ferlab {

// Linear warm-up over `warmup_epochs`, then half a cosine from `base_lr` down
// to `min_lr` at `total_epochs`. Evaluated per optimisation step, at
// fractional epochs, so the decay is smooth inside an epoch.
struct CosineSchedule {
  double base_lr = 1e-3;
  double min_lr = 0;
  double warmup_epochs = 0;
  double total_epochs = 1;

  double lr_at(double epoch) const;  // epoch in [0, total_epochs]
};

// ReduceLROnPlateau on a metric to maximise (validation accuracy): after
// `patience` epochs without an improvement larger than `threshold`, the rate
// is multiplied by `factor`, never going below `min_lr`.
class PlateauSchedule {
 public:
  PlateauSchedule(double base_lr, double factor = 0.5, int patience = 5, double min_lr = 1e-6,
                  double threshold = 1e-4);

  double lr() const { return lr_; }
  // Records the epoch's metric; returns the rate for the next epoch.
  double step(double metric);

  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  double lr_, factor_, min_lr_, threshold_;
  int patience_;
  double best_ = -1e300;
  int bad_epochs_ = 0;
};

}  // namespace ferlab
