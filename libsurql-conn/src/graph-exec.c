/* Executing graph helpers and GraphQuery fetch/count/exists
 * (surql/conn/graph.h): libsurql-query builds, execute.c runs. */
#include <surql/conn/graph.h>
#include <surql/conn/error.h>
#include <surql/query/graph.h>
#include <surql/query/ident.h>
#include <surql/schema/error.h>

#include "records-internal.h"

#define DOMAIN "surql-conn"

/* graph helpers taking (record, edge, conds) and returning rows */
typedef int (*edges_fn)(surql_query_stmt **, int, const char *, const char *,
                        surql_query_expr *const *, size_t);

static int rows_with_conds(surql_value **out, surql_conn_client *c, const char *record,
                           const char *edge, surql_query_expr *const *conds, size_t ncond,
                           edges_fn build, const char *fn)
{
    SURQL_CONN__XRUN(value, out, c, fn, build(&st, x.dialect, record, edge, conds, ncond),
                     surql_conn__release_conds(conds, ncond));
}

int surql_conn_graph_traverse(surql_value **out, surql_conn_client *c, const char *start,
                              const char *path, surql_query_expr *const *conds, size_t ncond)
{
    return rows_with_conds(out, c, start, path, conds, ncond, surql_query_graph_traverse,
                           "traverse");
}

int surql_conn_graph_outgoing(surql_value **out, surql_conn_client *c, const char *record,
                              const char *edge, surql_query_expr *const *conds, size_t ncond)
{
    return rows_with_conds(out, c, record, edge, conds, ncond, surql_query_graph_outgoing,
                           "get_outgoing_edges");
}

int surql_conn_graph_incoming(surql_value **out, surql_conn_client *c, const char *record,
                              const char *edge, surql_query_expr *const *conds, size_t ncond)
{
    return rows_with_conds(out, c, record, edge, conds, ncond, surql_query_graph_incoming,
                           "get_incoming_edges");
}

int surql_conn_graph_traverse_depth(surql_value **out, surql_conn_client *c, const char *start,
                                    const char *edge, const char *target, surql_query_dir dir,
                                    unsigned depth)
{
    SURQL_CONN__XRUN(value, out, c, "traverse_with_depth",
                     surql_query_graph_traverse_depth(&st, x.dialect, start, edge, target, dir,
                                                      depth),
                     (void)0);
}

int surql_conn_graph_related(surql_value **out, surql_conn_client *c, const char *record,
                             const char *edge, const char *target, surql_query_dir dir,
                             surql_query_expr *const *conds, size_t ncond)
{
    SURQL_CONN__XRUN(value, out, c, "get_related_records",
                     surql_query_graph_related(&st, x.dialect, record, edge, target, dir, conds,
                                               ncond),
                     surql_conn__release_conds(conds, ncond));
}

/* counting helpers taking (record, edge, dir) */
typedef int (*count_fn)(surql_query_stmt **, int, const char *, const char *, surql_query_dir);

static int count_of(int64_t *n, surql_conn_client *c, const char *record, const char *edge,
                    surql_query_dir dir, count_fn build, const char *fn)
{
    if (!n)
        return surql_conn__xnull(fn);
    *n = 0;
    SURQL_CONN__XRUN(count, n, c, fn, build(&st, x.dialect, record, edge, dir), (void)0);
}

int surql_conn_graph_count_related(int64_t *count, surql_conn_client *c, const char *record,
                                   const char *edge, surql_query_dir dir)
{
    return count_of(count, c, record, edge, dir, surql_query_graph_count_related,
                    "count_related");
}

int surql_conn_graph_degree(int64_t *degree, surql_conn_client *c, const char *record,
                            const char *edge, surql_query_dir dir)
{
    return count_of(degree, c, record, edge, dir, surql_query_graph_degree, "compute_degree");
}

int surql_conn_graph_neighbors(surql_value **out, surql_conn_client *c, const char *record,
                               const char *edge, unsigned depth, surql_query_dir dir)
{
    SURQL_CONN__XRUN(value, out, c, "get_neighbors",
                     surql_query_graph_neighbors(&st, x.dialect, record, edge, depth, dir),
                     (void)0);
}

