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

// Name of the BLAS library actually loaded ("OpenBLAS 0.3.21 ...", or "reference BLAS").
const char* loaded_blas_name();

}  // namespace ferlab
