#!/usr/bin/env bash
# Trains FERLab's models on a CUDA GPU within one device call, and packs what
# comes back.
#
#   scripts/gpu_train.sh PACK OUT_DIR SECONDS
#
# PACK is a .ferpack (or .ferpack.xz) made by `ferlab data pack`, the way
# scripts/gpu_travel.sh makes it. The script
#   1. builds `ferlab` trainer-only (-DFERLAB_WITH_OPENCV=OFF) against the
#      LibTorch of python3's PyTorch;
#   2. times one epoch of every stage-1 run, all at once as they will run, and
#      gives each as many epochs of its cosine schedule as fit, keeping a share
#      of the time for stage 2;
#   3. stage 1: trains the runs at once on the one GPU: several seeds of cnn
#      and resnet18, resemotenet at width 0.375, and a cnn towards the FER+
#      crowd's vote distributions;
#   4. stage 2: distils the best cnn from the ensemble of the best cnn and the
#      best resnet18 (their probabilities on every training face), in the time
#      left;
#   5. packs each run's best weights, card, log and output (runs/NAME.out) into
#      OUT_DIR/results.tar.NN (parts of at most 15 MiB, 60 MiB in all: what a
#      device call brings back) and writes OUT_DIR/summary.txt. Where the runs
#      do not fit, the best run of each architecture goes first.
# Unpack here with `scripts/gpu_travel.sh unpack OUT_DIR DEST`.
#
# SECONDS bounds the whole script; FERLAB_DEADLINE (seconds since the epoch)
# bounds it too, for machines lent by the minute. Environment:
#   FERLAB_DEPS_PREFIX  CMake prefix of the header-only nlohmann_json and CLI11
#   FERLAB_RUNS         stage-1 runs, one per line: NAME then train arguments
#   FERLAB_TRAIN_ARGS   appended to every `ferlab train`
#   FERLAB_DEVICE       default cuda (cpu for dry runs)
#   FERLAB_BIN          a built ferlab to use instead of building (dry runs)
#   FERLAB_MAX_EPOCHS   caps every run's epochs; default 120
#   FERLAB_RETURN_MIB   what may come back; default 60 (a device call returns 64 MiB)
#   FERLAB_WORK_DIR     default /tmp/ferlab-gpu
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
pack="${1:?usage: gpu_train.sh PACK OUT_DIR SECONDS}"
out="${2:?usage: gpu_train.sh PACK OUT_DIR SECONDS}"
seconds="${3:?usage: gpu_train.sh PACK OUT_DIR SECONDS}"
start=$(date +%s)
deadline=$(( start + seconds ))
if [ -n "${FERLAB_DEADLINE:-}" ] && (( FERLAB_DEADLINE < deadline )); then deadline=$FERLAB_DEADLINE; fi
work="${FERLAB_WORK_DIR:-/tmp/ferlab-gpu}"
max_epochs="${FERLAB_MAX_EPOCHS:-120}"
min_epochs=$(( max_epochs < 8 ? max_epochs : 8 ))
pack_reserve=25          # seconds kept at the end for packing the results
return_limit=$(( ${FERLAB_RETURN_MIB:-60} * 1048576 ))
part_size=15M
build="${FERLAB_BUILD_DIR:-$here/build-gpu}"
device="${FERLAB_DEVICE:-cuda}"

left() { echo $(( deadline - $(date +%s) )); }
say() { echo "gpu_train [$(( $(date +%s) - start )) s]: $*" | tee -a "$work/summary.txt"; }

[ -f "$pack" ] || { echo "gpu_train: no such pack: $pack" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work/runs" "$out"
: > "$work/summary.txt"
# Whatever happens, the summary and the build's log come back.
trap 'cp "$work/summary.txt" "$out/summary.txt"; [ -f "$work/build.log" ] && tail -c 1000000 "$work/build.log" > "$out/build.log"' EXIT
nvidia-smi -L 2>/dev/null || true

# --- data ---------------------------------------------------------------------
data="$pack"
if [[ "$pack" == *.xz ]]; then
  data="$work/$(basename "${pack%.xz}")"
  xz -dc "$pack" > "$data" || { echo "gpu_train: cannot decompress $pack" >&2; exit 2; }
fi
ferplus="$(dirname "$pack")/ferplus.csv"

# --- build ----------------------------------------------------------------------
if [ -n "${FERLAB_BIN:-}" ]; then
  ferlab="$FERLAB_BIN"
else
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())' || exit 2
  torch_prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
  prefix="$torch_prefix${FERLAB_DEPS_PREFIX:+;$FERLAB_DEPS_PREFIX}"
  configure() {
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERLAB_WITH_OPENCV=OFF \
      "-DCMAKE_PREFIX_PATH=$prefix" "$@" > "$work/configure.log" 2>&1
  }
  if ! configure; then
    echo "gpu_train: the wheel's TorchConfig failed (tail below); retrying with third_party/torch_wheel" >&2
    tail -n 15 "$work/configure.log" >&2
    rm -rf "$build"
    configure -DTorch_DIR="$here/third_party/torch_wheel" || { tail -n 40 "$work/configure.log" >&2; exit 3; }
  fi
  # -k 0: report every file that fails, not only the first.
  ninja -k 0 -C "$build" ferlab > "$work/build.log" 2>&1 || { grep -m 40 -A 4 "error" "$work/build.log" >&2; exit 3; }
  ferlab="$build/src/cli/ferlab"
