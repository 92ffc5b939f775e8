#!/usr/bin/env bash
# End-to-end checks of the tools' common behaviour: --help, --version,
# usage errors, exit codes, and the `surql` dispatcher.
# usage: cli-basics.sh <bin-dir> <case>
set -uo pipefail
bin=$1; case_=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { out=$("$@" 2>/tmp/cli-err.$$); rc=$?; err=$(cat /tmp/cli-err.$$); rm -f /tmp/cli-err.$$; }
tools="surql-db surql-schema surql-migrate surql-orch"

case $case_ in
help)
  for t in $tools surql; do
    run "$bin/$t" --help
    [ $rc = 0 ] || fail "$t --help exited $rc"
    echo "$out" | grep -q "^Usage: $t" || fail "$t --help lacks a Usage line: $out"
    [ -z "$err" ] || fail "$t --help wrote to stderr: $err"
    [ "$t" = surql ] && continue
    echo "$out" | grep -q "Exit codes:" || fail "$t --help does not document exit codes"
  done ;;
version)
  for t in $tools surql; do
    run "$bin/$t" --version
    [ $rc = 0 ] || fail "$t --version exited $rc"
    echo "$out" | head -1 | grep -qE "^$t [0-9]+\.[0-9]+\.[0-9]+$" || fail "$t --version first line: $out"
    echo "$out" | grep -q "libsurql-schema [0-9]" || fail "$t --version lacks library versions"
  done
  # --version lists exactly the libraries a tool links (surql-schema: conn for show/check)
  run "$bin/surql-schema" --version
  echo "$out" | grep -q "libsurql-conn [0-9]" || fail "surql-schema --version lacks libsurql-conn: $out"
  echo "$out" | grep -qE "libsurql-(cache|migrate|orch)" && fail "surql-schema reports more libraries: $out"
  true ;;
usage)
  for t in $tools surql; do
    run "$bin/$t"
    [ $rc = 2 ] || fail "$t without arguments exited $rc, expected 2"
    run "$bin/$t" no-such-command
    [ $rc = 2 ] || fail "$t no-such-command exited $rc, expected 2"
    echo "$err" | grep -q "no-such-command" || fail "$t error does not name the bad command: $err"
  done ;;
dispatch)
  run "$bin/surql" db --help
  [ $rc = 0 ] || fail "surql db --help exited $rc"
  echo "$out" | grep -q "^Usage: surql-db" || fail "surql db --help did not run surql-db: $out"
  run "$bin/surql" migrate --version
  echo "$out" | head -1 | grep -q "^surql-migrate " || fail "surql migrate --version: $out"
  # the exit status is the tool's
  run "$bin/surql" schema bogus
  [ $rc = 2 ] || fail "surql schema bogus exited $rc, expected the tool's 2" ;;
linkage)
  # a tool links only the libraries it uses: surql-schema needs the client for
  # show/check (libsurql-conn), but not the cache, migration or orchestration layers
  deps=$(ldd "$bin/surql-schema")
  echo "$deps" | grep -qE 'libsurql-(cache|migrate|orch)|libhiredis' \
    && fail "surql-schema links more than it needs: $deps"
  echo "$deps" | grep -q 'libsurql-conn' || fail "surql-schema does not link libsurql-conn: $deps"
  true ;;
*) fail "unknown case $case_" ;;
esac
echo PASS
