#!/usr/bin/env bash
# End-to-end checks of surql-schema: exact stdout, files written, exit codes
# (0 ok/equal/valid, 1 differences/drift/invalid, 2 usage/I-O, 3/4/5 config,
# connection, server). show_*/check_* run against a real dev server.
# usage: cli-schema.sh <bin-dir> <source-dir> <case>
set -uo pipefail
bin=$1; src=$2; case_=$3
t="$bin/surql-schema"
data="$src/libsurql-schema/tests/data"
full="$data/files/full.yaml"
tmp=$(mktemp -d); srv=""
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { out=$("$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err"); }
expect_rc() { [ "$rc" = "$1" ] || fail "exit $rc, expected $1 (stderr: $err)"; }

case $case_ in
help)
  for c in export ddl diff visualize validate show check; do
    run "$t" $c --help
    expect_rc 0
    echo "$out" | grep -q "^Usage: surql-schema $c" || fail "$c --help: $out"
    echo "$out" | grep -q "Exit codes" || fail "$c --help lacks exit codes"
  done
  run "$t" check --help
  echo "$out" | grep -q -- "--url URL" || fail "check --help lacks the connection options: $out"
  run "$t" --help
  echo "$out" | grep -q "not yet available" && fail "a command is still listed as unavailable: $out"
  true ;;
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
show_v3|show_v2|check_v3|check_v2|check_errors)
  # a database with a schema applied through surql-db, then read back
  engine=${case_##*_}; [ "$engine" = errors ] && engine=v3
  . "$(dirname "$0")/dev-server.sh"
  start_dev_server "$src" "$engine" "$tmp"
  export DB_URL=${url/http/ws}/rpc DB_USERNAME=root DB_PASSWORD=root DB_NAMESPACE=cli DB_DATABASE=s
  cd "$tmp"   # no stray .env
  cat > schema.surql <<'SQL'
-- the code schema of the show/check cases
DEFINE TABLE user SCHEMAFULL COMMENT 'people';
DEFINE FIELD name ON user TYPE string;
DEFINE FIELD age ON user TYPE option<int> DEFAULT 0 ASSERT $value >= 0;
DEFINE INDEX user_name ON user FIELDS name UNIQUE;
DEFINE TABLE post SCHEMALESS;
DEFINE EVENT touched ON post WHEN $event = "UPDATE" THEN (CREATE log SET post = $after.id);
DEFINE TABLE wrote TYPE RELATION IN user OUT post;
DEFINE PARAM $limit VALUE 10;
SQL
  "$bin/surql-db" init >/dev/null || fail "surql-db init failed"
  "$bin/surql-db" query --file schema.surql >/dev/null || fail "applying the schema failed"
  case $case_ in
  show_*)
    # the engine's canonical definitions (defaults made explicit), in its order
    run "$t" show; expect_rc 0
    expected="DEFINE PARAM \$limit VALUE 10 PERMISSIONS FULL;
DEFINE TABLE post TYPE ANY SCHEMALESS PERMISSIONS NONE;
DEFINE EVENT touched ON TABLE post WHEN \$event = 'UPDATE' THEN (CREATE log SET post = \$after.id);
DEFINE TABLE user TYPE NORMAL SCHEMAFULL COMMENT 'people' PERMISSIONS NONE;
DEFINE FIELD age ON TABLE user TYPE option<int> DEFAULT 0 ASSERT \$value >= 0 PERMISSIONS FULL;
DEFINE FIELD name ON TABLE user TYPE string PERMISSIONS FULL;
DEFINE INDEX user_name ON TABLE user FIELDS name UNIQUE;
DEFINE TABLE wrote TYPE RELATION IN user OUT post SCHEMALESS PERMISSIONS NONE;
DEFINE FIELD in ON TABLE wrote TYPE record<user> PERMISSIONS FULL;
DEFINE FIELD out ON TABLE wrote TYPE record<post> PERMISSIONS FULL;"
    [ "$out" = "$expected" ] || fail "show:
$out
--- expected:
$expected"
    run "$t" show --format table; expect_rc 0
    expected=$'table  kind   mode        fields  indexes  events\n-----  -----  ----------  ------  -------  ------\npost   table  schemaless  0       0        1\nuser   table  schemafull  2       1        0\nwrote  edge   schemaless  2       0        0\n(3 rows)'
    [ "$out" = "$expected" ] || fail "show --format table:
