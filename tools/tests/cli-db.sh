#!/usr/bin/env bash
# surql-db end to end against a real dev server (SurrealDB engine v3 or v2):
# exact output, lossless JSON, bound variables, exit codes.
# usage: cli-db.sh <bin-dir> <source-dir> <engine> <case>
set -uo pipefail
bin=$1; src=$2; engine=$3; case_=$4
D=$bin/surql-db
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); srv=""
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
. "$(dirname "$0")/dev-server.sh"
start_dev_server "$src" "$engine" "$work"
export DB_URL=${url/http/ws}/rpc DB_USERNAME=root DB_PASSWORD=root DB_NAMESPACE=cli DB_DATABASE=t
cd "$work"   # no stray .env
run() { out=$("$@" 2>"$work/stderr"); rc=$?; err=$(cat "$work/stderr"); }
expect_rc() { [ "$rc" = "$1" ] || fail "exit $rc, expected $1; stdout: $out; stderr: $err"; }

"$D" init >/dev/null || fail "init failed"
case $case_ in
ping)
  run "$D" ping; expect_rc 0
  echo "$out" | grep -qE "^ok: surrealdb-${engine#v}\.[0-9.]+ answered ping in [0-9.]+ ms$" || fail "ping: $out"
  run "$D" ping --format json; expect_rc 0
  echo "$out" | grep -q '"ok": true' || fail "ping json: $out" ;;
version)
  run "$D" version; expect_rc 0
  [[ "$out" == surrealdb-${engine#v}.* ]] || fail "version: $out" ;;
query)
  run "$D" query "CREATE user:alice SET name = 'Alice', age = 30; SELECT name, age FROM user"; expect_rc 0
  expected=$'-- statement 1: OK\nage  id          name\n---  ----------  -----\n30   user:alice  Alice\n(1 row)\n-- statement 2: OK\nage  name\n---  -----\n30   Alice\n(1 row)'
  [ "$out" = "$expected" ] || fail "query table output:\n$out\n--- expected:\n$expected"
  printf -- "-- a comment first\nRETURN 42;\n" > "$work/q.surql"
  run "$D" query --file "$work/q.surql"; expect_rc 0
  [ "$out" = "42" ] || fail "query --file: $out"
  run "$D" query -- "-- comment
RETURN 43"; expect_rc 0
  [ "$out" = "43" ] || fail "query -- TEXT: $out"
  run "$D" query --file "$work/missing.surql"; expect_rc 2 ;;
vars)
  # a record id bound with --var stays a record id; a number stays a number
  "$D" query "CREATE user:bob SET name = 'Bob', age = 41" >/dev/null || fail setup
  run "$D" query 'SELECT name FROM $r WHERE age > $min' --var r=user:bob --var min=40 --format json; expect_rc 0
  echo "$out" | grep -q '"name": "Bob"' || fail "bound record/number did not select Bob: $out"
  run "$D" query 'RETURN $s' --var "s=it's; DELETE user" --format json; expect_rc 0
  echo "$out" | grep -q "\"result\": \"it's; DELETE user\"" || fail "hostile text not bound as a string: $out"
  run "$D" query 'SELECT count() FROM user GROUP ALL' --format json; expect_rc 0
  echo "$out" | grep -q '"count": 1' || fail "data changed by a bound string: $out" ;;
json)
  run "$D" query "RETURN { id: user:x, at: d'2024-01-02T03:04:05Z', n: NONE, d: 1.5dec }" --format json
  expect_rc 0
  for frag in '"$record"' '"$datetime": "2024-01-02T03:04:05Z"' '"$decimal"'; do
    echo "$out" | grep -qF "$frag" || fail "json output lacks $frag: $out"
  done ;;
yaml)
  run "$D" query "RETURN [1, 'a']" --format yaml; expect_rc 0
  echo "$out" | grep -q '^  result:$' || echo "$out" | grep -q 'result:' || fail "yaml: $out"
  echo "$out" | grep -qE '^ +- 1$' || fail "yaml list item: $out" ;;
errors)
  run "$D" query 'THROW "boom"'; expect_rc 5
  echo "$err" | grep -q 'boom' || fail "statement error not surfaced: $err"
  run "$D" ping --pass wrong; expect_rc 4
  run "$D" ping --url ws://127.0.0.1:1/rpc; expect_rc 4
  echo "$err" | grep -q 'cannot connect' || fail "unreachable: $err"
  run "$D" ping --url ftp://x; expect_rc 3
  run "$D" query; expect_rc 2
  run "$D" query 'RETURN 1' --var 'bad name=1'; expect_rc 2 ;;
reset)
  "$D" query "CREATE a:1; CREATE b:1" >/dev/null || fail setup
  run "$D" reset </dev/null; expect_rc 2
  echo "$err" | grep -q 'pass --yes' || fail "reset without tty: $err"
  run "$D" reset --yes; expect_rc 0
  [ "$out" = "ok: removed 2 tables" ] || fail "reset: $out"
  run "$D" info --format json; expect_rc 0
  echo "$out" | grep -q '"tables": {}' || fail "tables remain: $out" ;;
*) fail "unknown case $case_" ;;
esac
echo PASS
