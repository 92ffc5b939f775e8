/**
 * @file surql/query.h
 * @brief Umbrella header of libsurql-query: injection-proof SurrealQL query
 * building (expressions, the immutable builder, hints, CRUD/graph/batch
 * statements) and result extraction. No network code: libsurql-conn
 * executes the statements (text + variables) built here.
 *
 * Link with `pkg-config --cflags --libs surql-query` or, in CMake,
 * `find_package(surql-query)` and `Surql::query`. docs/query.md is the tour.
 */
#ifndef SURQL_QUERY_H
#define SURQL_QUERY_H

#include <surql/schema.h>
#include <surql/query/export.h>
#include <surql/query/version.h>
#include <surql/query/error.h>
#include <surql/query/ident.h>
#include <surql/query/expr.h>
#include <surql/query/builder.h>
#include <surql/query/stmt.h>
#include <surql/query/result.h>
#include <surql/query/crud.h>
#include <surql/query/graph.h>
#include <surql/query/batch.h>

#endif
