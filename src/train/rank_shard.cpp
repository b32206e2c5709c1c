#include "train/rank_shard.hpp"

#include "train/sample_rng.hpp"

namespace ferlab {
namespace {

constexpr uint64_t kRankStream = ~0ull - 3;  // beside sample_rng.hpp's streams

}  // namespace

std::vector<uint32_t> rank_shard(const std::vector<uint32_t>& epoch_order, int world_size, int rank) {
  const size_t n = epoch_order.size();
  const auto w = static_cast<size_t>(world_size);
  const size_t per_rank = (n + w - 1) / w;
  std::vector<uint32_t> shard;
  if (n == 0) return shard;
  shard.reserve(per_rank);
  // Position p of the padded order is p mod n of the real one: the tail wraps
  // around (more than once when there are fewer samples than ranks).
  for (size_t i = 0; i < per_rank; ++i) shard.push_back(epoch_order[(static_cast<size_t>(rank) + i * w) % n]);
  return shard;
}

std::vector<uint32_t> validation_shard(size_t num_samples, int world_size, int rank) {
  std::vector<uint32_t> shard;
  for (size_t i = static_cast<size_t>(rank); i < num_samples; i += static_cast<size_t>(world_size))
    shard.push_back(static_cast<uint32_t>(i));
  return shard;
}

uint64_t rank_seed(uint64_t seed, int rank) {
  return rank == 0 ? seed : SampleRng(seed, static_cast<uint64_t>(rank), kRankStream).next();
}

}  // namespace ferlab