fi
say "built; $(left) s left"

# Same recipe for every run; docs/MODELS.md reproduces it. The data are the
# sharp FER-2013 faces: no input blur. --ema: the weight average is what is
# selected and saved (in the shipped cnn's CPU run it led the raw weights by 1.6
# points over epochs 2-20 and matched them once the rate was low).
recipe=(--data "$data" --device "$device" --batch-size 128 --balance weights --label-smoothing 0.1
        --schedule cosine --ema 0.999 --patience 0 --fp16-weights --workers 2 ${FERLAB_TRAIN_ARGS:-})
train=("$ferlab" --threads 2 train "${recipe[@]}")

runs=()
if [ -n "${FERLAB_RUNS:-}" ]; then
  while IFS= read -r line; do [ -n "$line" ] && runs+=("$line"); done <<< "$FERLAB_RUNS"
else
  runs=("cnn-s1 --model cnn --seed 1"
        "cnn-s2 --model cnn --seed 2"
        "resnet18-s1 --model resnet18 --model-option stem=small --seed 1"
        "resnet18-s2 --model resnet18 --model-option stem=small --seed 2 --mixup 0.2 --cutmix 1.0 --mix-probability 0.5"
        "resemotenet-s1 --model resemotenet --model-option width=0.375 --seed 1")
  [ -f "$ferplus" ] && runs+=("cnn-ferplus --model cnn --seed 3 --labels ferplus-soft --val-labels ferplus-majority --ferplus $ferplus")
fi
name_of() { echo "${1%% *}"; }
args_of() { echo "${1#* }"; }

# --- probe: one epoch of each, all at once ------------------------------------
for r in "${runs[@]}"; do
  n=$(name_of "$r")
  # shellcheck disable=SC2046  # the run's arguments are words
  "${train[@]}" $(args_of "$r") --lr 0.002 --out "$work/probe-$n" --epochs 1 --warmup-epochs 0 > "$work/probe-$n.txt" 2>&1 &
done
wait
# Stage 2 gets a quarter of what is left, stage 1 the rest.
stage1=$(( ($(left) - pack_reserve) * 3 / 4 ))
declare -A epochs
for r in "${runs[@]}"; do
  n=$(name_of "$r")
  s="$(awk -F, 'NR==2 {print $NF}' "$work/probe-$n/log.csv" 2>/dev/null)"
  [ -n "$s" ] || { say "probe of $n failed:"; tr '\r' '\n' < "$work/probe-$n.txt" | tail -n 20 | tee -a "$work/summary.txt"; exit 4; }
  epochs[$n]=$(awk -v b="$stage1" -v s="$s" -v lo=$min_epochs -v hi="$max_epochs" \
    'BEGIN { e = int(b / (s * 1.1)); print (e < lo ? lo : (e > hi ? hi : e)) }')
  say "$n: $s s per epoch -> ${epochs[$n]} epochs"
  rm -rf "$work/probe-$n"
done

# --- stage 1 ------------------------------------------------------------------
for r in "${runs[@]}"; do
  n=$(name_of "$r")
  # A hard stop past the stage's time: best.safetensors is written atomically
  # at every improvement, so a cut-off run still leaves its best epoch.
  # shellcheck disable=SC2046
  timeout $(( stage1 + stage1 / 10 )) "${train[@]}" $(args_of "$r") --out "$work/runs/$n" \
    --lr 0.002 --epochs "${epochs[$n]}" > "$work/runs/$n.txt" 2>&1 &
done
wait
say "stage 1 done; $(left) s left"

