/**
 * @file surql/query.h
 * @brief Umbrella header of libsurql-query: injection-proof SurrealQL query builder and result extraction.
 *
 * Link with `pkg-config --cflags --libs surql-query` or, in CMake,
 * `find_package(surql-query)` and `Surql::query`.
 */
#ifndef SURQL_QUERY_H
#define SURQL_QUERY_H

#include <surql/schema.h>
#include <surql/query/export.h>
#include <surql/query/version.h>

#endif
