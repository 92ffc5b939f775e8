/* CRUD, graph and batch statement builders. */
#include <stdlib.h>
#include <string.h>

#include "query-internal.h"

static int finish(surql_query_stmt **out, surql_query_builder *b, int dialect,
                  surql_query_shape shape)
{
    b = surql_query_dialect(b, dialect);
    int rc = q_build_shape(out, b, 1, shape);
    surql_query_unref(b);
    return rc;
}

static int begin(surql_query_stmt **out, int dialect)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    return q_check_dialect(dialect);
}

static surql_query_builder *where_all(surql_query_builder *b, surql_query_expr *const *conds,
                                      size_t n)
{
    if (n && !conds) {
        QERR(SURQL_EINVAL, "conds is NULL");
        return surql_query_unref(b);
    }
    for (size_t i = 0; i < n; i++) {
        if (!b) {
            q_release_exprs(conds + i, n - i);
            return NULL;
        }
        b = surql_query_where(b, conds[i]);
    }
    return b;
}

static surql_query_builder *record_target(surql_query_builder *b, const char *table, const char *id)
{
    if (!b)
        return NULL;
    surql_value *r = NULL;
    if (surql_query_record_of(&r, table, id) != 0)
        return surql_query_unref(b);
    b = surql_query_from_value(b, r);
    surql_value_unref(r);
    return b;
}

/* write statement on one record: kind(...) with a bound record target */
static surql_query_builder *write_record(surql_query_builder *(*ctor)(const char *),
                                         const char *table, const char *id)
{
    surql_value *r = NULL;
    if (surql_query_record_of(&r, table, id) != 0)
        return NULL;
    /* start on the table, then swap the target for the bound record */
    surql_query_builder *b = ctor(table);
    if (b) {
        q_list_unref(b->targets);
        b->targets = NULL;
        surql_query_expr *e = surql_query_value_take(r);
        r = NULL;
        b = surql_query_from_expr(b, e);
    }
    surql_value_unref(r);
    return b;
}

static int check_table(const char *table)
{
    return surql_ident_validate(table, "table");
}

/* ---- CRUD ---- */

int surql_query_crud_create(surql_query_stmt **out, int dialect, const char *table,
                            const surql_value *data, surql_query_return ret)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_table(table)))
        return rc;
    surql_query_builder *b = surql_query_from_table(surql_query_select(), table);
    if (b)
        b->kind = QK_CREATE;
    b = surql_query_content(b, data);
    if (ret)
        b = surql_query_returning(b, ret);
    return finish(out, b, dialect, SURQL_QUERY_SHAPE_ONE);
}

int surql_query_crud_create_many(surql_query_stmt **out, int dialect, const char *table,
                                 const surql_value *rows)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    if (surql_value_type_of(rows) != SURQL_VALUE_ARRAY || surql_value_length(rows) == 0)
        return QERR(SURQL_QUERY_EARG, "create_records needs a non-empty array of objects");
    size_t n = surql_value_length(rows);
    surql_query_stmt **parts = calloc(n, sizeof *parts);
    if (!parts)
        return QERR(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        rc = surql_query_crud_create(&parts[i], dialect, table, surql_value_array_at(rows, i),
                                     SURQL_QUERY_RETURN_DEFAULT);
    if (!rc)
        rc = surql_query_stmt_concat(out, (const surql_query_stmt *const *)parts, n,
                                     SURQL_QUERY_SHAPE_ROWS);
    for (size_t i = 0; i < n; i++)
        surql_query_stmt_unref(parts[i]);
    free(parts);
    return rc;
}

int surql_query_crud_get(surql_query_stmt **out, int dialect, const char *table, const char *id)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    return finish(out, record_target(surql_query_select(), table, id), dialect,
                  SURQL_QUERY_SHAPE_ONE);
}

static surql_query_builder *query_builder(const char *table, surql_query_expr *const *conds,
                                          size_t ncond, const char *order_by, int desc,
                                          int64_t limit, int64_t start)
{
    surql_query_builder *b = surql_query_from_table(surql_query_select(), table);
    b = where_all(b, conds, ncond);
    if (order_by)
        b = surql_query_order_by(b, order_by, desc);
    if (limit >= 0)
        b = surql_query_limit(b, limit);
    if (start >= 0)
        b = surql_query_start(b, start);
    return b;
}