# Best validation accuracy (fraction) of a run, from its log; empty if none.
best_of() { awk -F, 'NR > 1 && $5 > b { b = $5 } END { if (b != "") print b }' "$work/runs/$1/log.csv" 2>/dev/null; }
# The run of an architecture with the best validation accuracy.
best_run() {
  local arch=$1 best="" best_acc=0 n a
  for r in "${runs[@]}"; do
    n=$(name_of "$r")
    [[ "$n" == "$arch"-* && "$n" != *ferplus* ]] || continue
    a=$(best_of "$n"); [ -n "$a" ] || continue
    if awk -v a="$a" -v b="$best_acc" 'BEGIN { exit !(a > b) }'; then best=$n; best_acc=$a; fi
  done
  echo "$best"
}

# --- stage 2: the best cnn distilled from the best cnn + best resnet18 ---------
cnn=$(best_run cnn); resnet=$(best_run resnet18)
if [ -n "$cnn" ] && [ -n "$resnet" ] && (( $(left) > pack_reserve + 60 )); then
  teacher="$work/teacher"; mkdir -p "$teacher"
  for pair in "cnn:$cnn" "resnet18:$resnet"; do
    cp "$work/runs/${pair#*:}/best.safetensors" "$teacher/${pair%%:*}.safetensors"
    cp "$work/runs/${pair#*:}/best.json" "$teacher/${pair%%:*}.json"
  done
  echo "cnn resnet18" > "$teacher/ensemble.txt"
  s="$(awk -F, 'NR > 1 { s = $NF } END { print s }' "$work/runs/$cnn/log.csv")"
  # The teacher's pass runs on the CPU's cores (tens of seconds); then epochs alone on the GPU.
  e=$(awk -v b="$(( $(left) - pack_reserve - 40 ))" -v s="$s" -v hi="$(( max_epochs < 30 ? max_epochs : 30 ))" \
    'BEGIN { e = int(b / (s * 1.2)); lo = hi < 3 ? hi : 3; print (e < lo ? lo : (e > hi ? hi : e)) }')
  say "stage 2: cnn-kd from $cnn, teacher $cnn + $resnet, $e epochs"
  FERLAB_MODELS="$teacher" timeout $(( $(left) - pack_reserve )) "$ferlab" --threads 16 train "${recipe[@]}" \
    --model cnn --pretrained "$work/runs/$cnn/best.safetensors" --distill-from ensemble --distill-weight 0.5 \
    --lr 0.001 --epochs "$e" --warmup-epochs 0.5 --seed 4 --out "$work/runs/cnn-kd" > "$work/runs/cnn-kd.txt" 2>&1
  runs+=("cnn-kd")
else
  say "stage 2 skipped ($(left) s left)"
fi

# --- pack what comes back -----------------------------------------------------
say "results (best validation accuracy, epoch of it / epochs run):"
ranked="$work/ranked.txt"; : > "$ranked"
for r in "${runs[@]}"; do
  n=$(name_of "$r"); a=$(best_of "$n")
  if [ -z "$a" ] || [ ! -f "$work/runs/$n/best.safetensors" ]; then
    say "  $n: no epoch finished:"; tr '\r' '\n' < "$work/runs/$n.txt" 2>/dev/null | tail -n 3 | tee -a "$work/summary.txt"
    continue
  fi
  arch=${n%%-*}
  first=1; [ "$n" = "$(best_run "$arch")" ] || [ "$n" = cnn-kd ] || first=2
  echo "$first $a $n" >> "$ranked"
  say "  $n: $a ($(awk -F, -v b="$a" 'NR > 1 && $5 == b { print $1; exit }' "$work/runs/$n/log.csv") / $(( $(wc -l < "$work/runs/$n/log.csv") - 1 )))"
done
files=(summary.txt configure.log build.log)
total=0
while read -r _ _ n; do
  size=$(( $(stat -c %s "$work/runs/$n/best.safetensors") + 65536 ))
  if (( total + size > return_limit )); then say "  left behind (no room to return): $n"; continue; fi
  total=$(( total + size ))
  # The output without its progress bars' redraws (megabytes over a long run).
  tr '\r' '\n' < "$work/runs/$n.txt" | grep -av ' ETA ' > "$work/runs/$n.out"
  files+=("runs/$n/best.safetensors" "runs/$n/best.json" "runs/$n/log.csv" "runs/$n.out")
done < <(sort -k1,1n -k2,2gr "$ranked")
existing=()
for f in "${files[@]}"; do [ -f "$work/$f" ] && existing+=("$f"); done
tar -C "$work" -cf - "${existing[@]}" | split -b "$part_size" -d -a 2 - "$out/results.tar."
say "packing $(( total / 1048576 )) MiB of weights into $out"
