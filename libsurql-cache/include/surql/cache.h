/**
 * @file surql/cache.h
 * @brief Umbrella header of libsurql-cache: query-result cache for SurrealDB (memory LRU+TTL and Redis).
 *
 * Link with `pkg-config --cflags --libs surql-cache` or, in CMake,
 * `find_package(surql-cache)` and `Surql::cache`.
 */
#ifndef SURQL_CACHE_H
#define SURQL_CACHE_H

#include <surql/conn.h>
#include <surql/cache/export.h>
#include <surql/cache/version.h>

#endif
