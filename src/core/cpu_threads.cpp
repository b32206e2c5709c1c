#include "core/cpu_threads.hpp"

#include <dlfcn.h>

namespace ferlab {

// Looked up at run time so that the program links against whatever libblas.so.3
// Debian's alternatives select, and still runs (slowly) with the reference BLAS.
bool hold_openblas_to_one_thread() {
  using SetThreads = void (*)(int);
  auto* set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!set) return false;
  set(1);
  return true;
}

bool set_openblas_threads(int threads) {
  using SetThreads = void (*)(int);
  auto* set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!set) return false;
  set(threads);
  return true;
}

const char* loaded_blas_name() {
  using GetConfig = char* (*)();
  auto* get = reinterpret_cast<GetConfig>(::dlsym(RTLD_DEFAULT, "openblas_get_config"));
  return get ? get() : "reference BLAS (not OpenBLAS)";
}

}  // namespace ferlab
