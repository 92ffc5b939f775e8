#!/usr/bin/env bash
# Install everything surql needs on Debian 12, idempotently:
#   - build tools and the -dev packages of the dependencies,
#   - redis-server and Node.js (for the dev server that embeds SurrealDB),
#   - the dev server's npm packages, exactly as pinned in its lockfile,
#   - the official JS SDK's (tests/interop, cross-check and benchmark), likewise.
# Safe to run repeatedly: installs only what is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

pkgs=(build-essential cmake pkg-config git ca-certificates
      libcurl4-openssl-dev libwslay-dev libjson-c-dev libcbor-dev
      libhiredis-dev libfyaml-dev libgraphviz-dev graphviz
      redis-server valgrind nodejs npm clang libclang-rt-14-dev)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere (nodesource, nvm): accept any node >= 18 with npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -ge 18 ]; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
  fi
fi
read -ra missing <<<"${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

command -v node >/dev/null || { echo "setup: node not found after install" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || { echo "setup: Node.js >= 18 required, found $(node --version)" >&2; exit 1; }

# The dev server's packages, from the lockfile; reinstall only when it changed.
srv=$root/tests/server
stamp=$srv/node_modules/.surql-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s "$srv/package-lock.json" "$stamp"; then
  echo "setup: npm ci in tests/server"
  (cd "$srv" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$srv/package-lock.json" "$stamp"
else
  echo "setup: dev server packages up to date"
fi

# The official JS SDK for the cross-check test and the benchmark, likewise.
interop=$root/tests/interop
stamp=$interop/node_modules/.surql-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s "$interop/package-lock.json" "$stamp"; then
  echo "setup: npm ci in tests/interop"
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$interop/package-lock.json" "$stamp"
else
  echo "setup: JS SDK packages (tests/interop) up to date"
fi
echo "setup: done"
