#!/usr/bin/env bash
# The explorer's first launch after the bundled broker starts and after
# the topics change, at 100,000 topics (issue 17's launch target, under
# 0.5 s, where the broker has not been asked for every topic yet).
#
#   DATA=/tmp/kscope-100k bench/explorer-warm.sh        # topics made by explorer-10k.sh
#   BASELINE=53e1963 ROUNDS=3 DATA=/tmp/kscope-100k bench/explorer-warm.sh
#
# Needs a data dir of TOPICS topics (default 100000) that
# `TOPICS=100000 DATA=dir bench/explorer-10k.sh` made and kept. For each
# binary (this tree's, then BASELINE's when given, built from a git
# worktree in a temp dir): starts `kscope broker --data-dir DATA`; launches
# the explorer at once (the broker may still be building its answer),
# then once more 5 s later; produces one record with kcat to a topic that
# does not exist yet (auto-created: a change); launches twice more after
# 3 s, then deletes that topic. ROUNDS (default 1) repeats that, the binaries alternating. Each
# launch is explorergen's (tmux 120x40, time to the first frame showing
# "Topics (N/N)", CPU of explorer and broker, VmRSS). Needs tmux and
# kcat. Not run in CI.
set -euo pipefail
TOPICS=${TOPICS:-100000}
: "${DATA:?DATA=dir: a data dir of TOPICS topics kept by explorer-10k.sh}"
[ -e "$DATA/bench-topics-$TOPICS" ] || { echo "explorer-warm: $DATA holds no $TOPICS topics of explorer-10k.sh" >&2; exit 1; }
command -v tmux >/dev/null || { echo "explorer-warm: needs tmux" >&2; exit 1; }
command -v kcat >/dev/null || { echo "explorer-warm: needs kcat" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" kscope-warm
go build -o "$work/explorergen" ./bench/explorergen
mv "$work/kscope" "$work/kscope-this"
bins=("$work/kscope-this")
if [ -n "${BASELINE:-}" ]; then
  git worktree add -q --detach "$work/base" "$BASELINE"
  (cd "$work/base" && go build -o "$work/kscope-base" .)
  git worktree remove --force "$work/base"
  bins+=("$work/kscope-base")
fi
for round in $(seq "${ROUNDS:-1}"); do
for bin in "${bins[@]}"; do
  cp -f "$bin" "$work/kscope" # what start_broker runs
  n=$TOPICS
  echo "== round $round, $(basename "$bin"): broker on $DATA ($n topics)"
  start_broker broker --data-dir "$DATA"
  launch() { "$work/explorergen" launch -bin "$work/kscope" -brokers "$addr" -broker-pid "$pid" -n "$n" -runs "$1"; }
  echo "-- at once after the broker listens"
  launch 1
  sleep 5
  echo "-- 5 s later"
  launch 1
  echo "-- one topic auto-created by kcat, 3 s later"
  probe="warm-probe-$(date +%s%N)"
  echo x | kcat -b "$addr" -P -t "$probe"
  sleep 3
  n=$((TOPICS + 1))
  launch 2
  "$work/kscope" topics delete --brokers "$addr" "$probe" # the data dir as it was
  stop_broker
done
done
