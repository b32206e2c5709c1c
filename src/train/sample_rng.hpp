#pragma once
// A tiny counter-based random source: every stream is a pure function of a few
// integers (seed, epoch, sample position), so augmentation and shuffling give
// the same result whatever thread draws them and in whatever order. The
// standard <random> distributions are implementation-defined, hence our own
// conversions to floats.
#include <cstdint>
#include <utility>
#include <vector>

namespace ferlab {

constexpr uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class SampleRng {
 public:
  SampleRng(uint64_t a, uint64_t b = 0, uint64_t c = 0)
      : state_(splitmix64(splitmix64(splitmix64(a) ^ b) ^ c)) {}

  uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return splitmix64(state_);
  }
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  bool bernoulli(double p) { return uniform01() < p; }
  // [0, n), unbiased enough for n far below 2^64.
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  // Fisher-Yates from the back: the one shuffle every stream uses, so that
  // epoch orders, subsets and batch pairings stay as they were drawn.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  uint64_t state_;
};

// Distinct streams drawn from the same (seed, epoch): sample augmentation uses
// the sample's position, so the whole-epoch draws use positions no sample has.
constexpr uint64_t kShuffleStream = ~0ull;
constexpr uint64_t kTorchSeedStream = ~0ull - 1;
constexpr uint64_t kSubsetStream = ~0ull - 2;
constexpr uint64_t kMixStream = ~0ull - 3;  // seeds one stream per batch (train/batch_mixing.hpp)

}  // namespace ferlab
