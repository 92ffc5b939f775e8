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
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --rows) rows=$2 ;; --chunk) chunk=$2 ;; --in-flight) inflight=$2 ;; --engine) engine=$2 ;;
    *) usage ;;
  esac
  shift 2
done
root=$(cd "$(dirname "$0")/../.." && pwd)
bench=$build/tests/bench/bulk-bench
[ -x "$bench" ] || { echo "run-bulk-bench: $bench not found: cmake --build $build --target bulk-bench" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulk-bench.XXXXXX")
srv_pid=""
cleanup() { [ -n "$srv_pid" ] && { kill "$srv_pid" 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true; }; rm -rf "$tmp"; }
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
[ -n "$ready" ] || { echo "run-bulk-bench: dev server did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
http=$(echo "$ready" | sed -E 's/^surreal-dev ready (http:\/\/[^ ]+) .*/\1/')
ws="ws://${http#http://}/rpc"
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
