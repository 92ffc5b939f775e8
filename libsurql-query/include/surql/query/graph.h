/**
 * @file surql/query/graph.h
 * @brief Statement builders for graph traversal and edges.
 *
 * Records are given as text (`user:alice`, parsed whole, see ident.h) and
 * bound as parameters; edge and table names are validated and escaped.
 * Depth uses SurrealQL's recursive idiom (SurrealDB >= 2.2):
 * `$p1.{3}(->follows->user)`, `$p1.{1..3+collect}(->follows->?)`,
 * `$p1.{..5+shortest=$p2}(->follows->?)`. On success *@p out owns the
 * statement. Thread-safe.
 */
#ifndef SURQL_QUERY_GRAPH_H
#define SURQL_QUERY_GRAPH_H

#include <stddef.h>
#include <surql/schema.h>
#include <surql/query/export.h>
#include <surql/query/stmt.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * `SELECT * FROM $p1<path> [WHERE (c1) AND ...]`; @p path as for
 * surql_query_graph_path() ("->likes->post"). Shape ROWS.
 */
SURQL_QUERY_API int surql_query_graph_traverse(surql_query_stmt **out, int dialect,
                                               const char *start, const char *path,
                                               surql_query_expr *const *conds, size_t ncond);
/**
 * Traverse `edge` then `target` (NULL: any table) in @p dir, repeated
 * @p depth times: depth 0 or 1 is one hop (`$p1->likes->post`), depth N > 1
 * is `$p1.{N}(->likes->post)` (the records exactly N hops away). Shape ROWS.
 */
SURQL_QUERY_API int surql_query_graph_traverse_depth(surql_query_stmt **out, int dialect,
                                                     const char *start, const char *edge,
                                                     const char *target, surql_query_dir dir,
                                                     unsigned depth);
/**
 * Records related through @p edge: `SELECT * FROM $p1->edge->target` (OUT)
 * or `$p1<-edge<-target` (IN). BOTH is SURQL_QUERY_EARG
 * `Invalid direction: both. Must be "out" or "in"`. Shape ROWS.
 */
SURQL_QUERY_API int surql_query_graph_related(surql_query_stmt **out, int dialect,
                                              const char *record, const char *edge,
                                              const char *target, surql_query_dir dir,
                                              surql_query_expr *const *conds, size_t ncond);
/** `SELECT count() FROM $p1->edge GROUP ALL` (IN: `<-edge`; BOTH: `<->edge`). Shape COUNT. */
SURQL_QUERY_API int surql_query_graph_count_related(surql_query_stmt **out, int dialect,
                                                    const char *record, const char *edge,
                                                    surql_query_dir dir);
/**
 * Distinct neighbours within @p depth hops (1..256), the start excluded:
 * `SELECT * FROM $p1.{1..N+collect}(->edge->?) WHERE id != $p1`
 * (depth 1: `$p1->edge->?`). Shape ROWS.
 */
SURQL_QUERY_API int surql_query_graph_neighbors(surql_query_stmt **out, int dialect,
                                                const char *record, const char *edge,
                                                unsigned depth, surql_query_dir dir);
/**
 * Degree: number of @p edge edges out of (OUT), into (IN) or both (BOTH:
 * two statements whose counts are added). Shape COUNT.
 */
SURQL_QUERY_API int surql_query_graph_degree(surql_query_stmt **out, int dialect,
                                             const char *record, const char *edge,
                                             surql_query_dir dir);
/**
 * Records that both @p a and @p b reach through an outgoing @p edge:
 * `SELECT * FROM $p1->edge->? WHERE id INSIDE $p2->edge->?`. Shape ROWS.
 */
SURQL_QUERY_API int surql_query_graph_mutual(surql_query_stmt **out, int dialect, const char *a,
                                             const char *b, const char *edge);
/**
 * Shortest path along outgoing @p edge edges, at most @p max_depth (1..256)
 * hops: `RETURN $p1.{..N+shortest=$p2}(->edge->?)`. Reads as ROWS: the
 * record ids after @p from up to and including @p to (`[]` when unreachable).
 */
SURQL_QUERY_API int surql_query_graph_shortest_path(surql_query_stmt **out, int dialect,
                                                    const char *from, const char *to,
                                                    const char *edge, unsigned max_depth);
/** `RELATE $p1->edge->$p2 [CONTENT $p3]` (@p data NULL: none). Shape ONE (the edge). */
SURQL_QUERY_API int surql_query_graph_relate(surql_query_stmt **out, int dialect, const char *edge,
                                             const char *from, const char *to,
                                             const surql_value *data);
/** Remove the edges from @p from to @p to: `DELETE $p1->edge WHERE out = $p2`. Shape NONE. */
SURQL_QUERY_API int surql_query_graph_unrelate(surql_query_stmt **out, int dialect,
                                               const char *edge, const char *from, const char *to);
/** Edge records leaving @p record: `SELECT * FROM $p1->edge [WHERE ...]`. Shape ROWS. */
SURQL_QUERY_API int surql_query_graph_outgoing(surql_query_stmt **out, int dialect,
                                               const char *record, const char *edge,
                                               surql_query_expr *const *conds, size_t ncond);
/** Edge records entering @p record: `SELECT * FROM $p1<-edge [WHERE ...]`. Shape ROWS. */
SURQL_QUERY_API int surql_query_graph_incoming(surql_query_stmt **out, int dialect,
                                               const char *record, const char *edge,
                                               surql_query_expr *const *conds, size_t ncond);

#ifdef __cplusplus
}
#endif

#endif
