#include "models/runtime.hpp"

#include <torch/torch.h>

#include <thread>

#include "core/cpu_threads.hpp"
#include "core/heap_tuning.hpp"

namespace ferlab {

RuntimeInfo configure_runtime(int threads) {
  RuntimeInfo info;
  info.openblas_single_threaded = hold_openblas_to_one_thread();
  info.blas = loaded_blas_name();
  info.freed_memory_kept = keep_freed_memory_for_reuse();
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(n);
  info.torch_threads = torch::get_num_threads();
  return info;
}

}  // namespace ferlab
