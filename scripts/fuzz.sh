#!/usr/bin/env bash
# Fuzzes one parser: scripts/fuzz.sh TARGET [SECONDS=600] [more libFuzzer flags]
# TARGET: csv_loader, packed_reader, safetensors_header or model_card.
# Starts from tests/fuzz_corpus/TARGET, grows a working corpus in
# build-sanitize/fuzz-work/TARGET, and leaves any crashing input in
# build-sanitize/fuzz-findings/TARGET/: after the fix, copy it to
# tests/fuzz_corpus/TARGET/regression-WHAT so every CI run replays it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags]}"
seconds="${2:-600}"
shift $(($# >= 2 ? 2 : 1))
seeds="$here/tests/fuzz_corpus/$target"
[ -d "$seeds" ] || { echo "fuzz: no corpus $seeds (targets: $(ls "$here/tests/fuzz_corpus" | tr '\n' ' '))" >&2; exit 1; }
binary="$here/build-sanitize/fuzz/fuzz_$target"
[ -x "$binary" ] || { echo "fuzz: $binary is not built; run scripts/sanitize.sh first" >&2; exit 1; }
work="$here/build-sanitize/fuzz-work/$target"
findings="$here/build-sanitize/fuzz-findings/$target"
mkdir -p "$work" "$findings"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$binary" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$findings/" "$@" "$work" "$seeds"
