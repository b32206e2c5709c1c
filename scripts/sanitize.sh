#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build (clang) of the modules that
# need no LibTorch, and their tests, including one pass over every fuzz corpus
# (tests/fuzz_corpus). Builds into build-sanitize/. Extra args go to ctest.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
command -v clang++ >/dev/null || { echo "sanitize: clang++ not found (scripts/setup.sh installs it)" >&2; exit 1; }
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERLAB_SANITIZE=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-sanitize -j "${FERLAB_JOBS:-2}"
cd build-sanitize
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec ctest --output-on-failure -j 2 "$@"