int surql_query_crud_query(surql_query_stmt **out, int dialect, const char *table,
                           surql_query_expr *const *conds, size_t ncond, const char *order_by,
                           int desc, int64_t limit, int64_t start)
{
    int rc = begin(out, dialect);
    if (rc) {
        q_release_exprs(conds, ncond);
        return rc;
    }
    return finish(out, query_builder(table, conds, ncond, order_by, desc, limit, start), dialect,
                  SURQL_QUERY_SHAPE_ROWS);
}

int surql_query_crud_first(surql_query_stmt **out, int dialect, const char *table,
                           surql_query_expr *cond, const char *order_by, int desc)
{
    int rc = begin(out, dialect);
    if (rc) {
        surql_query_expr_unref(cond);
        return rc;
    }
    return finish(out, query_builder(table, cond ? &cond : NULL, cond ? 1 : 0, order_by, desc, 1, -1),
                  dialect, SURQL_QUERY_SHAPE_ONE);
}

int surql_query_crud_last(surql_query_stmt **out, int dialect, const char *table,
                          surql_query_expr *cond, const char *order_by, int desc)
{
    int rc = begin(out, dialect);
    if (rc) {
        surql_query_expr_unref(cond);
        return rc;
    }
    return finish(out,
                  query_builder(table, cond ? &cond : NULL, cond ? 1 : 0,
                                order_by ? order_by : "id", order_by ? !desc : 1, 1, -1),
                  dialect, SURQL_QUERY_SHAPE_ONE);
}

static int record_write(surql_query_stmt **out, int dialect, surql_query_builder *(*ctor)(const char *),
                        surql_query_builder *(*data_fn)(surql_query_builder *, const surql_value *),
                        const char *table, const char *id, const surql_value *data,
                        surql_query_return ret, surql_query_shape shape)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    surql_query_builder *b = write_record(ctor, table, id);
    if (data_fn)
        b = data_fn(b, data);
    if (ret)
        b = surql_query_returning(b, ret);
    return finish(out, b, dialect, shape);
}

int surql_query_crud_update(surql_query_stmt **out, int dialect, const char *table, const char *id,
                            const surql_value *data, surql_query_return ret)
{
    return record_write(out, dialect, surql_query_update, surql_query_content, table, id, data,
                        ret, ret == SURQL_QUERY_RETURN_NONE ? SURQL_QUERY_SHAPE_NONE : SURQL_QUERY_SHAPE_ONE);
}

int surql_query_crud_merge(surql_query_stmt **out, int dialect, const char *table, const char *id,
                           const surql_value *data, surql_query_return ret)
{
    return record_write(out, dialect, surql_query_update, surql_query_merge, table, id, data, ret,
                        ret == SURQL_QUERY_RETURN_NONE ? SURQL_QUERY_SHAPE_NONE : SURQL_QUERY_SHAPE_ONE);
}

int surql_query_crud_upsert(surql_query_stmt **out, int dialect, const char *table, const char *id,
                            const surql_value *data, surql_query_return ret)
{
    return record_write(out, dialect, surql_query_upsert, surql_query_content, table, id, data,
                        ret, ret == SURQL_QUERY_RETURN_NONE ? SURQL_QUERY_SHAPE_NONE : SURQL_QUERY_SHAPE_ONE);
}

int surql_query_crud_delete(surql_query_stmt **out, int dialect, const char *table, const char *id,
                            surql_query_return ret)
{
    int shape = (ret == SURQL_QUERY_RETURN_DEFAULT || ret == SURQL_QUERY_RETURN_NONE)
                    ? SURQL_QUERY_SHAPE_NONE
                    : SURQL_QUERY_SHAPE_ROWS;
    return record_write(out, dialect, surql_query_delete, NULL, table, id, NULL, ret,
                        (surql_query_shape)shape);
}

