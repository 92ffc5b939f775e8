#!/usr/bin/env bash
# The exported dynamic symbols of a library must be exactly the functions its
# linker map lists: nothing leaks, nothing listed is missing.
# usage: check-symbols.sh <lib.so> <lib.map>
set -euo pipefail
so=$1; map=$2
exported=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | sort -u)
listed=$(sed 's#/\*.*\*/##' "$map" | grep -oE '^\s*[a-z_][a-z0-9_]*;' | tr -d ' \t;' | sort -u)
extra=$(comm -23 <(echo "$exported") <(echo "$listed"))
missing=$(comm -13 <(echo "$exported") <(echo "$listed"))
rc=0
[ -z "$extra" ] || { echo "exported but not in $map:"; echo "$extra"; rc=1; }
[ -z "$missing" ] || { echo "listed in $map but not exported (missing SURQL_*_API or definition?):"; echo "$missing"; rc=1; }
bad=$(echo "$exported" | grep -v '^surql_' || true)
[ -z "$bad" ] || { echo "exported symbols without the surql_ prefix:"; echo "$bad"; rc=1; }
[ $rc = 0 ] && echo "ok: $(echo "$exported" | wc -l) symbols of $(basename "$so") match $(basename "$map")"
exit $rc
