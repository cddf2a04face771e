#!/usr/bin/env bash
# The whole live-tail pipeline against kcat: 1,000,000 records of 100
# bytes from a 4-partition topic, from the beginning to the end, through
# Service.Tail, the tail view's Update and a rendered frame (View) after
# every message, as Bubble Tea runs it, with keys pressed mid-flood; then
# `kcat -C -e -o beginning -q` on the same topic (best of 3) in the same
# run. The broker runs as its own process (`kscope broker --in-memory`),
# so the peak heap is kscope's client and view alone.
#
#   bench/tailview.sh                          # 1,000,000 records, 3 drains
#   RECORDS=200000 PARTITIONS=200 RUNS=5 bench/tailview.sh
#   RECORDS=1000 VALUE=1000000 bench/tailview.sh   # 1,000 records of 1 MB (1 MiB is over the broker's max.message.bytes)
#
# kcat must be installed (else the ratio is missing). Not run in CI.
set -euo pipefail

RECORDS=${RECORDS:-1000000}
PARTITIONS=${PARTITIONS:-4}
RUNS=${RUNS:-3}
VALUE=${VALUE:-100}
. "$(dirname "$0")/lib.sh" kscope-tailview

go test -c -o "$work/tailview.test" ./bench/tailview
start_broker broker --in-memory

KSCOPE_TAIL_BROKER=$addr KSCOPE_TAIL_RECORDS=$RECORDS KSCOPE_TAIL_VALUE=$VALUE KSCOPE_TAIL_PARTITIONS=$PARTITIONS \
  "$work/tailview.test" -test.run '^$' -test.bench '^BenchmarkTailView$' \
  -test.benchtime "${RUNS}x" -test.benchmem | tee "$work/out" | grep -E "^(Benchmark|--- |ok|FAIL|    )"

awk '/^BenchmarkTailView/ {
  for (i = 2; i < NF; i++) v[$(i+1)] = $i
  printf "\n| records | partitions | tail view | kcat | ratio | frames/s | deliveries/s | slowest key | peak heap | peak RSS |\n"
  printf "|---|---|---|---|---|---|---|---|---|---|\n"
  printf "| %s | %s | %.3f s | %.3f s | %s | %.0f | %.0f | %.1f ms | %.1f MB | %.1f MB |\n", \
    "'"$RECORDS"'", "'"$PARTITIONS"'", v["ns/op"]/1e9, v["kcat-ms"]/1000, v["ratio"], v["frames/s"], \
    v["deliveries/s"], v["max-key-ms"], v["peak-heap-MB"], v["peak-rss-MB"]
}' "$work/out"
