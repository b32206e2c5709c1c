#include "core/heap_tuning.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>

namespace ferlab {
namespace {

// A freed 64 MiB block (a batch of activations) stays in the process's heap
// instead of going back to the kernel, so the next step reuses it.
TEST(HeapTuning, FreedLargeBlockStaysInTheHeapForReuse) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "AddressSanitizer replaces glibc's allocator, whose thresholds this tunes";
#endif
#endif
  ASSERT_TRUE(keep_freed_memory_for_reuse());
  constexpr size_t kBlock = 64u << 20;
  const size_t before = mallinfo2().fordblks;
  void* block = std::malloc(kBlock);
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, kBlock);
  EXPECT_GE(mallinfo2().uordblks, kBlock) << "the block should come from the heap, not its own mapping";
  std::free(block);
  EXPECT_GE(mallinfo2().fordblks, before + kBlock) << "the freed block should stay in the heap";
}

}  // namespace
}  // namespace ferlab
