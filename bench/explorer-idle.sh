#!/usr/bin/env bash
# Idle CPU of the explorer on many topics, counting the broker's share.
#
#   bench/explorer-idle.sh                       # 10000 topics
#   TOPICS=100000 bench/explorer-idle.sh
#   BEFORE=/path/to/old/kscope bench/explorer-idle.sh   # the old binary too
#   KTEA=/path/to/ktea bench/explorer-idle.sh            # ktea too, same broker
#   ALTERNATE=1 KTEA=/path/to/ktea WINDOW=62s WINDOWS=5 bench/explorer-idle.sh
#                     # the two take turns, a window each per round
#   TOPICS=100000 DATA=/tmp/kscope-100k bench/explorer-idle.sh   # keeps the topics
#
# Builds kscope and bench/explorergen, starts `kscope broker --in-memory`
# on a free loopback port, creates the topics, then launches `kscope
# --brokers ADDR` (default 10 s auto-refresh) on a private tmux server
# (see explorer-10k.sh) and, once "Topics (N/N)" is shown, reads the CPU
# time (user + system, /proc/PID/stat) of kscope and of the broker over
# WINDOWS consecutive idle windows of WINDOW (default 2 x 30s). Issue 17's
# target: at or below ktea's (which never refreshes). KTEA (optional) names
# a ktea binary measured the same way after kscope, until its table title
# reads "Total Topics: N/N"; nothing here downloads or builds it (see
# explorer-10k.sh). Needs tmux. Not run in CI.
set -euo pipefail

TOPICS=${TOPICS:-10000}
WINDOW=${WINDOW:-30s}
WINDOWS=${WINDOWS:-2}
command -v tmux >/dev/null || { echo "explorer-idle: needs tmux" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" kscope-idle

go build -o "$work/explorergen" ./bench/explorergen
if [ -n "${DATA:-}" ]; then
  start_broker broker --data-dir "$DATA"
else
  start_broker broker --in-memory
fi
if [ -n "${DATA:-}" ] && [ -e "$DATA/bench-topics-$TOPICS" ]; then
  echo "== broker $addr; $TOPICS topics kept in $DATA"
else
  echo "== broker $addr; create $TOPICS topics"
  "$work/explorergen" create -brokers "$addr" -n "$TOPICS"
  if [ -n "${DATA:-}" ]; then touch "$DATA/bench-topics-$TOPICS"; fi
fi

run() {
  "$work/explorergen" idle -bin "$1" -label "$2" -brokers "$addr" -broker-pid "$pid" \
    -n "$TOPICS" -window "$WINDOW" -windows "$WINDOWS" "${@:3}"
}
uptime
if [ -n "${BEFORE:-}" ]; then run "$BEFORE" before; fi
if [ -n "${KTEA:-}" ] && [ -n "${ALTERNATE:-}" ]; then
  run "$work/kscope" this -ktea "$KTEA" -alternate
elif [ -n "${KTEA:-}" ]; then
  run "$work/kscope" this -ktea "$KTEA"
else
  echo "(ktea not given: set KTEA=/path/to/ktea to compare)"
  run "$work/kscope" this
fi
uptime
