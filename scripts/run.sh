#!/usr/bin/env bash
# Installs what is missing, builds, and opens the FERLab workbench (arguments go to ferlab).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
exec "$here/build/src/cli/ferlab" "$@"
