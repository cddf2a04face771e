#!/usr/bin/env bash
# Start time and memory of `kscope broker` on a data dir of about 1 GB.
#
#   bench/broker-startup.sh            # 1024 MB, 3 starts
#   SIZE_MB=256 RUNS=5 bench/broker-startup.sh
#   COLD=1 bench/broker-startup.sh     # also one start after dropping the page cache (root)
#
# Builds kscope and bench/brokergen, fills a temp data dir through a running
# broker (records of 100-1000 random bytes over 4 topics x 4 partitions),
# stops it, then starts `kscope broker` on the dir RUNS times and prints,
# per start: time to the listening line, time to the first Kafka answer,
# VmRSS two seconds after start and VmHWM (peak). The temp dir is removed
# on exit. Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/kscope-bench-XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"; wait "$pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build"
go build -o "$work/kscope" .
go build -o "$work/brokergen" ./bench/brokergen

echo "== fill $work/data with ~$SIZE_MB MB"
"$work/kscope" broker --listen 127.0.0.1:0 --data-dir "$work/data" >"$work/fill.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/fill.out" && break
  sleep 0.1
done
addr=$(sed -n 's/.*listening on \([^,]*\),.*/\1/p' "$work/fill.out")
[ -n "$addr" ] || { cat "$work/fill.out"; exit 1; }
"$work/brokergen" fill -brokers "$addr" -mb "$SIZE_MB"
kill "$pid"; wait "$pid"; pid=""
echo "data dir: $(du -sh "$work/data" | cut -f1), $(find "$work/data" -type f | wc -l) files"

echo "== $RUNS starts (page cache warm)"
for i in $(seq "$RUNS"); do
  printf '%d: ' "$i"
  "$work/brokergen" start -bin "$work/kscope" -data-dir "$work/data"
done

if [ "${COLD:-}" = 1 ]; then
  echo "== 1 start after dropping the page cache"
  sync
  echo 3 >/proc/sys/vm/drop_caches
  "$work/brokergen" start -bin "$work/kscope" -data-dir "$work/data"
fi
