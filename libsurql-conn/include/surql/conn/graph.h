/**
 * @file surql/conn/graph.h
 * @brief Executing graph helpers and the GraphQuery builder's fetch/count/exists.
 *
 * Each function builds the statement of the matching libsurql-query helper
 * (surql/query/graph.h) for the client's dialect and runs it; docs/crud.md
 * lists the SurrealQL. Records are given as text (`user:alice`, parsed
 * whole: trailing text is SURQL_EIDENT and nothing is sent) and bound;
 * edge and table names are validated. @p c NULL: the calling thread's
 * current client (SURQL_ESTATE when none). Conditions are consumed. Arrays
 * in *@p out are owned by the caller; NULL on failure. Depth uses
 * SurrealQL's recursive idiom (SurrealDB >= 2.2).
 *
 * **GraphQuery.** The spec's GraphQuery is a SELECT over a graph path made
 * with the builder: `surql_query_traverse(surql_query_from(surql_query_select(),
 * "user:alice"), "->follows->user->likes->post")` (or surql_query_from_expr()
 * with surql_query_graph() / _graph_step() / _graph_recurse() for depths),
 * plus surql_query_where(), _fields(), _limit(). surql_conn_graph_query_fetch(),
 * _count() and _exists() run it (rendered for the client's dialect; the
 * builder is borrowed and never changed).
 *
 * Thread-safety: as the client; any thread.
 */
#ifndef SURQL_CONN_GRAPH_H
#define SURQL_CONN_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <surql/query/builder.h>
#include <surql/query/expr.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** traverse: `SELECT * FROM $p1<path> [WHERE ...]`, @p path like "->likes->post". */
SURQL_CONN_API int surql_conn_graph_traverse(surql_value **out, surql_conn_client *c,
                                             const char *start, const char *path,
                                             surql_query_expr *const *conds, size_t ncond);

/**
 * traverse_with_depth: the records exactly @p depth hops of @p edge then
 * @p target (NULL: any table) away in @p dir (0 or 1: one hop).
 */
SURQL_CONN_API int surql_conn_graph_traverse_depth(surql_value **out, surql_conn_client *c,
                                                   const char *start, const char *edge,
                                                   const char *target, surql_query_dir dir,
                                                   unsigned depth);

/** get_related_records: records reached through @p edge (OUT or IN; BOTH is SURQL_QUERY_EARG). */
SURQL_CONN_API int surql_conn_graph_related(surql_value **out, surql_conn_client *c,
                                            const char *record, const char *edge,
                                            const char *target, surql_query_dir dir,
                                            surql_query_expr *const *conds, size_t ncond);

/** count_related: number of @p edge edges of @p record in @p dir. */
SURQL_CONN_API int surql_conn_graph_count_related(int64_t *count, surql_conn_client *c,
                                                  const char *record, const char *edge,
                                                  surql_query_dir dir);

/** get_neighbors: distinct records within @p depth (1..256) hops, the start excluded. */
SURQL_CONN_API int surql_conn_graph_neighbors(surql_value **out, surql_conn_client *c,
                                              const char *record, const char *edge,
                                              unsigned depth, surql_query_dir dir);

/** compute_degree: out-, in- or total (BOTH) degree of @p record in @p edge. */
SURQL_CONN_API int surql_conn_graph_degree(int64_t *degree, surql_conn_client *c,
                                           const char *record, const char *edge,
                                           surql_query_dir dir);

/** find_mutual_connections: records both @p a and @p b reach through an outgoing @p edge. */
SURQL_CONN_API int surql_conn_graph_mutual(surql_value **out, surql_conn_client *c, const char *a,
                                           const char *b, const char *edge);

/**
 * find_shortest_path along outgoing @p edge edges, at most @p max_depth
 * (1..256) hops: *@p out = the record ids after @p from up to and including
 * @p to, `[]` when @p to is not reachable (or is @p from).
 */
SURQL_CONN_API int surql_conn_graph_shortest_path(surql_value **out, surql_conn_client *c,
                                                  const char *from, const char *to,
                                                  const char *edge, unsigned max_depth);

/** relate: `RELATE $p1->edge->$p2 [CONTENT $p3]`; *@p out = the edge record. */
SURQL_CONN_API int surql_conn_graph_relate(surql_value **out, surql_conn_client *c,
                                           const char *edge, const char *from, const char *to,
                                           const surql_value *data);

/** unrelate: delete every @p edge edge from @p from to @p to. */
SURQL_CONN_API int surql_conn_graph_unrelate(surql_conn_client *c, const char *edge,
                                             const char *from, const char *to);

/** get_outgoing_edges: the edge records leaving @p record. */
SURQL_CONN_API int surql_conn_graph_outgoing(surql_value **out, surql_conn_client *c,
                                             const char *record, const char *edge,
                                             surql_query_expr *const *conds, size_t ncond);

/** get_incoming_edges: the edge records entering @p record. */
SURQL_CONN_API int surql_conn_graph_incoming(surql_value **out, surql_conn_client *c,
                                             const char *record, const char *edge,
                                             surql_query_expr *const *conds, size_t ncond);

/** GraphQuery.fetch(): every row of the SELECT @p q (borrowed) as an array. */
SURQL_CONN_API int surql_conn_graph_query_fetch(surql_value **out, surql_conn_client *c,
                                                const surql_query_builder *q);

/** GraphQuery.count(): surql_query_count_query() of @p q (ORDER/LIMIT/START ignored). */
SURQL_CONN_API int surql_conn_graph_query_count(int64_t *count, surql_conn_client *c,
                                                const surql_query_builder *q);

/** GraphQuery.exists(): 1 when @p q returns a row (surql_query_exists_query()), else 0. */
SURQL_CONN_API int surql_conn_graph_query_exists(int *exists, surql_conn_client *c,
                                                 const surql_query_builder *q);

#ifdef __cplusplus
}
#endif

#endif
