#!/usr/bin/env bash
# Bulk insert benchmark runner (docs/benchmarks.md "Bulk insert"). Builds
# nothing: give it a build directory where bulk-bench is built (Release):
#
#   tests/bench/run-bulk-bench.sh build-rel [--rows 100000] [--chunk 250]
#        [--in-flight 0] [--engine v3|v2]     (0 = insert_many's default, 2)
#
# Starts one dev server and runs, one after the other on their own namespaces,
# bulk-bench (insert_many of libsurql-conn) and js-peer.mjs --bulk (the JS
# SDK's insert of the same rows, one call per --chunk rows, awaited in turn:
# the same requests, so the ratio compares the clients), first with the
# written records sent back, then without them (RETURN NONE on both sides);
# then, with the server stopped, the engine alone on the same chunks
# (inprocess.mjs --bulk): the ceiling no client can pass.
# Prints both rates and the ratios (target >= 2). Asserts nothing.
set -euo pipefail
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
build=$1; shift
rows=100000 chunk=250 inflight=0 engine=v3
. "$(dirname "$0")/lib.sh"
bench_args "rows chunk in-flight engine" "$@"
root=$bench_root
bench=$(bench_binary run-bulk-bench "$build" bulk-bench)
bench_server_start bulk-bench "$engine"
echo "# $ready"
eff=$inflight; [ "$eff" -gt 0 ] || eff=2 # insert_many's default (SURQL_CONN_BATCH_DEFAULT_IN_FLIGHT_INSERT)
echo "# $rows records, chunks of $chunk; C: $eff chunks in flight; JS: one insert at a time (awaited)"
echo "# machine: $(nproc) CPUs, $(uname -sr), node $(node --version)"
# each client twice: with the written records sent back (what insert() returns
# by default), then without (C: out = NULL, so RETURN NONE; JS: .output('none'))
for mode in rows none; do
  "$bench" --url "$ws" --ns bench_c --db bench --rows "$rows" --chunk "$chunk" --in-flight "$inflight" \
    --output "$mode" --table "bulk_c_$mode" | sed "s/^c\.bulk\./c.$mode./" | tee "$tmp/c-$mode.txt" | sed 's/^/#   /'
  node "$root/tests/bench/js-peer.mjs" --url "$ws" --ns bench_js --db bench --seconds 0 --warmup 0 \
    --inflight 0 --bulk "$rows" --batch "$chunk" --output "$mode" --table "bulk_js_$mode" \
    | sed "s/^js\.bulk\./js.$mode./" | tee "$tmp/js-$mode.txt" | sed 's/^/#   /'
done
# the ceiling: the engine alone, in this process, no network (server stopped)
bench_server_stop
for mode in rows none; do
  node "$root/tests/bench/inprocess.mjs" --bulk "$rows" --batch "$chunk" --output "$mode" --bulk-in-flight "$eff" \
    | tee "$tmp/in-$mode.txt" | sed 's/^/#   /'
done
cat "$tmp"/c-*.txt "$tmp"/js-*.txt "$tmp"/in-*.txt | awk '
  { v[$1] = $2 }
  END {
    split("rows none", modes, " ")
    for (i = 1; i <= 2; i++) {
      m = modes[i]
      printf "\nrecords returned: %s\n", (m == "rows" ? "yes (insert returns them)" : "no (RETURN NONE / .output(\"none\"))")
      printf "%-28s %14s %14s %14s\n", "", "C insert_many", "JS SDK insert", "engine alone"
      printf "%-28s %14.0f %14.0f %14.0f\n", "records/s", v["c." m ".records_per_s"], v["js." m ".records_per_s"], v["inproc.bulk." m ".records_per_s"]
      printf "%-28s %14.3f %14.3f %14.3f\n", "seconds", v["c." m ".seconds"], v["js." m ".seconds"], v["inproc.bulk." m ".seconds"]
      printf "%-28s %14.1f %14.1f\n", "client CPU ms", v["c." m ".cpu_ms"], v["js." m ".cpu_ms"]
      js = v["js." m ".records_per_s"]; ce = v["inproc.bulk." m ".records_per_s"]
      r = js > 0 ? v["c." m ".records_per_s"] / js : -1
      printf "ratio C/JS records/s: %.2f (target >= 2: %s)\n", r, (r >= 2 ? "met" : "NOT met")
      if (ce > 0 && js > 0)
        printf "C / engine alone: %.2f; engine alone / JS: %.2f\n", v["c." m ".records_per_s"] / ce, ce / js
    }
  }'
