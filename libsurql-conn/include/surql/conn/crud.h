/**
 * @file surql/conn/crud.h
 * @brief Executing CRUD helpers (the spec's create_record ... count_records).
 *
 * Each function builds the statement of the matching libsurql-query helper
 * (surql/query/crud.h) for the client's dialect and runs it with
 * surql_conn_execute(); docs/crud.md lists the SurrealQL each one sends.
 * Every id and value is a bound parameter; table and field names are
 * validated (SURQL_EIDENT) before anything is sent.
 *
 * **Client.** @p c is the client to use, or NULL for the calling thread's
 * current client (surql_conn_get_db(): override, thread client, registry
 * default); SURQL_ESTATE when there is none.
 *
 * **Ids.** @p id is a key in SurrealQL key syntax (`alice`, `123`,
 * `⟨a-b⟩`) or a whole record id of @p table (`user:alice`), see
 * surql_query_record_of(). Anything else (trailing text, another table) is
 * SURQL_EIDENT and nothing is sent.
 *
 * **Conditions.** `surql_query_expr *` conditions are consumed (also on
 * failure); NULL means none.
 *
 * **Results.** *@p out (when @p out is not NULL) owns the result: a record
 * object or NONE for the one-record helpers, an array for the others. It is
 * NULL on failure. A statement the server rejects is SURQL_CONN_EQUERY with
 * the server's message, kind and details; transport failures as in
 * surql/conn/client.h.
 *
 * Thread-safety: as the client (internally locked); any thread.
 */
#ifndef SURQL_CONN_CRUD_H
#define SURQL_CONN_CRUD_H

#include <stddef.h>
#include <stdint.h>
#include <surql/query/builder.h>
#include <surql/query/expr.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** create_record: `CREATE table CONTENT $p1 [RETURN ...]`; *@p out = the created record. */
SURQL_CONN_API int surql_conn_record_create(surql_value **out, surql_conn_client *c,
                                            const char *table, const surql_value *data,
                                            surql_query_return ret);

/**
 * create_records: one CREATE per object of the array @p rows, sent in
 * chunks of SURQL_CONN_BATCH_DEFAULT_CHUNK (250) rows, each chunk one
 * transaction (see surql/conn/batch.h for chunking and errors).
 * *@p out = the created records, in input order.
 */
SURQL_CONN_API int surql_conn_records_create(surql_value **out, surql_conn_client *c,
                                             const char *table, const surql_value *rows);

/** get_record: the record, or NONE when it does not exist. */
SURQL_CONN_API int surql_conn_record_get(surql_value **out, surql_conn_client *c,
                                         const char *table, const char *id);

/**
 * query_records: `SELECT * FROM table [WHERE (c1) AND ...] [ORDER BY f
 * ASC|DESC] [LIMIT n] [START m]`. @p conds: @p ncond conditions (consumed);
 * @p order_by NULL for none; @p limit / @p start < 0 for none. *@p out = array.
 */
SURQL_CONN_API int surql_conn_records_query(surql_value **out, surql_conn_client *c,
                                            const char *table, surql_query_expr *const *conds,
                                            size_t ncond, const char *order_by, int desc,
                                            int64_t limit, int64_t start);

/** first: the first match (LIMIT 1) or NONE. @p cond consumed (NULL: none). */
SURQL_CONN_API int surql_conn_record_first(surql_value **out, surql_conn_client *c,
                                           const char *table, surql_query_expr *cond,
                                           const char *order_by, int desc);

/**
 * last: the last match in @p order_by order (the order reversed, LIMIT 1;
 * without an order, by id) or NONE. @p cond consumed.
 */
SURQL_CONN_API int surql_conn_record_last(surql_value **out, surql_conn_client *c,
                                          const char *table, surql_query_expr *cond,
                                          const char *order_by, int desc);

/** update_record (replace): `UPDATE $p1 CONTENT $p2`; *@p out = the record (NONE with RETURN NONE). */
SURQL_CONN_API int surql_conn_record_update(surql_value **out, surql_conn_client *c,
                                            const char *table, const char *id,
                                            const surql_value *data, surql_query_return ret);

/** merge_record (partial): `UPDATE $p1 MERGE $p2`. */
SURQL_CONN_API int surql_conn_record_merge(surql_value **out, surql_conn_client *c,
                                           const char *table, const char *id,
                                           const surql_value *data, surql_query_return ret);

/** upsert: `UPSERT $p1 CONTENT $p2` (creates the record when missing). */
SURQL_CONN_API int surql_conn_record_upsert(surql_value **out, surql_conn_client *c,
                                            const char *table, const char *id,
                                            const surql_value *data, surql_query_return ret);

/** delete_record: `DELETE $p1`. Deleting a missing record is not an error. */
SURQL_CONN_API int surql_conn_record_delete(surql_conn_client *c, const char *table,
                                            const char *id);

/** delete_records: `DELETE table [WHERE (cond)]` (@p cond consumed; NULL deletes every record). */
SURQL_CONN_API int surql_conn_records_delete(surql_conn_client *c, const char *table,
                                             surql_query_expr *cond);

/** exists: *@p exists = 1 when the record exists, else 0. */
SURQL_CONN_API int surql_conn_record_exists(int *exists, surql_conn_client *c, const char *table,
                                            const char *id);

/** count_records: `SELECT count() FROM table [WHERE (cond)] GROUP ALL` into *@p count. */
SURQL_CONN_API int surql_conn_records_count(int64_t *count, surql_conn_client *c,
                                            const char *table, surql_query_expr *cond);

#ifdef __cplusplus
}
#endif

#endif
