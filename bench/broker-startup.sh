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

SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
. "$(dirname "$0")/lib.sh" kscope-bench

echo "== build"
go build -o "$work/brokergen" ./bench/brokergen

echo "== fill $work/data with ~$SIZE_MB MB"
start_broker fill --data-dir "$work/data"
"$work/brokergen" fill -brokers "$addr" -mb "$SIZE_MB"
stop_broker
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