int surql_query_crud_delete_where(surql_query_stmt **out, int dialect, const char *table,
                                  surql_query_expr *cond)
{
    int rc = begin(out, dialect);
    if (rc) {
        surql_query_expr_unref(cond);
        return rc;
    }
    if ((rc = check_table(table))) {
        surql_query_expr_unref(cond);
        return rc;
    }
    surql_query_builder *b = surql_query_delete(table);
    if (cond)
        b = surql_query_where(b, cond);
    return finish(out, b, dialect, SURQL_QUERY_SHAPE_NONE);
}

int surql_query_crud_exists(surql_query_stmt **out, int dialect, const char *table, const char *id)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    surql_query_builder *b = surql_query_field_add(surql_query_select(), "id");
    return finish(out, record_target(b, table, id), dialect, SURQL_QUERY_SHAPE_EXISTS);
}

int surql_query_crud_count(surql_query_stmt **out, int dialect, const char *table,
                           surql_query_expr *cond)
{
    int rc = begin(out, dialect);
    if (rc) {
        surql_query_expr_unref(cond);
        return rc;
    }
    surql_query_builder *b = surql_query_project(surql_query_select(), surql_query_count());
    b = surql_query_from_table(b, table);
    if (cond)
        b = surql_query_where(b, cond);
    else if (!b)
        surql_query_expr_unref(cond);
    b = surql_query_group_all(b);
    return finish(out, b, dialect, SURQL_QUERY_SHAPE_COUNT);
}

int surql_query_crud_aggregate(surql_query_stmt **out, int dialect, const char *table,
                               const char *const *aliases, surql_query_expr *const *exprs, size_t n,
                               const char *const *group_by, size_t ngroup, int group_all,
                               surql_query_expr *cond)
{
    int rc = begin(out, dialect);
    if (!rc && (n == 0 || !aliases || !exprs))
        rc = QERR(SURQL_QUERY_EARG, "aggregate_records requires a non-empty select mapping");
    else if (!rc && group_all && ngroup)
        rc = QERR(SURQL_QUERY_EARG,
                  "aggregate_records: pass group_all=True OR group_by=[...], not both.");
    else if (!rc && !group_all && !ngroup)
        rc = QERR(SURQL_QUERY_EARG,
                  "aggregate_records requires either group_all=True or group_by=[...].");
    else if (!rc && ngroup && !group_by)
        rc = QERR(SURQL_EINVAL, "group_by is NULL");
    if (rc) {
        if (exprs)
            q_release_exprs(exprs, n);
        surql_query_expr_unref(cond);
        return rc;
    }
    surql_query_builder *b = surql_query_select();
    for (size_t i = 0; i < ngroup; i++)
        b = surql_query_field_add(b, group_by[i]);
    for (size_t i = 0; i < n; i++) {
        surql_query_expr *e = exprs[i] ? surql_query_as(exprs[i], aliases[i]) : NULL;
        if (!exprs[i])
            q_null_arg();
        b = b ? surql_query_project(b, e) : (surql_query_expr_unref(e), NULL);
    }
    b = surql_query_from_table(b, table);
    if (cond)
        b = b ? surql_query_where(b, cond) : (surql_query_expr_unref(cond), NULL);
    if (group_all)
        b = surql_query_group_all(b);
    for (size_t i = 0; i < ngroup; i++)
        b = surql_query_group_by(b, group_by[i]);
    return finish(out, b, dialect, SURQL_QUERY_SHAPE_ROWS);
}

/* ---- graph ---- */

static surql_query_expr *start_of(const char *record)
{
    return surql_query_graph(surql_query_record(record));
}

static int select_from(surql_query_stmt **out, int dialect, surql_query_expr *from,
                       surql_query_expr *const *conds, size_t ncond, surql_query_shape shape)
{
    surql_query_builder *b = from ? surql_query_from_expr(surql_query_select(), from) : NULL;
    if (!from)
        q_release_exprs(conds, ncond);
    else
        b = where_all(b, conds, ncond);
    return finish(out, b, dialect, shape);
}

