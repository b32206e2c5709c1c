#pragma once
// Mixing the faces of a training batch, pairwise, with their targets:
//  - mixup (Zhang et al., 2018): each face becomes lambda * itself +
//    (1 - lambda) * a partner from the same batch;
//  - CutMix (Yun et al., 2019): a box of the partner's face is pasted over
//    the face, and lambda is the share of the face left outside the box.
// The target becomes lambda * its own + (1 - lambda) * the partner's, so a
// network cannot become certain of one noisy label; the reported label (for
// the training accuracy) is the one with the larger share.
// One lambda, pairing and box per batch, drawn from (seed, epoch, batch
// index): reproducible whatever thread builds the batch. Torch-free: plain
// arithmetic on the batch's float buffers.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace ferlab {

class SampleRng;

struct MixConfig {
  double mixup_alpha = 0;   // lambda ~ Beta(alpha, alpha); 0 = no mixup
  double cutmix_alpha = 0;  // the same for CutMix's box; 0 = no CutMix
  double probability = 1;   // share of batches mixed; with both on, each mixed batch picks one, evenly

  bool enabled() const { return (mixup_alpha > 0 || cutmix_alpha > 0) && probability > 0; }
};

// Throws UsageError naming the option that is out of range.
void validate(const MixConfig& config);
// What the model card records: null when mixing is off.
nlohmann::json to_json(const MixConfig& config);

// A symmetric Beta(alpha, alpha) variate (alpha > 0), from our own generator
// so that the draw is the same on every platform.
double sample_symmetric_beta(SampleRng& rng, double alpha);

struct BatchMix {
  enum class Kind { None, Mixup, CutMix };
  Kind kind = Kind::None;
  double lambda = 1;              // the share of each face's own image in its target
  std::vector<uint32_t> partner;  // per position in the batch: whose image is mixed in
  int box_x = 0, box_y = 0, box_width = 0, box_height = 0;  // CutMix: the pasted box
};

// The batch's mixing, a pure function of its arguments. Kind None when this
// batch is left unmixed (probability) or mixing is off.
BatchMix draw_batch_mix(const MixConfig& config, uint64_t seed, uint64_t epoch, uint64_t batch, size_t n,
                        int size = 48);

// Mixes `n` faces of size x size floats, their targets (n x classes, each a
// distribution) and labels in place.
void apply_batch_mix(const BatchMix& mix, float* images, float* targets, int64_t* labels, size_t n, int classes,
                     int size = 48);

}  // namespace ferlab
