#!/usr/bin/env bash
# End-to-end checks of surql-schema's offline commands: exact stdout, files
# written, exit codes (0 ok/equal/valid, 1 differences/invalid, 2 usage/I-O).
# usage: cli-schema.sh <bin-dir> <source-dir> <case>
set -uo pipefail
bin=$1; src=$2; case_=$3
t="$bin/surql-schema"
data="$src/libsurql-schema/tests/data"
full="$data/files/full.yaml"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { out=$("$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err"); }
expect_rc() { [ "$rc" = "$1" ] || fail "exit $rc, expected $1 (stderr: $err)"; }

case $case_ in
help)
  for c in export ddl diff visualize validate; do
    run "$t" $c --help
    expect_rc 0
    echo "$out" | grep -q "^Usage: surql-schema $c" || fail "$c --help: $out"
    echo "$out" | grep -q "Exit codes" || fail "$c --help lacks exit codes"
  done
  run "$t" --help
  echo "$out" | grep -q "show .*(not yet available)" || fail "show not listed as unavailable: $out" ;;
unavailable)
  run "$t" show; expect_rc 69
  run "$t" check --schema "$full"; expect_rc 69 ;;
export_surql)
  run "$t" export --schema "$full"
  expect_rc 0
  [ "$out" = "$(cat "$data/files/full.v3.surql")" ] || fail "v3 DDL differs: $out"
  run "$t" ddl --schema "$full" --dialect v2
  expect_rc 0
  [ "$out" = "$(cat "$data/files/full.v2.surql")" ] || fail "v2 DDL differs: $out" ;;
export_yaml)
  run "$t" export --schema "$full" --format yaml
  expect_rc 0
  [ "$out" = "$(cat "$data/files/full.export.yaml")" ] || fail "YAML differs: $out" ;;
export_json_file)
  run "$t" export --schema "$full" --format json --output "$tmp/s.json"
  expect_rc 0
  [ -z "$out" ] || fail "stdout not empty with --output: $out"
  cmp -s "$tmp/s.json" "$data/files/full.json" || fail "written JSON differs"
  # the written file is a schema source again
  run "$t" diff --from "$tmp/s.json" --to "$full"; expect_rc 0 ;;
diff_equal)
  run "$t" diff --from "$full" --to "$data/files/full.v3.surql"
  expect_rc 0
  [ -z "$out" ] || fail "equal schemas printed: $out" ;;
diff_changes)
  printf 'DEFINE TABLE user SCHEMAFULL;\nDEFINE FIELD name ON user TYPE string;\n' > "$tmp/a.surql"
  printf 'tables:\n  user:\n    fields:\n      name: string\n      age: int\n' > "$tmp/b.yaml"
  run "$t" diff --from "$tmp/a.surql" --to "$tmp/b.yaml"
  expect_rc 1
  [ "$out" = "DEFINE FIELD age ON TABLE user TYPE int;" ] || fail "up DDL: $out"
  run "$t" diff --from "$tmp/a.surql" --to "$tmp/b.yaml" --down
  expect_rc 1
  [ "$out" = "REMOVE FIELD age ON TABLE user;" ] || fail "down DDL: $out"
  run "$t" diff --from "$tmp/a.surql" --to "$tmp/b.yaml" --format json
  expect_rc 1
  echo "$out" | grep -q '"kind": "add_field"' || fail "json: $out" ;;
visualize_ascii)
  run "$t" visualize --schema "$full" --format ascii
  expect_rc 0
  [ "$out" = "$(cat "$data/files/full.ascii")" ] || fail "ASCII differs: $out"
  run "$t" visualize --schema "$full" --format mermaid --no-fields --no-edges --output "$tmp/d.mmd"
  expect_rc 0
  cmp -s "$tmp/d.mmd" "$data/files/full.nofields-noedges.mmd" || fail "mermaid file differs"
  run "$t" visualize --schema "$full" --format ascii --tables user,nope
  expect_rc 2
  echo "$err" | grep -q "no table or edge 'nope'" || fail "filter error: $err" ;;
visualize_graphviz)
  command -v dot >/dev/null || fail "graphviz's dot is not installed (scripts/setup-debian.sh)"
  run "$t" visualize --schema "$full" --format graphviz --output "$tmp/g.dot"
  expect_rc 0
  grep -q "^digraph schema {" "$tmp/g.dot" || fail "not DOT: $(cat "$tmp/g.dot")"
  dot -Tsvg "$tmp/g.dot" -o "$tmp/g.svg" || fail "dot -Tsvg rejected the cgraph output"
  grep -q "<svg" "$tmp/g.svg" || fail "no SVG"
  run "$t" visualize --schema "$full" --format graphviz --text --no-edges
  expect_rc 0
  echo "$out" | dot -Tsvg >/dev/null || fail "dot -Tsvg rejected the text output" ;;
validate)
  run "$t" validate --schema "$full"
  expect_rc 0
  [ "$out" = "$full: valid (7 tables and edges, 3 accesses, 2 params, 2 functions, 2 analyzers)" ] \
    || fail "validate: $out"
  printf 'tables:\n  user:\n    feilds: {}\n' > "$tmp/bad.yaml"
  run "$t" validate --schema "$tmp/bad.yaml"
  expect_rc 1
  [ "$err" = "surql-schema: error: $tmp/bad.yaml:3:5: unknown key 'feilds' in table 'user' (did you mean 'fields'?)" ] \
    || fail "error message: $err"
  printf 'DEFINE TABLE t; DEFINE FIELD v ON t TYPE array<float>; DEFINE INDEX m ON t FIELDS v MTREE DIMENSION 3;\n' > "$tmp/m.surql"
  run "$t" validate --schema "$tmp/m.surql" --dialect v2; expect_rc 0
  run "$t" validate --schema "$tmp/m.surql" --dialect v3; expect_rc 1
  # drift against a database schema
  printf 'DEFINE TABLE user SCHEMAFULL;\nDEFINE FIELD name ON user TYPE int;\n' > "$tmp/db.surql"
  printf 'tables:\n  user:\n    fields:\n      name: string\n' > "$tmp/code.yaml"
  run "$t" validate --schema "$tmp/code.yaml" --against "$tmp/db.surql"
  expect_rc 1
  [ "$out" = "$(printf "Errors (1):\n  - field 'name' of table 'user': type differs (code: string, database: int)\n1 error, 0 warnings, 0 info")" ] \
    || fail "report: $out"
  run "$t" validate --schema "$tmp/code.yaml" --against "$tmp/code.yaml"
  expect_rc 0
  [ "$out" = "schema is valid: no differences" ] || fail "report: $out" ;;
usage)
  run "$t" export; expect_rc 2
  echo "$err" | grep -q -- "--schema PATH is required" || fail "$err"
  run "$t" export --schema "$full" --format xml; expect_rc 2
  run "$t" export --schema "$full" --bogus; expect_rc 2
  echo "$err" | grep -q "unknown option '--bogus'" || fail "$err"
  run "$t" diff --from "$full"; expect_rc 2
  run "$t" visualize --schema "$full"; expect_rc 2
  run "$t" export --schema "$tmp/schema.txt"; expect_rc 2 ;;
io_error)
  run "$t" export --schema "$tmp/missing.yaml"; expect_rc 2
  echo "$err" | grep -q "missing.yaml" || fail "$err"
  run "$t" export --schema "$full" --output "$tmp/no/such/dir/x.surql"; expect_rc 2 ;;
*) fail "unknown case $case_" ;;
esac
echo PASS