int surql_query_graph_traverse(surql_query_stmt **out, int dialect, const char *start,
                               const char *path, surql_query_expr *const *conds, size_t ncond)
{
    int rc = begin(out, dialect);
    if (rc) {
        q_release_exprs(conds, ncond);
        return rc;
    }
    return select_from(out, dialect, surql_query_graph_path(start_of(start), path), conds, ncond,
                       SURQL_QUERY_SHAPE_ROWS);
}

static surql_query_expr *hop(surql_query_expr *g, const char *edge, const char *target,
                             surql_query_dir dir)
{
    g = surql_query_graph_step(g, dir, edge);
    return surql_query_graph_step(g, dir, target);
}

static int check_dir(surql_query_dir dir)
{
    if (dir != SURQL_QUERY_OUT && dir != SURQL_QUERY_IN && dir != SURQL_QUERY_BOTH)
        return QERR(SURQL_QUERY_EARG, "Invalid direction: %d. Must be \"out\", \"in\", or \"both\"",
                    (int)dir);
    return SURQL_OK;
}

int surql_query_graph_traverse_depth(surql_query_stmt **out, int dialect, const char *start,
                                     const char *edge, const char *target, surql_query_dir dir,
                                     unsigned depth)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_dir(dir)))
        return rc;
    if (depth > 256)
        return QERR(SURQL_QUERY_EARG, "depth must be at most 256, got %u", depth);
    surql_query_expr *g = start_of(start);
    if (depth > 1)
        g = surql_query_graph_recurse(g, depth, 0, SURQL_QUERY_RECURSE_PLAIN, NULL);
    g = hop(g, edge, target, dir);
    return select_from(out, dialect, g, NULL, 0, SURQL_QUERY_SHAPE_ROWS);
}

int surql_query_graph_related(surql_query_stmt **out, int dialect, const char *record,
                              const char *edge, const char *target, surql_query_dir dir,
                              surql_query_expr *const *conds, size_t ncond)
{
    int rc = begin(out, dialect);
    if (!rc && dir != SURQL_QUERY_OUT && dir != SURQL_QUERY_IN)
        rc = QERR(SURQL_QUERY_EARG, "Invalid direction: %s. Must be \"out\" or \"in\"",
                  dir == SURQL_QUERY_BOTH ? "both" : "?");
    if (rc) {
        q_release_exprs(conds, ncond);
        return rc;
    }
    return select_from(out, dialect, hop(start_of(record), edge, target, dir), conds, ncond,
                       SURQL_QUERY_SHAPE_ROWS);
}

static surql_query_builder *count_builder(const char *record, const char *edge,
                                          surql_query_dir dir)
{
    surql_query_expr *g = surql_query_graph_step(start_of(record), dir, edge);
    surql_query_builder *b = surql_query_project(surql_query_select(), surql_query_count());
    b = g ? surql_query_from_expr(b, g) : surql_query_unref(b);
    return surql_query_group_all(b);
}

int surql_query_graph_count_related(surql_query_stmt **out, int dialect, const char *record,
                                    const char *edge, surql_query_dir dir)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_dir(dir)))
        return rc;
    return finish(out, count_builder(record, edge, dir), dialect, SURQL_QUERY_SHAPE_COUNT);
}

int surql_query_graph_neighbors(surql_query_stmt **out, int dialect, const char *record,
                                const char *edge, unsigned depth, surql_query_dir dir)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_dir(dir)))
        return rc;
    if (depth < 1 || depth > 256)
        return QERR(SURQL_QUERY_EARG, "depth must be between 1 and 256, got %u", depth);
    surql_query_expr *g = start_of(record);
    if (depth > 1)
        g = surql_query_graph_recurse(g, 1, depth, SURQL_QUERY_RECURSE_COLLECT, NULL);
    g = hop(g, edge, NULL, dir);
    surql_query_expr *c = surql_query_neq(surql_query_field("id"), surql_query_record(record));
    return select_from(out, dialect, g, &c, 1, SURQL_QUERY_SHAPE_ROWS);
}

