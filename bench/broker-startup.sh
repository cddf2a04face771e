#!/usr/bin/env bash
# Start time and memory of `kscope broker` on data dirs of 1 GB and 3 GB.
#
#   bench/broker-startup.sh                      # 1024 and 3072 MB, 3 starts each
#   SIZES="256 512" RUNS=5 bench/broker-startup.sh
#   BASELINE=38724d2 bench/broker-startup.sh     # also start kscope built at that commit
#   COLD=1 bench/broker-startup.sh               # also one start after dropping the page cache (root)
#
# Builds kscope and bench/brokergen; for each size in SIZES (MB), fills a
# temp data dir through a running broker (records of 100-1000 random
# bytes over 4 topics x 4 partitions), stops it, then starts `kscope
# broker` on the dir RUNS times and prints, per start: time to the
# listening line, time to the first Kafka answer, VmRSS two seconds after
# start and VmHWM (the peak, which is what start-up memory means here).
# With BASELINE, kscope built at that git commit is started on the same
# dir, alternating with the current build, so both are measured in one
# run. Ends with a summary line per size and binary (medians) and the start
# time per GB, to show whether it is linear. Target (issue 17): VmHWM under
# 300 MB on 3 GB. The temp dir is removed on exit. Not run in CI.
set -euo pipefail

SIZES=${SIZES:-1024 3072}
RUNS=${RUNS:-3}
. "$(dirname "$0")/lib.sh" kscope-bench

echo "== build"
go build -o "$work/brokergen" ./bench/brokergen
bins=("current=$work/kscope")
if [ -n "${BASELINE:-}" ]; then
  mkdir "$work/base"
  git archive "$BASELINE" | tar -x -C "$work/base"
  (cd "$work/base" && go build -o "$work/kscope-base" .)
  bins+=("$BASELINE=$work/kscope-base")
fi

# median N...: the middle value of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

summary=()
for mb in $SIZES; do
  data="$work/data-$mb"
  echo "== fill $data with ~$mb MB"
  start_broker "fill-$mb" --data-dir "$data"
  "$work/brokergen" fill -brokers "$addr" -mb "$mb"
  stop_broker
  echo "data dir: $(du -sh "$data" | cut -f1), $(find "$data" -type f | wc -l) files"

  echo "== $RUNS starts per binary (page cache warm)"
  declare -A line req hwm
  for b in "${bins[@]}"; do line[${b%%=*}]=""; req[${b%%=*}]=""; hwm[${b%%=*}]=""; done
  for i in $(seq "$RUNS"); do
    for b in "${bins[@]}"; do
      name=${b%%=*}
      out=$("$work/brokergen" start -bin "${b#*=}" -data-dir "$data")
      printf '%s %d: %s\n' "$name" "$i" "$out"
      # start: listening line after 0.51s, first metadata answer after 0.52s, VmRSS 20 MB, VmHWM (peak) 1090 MB
      line[$name]+=" $(sed -n 's/.*listening line after \([0-9.]*\)s.*/\1/p' <<<"$out")"
      req[$name]+=" $(sed -n 's/.*answer after \([0-9.]*\)s.*/\1/p' <<<"$out")"
      hwm[$name]+=" $(sed -n 's/.*VmHWM (peak) \([0-9]*\) MB.*/\1/p' <<<"$out")"
    done
  done
  for b in "${bins[@]}"; do
    name=${b%%=*}
    # shellcheck disable=SC2086
    t=$(median ${req[$name]}) h=$(median ${hwm[$name]})
    summary+=("$(printf '%-9s %5d MB data: first answer %5.2fs (%.2fs per GB), VmHWM %5d MB' \
      "$name" "$mb" "$t" "$(awk -v t="$t" -v mb="$mb" 'BEGIN {print t * 1024 / mb}')" "$h")")
  done

  if [ "${COLD:-}" = 1 ]; then
    echo "== 1 start after dropping the page cache"
    sync
    echo 3 >/proc/sys/vm/drop_caches
    "$work/brokergen" start -bin "$work/kscope" -data-dir "$data"
  fi
  rm -rf "$data"
done

echo "== summary (medians of $RUNS starts)"
printf '%s\n' "${summary[@]}"
