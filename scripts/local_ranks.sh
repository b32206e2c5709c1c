#!/usr/bin/env bash
# Runs one data-parallel job on this machine without torchrun (Debian's
# LibTorch comes without PyTorch's Python launcher): starts N copies of the
# command with the variables torchrun would set, and waits for all of them.
#
#   scripts/local_ranks.sh N build/src/cli/ferlab --threads 1 train ...
#
# Only rank 0 prints progress. MASTER_PORT defaults to a free one. If a rank
# fails, the others end within --dist-timeout by themselves; this script
# returns the first non-zero exit status.
set -uo pipefail
n="${1:?usage: local_ranks.sh N COMMAND...}"
shift
port="${MASTER_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
pids=()
for ((rank = 0; rank < n; rank++)); do
  WORLD_SIZE="$n" RANK="$rank" LOCAL_RANK="$rank" LOCAL_WORLD_SIZE="$n" MASTER_ADDR=127.0.0.1 MASTER_PORT="$port" "$@" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || { rc=$?; ((status == 0)) && status=$rc; }
done
exit "$status"