$out"
    run "$t" show --table user --dialect v2; expect_rc 0
    [ "$out" = "DEFINE TABLE user TYPE NORMAL SCHEMAFULL COMMENT 'people' PERMISSIONS NONE;
DEFINE FIELD age ON TABLE user TYPE option<int> DEFAULT 0 ASSERT \$value >= 0 PERMISSIONS FULL;
DEFINE FIELD name ON TABLE user TYPE string PERMISSIONS FULL;
DEFINE INDEX user_name ON TABLE user FIELDS name UNIQUE;" ] || fail "show --table user: $out"
    run "$t" show --table nope; expect_rc 1
    [ "$err" = "surql-schema show: error: the database has no table or edge 'nope'" ] || fail "$err"
    # the YAML and JSON exports are schema sources equal to the code schema
    for f in yaml json; do
      run "$t" show --format $f --output "db.$f"; expect_rc 0
      [ -z "$out" ] || fail "stdout not empty with --output: $out"
      run "$t" diff --from schema.surql --to "db.$f"; expect_rc 0
      [ -z "$out" ] || fail "show --format $f differs from the applied schema: $out"
    done ;;
  check_v3|check_v2)
    run "$t" check --schema schema.surql; expect_rc 0
    [ "$out" = "schema is valid: no differences" ] || fail "check (no drift): $out"
    run "$t" check --schema schema.surql --format json; expect_rc 0
    [ "$out" = "[]" ] || fail "check --format json (no drift): $out"
    # drift: a field removed, a type changed, an index and a table only in the database
    "$bin/surql-db" query "REMOVE FIELD age ON TABLE user; DEFINE FIELD OVERWRITE name ON TABLE user TYPE int;
DEFINE INDEX extra ON TABLE post FIELDS title; DEFINE TABLE audit SCHEMALESS" >/dev/null || fail "drift setup"
    run "$t" check --schema schema.surql; expect_rc 1
    expected="Errors (2):
  - field 'name' of table 'user': type differs (code: string, database: int)
  - field 'age' of table 'user' is missing from the database
Warnings (1):
  - table 'audit' exists in the database but not in the code
Info (1):
  - index 'extra' of table 'post' exists in the database but not in the code
2 errors, 1 warning, 1 info"
    [ "$out" = "$expected" ] || fail "check (drift):
$out
--- expected:
$expected"
    run "$t" check --schema schema.surql --format json; expect_rc 1
    echo "$out" | grep -q '"kind": "missing_field"' || fail "json: $out"
    [ "$(echo "$out" | grep -c '"severity"')" = 4 ] || fail "json lists other than 4 results: $out"
    run "$t" check --schema schema.surql --format yaml; expect_rc 1
    echo "$out" | grep -q '^- severity: "ERROR"$' || fail "yaml: $out"
    # only INFO differences are drift too
    "$bin/surql-db" query "DEFINE FIELD OVERWRITE name ON TABLE user TYPE string;
DEFINE FIELD age ON TABLE user TYPE option<int> DEFAULT 0 ASSERT \$value >= 0; REMOVE TABLE audit" >/dev/null \
      || fail "drift undo"
    run "$t" check --schema schema.surql; expect_rc 1
    [ "$out" = "Info (1):
  - index 'extra' of table 'post' exists in the database but not in the code
0 errors, 0 warnings, 1 info" ] || fail "check (info only): $out" ;;
  check_errors)
    run "$t" check; expect_rc 2
    echo "$err" | grep -q -- "--schema PATH is required" || fail "$err"
    run "$t" check --schema missing.yaml; expect_rc 2
    run "$t" check --schema schema.surql --format xml; expect_rc 2
    run "$t" check --schema schema.surql --pass wrong; expect_rc 4
    echo "$err" | grep -q "cannot connect" || fail "auth failure: $err"
    run "$t" show --url ws://127.0.0.1:1/rpc; expect_rc 4
    run "$t" show --url ftp://x; expect_rc 3
    # the options override the environment
    DB_DATABASE=elsewhere run "$t" show --ns cli --db s --format table; expect_rc 0
    echo "$out" | grep -q '^(3 rows)$' || fail "--db did not override DB_DATABASE: $out" ;;
  esac ;;
*) fail "unknown case $case_" ;;
esac
echo PASS
