#!/usr/bin/env bash
# Live-notification benchmark runner (issue 6, docs/benchmarks.md). Give it a
# build directory where live-bench is built (Release recommended):
#
#   tests/bench/run-live-bench.sh <build-dir> [--count 20000] [--batch 200] [--engine v3|v2]
#
# Starts one dev server, runs live-bench (the C library) and live-peer.mjs
# (the official JS SDK) one after the other against it, each on its own
# namespace, and prints both notification rates and their ratio. Nothing is
# asserted. Needs node and tests/{server,interop}/node_modules.
set -euo pipefail
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
build=$1
shift
count=20000 batch=200 engine=v3
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --count) count=$2 ;;
    --batch) batch=$2 ;;
    --engine) engine=$2 ;;
    *) usage ;;
  esac
  shift 2
done
root=$(cd "$(dirname "$0")/../.." && pwd)
bench=$build/tests/bench/live-bench
[ -x "$bench" ] || { echo "run-live-bench: $bench not found; build it first: cmake --build $build --target live-bench" >&2; exit 1; }
for d in tests/server tests/interop; do
  [ -d "$root/$d/node_modules" ] || { echo "run-live-bench: $d/node_modules missing: (cd $root/$d && npm ci)" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/live-bench.XXXXXX")
srv_pid=""
cleanup() {
  if [ -n "$srv_pid" ]; then
    kill "$srv_pid" 2>/dev/null || true
    wait "$srv_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
node "$root/tests/server/surreal-dev" --bind 127.0.0.1:0 --engine "$engine" --log-level quiet \
  >"$tmp/server.out" 2>"$tmp/server.err" &
srv_pid=$!
ready=""
for _ in $(seq 1 300); do
  ready=$(grep -m1 '^surreal-dev ready ' "$tmp/server.out" || true)
  [ -n "$ready" ] && break
  kill -0 "$srv_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "run-live-bench: dev server did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
http=$(echo "$ready" | sed -E 's/^surreal-dev ready (http:\/\/[^ ]+) .*/\1/')
ws="ws://${http#http://}/rpc"
echo "# $ready"
echo "# $count notifications from one writer, $batch CREATE statements per query"
echo "# machine: $(nproc) CPUs, $(uname -sr), node $(node --version)"
"$bench" --url "$ws" --ns bench_c --db bench --count "$count" --batch "$batch" | tee "$tmp/c.txt" || true
node "$root/tests/bench/live-peer.mjs" --url "$ws" --ns bench_js --db bench --count "$count" \
  --batch "$batch" | tee "$tmp/js.txt" || true
c=$(sed -n 's/^c\.live\.rate //p' "$tmp/c.txt")
js=$(sed -n 's/^js\.live\.rate //p' "$tmp/js.txt")
if [ -n "$c" ] && [ -n "$js" ]; then
  cn=$(sed -n 's/^c\.live\.notifications //p' "$tmp/c.txt")
  jn=$(sed -n 's/^js\.live\.notifications //p' "$tmp/js.txt")
  awk -v c="$c" -v js="$js" -v cn="$cn" -v jn="$jn" -v n="$count" 'BEGIN {
    printf "\nlive notifications/s: C %.0f (%d of %d received), JS SDK %.0f (%d of %d received), ratio C/JS %.2f\n",
           c, cn, n, js, jn, n, (js > 0 ? c / js : 0) }'
fi
