#include "core/cpu_threads.hpp"

#include <dlfcn.h>
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

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

bool lower_this_thread_priority(int nice) {
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return false;
  return ::setpriority(PRIO_PROCESS, tid, current + nice) == 0;
}

const char* loaded_blas_name() {
  using GetConfig = char* (*)();
  auto* get = reinterpret_cast<GetConfig>(::dlsym(RTLD_DEFAULT, "openblas_get_config"));
  return get ? get() : "reference BLAS (not OpenBLAS)";
}

}  // namespace ferlab
