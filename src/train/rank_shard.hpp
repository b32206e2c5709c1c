#pragma once
// How the ranks of a data-parallel run split the data, by the rules of
// PyTorch's DistributedSampler (drop_last=False): the epoch's order (the same
// on every rank: a function of seed and epoch) is padded by wrapping around to
// a multiple of the world size, and rank r takes positions r, r + W, r + 2W...
// Every rank thus gets the same number of samples and of batches (no rank
// waits in an all-reduce that another never reaches), and a seed and a world
// size reproduce a run. Free of torch headers.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ferlab {

std::vector<uint32_t> rank_shard(const std::vector<uint32_t>& epoch_order, int world_size, int rank);

// Validation counts every face exactly once (no padding: the sums are reduced
// across ranks, so unequal shares do no harm): rank r takes r, r + W, ...
std::vector<uint32_t> validation_shard(size_t num_samples, int world_size, int rank);

// Rank 0 keeps `seed`, so that a one-rank job trains exactly as a single
// process; the others draw augmentation and dropout from their own streams
// (the same seed on every rank would give the i-th face of every rank the same
// rotation, shift, flip and dropout mask).
uint64_t rank_seed(uint64_t seed, int rank);

}  // namespace ferlab
