/**
 * @file surql/query/crud.h
 * @brief Statement builders for the CRUD helpers of the spec.
 *
 * Each function renders one statement for @p dialect (SURQL_DIALECT_V2 or
 * V3) and records how to read its response (surql_query_stmt_read()).
 * Record ids: @p id is a key in SurrealQL key syntax (`alice`, `123`,
 * `⟨a-b⟩`) or a whole record id of @p table (`user:alice`), see
 * surql_query_record_of(); every id and value is bound as a parameter.
 * Conditions (`cond`) are consumed (may be NULL for none). On success
 * *@p out owns the statement; on failure it is NULL. Thread-safe.
 */
#ifndef SURQL_QUERY_CRUD_H
#define SURQL_QUERY_CRUD_H

#include <stdint.h>
#include <surql/schema.h>
#include <surql/query/export.h>
#include <surql/query/stmt.h>

#ifdef __cplusplus
extern "C" {
#endif

/** `CREATE table CONTENT $p1 [RETURN ...]`; shape ONE (the created record). */
SURQL_QUERY_API int surql_query_crud_create(surql_query_stmt **out, int dialect, const char *table,
                                            const surql_value *data, surql_query_return ret);
/** One `CREATE table CONTENT $pN;` per element of the array @p rows; shape ROWS. */
SURQL_QUERY_API int surql_query_crud_create_many(surql_query_stmt **out, int dialect,
                                                 const char *table, const surql_value *rows);
/** `SELECT * FROM $p1` (the record); shape ONE (NONE when missing). */
SURQL_QUERY_API int surql_query_crud_get(surql_query_stmt **out, int dialect, const char *table,
                                         const char *id);
/**
 * `SELECT * FROM table [WHERE (c1) AND ...] [ORDER BY f ASC|DESC] [LIMIT n] [START m]`;
 * @p conds: @p ncond conditions (consumed); @p order_by NULL for none;
 * @p limit / @p start < 0 for none. Shape ROWS.
 */
SURQL_QUERY_API int surql_query_crud_query(surql_query_stmt **out, int dialect, const char *table,
                                           surql_query_expr *const *conds, size_t ncond,
                                           const char *order_by, int desc, int64_t limit,
                                           int64_t start);
/** First match: as crud_query with LIMIT 1; shape ONE. */
SURQL_QUERY_API int surql_query_crud_first(surql_query_stmt **out, int dialect, const char *table,
                                           surql_query_expr *cond, const char *order_by, int desc);
/**
 * Last match: the order reversed with LIMIT 1 (`ORDER BY f DESC` for an
 * ascending @p order_by; with no order, `ORDER BY id DESC`); shape ONE.
 */
SURQL_QUERY_API int surql_query_crud_last(surql_query_stmt **out, int dialect, const char *table,
                                          surql_query_expr *cond, const char *order_by, int desc);
/** Replace: `UPDATE $p1 CONTENT $p2 [RETURN ...]`; shape ONE. */
SURQL_QUERY_API int surql_query_crud_update(surql_query_stmt **out, int dialect, const char *table,
                                            const char *id, const surql_value *data,
                                            surql_query_return ret);
/** Partial update: `UPDATE $p1 MERGE $p2 [RETURN ...]`; shape ONE. */
SURQL_QUERY_API int surql_query_crud_merge(surql_query_stmt **out, int dialect, const char *table,
                                           const char *id, const surql_value *data,
                                           surql_query_return ret);
/** `UPSERT $p1 CONTENT $p2 [RETURN ...]`; shape ONE. */
SURQL_QUERY_API int surql_query_crud_upsert(surql_query_stmt **out, int dialect, const char *table,
                                            const char *id, const surql_value *data,
                                            surql_query_return ret);
/** `DELETE $p1 [RETURN ...]`; shape NONE (ROWS with a RETURN clause other than NONE). */
SURQL_QUERY_API int surql_query_crud_delete(surql_query_stmt **out, int dialect, const char *table,
                                            const char *id, surql_query_return ret);
/** `DELETE table [WHERE (cond)]`; shape NONE. */
SURQL_QUERY_API int surql_query_crud_delete_where(surql_query_stmt **out, int dialect,
                                                  const char *table, surql_query_expr *cond);
/** `SELECT id FROM $p1`; shape EXISTS (a bool). */
SURQL_QUERY_API int surql_query_crud_exists(surql_query_stmt **out, int dialect, const char *table,
                                            const char *id);
/**
 * `SELECT count() FROM table [WHERE (cond)] GROUP ALL`; shape COUNT (an
 * int; 0 for an empty table on 2.x, whose GROUP ALL returns no row).
 */
SURQL_QUERY_API int surql_query_crud_count(surql_query_stmt **out, int dialect, const char *table,
                                           surql_query_expr *cond);
/**
 * Aggregation (spec aggregate_records): `SELECT g1, g2, e1 AS a1, ... FROM
 * table [WHERE (cond)] GROUP BY g1, g2` or `... GROUP ALL`. @p aliases /
 * @p exprs: @p n pairs (exprs consumed). Exactly one of @p group_all and
 * @p ngroup > 0 (SURQL_QUERY_EARG otherwise, with the Python messages).
 * Shape ROWS.
 */
SURQL_QUERY_API int surql_query_crud_aggregate(surql_query_stmt **out, int dialect,
                                               const char *table, const char *const *aliases,
                                               surql_query_expr *const *exprs, size_t n,
                                               const char *const *group_by, size_t ngroup,
                                               int group_all, surql_query_expr *cond);

#ifdef __cplusplus
}
#endif

#endif
