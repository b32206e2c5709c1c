#!/usr/bin/env bash
# Fetches the demo photos: six photos of real people (demo/sample1.jpg ...
# sample6.jpg of @vladmandic/face-api 1.7.15, MIT licence) from the npm registry
# into third_party/downloads/demo-photos/, for `ferlab studio --source demo` and
# the Live panel's "Play the demo". Nothing of it is committed (the folder is
# git-ignored). Idempotent: does nothing when all six are present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

package="@vladmandic/face-api@1.7.15"
tarball="vladmandic-face-api-1.7.15.tgz"
# sha256 of the tarball as published; a different file is refused.
tarball_sha256="0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"
downloads="$here/third_party/downloads"
dest="$downloads/demo-photos"
photos=(sample1.jpg sample2.jpg sample3.jpg sample4.jpg sample5.jpg sample6.jpg)

fail() {
  echo "fetch_demo: $*" >&2
  echo "fetch_demo: the workbench offers a camera, a video, an image or a folder instead of the demo." >&2
  exit 1
}

all_present=1
for p in "${photos[@]}"; do [ -s "$dest/$p" ] || all_present=0; done
if ((all_present)); then
  echo "fetch_demo: demo photos already in $dest"
  exit 0
fi

# shellcheck source=npm_package.sh
. "$here/scripts/npm_package.sh"
tarball_path="$(npm_package_tarball "$package" "$tarball" "$tarball_sha256" fetch_demo)" ||
  fail "the demo photos could not be fetched"

tmp="$(mktemp -d "$downloads/demo-photos.tmp-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball_path" -C "$tmp" package/LICENSE "${photos[@]/#/package/demo/}" ||
  fail "could not extract the demo photos from $tarball_path"
mkdir -p "$dest"
# Move into place file by file so that a half-extracted photo never looks present.
for p in "${photos[@]}"; do mv -f "$tmp/package/demo/$p" "$dest/$p"; done
mv -f "$tmp/package/LICENSE" "$dest/LICENSE"
echo "fetch_demo: demo photos ready in $dest"
