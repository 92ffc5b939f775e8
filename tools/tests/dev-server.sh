# Sourced by the CLI tests that need a server (cli-db.sh, cli-schema.sh):
#   start_dev_server SRC ENGINE DIR
# starts tests/server/surreal-dev (engine v3 or v2) on a free port, waits for
# its ready line and sets $srv (its pid) and $url (http://HOST:PORT). The
# caller kills $srv in its EXIT trap; fail() is the caller's.
start_dev_server() {
  local src=$1 engine=$2 dir=$3
  node "$src/tests/server/surreal-dev" --bind 127.0.0.1:0 --engine "$engine" --log-level quiet \
    >"$dir/srv.out" 2>"$dir/srv.err" &
  srv=$!
  for _ in $(seq 1 300); do grep -q '^surreal-dev ready' "$dir/srv.out" && break
    kill -0 "$srv" 2>/dev/null || { cat "$dir/srv.err"; fail "dev server ($engine) did not start"; }
    sleep 0.1; done
  url=$(awk '/^surreal-dev ready/ {print $3}' "$dir/srv.out")
  [ -n "$url" ] || fail "dev server ($engine) not ready"
}
