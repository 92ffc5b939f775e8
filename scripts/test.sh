#!/usr/bin/env bash
# The full test suite on a fresh Debian 12 machine (the README's test command):
#   1. install what is missing (scripts/setup-debian.sh),
#   2. build with AddressSanitizer + UndefinedBehaviorSanitizer and run every
#      ctest label: unit, integration (real SurrealDB v3 and v2 through the dev
#      server, Redis), cli, headers, abi, install (+ the consumer test),
#   3. build without sanitizers and run the C tests under valgrind (no leaks,
#      no errors),
#   4. build the libFuzzer targets with clang, replay their corpora and fuzz
#      each one briefly.
# Integration tests start their own servers and FAIL if a server cannot start.
# Environment: SURQL_TEST_JOBS (parallel ctest jobs, default nproc),
#              SURQL_SKIP_VALGRIND=1 to skip step 3 locally,
#              SURQL_FUZZ_SECONDS (per libFuzzer target, default 30; 0 skips step 4).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-debian.sh"

jobs=${SURQL_TEST_JOBS:-$(nproc)}
asan=$root/build-asan
echo "== build (ASan + UBSan) =="
cmake -S "$root" -B "$asan" -DCMAKE_BUILD_TYPE=Debug -DSURQL_SANITIZE=ON -DSURQL_WERROR=ON >/dev/null
cmake --build "$asan" -j "$jobs"
echo "== ctest: every label, sanitized =="
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$asan" && ctest --output-on-failure -j "$jobs" --timeout 600)

if [ "${SURQL_SKIP_VALGRIND:-0}" != 1 ]; then
  vg=$root/build-valgrind
  echo "== build (plain) for valgrind =="
  cmake -S "$root" -B "$vg" -DCMAKE_BUILD_TYPE=Debug -DSURQL_WERROR=ON >/dev/null
  cmake --build "$vg" -j "$jobs"
  echo "== ctest under valgrind: unit and integration C tests =="
  # valgrind exits 97 on any error or definite/indirect leak, failing the test
  (cd "$vg" && ctest -T memcheck -L 'unit|integration' -LE 'server|headers|abi' \
      -j "$jobs" --timeout 900 --output-on-failure)
fi
if [ "${SURQL_FUZZ_SECONDS:-30}" != 0 ]; then
  # libFuzzer targets (clang): replay their corpora, then fuzz each briefly on a
  # scratch copy of its corpus (the committed corpus is never modified here).
  fz=$root/build-fuzz
  secs=${SURQL_FUZZ_SECONDS:-30}
  echo "== fuzz: build with clang, ${secs}s per target =="
  CC=clang cmake -S "$root" -B "$fz" -DCMAKE_BUILD_TYPE=Debug -DSURQL_FUZZ=ON -DSURQL_SANITIZE=ON \
    -DSURQL_BUILD_TOOLS=OFF >/dev/null
  targets="conn-cbor-fuzz conn-ws-fuzz query-fuzz schema-ddl-fuzz schema-yaml-fuzz"
  cmake --build "$fz" -j "$jobs" --target $targets
  (cd "$fz" && ctest -L fuzz --output-on-failure)
  export LSAN_OPTIONS=suppressions=$root/tests/fuzz/schema-lsan.supp
  for t in ${SURQL_FUZZ_TARGETS:-conn-cbor-fuzz conn-ws-fuzz query-fuzz schema-ddl-fuzz schema-yaml-fuzz}; do
    scratch=$(mktemp -d)
    corpus=$root/tests/fuzz/${t%-fuzz}-corpus
    [ -d "$corpus" ] && cp -r "$corpus/." "$scratch/"
    echo "-- $t"
    # fixed seed: CI is reproducible; exploratory runs use other seeds (tests/fuzz/*.c)
    if ! (cd "$scratch" && "$fz/tests/fuzz/$t" -seed="${SURQL_FUZZ_SEED:-1}" \
          -max_total_time="$secs" -print_final_stats=1 . >"$scratch.log" 2>&1); then
      cat "$scratch.log"; echo "fuzz target $t failed (input saved in $scratch)" >&2; exit 1
    fi
    grep -E 'stat::number_of_executed_units' "$scratch.log" || true
    rm -rf "$scratch" "$scratch.log"
  done
fi
echo "== all tests passed =="
