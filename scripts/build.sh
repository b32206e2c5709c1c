#!/usr/bin/env bash
# Configures and builds FERLab into build/ (Release). Extra args go to CMake.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
# Two parallel jobs: each LibTorch translation unit can take >1 GiB of memory.
cmake --build build -j "${FERLAB_JOBS:-2}"
