/**
 * @file surql/conn/execute.h
 * @brief Executing libsurql-query statements with one call.
 *
 * A surql_query_stmt (surql/query/stmt.h) is the text and the variables of
 * the `query` RPC plus the shape its builder promises. surql_conn_execute()
 * sends it and returns the shaped result (surql_query_stmt_read()):
 *
 * | shape | *out |
 * |---|---|
 * | ROWS   | array of every row of every statement |
 * | ONE    | the first row, or NONE |
 * | COUNT  | int |
 * | EXISTS | bool |
 * | NONE   | NONE |
 * | VALUE  | the result of the last statement |
 *
 * A statement whose entry has status ERR fails the call with
 * SURQL_CONN_EQUERY ("statement N: <server message>", server kind and
 * details kept). The statement's dialect must be the server's
 * (surql_conn_client_dialect()): build statements with that dialect.
 *
 * Thread-safety: as the client; statements are immutable and may be shared.
 */
#ifndef SURQL_CONN_EXECUTE_H
#define SURQL_CONN_EXECUTE_H

#include <stdint.h>
#include <surql/query/stmt.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Run @p stmt and return its shaped result in *@p out (may be NULL when the
 * result is not wanted). SURQL_EINVAL when the dialects differ.
 */
SURQL_CONN_API int surql_conn_execute(surql_value **out, surql_conn_client *c,
                                      const surql_query_stmt *stmt);

/** Run @p stmt and return the raw per-statement array (statement errors are
 *  NOT checked; see surql_conn_query_check()). */
SURQL_CONN_API int surql_conn_execute_raw(surql_value **out, surql_conn_client *c,
                                          const surql_query_stmt *stmt);

/** Run @p stmt and return every row as an array, whatever its shape. */
SURQL_CONN_API int surql_conn_execute_rows(surql_value **out, surql_conn_client *c,
                                           const surql_query_stmt *stmt);

/** Run @p stmt and return the first row or NONE, whatever its shape. */
SURQL_CONN_API int surql_conn_execute_one(surql_value **out, surql_conn_client *c,
                                          const surql_query_stmt *stmt);

/** Run a COUNT-shaped @p stmt (count helpers) into *@p count. Other shapes:
 *  the number of rows. */
SURQL_CONN_API int surql_conn_execute_count(int64_t *count, surql_conn_client *c,
                                            const surql_query_stmt *stmt);

/** Run an EXISTS-shaped @p stmt into *@p exists (1 or 0). Other shapes: any row. */
SURQL_CONN_API int surql_conn_execute_exists(int *exists, surql_conn_client *c,
                                             const surql_query_stmt *stmt);

#ifdef __cplusplus
}
#endif

#endif
