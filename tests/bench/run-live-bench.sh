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
. "$(dirname "$0")/lib.sh"
bench_args "count batch engine" "$@"
root=$bench_root
bench=$(bench_binary run-live-bench "$build" live-bench)
bench_need_node_modules run-live-bench
bench_server_start live-bench "$engine"
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
