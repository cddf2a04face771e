# Shared prologue of the bench scripts; source it after `set -euo pipefail`:
#
#   . "$(dirname "$0")/lib.sh" kscope-bench   # the temp dir's prefix
#
# It moves to the repository root, creates $work (removed on exit, after
# stopping a broker start_broker left running) and builds $work/kscope.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/${1:-kscope-bench}-XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"; wait "$pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/kscope" .

# start_broker NAME ARGS...: runs `kscope broker` on a free loopback port
# with ARGS, its output in $work/NAME.out, waits until it listens and sets
# $pid and $addr.
start_broker() {
  local out="$work/$1.out"
  shift
  "$work/kscope" broker --listen 127.0.0.1:0 --registry-listen off "$@" >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 600); do # a data dir of 100,000 topics takes ~20 s
    grep -q 'listening on' "$out" && break
    sleep 0.1
  done
  addr=$(sed -n 's/.*listening on \([^ ,]*\).*/\1/p' "$out")
  [ -n "$addr" ] || { cat "$out"; exit 1; }
}

# stop_broker stops the broker start_broker started.
stop_broker() {
  kill "$pid"; wait "$pid" || true; pid=""
}
