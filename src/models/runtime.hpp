#pragma once
// Process-wide CPU set-up for LibTorch; call once at start-up. Kept free of
// torch headers so that the CLI's files compile quickly.
#include <string>

namespace ferlab {

struct RuntimeInfo {
  int torch_threads = 0;
  bool openblas_single_threaded = false;
  bool freed_memory_kept = false;  // keep_freed_memory_for_reuse()
  std::string blas;
};

// Holds OpenBLAS to one thread, keeps freed memory for reuse, and gives LibTorch's intra-op pool the cores.
// `threads` <= 0 means all hardware threads.
RuntimeInfo configure_runtime(int threads = 0);

}  // namespace ferlab
