#!/usr/bin/env bash
# Launch time and memory of the explorer on 10,000 topics.
#
#   bench/explorer-10k.sh              # 10000 topics, 5 launches
#   TOPICS=2000 RUNS=9 bench/explorer-10k.sh
#   TOPICS=100000 DATA=/tmp/kscope-100k bench/explorer-10k.sh   # keeps the topics
#
# Builds kscope and bench/explorergen, starts `kscope broker --in-memory`
# on a free loopback port, creates the topics (CreateTopics in batches of
# 500), then launches `kscope --brokers ADDR` in a detached tmux session of
# 120x40 RUNS times, on a private tmux server (its own socket in a temp
# dir, no user config, a holder session keeping it alive between launches,
# killed at the end), so it neither touches nor depends on the user's
# tmux. Per launch it prints the time to the first frame that
# shows "Topics (N/N)" -- written by the explorer itself through the
# opt-in KSCOPE_TRACE_FIRST_FRAME hook, and also seen by polling tmux's
# capture-pane every 10 ms -- VmRSS/VmHWM of the explorer a second
# after the list is shown, and the CPU seconds the explorer and the broker
# spent on the launch (on a loaded machine the wall time says little, CPU
# time does); then the medians. The list is shown with the rows on screen
# counted; the rest are counted when scrolled to or at the first sweep.
# Targets: issue 3, under 0.5 s and 60 MB at 10k; issue 17, under 0.5 s
# and 100 MB at 100k (TOPICS=100000). Then the same for `kscope --local`
# on a new empty data dir per launch, to "Topics (0/0)" (target: under 300 ms; its RSS
# includes the bundled broker). Needs tmux. Not run in CI.
#
#   KTEA=/path/to/ktea bench/explorer-10k.sh
#
# KTEA (optional) names a ktea binary: each launch of kscope is then
# followed by one of ktea against the same broker on the same tmux server,
# timed until ktea's table title reads "Total Topics: N/N", with its
# VmRSS/VmHWM a second later and its and the broker's CPU (ktea has no
# trace hook, so only the tmux time is given). Nothing here downloads or
# builds ktea: the one measured in the README was built by hand, outside
# this repository, from ktea's source as stored in a public-source index
# (its module is not on the Go module proxy this machine reaches); see
# bench/explorergen/ktea.go and the README's performance section.
set -euo pipefail

TOPICS=${TOPICS:-10000}
RUNS=${RUNS:-5}
command -v tmux >/dev/null || { echo "explorer-10k: needs tmux" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" kscope-bench

echo "== build"
go build -o "$work/explorergen" ./bench/explorergen

echo "== broker"
if [ -n "${DATA:-}" ]; then
  # DATA=dir keeps the topics in dir for the next run: creating 100,000
  # takes about a minute, a restart on them about 20 s.
  start_broker broker --data-dir "$DATA"
else
  start_broker broker --in-memory
fi
echo "$addr"

if [ -n "${DATA:-}" ] && [ -e "$DATA/bench-topics-$TOPICS" ]; then
  echo "== $TOPICS topics kept in $DATA"
else
  echo "== create $TOPICS topics"
  "$work/explorergen" create -brokers "$addr" -n "$TOPICS"
  if [ -n "${DATA:-}" ]; then touch "$DATA/bench-topics-$TOPICS"; fi
fi

ktea=()
if [ -n "${KTEA:-}" ]; then
  ktea=(-ktea "$KTEA")
  echo "== $RUNS launches of kscope --brokers $addr and of ktea ($KTEA), alternating, in tmux 120x40"
else
  echo "== $RUNS launches of kscope --brokers $addr in tmux 120x40 (ktea not given: set KTEA=/path/to/ktea to compare)"
fi
uptime
"$work/explorergen" launch -bin "$work/kscope" "${ktea[@]}" -brokers "$addr" -broker-pid "$pid" -n "$TOPICS" -runs "$RUNS"
uptime

echo "== $RUNS launches of kscope --local on an empty data dir (target: under 300 ms)"
"$work/explorergen" launch -bin "$work/kscope" -local -n 0 -runs "$RUNS"
