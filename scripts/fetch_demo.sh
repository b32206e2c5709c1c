#!/usr/bin/env bash
# Fetches the demo photos: six photos of real people (demo/sample1.jpg ...
# sample6.jpg of @vladmandic/face-api 1.7.15, MIT licence) from the npm registry
# into third_party/downloads/demo-photos/, for `ferlab studio --source demo` and
# the Live panel's "Play the demo". Nothing of it is committed (the folder is
# git-ignored). Idempotent: does nothing when all six are present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=npm_package.sh
. "$here/scripts/npm_package.sh"

# The sha256 is the tarball's as published; a different file is refused.
npm_package_files fetch_demo @vladmandic/face-api@1.7.15 vladmandic-face-api-1.7.15.tgz \
  0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031 "$here/third_party/downloads/demo-photos" demo \
  sample1.jpg sample2.jpg sample3.jpg sample4.jpg sample5.jpg sample6.jpg || {
  echo "fetch_demo: the workbench offers a camera, a video, an image or a folder instead of the demo." >&2
  exit 1
}
