#!/usr/bin/env bash
# Tail drain against kcat: 1,000,000 records of 100 bytes from the
# beginning to the end offsets taken at start, on a 4-partition and a
# 200-partition topic of the bundled broker, through Service.Tail with
# StopAtEnd, then `kcat -C -e -o beginning -q` on the same topic (best of
# 3) in the same run.
#
#   bench/tail.sh                      # 1,000,000 records, 3 drains each
#   RECORDS=200000 RUNS=5 bench/tail.sh
#
# Two passes: the broker in the benchmark's process (as `kscope --local`
# runs it), then a separate `kscope broker --in-memory` process, so that
# B/op, allocs/op and peak heap are kscope's client alone. kcat must be
# installed (else the ratio column is empty). Not run in CI.
set -euo pipefail

RECORDS=${RECORDS:-1000000}
RUNS=${RUNS:-3}
. "$(dirname "$0")/lib.sh" kscope-tailbench

echo "== build"
go test -c -o "$work/kafkaops.test" ./kafkaops

run() { # $1: label; the environment says which broker
  KSCOPE_TAIL_RECORDS=$RECORDS "$work/kafkaops.test" -test.run '^$' \
    -test.bench '^BenchmarkTailStopAtEnd$' -test.benchtime "${RUNS}x" -test.benchmem \
    | tee "$work/$1.out" | grep -E '^(Benchmark|--- |ok|FAIL)' >&2
}

echo "== broker in process"
run inproc
echo "== broker in its own process"
start_broker broker --in-memory
KSCOPE_TAIL_BROKER=$addr run external
stop_broker

# One row per sub-benchmark: the value before each unit.
table() {
  awk -v where="$1" '/^BenchmarkTailStopAtEnd\// {
    name = $1; sub(/^BenchmarkTailStopAtEnd\//, "", name); sub(/-[0-9]+$/, "", name)
    for (i = 2; i < NF; i++) v[$(i+1)] = $i
    printf "| %-8s | %-10s | %7.3f s | %7.3f s | %6s | %9s | %6s | %8.0f | %9.1f |\n", \
      where, name, v["ns/op"]/1e9, (v["kcat-ms"] == "" ? 0 : v["kcat-ms"]/1000), v["ratio"], \
      v["records/s"], v["max-conns"], v["B/op"]/'"$RECORDS"', v["peak-heap-MB"]
    delete v
  }' "$work/$2.out"
}
echo
echo "$RECORDS records of 100 bytes, drain from the beginning to the start-time end offsets:"
echo
echo "| broker   | topic      | kscope    | kcat      | ratio  | records/s | conns  | B/record | heap MB   |"
echo "|----------|------------|-----------|-----------|--------|-----------|--------|----------|-----------|"
table "in-proc" inproc
table "separate" external
echo
echo "conns: most connections open at once (pooled + fetch); B/record and heap MB"
echo "include the broker's own in the in-proc rows, kscope's alone in the separate rows."
