#pragma once

namespace ferlab {

// glibc returns freed blocks above its mmap threshold (and the heap's top above
// its trim threshold) to the kernel at once, so every training step's
// activations are mapped, zero-filled and unmapped again: measured on the cnn's
// training at one thread, a quarter of the process's CPU time was kernel time
// (page faults), and none with freed memory kept. Raises both thresholds so
// that the process reuses its freed memory. Returns false when the C library
// refused (not glibc).
bool keep_freed_memory_for_reuse();

}  // namespace ferlab
