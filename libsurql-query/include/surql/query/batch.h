/**
 * @file surql/query/batch.h
 * @brief Statement builders for the batch helpers (upsert/insert/relate/delete many).
 *
 * One request per batch; every row and id is bound. On success *@p out owns
 * the statement (shape ROWS: the records of every statement). An empty
 * batch is SURQL_QUERY_EARG (there is nothing to send). Thread-safe.
 */
#ifndef SURQL_QUERY_BATCH_H
#define SURQL_QUERY_BATCH_H

#include <stddef.h>
#include <surql/schema.h>
#include <surql/query/export.h>
#include <surql/query/stmt.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One UPSERT per object of @p rows. A row with an `id` (a record of
 * @p table, or text parsed with surql_query_record_of()) gives
 * `UPSERT $pA CONTENT $pB;` with the id removed from the content; a row
 * without one gives `UPSERT table CONTENT $pB;`. With @p nconflict fields,
 * rows are matched on them: `UPSERT table CONTENT $pB WHERE (f = $pC) AND
 * ...;` where $pC is the row's value of f (field paths validated).
 */
SURQL_QUERY_API int surql_query_batch_upsert(surql_query_stmt **out, int dialect,
                                             const char *table, const surql_value *rows,
                                             const char *const *conflict_fields, size_t nconflict);
/** `INSERT INTO table $p1` with the array @p rows (fails on existing ids, as INSERT does). */
SURQL_QUERY_API int surql_query_batch_insert(surql_query_stmt **out, int dialect,
                                             const char *table, const surql_value *rows);
/**
 * One `RELATE $pA->edge->$pB [CONTENT $pC];` per element of @p pairs, each
 * an array `[from, to]` or `[from, to, data]` (records or record-id text;
 * when @p from_table / @p to_table are not NULL the ids must belong to
 * them). @p data (may be NULL) is the content of pairs without their own.
 */
SURQL_QUERY_API int surql_query_batch_relate(surql_query_stmt **out, int dialect,
                                             const char *from_table, const char *edge,
                                             const char *to_table, const surql_value *pairs,
                                             const surql_value *data);
/**
 * One `DELETE $pN RETURN BEFORE;` per id of the array @p ids (records, or
 * text as for surql_query_record_of()); reads as the deleted records.
 */
SURQL_QUERY_API int surql_query_batch_delete(surql_query_stmt **out, int dialect,
                                             const char *table, const surql_value *ids);

#ifdef __cplusplus
}
#endif

#endif