int surql_query_graph_degree(surql_query_stmt **out, int dialect, const char *record,
                             const char *edge, surql_query_dir dir)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_dir(dir)))
        return rc;
    if (dir != SURQL_QUERY_BOTH)
        return finish(out, count_builder(record, edge, dir), dialect, SURQL_QUERY_SHAPE_COUNT);
    surql_query_stmt *s[2] = { NULL, NULL };
    rc = finish(&s[0], count_builder(record, edge, SURQL_QUERY_OUT), dialect,
                SURQL_QUERY_SHAPE_COUNT);
    if (!rc)
        rc = finish(&s[1], count_builder(record, edge, SURQL_QUERY_IN), dialect,
                    SURQL_QUERY_SHAPE_COUNT);
    if (!rc)
        rc = surql_query_stmt_concat(out, (const surql_query_stmt *const *)s, 2,
                                     SURQL_QUERY_SHAPE_COUNT);
    surql_query_stmt_unref(s[0]);
    surql_query_stmt_unref(s[1]);
    return rc;
}

int surql_query_graph_mutual(surql_query_stmt **out, int dialect, const char *a, const char *b,
                             const char *edge)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    surql_query_expr *ga = hop(start_of(a), edge, NULL, SURQL_QUERY_OUT);
    surql_query_expr *c =
        surql_query_inside(surql_query_field("id"), hop(start_of(b), edge, NULL, SURQL_QUERY_OUT));
    if (!c) {
        surql_query_expr_unref(ga);
        return surql_error_last()->code;
    }
    return select_from(out, dialect, ga, &c, 1, SURQL_QUERY_SHAPE_ROWS);
}

int surql_query_graph_shortest_path(surql_query_stmt **out, int dialect, const char *from,
                                    const char *to, const char *edge, unsigned max_depth)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    if (max_depth < 1 || max_depth > 256)
        return QERR(SURQL_QUERY_EARG, "max_depth must be between 1 and 256, got %u", max_depth);
    surql_query_expr *g = start_of(from);
    surql_query_expr *t = surql_query_record(to);
    if (!t) {
        surql_query_expr_unref(g);
        return surql_error_last()->code;
    }
    g = surql_query_graph_recurse(g, 1, max_depth, SURQL_QUERY_RECURSE_SHORTEST, t);
    g = hop(g, edge, NULL, SURQL_QUERY_OUT);
    if (!g)
        return surql_error_last()->code;
    surql_buf text = SURQL_BUF_INIT;
    qrender r;
    rc = qr_init(&r, &text, dialect);
    if (!rc)
        rc = surql_buf_puts(&text, "RETURN ");
    if (!rc)
        rc = qr_expr(&r, g);
    if (!rc)
        rc = q_stmt_from_render(out, &r, SURQL_QUERY_SHAPE_ROWS, 1);
    qr_dispose(&r);
    surql_buf_dispose(&text);
    surql_query_expr_unref(g);
    return rc;
}

int surql_query_graph_relate(surql_query_stmt **out, int dialect, const char *edge,
                             const char *from, const char *to, const surql_value *data)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    surql_query_builder *b = surql_query_relate(edge, from, to);
    if (data)
        b = surql_query_content(b, data);
    return finish(out, b, dialect, SURQL_QUERY_SHAPE_ONE);
}

int surql_query_graph_unrelate(surql_query_stmt **out, int dialect, const char *edge,
                               const char *from, const char *to)
{
    int rc = begin(out, dialect);
    if (rc)
        return rc;
    surql_query_expr *g = surql_query_graph_step(start_of(from), SURQL_QUERY_OUT, edge);
    surql_query_expr *c = surql_query_eq(surql_query_field("out"), surql_query_record(to));
    if (!g || !c) {
        surql_query_expr_unref(g);
        surql_query_expr_unref(c);
        return surql_error_last()->code;
    }
    surql_query_builder *b = surql_query_select();
    if (b)
        b->kind = QK_DELETE;
    b = surql_query_from_expr(b, g);
    b = b ? surql_query_where(b, c) : (surql_query_expr_unref(c), NULL);
    return finish(out, b, dialect, SURQL_QUERY_SHAPE_NONE);
}

static int edges(surql_query_stmt **out, int dialect, const char *record, const char *edge,
                 surql_query_dir dir, surql_query_expr *const *conds, size_t ncond)
{
    int rc = begin(out, dialect);
    if (rc) {
        q_release_exprs(conds, ncond);
        return rc;
    }
    return select_from(out, dialect, surql_query_graph_step(start_of(record), dir, edge), conds,
                       ncond, SURQL_QUERY_SHAPE_ROWS);
}

