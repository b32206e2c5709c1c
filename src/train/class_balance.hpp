#pragma once
// Counter-measures for FER-2013's imbalance (Disgust has ~1/16 the images of
// Happy). Both use inverse-square-root frequency: full inverse frequency would
// show each Disgust face ~9x per epoch and overfit it.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/face_dataset.hpp"

namespace ferlab {

enum class Balance { None, Weights, Oversample };
Balance balance_from_name(const std::string& name);  // throws UsageError
std::string balance_name(Balance balance);

// w_c proportional to 1/sqrt(n_c), scaled so that the average weight over the
// training samples is 1 (the loss keeps its scale). Absent classes get 0.
std::array<double, kNumEmotions> inverse_sqrt_class_weights(const ClassCounts& counts);

// The order in which one epoch visits the samples: a permutation of
// [0, labels.size()) for None/Weights; for Oversample, labels.size() draws with
// replacement, each sample with probability proportional to its class weight.
// A pure function of (seed, epoch).
std::vector<uint32_t> epoch_order(const std::vector<uint8_t>& labels, Balance balance,
                                  uint64_t seed, uint64_t epoch);

}  // namespace ferlab
