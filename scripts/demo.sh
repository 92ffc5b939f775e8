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
surql db --help | sed -n '1,12p'

echo "== example project docs/examples/blog: load schema and seed data =="
# surql-db query arrives with the connection library; until then the schema
# and seed go through the dev server's /sql endpoint, as `surreal sql` would.
sql() {
  curl -sS --fail-with-body -u root:root -H 'Surreal-NS: demo' -H 'Surreal-DB: blog' \
       -H 'Accept: application/json' --data-binary @"$1" "$url/sql"
}
curl -sS -u root:root -H 'Accept: application/json' --data-binary 'DEFINE NAMESPACE IF NOT EXISTS demo; USE NS demo; DEFINE DATABASE IF NOT EXISTS blog;' "$url/sql" >/dev/null
sql "$root/docs/examples/blog/schema.surql" >/dev/null
echo "server version: $(curl -sS "$url/version")"
echo "seed results (last statement: users and the posts they like):"
sql "$root/docs/examples/blog/seed.surql" | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const r = JSON.parse(s); const last = r[r.length - 1];
    for (const st of r) if (st.status !== "OK") { console.error("statement failed:", st.result); process.exit(1); }
    console.log(JSON.stringify(last.result, null, 2)); });'

echo "== a C program linking only the query layer =="
cc -o "$work/hello" "$root/docs/examples/blog/hello.c" $(pkg-config --cflags --libs surql-query)
"$work/hello"
echo "== demo finished =="
