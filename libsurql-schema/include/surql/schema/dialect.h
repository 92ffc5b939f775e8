/**
 * @file surql/schema/dialect.h
 * @brief SurrealQL dialects: SurrealDB 2.x and 3.x.
 *
 * The schema, query and connection layers select DDL keywords and function
 * spellings with a surql_dialect (see docs/schema.md for the table of
 * constructs per dialect). Thread-safe: these are pure functions.
 */
#ifndef SURQL_SCHEMA_DIALECT_H
#define SURQL_SCHEMA_DIALECT_H

#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A SurrealQL dialect. Values are the engine's major version. */
typedef enum surql_dialect {
    SURQL_DIALECT_V2 = 2, /**< SurrealDB 2.x (SEARCH, MTREE, `string::is::x`, `VALUE <future>`) */
    SURQL_DIALECT_V3 = 3  /**< SurrealDB 3.x (FULLTEXT, `string::is_x`, COMPUTED) */
} surql_dialect;

/** The dialect used when a caller does not choose one. */
#define SURQL_DIALECT_DEFAULT SURQL_DIALECT_V3

/** "v2" or "v3"; "?" for an unknown value. Static string. */
SURQL_SCHEMA_API const char *surql_dialect_name(surql_dialect d);

/**
 * Parse a dialect from "v2", "v3", "2", "3", "2.x", "3.x" or a server
 * version such as "surrealdb-2.6.0" / "3.0.2". SURQL_EINVAL for anything
 * else (1.x is not supported). *out is untouched on failure.
 */
SURQL_SCHEMA_API int surql_dialect_parse(surql_dialect *out, const char *text);

/** 1 when @p d is SURQL_DIALECT_V2 or SURQL_DIALECT_V3, else 0. */
SURQL_SCHEMA_API int surql_dialect_valid(int d);

#ifdef __cplusplus
}
#endif

#endif