int surql_conn_graph_mutual(surql_value **out, surql_conn_client *c, const char *a,
                            const char *b, const char *edge)
{
    SURQL_CONN__XRUN(value, out, c, "find_mutual_connections",
                     surql_query_graph_mutual(&st, x.dialect, a, b, edge), (void)0);
}

/* SurrealDB 3.0.2 answers `+shortest` with the paths it explored (an array of
 * arrays) when the target is not reached within the depth; 2.x answers [].
 * Keep the promise of graph.h: a path is records ending at @p to, else []. */
static int path_or_empty(surql_value **out, const char *to)
{
    surql_value *v = *out, *target = NULL;
    size_t n = surql_value_length(v);
    int ok = surql_value_type_of(v) == SURQL_VALUE_ARRAY && n > 0 &&
             surql_query_record_parse(&target, to, 0) == SURQL_OK &&
             surql_value_equal(surql_value_array_at(v, n - 1), target);
    for (size_t i = 0; ok && i < n; i++)
        ok = surql_value_type_of(surql_value_array_at(v, i)) == SURQL_VALUE_RECORD;
    surql_value_unref(target);
    if (ok)
        return SURQL_OK;
    surql_value *empty = surql_value_array();
    if (!empty)
        return surql_error_last()->code;
    surql_value_unref(v);
    *out = empty;
    return SURQL_OK;
}

int surql_conn_graph_shortest_path(surql_value **out, surql_conn_client *c, const char *from,
                                   const char *to, const char *edge, unsigned max_depth)
{
    surql_conn__xcall x;
    surql_query_stmt *st = NULL;
    surql_value *v = NULL;
    int rc = surql_conn__xbegin(&x, c, out, "find_shortest_path");
    if (!rc)
        rc = surql_query_graph_shortest_path(&st, x.dialect, from, to, edge, max_depth);
    rc = surql_conn__xvalue(&x, &v, st, rc);
    if (!rc)
        rc = path_or_empty(&v, to);
    if (!rc && out)
        *out = v;
    else
        surql_value_unref(v);
    return rc;
}

int surql_conn_graph_relate(surql_value **out, surql_conn_client *c, const char *edge,
                            const char *from, const char *to, const surql_value *data)
{
    SURQL_CONN__XRUN(value, out, c, "relate",
                     surql_query_graph_relate(&st, x.dialect, edge, from, to, data), (void)0);
}

int surql_conn_graph_unrelate(surql_conn_client *c, const char *edge, const char *from,
                              const char *to)
{
    SURQL_CONN__XRUN(value, NULL, c, "unrelate",
                     surql_query_graph_unrelate(&st, x.dialect, edge, from, to), (void)0);
}

/* ---- GraphQuery ---- */

/* Build @p q (borrowed) for the call's dialect, through @p derive (NULL: as is). */
static int build_for(surql_query_stmt **st, const surql_conn__xcall *x,
                     const surql_query_builder *q,
                     surql_query_builder *(*derive)(surql_query_builder *))
{
    if (!q)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: the query is NULL", x->fn);
    surql_query_builder *b = surql_query_dialect(surql_query_ref(q), x->dialect);
    if (derive)
        b = derive(b);
    int rc = surql_query_build(st, b);
    surql_query_unref(b);
    return rc;
}

int surql_conn_graph_query_fetch(surql_value **out, surql_conn_client *c,
                                 const surql_query_builder *q)
{
    SURQL_CONN__XRUN(rows, out, c, "GraphQuery.fetch", build_for(&st, &x, q, NULL), (void)0);
}

int surql_conn_graph_query_count(int64_t *count, surql_conn_client *c,
                                 const surql_query_builder *q)
{
    if (!count)
        return surql_conn__xnull("GraphQuery.count");
    *count = 0;
    SURQL_CONN__XRUN(count, count, c, "GraphQuery.count",
                     build_for(&st, &x, q, surql_query_count_query), (void)0);
}

int surql_conn_graph_query_exists(int *exists, surql_conn_client *c,
                                  const surql_query_builder *q)
{
    if (!exists)
        return surql_conn__xnull("GraphQuery.exists");
    *exists = 0;
    SURQL_CONN__XRUN(exists, exists, c, "GraphQuery.exists",
                     build_for(&st, &x, q, surql_query_exists_query), (void)0);
}
