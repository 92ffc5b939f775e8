# Every external dependency of the suite, found in one place (written for Debian 12).
# Each library links only what it needs; see docs/architecture.md for the map.

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(JSONC   REQUIRED IMPORTED_TARGET json-c)      # schema (value JSON), all
pkg_check_modules(FYAML   REQUIRED IMPORTED_TARGET libfyaml)    # schema, migrate (YAML files)
pkg_check_modules(CGRAPH  REQUIRED IMPORTED_TARGET libcgraph)   # surql-schema tool (graph layout)
pkg_check_modules(CURL    REQUIRED IMPORTED_TARGET libcurl)     # conn (HTTP, WS socket)
pkg_check_modules(LIBCBOR          IMPORTED_TARGET libcbor)     # conn (CBOR wire format)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)     # cache (0.14 API on Debian 12)

# libcbor 0.8 on Debian 12 ships no .pc file.
if(NOT LIBCBOR_FOUND)
  find_path(LIBCBOR_INCLUDE_DIR cbor.h REQUIRED)
  find_library(LIBCBOR_LIBRARY cbor REQUIRED)
  add_library(Surql::cbor UNKNOWN IMPORTED)
  set_target_properties(Surql::cbor PROPERTIES
    IMPORTED_LOCATION "${LIBCBOR_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBCBOR_INCLUDE_DIR}")
  set(SURQL_CBOR_PC_REQUIRES "")
  set(SURQL_CBOR_PC_LIBS "-lcbor")
else()
  add_library(Surql::cbor ALIAS PkgConfig::LIBCBOR)
  set(SURQL_CBOR_PC_REQUIRES "libcbor")
  set(SURQL_CBOR_PC_LIBS "")
endif()

# wslay has no .pc file on Debian 12: never name it in Requires, use Libs.private.
find_path(WSLAY_INCLUDE_DIR wslay/wslay.h REQUIRED)
find_library(WSLAY_LIBRARY wslay REQUIRED)
add_library(Surql::wslay UNKNOWN IMPORTED)
set_target_properties(Surql::wslay PROPERTIES
  IMPORTED_LOCATION "${WSLAY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${WSLAY_INCLUDE_DIR}")
