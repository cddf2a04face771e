#!/usr/bin/env bash
# Idle CPU of the explorer on many topics, counting the broker's share.
#
#   bench/explorer-idle.sh                       # 10000 topics
#   TOPICS=100000 bench/explorer-idle.sh
#   BEFORE=/path/to/old/kscope bench/explorer-idle.sh   # the old binary too
#
# Builds kscope and bench/explorergen, starts `kscope broker --in-memory`
# on a free loopback port, creates the topics, then launches `kscope
# --brokers ADDR` (default 10 s auto-refresh) on a private tmux server
# (see explorer-10k.sh) and, once "Topics (N/N)" is shown, reads the CPU
# time (user + system, /proc/PID/stat) of kscope and of the broker over
# WINDOWS consecutive idle windows of WINDOW (default 2 x 30s). Issue 17's
# target: at or below ktea's (which never refreshes). Needs tmux. Not run
# in CI.
set -euo pipefail

TOPICS=${TOPICS:-10000}
WINDOW=${WINDOW:-30s}
WINDOWS=${WINDOWS:-2}
command -v tmux >/dev/null || { echo "explorer-idle: needs tmux" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" kscope-idle

go build -o "$work/explorergen" ./bench/explorergen
start_broker broker --in-memory
echo "== broker $addr; create $TOPICS topics"
"$work/explorergen" create -brokers "$addr" -n "$TOPICS"

run() {
  "$work/explorergen" idle -bin "$1" -label "$2" -brokers "$addr" -broker-pid "$pid" \
    -n "$TOPICS" -window "$WINDOW" -windows "$WINDOWS"
}
if [ -n "${BEFORE:-}" ]; then run "$BEFORE" before; fi
run "$work/kscope" this