int surql_query_graph_outgoing(surql_query_stmt **out, int dialect, const char *record,
                               const char *edge, surql_query_expr *const *conds, size_t ncond)
{
    return edges(out, dialect, record, edge, SURQL_QUERY_OUT, conds, ncond);
}

int surql_query_graph_incoming(surql_query_stmt **out, int dialect, const char *record,
                               const char *edge, surql_query_expr *const *conds, size_t ncond)
{
    return edges(out, dialect, record, edge, SURQL_QUERY_IN, conds, ncond);
}

/* ---- batch ---- */

static int nonempty_array(const surql_value *v, const char *what)
{
    if (surql_value_type_of(v) != SURQL_VALUE_ARRAY)
        return QERR(SURQL_ETYPE, "%s needs an array, got %s", what,
                    surql_value_type_name(surql_value_type_of(v)));
    if (surql_value_length(v) == 0)
        return QERR(SURQL_QUERY_EARG, "%s: the batch is empty", what);
    return SURQL_OK;
}

static int concat_free(surql_query_stmt **out, surql_query_stmt **parts, size_t n, int rc)
{
    if (!rc)
        rc = surql_query_stmt_concat(out, (const surql_query_stmt *const *)parts, n,
                                     SURQL_QUERY_SHAPE_ROWS);
    for (size_t i = 0; i < n; i++)
        surql_query_stmt_unref(parts[i]);
    free(parts);
    return rc;
}

static int upsert_one(surql_query_stmt **out, int dialect, const char *table,
                      const surql_value *row, const char *const *conflict, size_t nconf)
{
    if (surql_value_type_of(row) != SURQL_VALUE_OBJECT)
        return QERR(SURQL_ETYPE, "upsert_many rows must be objects, got %s",
                    surql_value_type_name(surql_value_type_of(row)));
    const surql_value *idv = surql_value_object_get(row, "id");
    surql_value *rid = NULL;
    int rc = SURQL_OK;
    if (idv && (rc = surql_query_record_from_value(&rid, idv, table)))
        return rc;
    surql_value *content = surql_value_object();
    surql_value_iter it;
    if (!content)
        rc = surql_error_last()->code;
    if (!rc)
        rc = surql_value_iter_init(&it, row);
    while (!rc && surql_value_iter_next(&it) == SURQL_OK)
        if (!(it.key_len == 2 && memcmp(it.key, "id", 2) == 0))
            rc = surql_value_object_set_len(content, it.key, it.key_len, it.value);
    surql_query_builder *b = NULL;
    if (!rc) {
        b = surql_query_upsert(table);
        if (b && rid) {
            q_list_unref(b->targets);
            b->targets = NULL;
            b = surql_query_from_expr(b, surql_query_value(rid));
        }
        b = surql_query_content(b, content);
        /* `WHERE f = $content.f`: the content is bound once per reference */
        for (size_t i = 0; b && i < nconf; i++) {
            surql_query_expr *f = surql_query_field(conflict[i]);
            const surql_value *fv = NULL;
            if (f) {
                /* the row's value of the (possibly nested) conflict field */
                fv = row;
                const char *p = conflict[i];
                while (fv && p) {
                    const char *dot = strchr(p, '.');
                    size_t n = dot ? (size_t)(dot - p) : strlen(p);
                    fv = surql_value_object_get_len(fv, p, n);
                    p = dot ? dot + 1 : NULL;
                }
            }
            b = f ? surql_query_where(b, surql_query_eq(f, surql_query_value(fv)))
                  : surql_query_unref(b);
        }
        rc = finish(out, b, dialect, SURQL_QUERY_SHAPE_ROWS);
    }
    surql_value_unref(content);
    surql_value_unref(rid);
    return rc;
}

