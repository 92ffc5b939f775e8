/**
 * @file surql/query/error.h
 * @brief Status codes of libsurql-query (the -200..-299 range).
 *
 * Functions of the query layer return SURQL_OK (0) or a negative code: one
 * of the generic codes of surql/schema/common.h (SURQL_EINVAL, SURQL_ENOMEM,
 * SURQL_EIDENT for an invalid name or record id, ...) or one of these.
 * Details are in surql_error_last() with domain "surql-query".
 */
#ifndef SURQL_QUERY_ERROR_H
#define SURQL_QUERY_ERROR_H

#include <surql/schema/common.h>
#include <surql/query/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Query-layer status codes. Values are ABI and never change. */
typedef enum surql_query_status {
    /** A clause or call that does not fit the statement ("Table name required
     *  for SELECT query", SET on a SELECT, CONTENT and SET together). */
    SURQL_QUERY_EMISUSE = -200,
    /** An argument outside its domain ("Limit must be non-negative, got -1",
     *  "k must be at least 1, got 0", an unknown direction). */
    SURQL_QUERY_EARG = -201,
    /** The construct has no spelling in the target dialect (e.g. the fuzzy
     *  match operator `~` on SurrealDB 3.x). */
    SURQL_QUERY_EDIALECT = -202,
    /** A hint that does not apply ("Index hint table \"post\" does not match
     *  query table \"user\"", EXPLAIN on an UPDATE). */
    SURQL_QUERY_EHINT = -203,
    /** A statement of a query response reported an error. surql_error_last()
     *  carries the server's message prefixed with "statement N: " (N counted
     *  from 0), the server's error kind (3.x) in `server_kind` and its
     *  details as JSON in `detail_json`. */
    SURQL_QUERY_ESTATEMENT = -204,
    /** A response whose shape is not one the extraction functions know. */
    SURQL_QUERY_ERESPONSE = -205
} surql_query_status;

/**
 * Short constant name of a status code: the query-layer names
 * ("SURQL_QUERY_EARG") and every name surql_status_name() knows. Static
 * string; thread-safe.
 */
SURQL_QUERY_API const char *surql_query_status_name(int code);

#ifdef __cplusplus
}
#endif

#endif
