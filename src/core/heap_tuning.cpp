#include "core/heap_tuning.hpp"

#include <malloc.h>

namespace ferlab {

bool keep_freed_memory_for_reuse() {
  // Large enough for a batch of resnet18 activations; the memory stays the
  // process's own until it exits, which a short-lived command can afford.
  constexpr int kMmapThreshold = 256 << 20;
  constexpr int kTrimThreshold = 1 << 30;
  constexpr int kTopPad = 256 << 20;
  return mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1 &&
         mallopt(M_TOP_PAD, kTopPad) == 1;
}

}  // namespace ferlab
