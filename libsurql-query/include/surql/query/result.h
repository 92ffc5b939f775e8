/**
 * @file surql/query/result.h
 * @brief Extracting rows and scalars from SurrealDB responses (2.x and 3.x).
 *
 * The functions accept every shape the Python original's extractors accept:
 *  - the `query` RPC result, an array of per-statement entries
 *    `{status: "OK"|"ERR", time, result}` (3.x adds `type`, and NONE
 *    entries for BEGIN/COMMIT, which are skipped);
 *  - a single entry object `{result: ...}`;
 *  - a flat array of records (the `select` RPC), returned as is.
 * An entry with status "ERR" makes every function fail with
 * SURQL_QUERY_ESTATEMENT: the message is "statement N: <server message>",
 * `server_kind` is the 3.x error kind and `detail_json` its details (the
 * 3.0.0 form that repeats the kind inside `details` is unwrapped).
 * Outputs are new references (free with surql_value_unref()). Thread-safe.
 */
#ifndef SURQL_QUERY_RESULT_H
#define SURQL_QUERY_RESULT_H

#include <stddef.h>
#include <surql/schema.h>
#include <surql/query/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** SURQL_OK when no entry of @p response is an error, else SURQL_QUERY_ESTATEMENT (details as above). */
SURQL_QUERY_API int surql_query_result_check(const surql_value *response);

/**
 * Number of statement entries in a `query` response (0 for other shapes),
 * and the raw result of entry @p i in *@p result (borrowed, valid while
 * @p response is). SURQL_ERANGE past the end.
 */
SURQL_QUERY_API size_t surql_query_result_count(const surql_value *response);
SURQL_QUERY_API int surql_query_result_at(const surql_value *response, size_t i,
                                          const surql_value **result);

/**
 * All records: entry results that are arrays are concatenated, other
 * non-NONE/NULL results appended; a flat array is returned as is; NONE or
 * an empty response gives `[]`. *@p out is an array.
 */
SURQL_QUERY_API int surql_query_extract_result(surql_value **out, const surql_value *response);
/** The first record of surql_query_extract_result(), or NONE. */
SURQL_QUERY_API int surql_query_extract_one(surql_value **out, const surql_value *response);
/**
 * Field @p key of the first record (e.g. "count"), or a reference to
 * @p dflt (NONE when NULL) when there is no record or no such field.
 */
SURQL_QUERY_API int surql_query_extract_scalar(surql_value **out, const surql_value *response,
                                               const char *key, const surql_value *dflt);
/** 1 when the response holds at least one record, 0 when not, <0 on error. */
SURQL_QUERY_API int surql_query_has_results(const surql_value *response);

#ifdef __cplusplus
}
#endif

#endif
