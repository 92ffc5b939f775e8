#!/usr/bin/env bash
# Install the suite into a staging prefix and check what a distro packager and
# a small application see:
#   - six libsurql-*.so.N with the right SONAMEs, six .pc files, six CMake packages;
#   - the runtime/dev component split (runtime = .so.N only);
#   - a program that includes only <surql/query.h> builds with
#     `pkg-config --cflags --libs surql-query`, runs, and pulls no libcurl,
#     wslay, libcbor or hiredis;
#   - the same through find_package(), and the top of the chain (orch).
# usage: consumer-test.sh <build-dir> <work-dir> <c-compiler> [extra cflags...]
set -euo pipefail
build=$1; work=$2; cc=$3; shift 3; extra=("$@")
src=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"; mkdir -p "$work"
stage=$work/prefix
cmake --install "$build" --prefix "$stage" >"$work/install.log"
libdir=$stage/lib
[ -d "$libdir/x86_64-linux-gnu" ] && libdir=$libdir/x86_64-linux-gnu
[ -d "$stage/lib64" ] && libdir=$stage/lib64

libs=(schema query conn cache migrate orch)
for l in "${libs[@]}"; do
  real=$(ls "$libdir"/libsurql-$l.so.*.*.* 2>/dev/null | head -1)
  [ -n "$real" ] || fail "libsurql-$l.so.X.Y.Z not installed"
  soname=$(objdump -p "$real" | awk '/SONAME/ {print $2}')
  case "$soname" in libsurql-$l.so.[0-9]*) ;; *) fail "bad SONAME '$soname' for $real";; esac
  [ -e "$libdir/$soname" ] || fail "no $soname symlink"
  [ -L "$libdir/libsurql-$l.so" ] || fail "no libsurql-$l.so dev symlink"
  [ -f "$libdir/pkgconfig/surql-$l.pc" ] || fail "no surql-$l.pc"
  [ -f "$libdir/cmake/surql-$l/surql-$l-config.cmake" ] || fail "no CMake package surql-$l"
  [ -f "$stage/include/surql/$l.h" ] || fail "no umbrella header surql/$l.h"
  [ -f "$stage/include/surql/$l/version.h" ] || fail "no surql/$l/version.h"
  [ -f "$stage/include/surql/$l/export.h" ] || fail "no surql/$l/export.h"
  echo "ok: libsurql-$l SONAME $soname"
done
n=$(ls "$libdir"/pkgconfig/surql-*.pc | wc -l); [ "$n" = 6 ] || fail "expected 6 .pc files, got $n"

# component split: runtime has only the versioned .so; dev has the rest
for l in "${libs[@]}"; do
  rt=$work/rt-$l; dv=$work/dev-$l
  cmake --install "$build" --prefix "$rt" --component "$l-runtime" >/dev/null
  cmake --install "$build" --prefix "$dv" --component "$l-dev" >/dev/null
  other=$(cd "$rt" && find . -type f -o -type l | grep -v "libsurql-$l\.so\.[0-9]" || true)
  [ -z "$other" ] || fail "$l-runtime contains non-runtime files: $other"
  (cd "$rt" && find . -name "libsurql-$l.so.*" | grep -q .) || fail "$l-runtime lacks the .so.N"
  (cd "$dv" && find . -name "libsurql-$l.so.*" | grep -q .) && fail "$l-dev contains the runtime .so.N"
  [ -L "$(find "$dv" -name "libsurql-$l.so")" ] || fail "$l-dev lacks the libsurql-$l.so symlink"
  (cd "$dv" && find . -name "surql-$l.pc" | grep -q .) || fail "$l-dev lacks surql-$l.pc"
done
echo "ok: runtime/dev components split cleanly"

# pkg-config consumer of the query layer alone
export PKG_CONFIG_PATH=$libdir/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=
PKG="pkg-config --define-variable=prefix=$stage"
flags=$($PKG --cflags --libs surql-query) || fail "pkg-config surql-query failed"
echo "pkg-config --cflags --libs surql-query: $flags"
case "$flags" in *curl*|*wslay*|*cbor*|*hiredis*) fail "surql-query flags name a network dependency: $flags";; esac
"$cc" "${extra[@]}" -std=c99 -Wall -Wextra -Werror -o "$work/consumer" "$src/consumer.c" $flags
out=$(LD_LIBRARY_PATH=$libdir "$work/consumer") || fail "consumer did not run"
echo "consumer says: $out"
case "$out" in "surql-query "*" on surql-schema "*) ;; *) fail "unexpected consumer output";; esac
deps=$(LD_LIBRARY_PATH=$libdir ldd "$work/consumer")
echo "$deps" | grep -q "libsurql-query.so" || fail "consumer not linked to libsurql-query"
if echo "$deps" | grep -E 'libcurl|libwslay|libcbor|libhiredis'; then
  fail "a query-only consumer pulls a network library (see above)"
fi
echo "ok: query-only consumer loads no libcurl/wslay/libcbor/hiredis"

# static-link style check: --static flags list private deps for the full chain
$PKG --static --libs surql-orch | grep -q -- -lwslay || fail "surql-orch --static lacks -lwslay"
$PKG --exists 'surql-orch >= 0.1' || fail "surql-orch version query failed"

# CMake find_package consumers
cmake -S "$src/cmake-consumer" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$stage" \
      -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="${extra[*]}" >"$work/cmake.log" 2>&1 \
  || { cat "$work/cmake.log"; fail "find_package consumer did not configure"; }
cmake --build "$work/cmake-build" >"$work/cmake-build.log" 2>&1 \
  || { cat "$work/cmake-build.log"; fail "find_package consumer did not build"; }
LD_LIBRARY_PATH=$libdir "$work/cmake-build/consumer" >/dev/null || fail "cmake consumer failed"
LD_LIBRARY_PATH=$libdir "$work/cmake-build/orch-consumer" || fail "orch consumer failed"
echo "ok: find_package(surql-query) and find_package(surql-orch) consumers"
echo PASS
