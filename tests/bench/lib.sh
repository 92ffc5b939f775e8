# Shared by the tests/bench/run-*.sh runners (source it, do not run it):
# locating the bench binary, and starting, waiting for and stopping one dev
# server (tests/server/surreal-dev, port 0). Every function takes the runner's
# name first, for its messages.

# bench_root: the repository root (this file lives in tests/bench).
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# bench_args "OPT ..." ARGS...: parses --OPT VALUE pairs into the variables
# OPT (dashes dropped: --in-flight sets $inflight); calls the runner's usage
# on anything else.
bench_args() {
  local opts=" $1 " opt
  shift
  while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || usage
    opt=${1#--}
    case "$1:$opts" in
      --*:*" $opt "*) printf -v "${opt//-/}" '%s' "$2" ;;
      *) usage ;;
    esac
    shift 2
  done
}

# bench_binary NAME BUILD TARGET: prints BUILD/tests/bench/TARGET, or exits 1
# with the command that builds it.
bench_binary() {
  local bin=$2/tests/bench/$3
  [ -x "$bin" ] || { echo "$1: $bin not found; build it first: cmake --build $2 --target $3" >&2; exit 1; }
  echo "$bin"
}

# bench_need_node_modules NAME: exits 1 unless the dev server's and the
# interop peers' node_modules are installed.
bench_need_node_modules() {
  local d
  for d in tests/server tests/interop; do
    [ -d "$bench_root/$d/node_modules" ] || { echo "$1: $d/node_modules missing: (cd $bench_root/$d && npm ci)" >&2; exit 1; }
  done
}

# bench_server_start NAME ENGINE: makes the scratch directory $tmp (removed on
# exit, with the server), starts the dev server and waits for its ready line.
# Sets $tmp, $srv_pid, $ready (the ready line) and $ws (its RPC URL); exits 1
# with the server's stderr when it does not start.
bench_server_start() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  srv_pid=""
  trap bench_cleanup EXIT INT TERM
  node "$bench_root/tests/server/surreal-dev" --bind 127.0.0.1:0 --engine "$2" --log-level quiet \
    >"$tmp/server.out" 2>"$tmp/server.err" &
  srv_pid=$!
  ready=""
  for _ in $(seq 1 300); do
    ready=$(grep -m1 '^surreal-dev ready ' "$tmp/server.out" || true)
    [ -n "$ready" ] && break
    kill -0 "$srv_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "$1: dev server did not start:" >&2; cat "$tmp/server.err" >&2; exit 1; }
  local http
  http=$(echo "$ready" | sed -E 's/^surreal-dev ready (http:\/\/[^ ]+) .*/\1/')
  ws="ws://${http#http://}/rpc"
}

# bench_server_stop: stops the dev server (if running); idempotent.
bench_server_stop() {
  if [ -n "${srv_pid:-}" ]; then
    kill "$srv_pid" 2>/dev/null || true
    wait "$srv_pid" 2>/dev/null || true
  fi
  srv_pid=""
}

bench_cleanup() {
  bench_server_stop
  [ -n "${tmp:-}" ] && rm -rf "$tmp"
}