int surql_query_batch_upsert(surql_query_stmt **out, int dialect, const char *table,
                             const surql_value *rows, const char *const *conflict, size_t nconf)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_table(table)) || (rc = nonempty_array(rows, "upsert_many")))
        return rc;
    if (nconf && !conflict)
        return QERR(SURQL_EINVAL, "conflict_fields is NULL");
    size_t n = surql_value_length(rows);
    surql_query_stmt **parts = calloc(n, sizeof *parts);
    if (!parts)
        return QERR(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        rc = upsert_one(&parts[i], dialect, table, surql_value_array_at(rows, i), conflict, nconf);
    return concat_free(out, parts, n, rc);
}

int surql_query_batch_insert(surql_query_stmt **out, int dialect, const char *table,
                             const surql_value *rows)
{
    int rc = begin(out, dialect);
    if (rc || (rc = nonempty_array(rows, "insert_many")))
        return rc;
    for (size_t i = 0; i < surql_value_length(rows); i++)
        if (surql_value_type_of(surql_value_array_at(rows, i)) != SURQL_VALUE_OBJECT)
            return QERR(SURQL_ETYPE, "insert_many row %zu is not an object", i);
    return finish(out, surql_query_values(surql_query_insert(table), rows), dialect,
                  SURQL_QUERY_SHAPE_ROWS);
}

int surql_query_batch_relate(surql_query_stmt **out, int dialect, const char *from_table,
                             const char *edge, const char *to_table, const surql_value *pairs,
                             const surql_value *data)
{
    int rc = begin(out, dialect);
    if (rc || (rc = nonempty_array(pairs, "relate_many")))
        return rc;
    if (data && surql_value_type_of(data) != SURQL_VALUE_OBJECT)
        return QERR(SURQL_ETYPE, "relate_many data must be an object");
    size_t n = surql_value_length(pairs);
    surql_query_stmt **parts = calloc(n, sizeof *parts);
    if (!parts)
        return QERR(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        const surql_value *p = surql_value_array_at(pairs, i);
        size_t len = surql_value_length(p);
        if (surql_value_type_of(p) != SURQL_VALUE_ARRAY || len < 2 || len > 3) {
            rc = QERR(SURQL_ETYPE, "relate_many pair %zu must be [from, to] or [from, to, data]", i);
            break;
        }
        surql_value *f = NULL, *t = NULL;
        rc = surql_query_record_from_value(&f, surql_value_array_at(p, 0), from_table);
        if (!rc)
            rc = surql_query_record_from_value(&t, surql_value_array_at(p, 1), to_table);
        const surql_value *d = len == 3 ? surql_value_array_at(p, 2) : data;
        if (!rc && d && surql_value_is_nullish(d))
            d = NULL;
        if (!rc && d && surql_value_type_of(d) != SURQL_VALUE_OBJECT)
            rc = QERR(SURQL_ETYPE, "relate_many pair %zu: data must be an object", i);
        if (!rc) {
            surql_query_builder *b = surql_query_relate_values(edge, f, t);
            if (d)
                b = surql_query_content(b, d);
            rc = finish(&parts[i], b, dialect, SURQL_QUERY_SHAPE_ROWS);
        }
        surql_value_unref(f);
        surql_value_unref(t);
    }
    return concat_free(out, parts, n, rc);
}

int surql_query_batch_delete(surql_query_stmt **out, int dialect, const char *table,
                             const surql_value *ids)
{
    int rc = begin(out, dialect);
    if (rc || (rc = check_table(table)) || (rc = nonempty_array(ids, "delete_many")))
        return rc;
    size_t n = surql_value_length(ids);
    surql_query_stmt **parts = calloc(n, sizeof *parts);
    if (!parts)
        return QERR(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        surql_value *r = NULL;
        rc = surql_query_record_from_value(&r, surql_value_array_at(ids, i), table);
        if (rc)
            break;
        surql_query_builder *b = surql_query_delete(table);
        if (b) {
            q_list_unref(b->targets);
            b->targets = NULL;
        }
        b = surql_query_from_expr(b, surql_query_value(r));
        b = surql_query_returning(b, SURQL_QUERY_RETURN_BEFORE);
        rc = finish(&parts[i], b, dialect, SURQL_QUERY_SHAPE_ROWS);
        surql_value_unref(r);
    }
    return concat_free(out, parts, n, rc);
}
