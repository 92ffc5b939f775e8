#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine (the README's first command):
# install what is missing, build and install surql into ./_install, start the
# embedded SurrealDB dev server and Redis, run the tools on the example
# project in docs/examples/blog, show the results, and stop the servers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-debian.sh"

build=$root/build
prefix=$root/_install
echo "== build and install into $prefix =="
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$build" -j "$(nproc)"
cmake --install "$build" >/dev/null
libdir=$(dirname "$(find "$prefix" -name 'libsurql-schema.so' | head -1)")
export PATH=$prefix/bin:$PATH LD_LIBRARY_PATH=$libdir PKG_CONFIG_PATH=$libdir/pkgconfig

work=$(mktemp -d)
srv_pid=""; redis_pid=""
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "== start the dev server (real SurrealDB 3.x engine) =="
node "$root/tests/server/surreal-dev" --bind 127.0.0.1:0 --user root --pass root \
     >"$work/server.out" 2>"$work/server.err" &
srv_pid=$!
for _ in $(seq 1 300); do
  grep -q '^surreal-dev ready ' "$work/server.out" && break
  kill -0 "$srv_pid" 2>/dev/null || { cat "$work/server.err" >&2; echo "dev server failed to start" >&2; exit 1; }
  sleep 0.1
done
grep '^surreal-dev ready ' "$work/server.out" || { echo "dev server not ready" >&2; exit 1; }
url=$(awk '/^surreal-dev ready/ {print $3}' "$work/server.out")

echo "== start Redis =="
rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 6390)
redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do
  redis-cli -p "$rport" ping 2>/dev/null | grep -q PONG && break
  kill -0 "$redis_pid" 2>/dev/null || { cat "$work/redis.log" >&2; echo "redis failed to start" >&2; exit 1; }
  sleep 0.1
done
echo "redis on 127.0.0.1:$rport: $(redis-cli -p "$rport" ping)"

echo "== the tools =="
surql --version

echo "== example project docs/examples/blog =="
export DB_URL=${url/http/ws}/rpc DB_USERNAME=root DB_PASSWORD=root DB_NAMESPACE=demo DB_DATABASE=blog
ex=$root/docs/examples/blog
surql db ping
surql db init
echo "-- apply schema.surql"
surql db query --file "$ex/schema.surql" --format json >/dev/null
echo "-- seed.surql (last statement: users and the posts they like)"
surql db query --file "$ex/seed.surql" | awk '/^-- statement 5/{p=1} p'
echo "-- a bound variable keeps its type: \$who is the record id user:bob"
surql db query 'SELECT name, ->likes->post.title AS liked FROM $who' --var who=user:bob
echo "-- the same data as lossless JSON (record ids, datetimes keep their types)"
surql db query 'SELECT id, name, created_at FROM user:alice' --format json
echo "-- the database's tables, as INFO FOR DB reports them"
surql db info --format yaml | sed -n '/^tables:/,/^[a-z]/p'

echo "== the database against the code schema (surql-schema online) =="
echo "-- surql schema check: the code schema equals what the database reports (exit 0)"
surql schema check --schema "$ex/schema.surql" && echo "(no drift)"
echo "-- surql schema show: the database's schema read back with INFO, as YAML (first lines)"
surql schema show --format yaml | sed -n '1,10p'

echo "== the example schema through surql-schema (offline) =="
surql schema visualize --schema "$ex/schema.surql" --format ascii
echo "-- as a YAML schema file (first lines)"
surql schema export --schema "$ex/schema.surql" --format yaml | sed -n '1,12p'
echo "-- diff between the code schema and itself re-read from YAML: no changes expected"
surql schema export --schema "$ex/schema.surql" --format yaml --output "$work/schema.yaml"
surql schema diff --from "$ex/schema.surql" --to "$work/schema.yaml" && echo "(schemas are equal)"

echo "== a C program linking only the query layer =="
cc -o "$work/hello" "$root/docs/examples/blog/hello.c" $(pkg-config --cflags --libs surql-query)
"$work/hello"

echo "== a C program with the connection layer: a live query and the CRUD API =="
cc -o "$work/watch" "$root/docs/examples/blog/watch.c" $(pkg-config --cflags --libs surql-conn)
"$work/watch"
echo "== demo finished =="
