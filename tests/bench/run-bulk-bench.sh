#!/usr/bin/env bash
# Bulk insert benchmark runner (docs/benchmarks.md "Bulk insert"). Builds
# nothing: give it a build directory where bulk-bench is built (Release):
#
#   tests/bench/run-bulk-bench.sh build-rel [--rows 100000] [--chunk 250]
#        [--in-flight 1] [--engine v3|v2]
#
# Starts one dev server and runs, one after the other on their own namespaces,
# bulk-bench (insert_many of libsurql-conn) and js-peer.mjs --bulk (the JS
# SDK's insert of the same rows, one call per --chunk rows, awaited in turn:
# the same requests, so the ratio compares the clients). Prints both rates
# and the ratio (target >= 2). Asserts nothing.
set -euo pipefail
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
build=$1; shift
rows=100000 chunk=250 inflight=1 engine=v3
. "$(dirname "$0")/lib.sh"
bench_args "rows chunk in-flight engine" "$@"
root=$bench_root
bench=$(bench_binary run-bulk-bench "$build" bulk-bench)
bench_server_start bulk-bench "$engine"
echo "# $ready"
echo "# $rows records, chunks of $chunk; C: $inflight chunks in flight; JS: one insert at a time"
echo "# machine: $(nproc) CPUs, $(uname -sr), node $(node --version)"
"$bench" --url "$ws" --ns bench_c --db bench --rows "$rows" --chunk "$chunk" --in-flight "$inflight" \
  | tee "$tmp/c.txt" | sed 's/^/#   /'
node "$root/tests/bench/js-peer.mjs" --url "$ws" --ns bench_js --db bench --seconds 0 --warmup 0 \
  --inflight 0 --bulk "$rows" --batch "$chunk" | tee "$tmp/js.txt" | sed 's/^/#   /'
cat "$tmp/c.txt" "$tmp/js.txt" | awk '
  { v[$1] = $2 }
  END {
    printf "\n%-28s %14s %14s\n", "", "C insert_many", "JS SDK insert"
    printf "%-28s %14.0f %14.0f\n", "records/s", v["c.bulk.records_per_s"], v["js.bulk.records_per_s"]
    printf "%-28s %14.3f %14.3f\n", "seconds", v["c.bulk.seconds"], v["js.bulk.seconds"]
    printf "%-28s %14.1f %14.1f\n", "client CPU ms", v["c.bulk.cpu_ms"], v["js.bulk.cpu_ms"]
    r = v["js.bulk.records_per_s"] > 0 ? v["c.bulk.records_per_s"] / v["js.bulk.records_per_s"] : -1
    printf "\nratio C/JS records/s: %.2f (target >= 2: %s)\n", r, (r >= 2 ? "met" : "NOT met")
  }'
