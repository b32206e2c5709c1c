#pragma once

namespace ferlab {

// LibTorch's CPU convolutions call BLAS for small inputs. OpenBLAS's own thread
// pool and LibTorch's OpenMP pool fight over the cores (measured: 10 ms instead
// of 2.2 ms per 48x48 face on 2 cores), so OpenBLAS is held to one thread and
// LibTorch does the parallel work. Set here rather than by environment variable
// so that the program never depends on the user's shell. Returns false when the
// BLAS in use is not OpenBLAS (e.g. the reference BLAS, which is ~7x slower).
bool hold_openblas_to_one_thread();

// Sets OpenBLAS's own thread count (e.g. back to its default of one thread per
// hardware thread, for `ferlab bench`'s baseline). False when not OpenBLAS.
bool set_openblas_threads(int threads);

// Lowers the calling thread's scheduling priority by `nice` (Linux schedules
// threads one by one, so the rest of the process keeps its priority). Worker
// threads of the workbench call it so that the UI thread gets a core first.
// Returns false when the system refused.
bool lower_this_thread_priority(int nice);

// Name of the BLAS library actually loaded ("OpenBLAS 0.3.21 ...", or "reference BLAS").
const char* loaded_blas_name();

}  // namespace ferlab
