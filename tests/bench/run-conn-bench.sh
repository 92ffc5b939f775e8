#!/usr/bin/env bash
# Connection benchmark runner (docs/benchmarks.md). Builds nothing: give it a
# build directory where conn-bench is built (Release recommended):
#
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel
#   tests/bench/run-conn-bench.sh build-rel [--seconds 5] [--warmup 1]
#        [--inflight 64] [--bulk 10000] [--batch 1000] [--query "RETURN 1"]
#        [--engine v3|v2]
#
# Starts one dev server (tests/server/surreal-dev, port 0), runs against it
#   1. conn-bench     (the C library),
#   2. js-peer.mjs    (the official JS SDK, same work),
# one phase at a time, each on its own namespace, reading the server's own
# counters (GET /dev/stats) around every run; then inprocess.mjs (the
# embedded engine without network, the ceiling; always the v3 engine, even
# with --engine v2). Prints every
# figure and the ratios against the issue's targets. Nothing is asserted.
# Needs node, tests/server/node_modules and tests/interop/node_modules
# (`npm ci` in both; scripts/setup-debian.sh does it).
set -euo pipefail

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] || usage
build=$1
shift
seconds=5 warmup=1 inflight=64 bulk=10000 batch=1000 query="RETURN 1" engine=v3
. "$(dirname "$0")/lib.sh"
bench_args "seconds warmup inflight bulk batch query engine" "$@"

root=$bench_root
bench=$(bench_binary run-conn-bench "$build" conn-bench)
bench_need_node_modules run-conn-bench
if grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt" 2>/dev/null; then
  buildtype=Release
else
  buildtype=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
  echo "run-conn-bench: warning: $build is a '${buildtype:-unknown}' build, not Release" >&2
fi

# the dev server: wait for its ready line
bench_server_start conn-bench "$engine"
echo "# $ready"
echo "# query: $query; ${seconds}s per phase after ${warmup}s warm-up; $inflight in flight; bulk $bulk in batches of $batch"
echo "# machine: $(nproc) CPUs, $(uname -sr), node $(node --version); conn-bench build: ${buildtype:-?}"
echo "# client and server share this machine; figures are for comparison, not absolutes"

common=(--seconds "$seconds" --warmup "$warmup" --inflight "$inflight" --bulk "$bulk" --batch "$batch"
        --query "$query")
http_url="http://${ws#ws://}"
http_url=${http_url%/rpc}
# the dev server's own counters (GET /dev/stats): requests answered, time
# spent on them inside the server, the server process's CPU (all threads)
stats() {
  node -e 'fetch(process.argv[1]).then((r) => r.json()).then((j) =>
    console.log(j.ws_requests, j.ws_busy_us, j.cpu_us))' "$http_url/dev/stats"
}
# run_phase KEY OUT CMD...: run one program for one phase, keep its figures in
# OUT, then add KEY.server_busy_us / KEY.server_cpu_us: the server's time and
# CPU per request while it ran (warm-up included)
run_phase() {
  local key=$1 out=$2 a b
  shift 2
  a=$(stats)
  "$@" | tee -a "$out" | sed 's/^/#   /' >&2
  b=$(stats)
  echo "$a $b" | awk -v k="$key" '{ n = $4 - $1
    if (n > 0) printf "%s.server_busy_us %.1f\n%s.server_cpu_us %.1f\n", k, ($5 - $2) / n, k, ($6 - $3) / n }' >>"$out"
}
# one phase per run, so the server figures belong to one phase
for phase in seq seq_async inflight inflight_async bulk; do
  [ "$phase" = bulk ] && [ "$bulk" -le 0 ] && continue
  echo "# conn-bench --phases $phase" >&2
  run_phase "c.$phase" "$tmp/c.txt" "$bench" --url "$ws" --ns bench_c --db bench "${common[@]}" \
    --phases "$phase"
  case $phase in *_async) continue ;; esac
  echo "# js-peer.mjs --phases $phase" >&2
  run_phase "js.$phase" "$tmp/js.txt" node "$root/tests/bench/js-peer.mjs" --url "$ws" --ns bench_js \
    --db bench "${common[@]}" --phases "$phase"
