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
# The LibTorch-free modules again under ASan + UBSan, with the fuzz corpora replayed.
exec "$here/scripts/sanitize.sh"
