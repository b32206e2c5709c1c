#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
cd "$here/build"
# The workbench tests need a display: give them a virtual one when none is set.
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  xvfb-run -a -s "-screen 0 2880x1800x24" ctest --output-on-failure -j 2 "$@"
else
  ctest --output-on-failure -j 2 "$@"
fi
# The trainer-only build (no OpenCV), which scripts/gpu_train.sh builds on a lent
# GPU machine: a break there would cost a GPU loan, so it is compiled here.
cmake -S "$here" -B "$here/build-trainer" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERLAB_WITH_OPENCV=OFF >/dev/null
cmake --build "$here/build-trainer" -j "${FERLAB_JOBS:-2}" --target ferlab
"$here/build-trainer/src/cli/ferlab" train --help >/dev/null
# The LibTorch-free modules again under ASan + UBSan, with the fuzz corpora replayed.
exec "$here/scripts/sanitize.sh"