done
bench_server_stop
echo "# running inprocess.mjs (server stopped)" >&2
node "$root/tests/bench/inprocess.mjs" --seconds "$seconds" --warmup "$warmup" --inflight "$inflight" \
  --query "$query" | tee "$tmp/in.txt" | sed 's/^/#   /' >&2

cat "$tmp/c.txt" "$tmp/js.txt" "$tmp/in.txt" | awk -v inflight="$inflight" -v bulk="$bulk" -v ncpu="$(nproc)" '
  { k = $1; $1 = ""; sub(/^ /, ""); v[k] = $0 }
  function f(k, fmt) { return (k in v) ? sprintf(fmt, v[k]) : "-" }
  function ratio(a, b) { return ((a in v) && (b in v) && v[b] > 0) ? v[a] / v[b] : -1 }
  function showratio(label, r, target, met) {
    if (r < 0) { printf "  %-44s %8s\n", label, "-"; return }
    printf "  %-44s %8.2f   target %s: %s\n", label, r, target, met ? "met" : "NOT met"
  }
  END {
    printf "\n%-34s %14s %14s %14s %14s\n", "", "C libsurql", "JS SDK", "in-proc SDK", "in-proc raw"
    printf "%-34s %14s %14s %14s %14s\n", "sequential, requests/s",
      f("c.seq.rps", "%.0f"), f("js.seq.rps", "%.0f"), f("inproc.sdk.seq.rps", "%.0f"), f("inproc.raw.seq.rps", "%.0f")
    printf "%-34s %14s %14s %14s %14s\n", "sequential, latency us",
      f("c.seq.latency_us", "%.0f"), f("js.seq.latency_us", "%.0f"), "", ""
    printf "%-34s %14s %14s %14s %14s\n", "sequential, client CPU us/request",
      f("c.seq.cpu_us", "%.1f"), f("js.seq.cpu_us", "%.1f"), f("inproc.sdk.seq.cpu_us", "%.1f"), f("inproc.raw.seq.cpu_us", "%.1f")
    printf "%-34s %14s\n", "sequential async, requests/s", f("c.seq_async.rps", "%.0f")
    printf "%-34s %14s\n", "sequential async, client CPU us/req", f("c.seq_async.cpu_us", "%.1f")
    printf "%-34s %14s %14s %14s %14s\n", inflight " in flight, requests/s",
      f("c.inflight.rps", "%.0f"), f("js.inflight.rps", "%.0f"), f("inproc.sdk.inflight.rps", "%.0f"), f("inproc.raw.inflight.rps", "%.0f")
    printf "%-34s %14s %14s %14s %14s\n", inflight " in flight, client CPU us/req",
      f("c.inflight.cpu_us", "%.1f"), f("js.inflight.cpu_us", "%.1f"), f("inproc.sdk.inflight.cpu_us", "%.1f"), f("inproc.raw.inflight.cpu_us", "%.1f")
    printf "%-34s %14s\n", inflight " in flight async, requests/s", f("c.inflight_async.rps", "%.0f")
    printf "%-34s %14s\n", inflight " in flight async, CPU us/req", f("c.inflight_async.cpu_us", "%.1f")
    printf "%-34s %14s %14s\n", "sequential, server time us/req", f("c.seq.server_busy_us", "%.0f"), f("js.seq.server_busy_us", "%.0f")
    printf "%-34s %14s %14s\n", "sequential, server CPU us/req", f("c.seq.server_cpu_us", "%.0f"), f("js.seq.server_cpu_us", "%.0f")
    printf "%-34s %14s %14s\n", "in flight, server CPU us/req", f("c.inflight.server_cpu_us", "%.0f"), f("js.inflight.server_cpu_us", "%.0f")
    if (bulk > 0) {
      printf "%-34s %14s %14s\n", "bulk insert " bulk ", seconds", f("c.bulk.seconds", "%.3f"), f("js.bulk.seconds", "%.3f")
      printf "%-34s %14s %14s\n", "bulk insert, client CPU ms", f("c.bulk.cpu_ms", "%.1f"), f("js.bulk.cpu_ms", "%.1f")
    }
    printf "\nratios (targets of issue 5 are reported, not asserted)\n"
    printf "  (C blocking API: one thread per request in flight)\n"
    r = ratio("c.seq.rps", "js.seq.rps");           showratio("C/JS throughput, sequential", r, ">= 1.5", r >= 1.5)
    r = ratio("c.inflight.rps", "js.inflight.rps"); showratio("C/JS throughput, " inflight " in flight", r, ">= 1.5", r >= 1.5)
    r = ratio("js.seq.cpu_us", "c.seq.cpu_us");     showratio("JS/C client CPU per request, sequential", r, ">= 10", r >= 10)
    r = ratio("js.inflight.cpu_us", "c.inflight.cpu_us"); showratio("JS/C client CPU per request, in flight", r, ">= 10", r >= 10)
    r = ratio("c.inflight.rps", "inproc.sdk.inflight.rps"); showratio("C in flight / in-process (SDK) in flight", r, ">= 0.8", r >= 0.8)
    r = ratio("c.inflight.rps", "inproc.raw.inflight.rps"); showratio("C in flight / in-process (raw) in flight", r, ">= 0.8", r >= 0.8)
    r = ratio("c.seq.rps", "inproc.sdk.seq.rps");   if (r >= 0) printf "  %-44s %8.2f\n", "C sequential / in-process (SDK) sequential", r
    printf "  (C asynchronous API: surql_conn_client_call_async)\n"
    r = ratio("c.seq_async.rps", "js.seq.rps");      showratio("C async/JS throughput, sequential", r, ">= 1.5", r >= 1.5)
    r = ratio("c.inflight_async.rps", "js.inflight.rps"); showratio("C async/JS throughput, " inflight " in flight", r, ">= 1.5", r >= 1.5)
    r = ratio("js.seq.cpu_us", "c.seq_async.cpu_us"); showratio("JS/C async client CPU per request, seq", r, ">= 10", r >= 10)
    r = ratio("js.inflight.cpu_us", "c.inflight_async.cpu_us"); showratio("JS/C async client CPU per request, in flight", r, ">= 10", r >= 10)
    r = ratio("c.inflight_async.rps", "inproc.sdk.inflight.rps"); showratio("C async in flight / in-process (SDK)", r, ">= 0.8", r >= 0.8)
    if (bulk > 0) {
      r = ratio("js.bulk.seconds", "c.bulk.seconds"); if (r >= 0) printf "  %-44s %8.2f\n", "bulk insert speed-up C vs JS (time JS/C)", r
      r = ratio("js.bulk.cpu_ms", "c.bulk.cpu_ms");   if (r >= 0) printf "  %-44s %8.2f\n", "bulk insert client CPU JS/C", r
    }
    printf "\nwhere a sequential round trip goes (server time: GET /dev/stats)\n"
    split("c.seq c.seq_async js.seq", ks, " ")
    split("C blocking|C async|JS SDK", names, "|")
    for (i = 1; i <= 3; i++) {
      k = ks[i]
      if (!((k ".latency_us") in v) || !((k ".server_busy_us") in v)) continue
      lat = v[k ".latency_us"]; srv = v[k ".server_busy_us"]
      printf "  %-10s latency %6.0f us = server %6.0f us (%3.0f%%) + outside the server %5.0f us\n", names[i], lat, srv, (lat > 0 ? 100 * srv / lat : 0), lat - srv
    }
    printf "  (the server shares the CPUs with the client: a client that needs less CPU leaves the server more)\n"
    printf "\nversions: C against %s; JS %s; in-process %s\n", f("c.server", "%s"), f("js.sdk", "%s"), f("inproc.server", "%s")
  }'
