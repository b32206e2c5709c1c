#!/usr/bin/env bash
# Gets the working tree ready to travel to a lent GPU machine, and back.
#
#   scripts/gpu_travel.sh pack [FER2013_DIR]   before the device call
#   scripts/gpu_travel.sh restore              right after it
#   scripts/gpu_travel.sh unpack OUT_DIR DEST  the runs it brought back
#
# A device call carries at most 64 MiB: the working tree (tracked files and
# untracked ones git does not ignore) plus the paths named in `carry`. The
# shipped weights and evaluations in models/ (46 MiB) and the screenshots in
# docs/ leave no room for the training data, and the GPU needs neither. So
# `pack`:
#   - writes .gpu/fer2013.ferpack.xz (train and PublicTest as raw pixels, xz:
#     about 53 MiB; the JPEG folders would need OpenCV there), .gpu/ferplus.csv
#     and .gpu/deps (the header-only nlohmann_json and CLI11 with their CMake
#     files, which the GPU image lacks);
#   - takes models/ and docs/ out of git's index (the files stay on disk) and
#     lists them in .git/info/exclude, so that they do not travel;
#   - prints the size that will travel and the device call to make.
# `restore` puts models/ and docs/ back in the index and the exclude file back
# as it was; until then `git status` shows them as deleted: never commit in
# between. `unpack OUT_DIR DEST` unpacks what the call brought back.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
stage=.gpu
hidden=(models docs)
exclude=.git/info/exclude
marker="# gpu_travel.sh: hidden while a GPU call is prepared"

hide() {
  git rm -r -q --cached "${hidden[@]}"
  {
    echo "$marker"
    for d in "${hidden[@]}"; do echo "/$d/"; done
  } >> "$exclude"
}

restore() {
  git reset -q -- "${hidden[@]}"
  if grep -qF "$marker" "$exclude"; then
    # The marker and the lines it introduced, nothing else.
    awk -v m="$marker" -v n="${#hidden[@]}" '$0 == m { skip = n; next } skip > 0 { skip--; next } { print }' \
      "$exclude" > "$exclude.tmp" && mv "$exclude.tmp" "$exclude"
  fi
  if git status --porcelain -- "${hidden[@]}" | grep -q '^D'; then
    echo "gpu_travel: models/ or docs/ still show deletions; see git status" >&2
    exit 1
  fi
  echo "gpu_travel: models/ and docs/ are back in the index"
}

# What a device call would send, in bytes: the files git sends (tracked,
# untracked and not ignored) that exist, plus the staged folder.
travel_bytes() {
  { git ls-files -z --cached --others --exclude-standard; find "$stage" -type f -print0; } |
    xargs -0 stat -c %s 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'
}

pack() {
  local data="${1:-$here/../shared/fer2013}"
  local ferlab="$here/build/src/cli/ferlab"
  [ -x "$ferlab" ] || { echo "gpu_travel: build ferlab first (scripts/build.sh)" >&2; exit 2; }
  [ -d "$data/train" ] || { echo "gpu_travel: $data has no train/ folder" >&2; exit 2; }
  if grep -qF "$marker" "$exclude" 2>/dev/null; then
    echo "gpu_travel: already packed and hidden; run 'scripts/gpu_travel.sh restore' after the call" >&2
    exit 2
  fi
  # restore resets the index of models/ and docs/ to HEAD: staged changes there would be lost.
  if ! git diff --cached --quiet -- "${hidden[@]}"; then
    echo "gpu_travel: models/ or docs/ have staged changes; commit them first" >&2
    exit 2
  fi
  mkdir -p "$stage"
  if [ ! -s "$stage/fer2013.ferpack.xz" ]; then
    "$ferlab" data pack "$data" --out "$stage/fer2013.ferpack"
    xz -9 -T2 -f "$stage/fer2013.ferpack"
    xz -t "$stage/fer2013.ferpack.xz"
  fi
  [ -f "$data/ferplus.csv" ] && cp "$data/ferplus.csv" "$stage/ferplus.csv"
  rm -rf "$stage/deps"
  mkdir -p "$stage/deps/include" "$stage/deps/share/cmake"
  cp -r /usr/include/nlohmann /usr/include/CLI "$stage/deps/include/"
  cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$stage/deps/share/cmake/"
  hide
  local bytes
  bytes=$(travel_bytes)
  echo "gpu_travel: $(( bytes / 1048576 )) MiB will travel (limit 64 MiB); models/ and docs/ are hidden from git"
  if (( bytes > 64 * 1048576 )); then
    restore
    echo "gpu_travel: too large to travel; nothing hidden" >&2
    exit 1
  fi
  cat <<EOF
Now one device call (carry [".gpu"], timeout_s 600):
  FERLAB_DEADLINE=\$(( \$(date +%s) + 570 )) FERLAB_DEPS_PREFIX=\$PWD/.gpu/deps \\
    scripts/gpu_train.sh .gpu/fer2013.ferpack.xz \$OUT 600
then, here, at once: scripts/gpu_travel.sh restore
EOF
}

# The results a device call brought back (OUT_DIR/results.tar.NN) into DEST,
# each run as DEST/runs/NAME/ with best.safetensors, best.json and log.csv.
unpack() {
  local from="${1:?usage: gpu_travel.sh unpack OUT_DIR DEST}" dest="${2:?usage: gpu_travel.sh unpack OUT_DIR DEST}"
  compgen -G "$from/results.tar.*" > /dev/null || { echo "gpu_travel: no results.tar.* in $from" >&2; exit 2; }
  mkdir -p "$dest"
  cat "$from"/results.tar.* | tar -x -C "$dest"
  cat "$dest/summary.txt"
}

case "${1:-}" in
  pack) shift; pack "$@" ;;
  restore) restore ;;
  unpack) shift; unpack "$@" ;;
  *) echo "usage: scripts/gpu_travel.sh pack [FER2013_DIR] | restore | unpack OUT_DIR DEST" >&2; exit 2 ;;
esac
