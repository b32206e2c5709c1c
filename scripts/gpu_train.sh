#!/usr/bin/env bash
# Trains the three shipped models on a CUDA GPU within a wall-clock budget.
#
#   scripts/gpu_train.sh PACK OUT_DIR TRAIN_SECONDS
#
# PACK is a .ferpack made by `ferlab data pack` on a full build (the GPU machine
# needs no OpenCV). Builds `ferlab` trainer-only (-DFERLAB_WITH_OPENCV=OFF)
# against the LibTorch of python3's PyTorch, times one epoch of each model (all
# three at once, as they will run), then gives each model as many epochs of the
# cosine schedule as fit in TRAIN_SECONDS and trains the three in parallel.
# OUT_DIR/<model>/ ends up holding best.safetensors, best.json and log.csv.
# Header-only dependencies (nlohmann_json, CLI11) missing on the machine can be
# given as a CMake prefix in FERLAB_DEPS_PREFIX. FERLAB_DEVICE (default cuda) and
# FERLAB_TRAIN_ARGS (appended to every `ferlab train`) serve dry runs on a CPU.
# FERLAB_DEADLINE (seconds since the epoch) shrinks TRAIN_SECONDS so that even
# the hard stop of the training comes before it: for machines lent by the minute.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
pack="${1:?usage: gpu_train.sh PACK OUT_DIR TRAIN_SECONDS}"
out="${2:?usage: gpu_train.sh PACK OUT_DIR TRAIN_SECONDS}"
budget="${3:?usage: gpu_train.sh PACK OUT_DIR TRAIN_SECONDS}"
models=(cnn resemotenet resnet18)
max_epochs="${FERLAB_MAX_EPOCHS:-60}"
min_epochs=8
build="${FERLAB_BUILD_DIR:-$here/build-gpu}"

[ -f "$pack" ] || { echo "gpu_train: no such pack: $pack" >&2; exit 2; }
nvidia-smi -L || true
g++ --version | head -n 1; cmake --version | head -n 1
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())' || exit 2

# --- build ------------------------------------------------------------------
torch_prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
prefix="$torch_prefix${FERLAB_DEPS_PREFIX:+;$FERLAB_DEPS_PREFIX}"
configure() {
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERLAB_WITH_OPENCV=OFF \
    "-DCMAKE_PREFIX_PATH=$prefix" "$@" > "$out/configure.log" 2>&1
}
mkdir -p "$out"
start=$(date +%s)
if ! configure; then
  echo "gpu_train: the wheel's TorchConfig failed (tail below); retrying with third_party/torch_wheel" >&2
  tail -n 15 "$out/configure.log" >&2
  rm -rf "$build"
  configure -DTorch_DIR="$here/third_party/torch_wheel" || { cat "$out/configure.log" >&2; exit 3; }
fi
# -k 0: report every file that fails, not only the first.
ninja -k 0 -C "$build" ferlab > "$out/build.log" 2>&1 || { grep -m 40 -A 4 "error" "$out/build.log" >&2; exit 3; }
ferlab="$build/src/cli/ferlab"
echo "gpu_train: built in $(( $(date +%s) - start )) s"

# Same recipe for every model: the one docs/MODELS.md reproduces.
recipe=(--data "$pack" --device "${FERLAB_DEVICE:-cuda}" --balance weights --label-smoothing 0.1
        --schedule cosine --input-blur 3 --fp16-weights --workers 4 ${FERLAB_TRAIN_ARGS:-})
train=("$ferlab" --threads 2 train "${recipe[@]}")

# --- probe: one epoch of each, all at once ------------------------------------
for m in "${models[@]}"; do
  rm -rf "$out/probe-$m"
  "${train[@]}" --model "$m" --out "$out/probe-$m" --epochs 1 --warmup-epochs 0 > "$out/probe-$m.txt" 2>&1 &
done
wait
if [ -n "${FERLAB_DEADLINE:-}" ]; then
  left=$(( FERLAB_DEADLINE - $(date +%s) ))
  if (( left * 5 / 6 < budget )); then budget=$(( left * 5 / 6 )); echo "gpu_train: budget cut to $budget s by the deadline"; fi
fi
declare -A epochs
for m in "${models[@]}"; do
  seconds="$(awk -F, 'NR==2 {print $NF}' "$out/probe-$m/log.csv" 2>/dev/null)"
  [ -n "$seconds" ] || { echo "gpu_train: probe of $m failed:" >&2; tail -n 20 "$out/probe-$m.txt" >&2; exit 4; }
  n=$(python3 -c "print(max($min_epochs, min($max_epochs, int($budget / ($seconds * 1.1)))))")
  epochs[$m]=$n
  echo "gpu_train: $m: ${seconds} s per epoch -> $n epochs"
  rm -rf "$out/probe-$m"
done

# --- train ----------------------------------------------------------------
start=$(date +%s)
for m in "${models[@]}"; do
  rm -rf "$out/$m"
  # A hard stop a little past the budget: best.safetensors is written atomically
  # at every improvement, so a cut-off run still leaves its best epoch.
  timeout $(( budget + budget / 5 )) "${train[@]}" --model "$m" --out "$out/$m" --epochs "${epochs[$m]}" --warmup-epochs 2 \
    > "$out/$m.txt" 2>&1 &
done
wait
echo "gpu_train: trained in $(( $(date +%s) - start )) s"
for m in "${models[@]}"; do
  echo "== $m: $(tail -n 1 "$out/$m/log.csv" 2>/dev/null)"
  tr '\r' '\n' < "$out/$m.txt" | grep -a "best\|error" | tail -n 2
done
