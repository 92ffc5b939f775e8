/* The builder: the clauses of SELECT (projection, OMIT, WHERE, ORDER BY,
 * LIMIT/START, GROUP, SPLIT, FETCH), vector search, and the count/exists
 * forms of a SELECT. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builder-internal.h"

/* ---- projection ---- */

surql_query_builder *surql_query_project(surql_query_builder *b, surql_query_expr *e)
{
    if (!(b = qb_own_expr(b, e, KM(QK_SELECT), "a projection")))
        return NULL;
    b->select_value = 0;
    if (qb_list_push(&b->fields, e, NULL, 0, NULL))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_field_add(surql_query_builder *b, const char *path)
{
    if (!b)
        return qb_null();
    surql_query_expr *e = surql_query_field(path);
    if (!e)
        return qb_fail(b);
    return surql_query_project(b, e);
}

surql_query_builder *surql_query_fields(surql_query_builder *b, const char *const *paths, size_t n)
{
    if (n && !paths) {
        QERR(SURQL_EINVAL, "paths is NULL");
        return qb_fail(b);
    }
    for (size_t i = 0; b && i < n; i++)
        b = surql_query_field_add(b, paths[i]);
    if (!b)
        q_null_arg();
    return b;
}

surql_query_builder *surql_query_select_value(surql_query_builder *b, surql_query_expr *e)
{
    if (!(b = qb_own_expr(b, e, KM(QK_SELECT), "SELECT VALUE")))
        return NULL;
    q_list_unref(b->fields);
    b->fields = NULL;
    b->select_value = 1;
    if (qb_list_push(&b->fields, e, NULL, 0, NULL))
        return qb_fail(b);
    return b;
}

/* append a validated field path to one of the lists */
static surql_query_builder *push_path(surql_query_builder *b, size_t list_off, const char *path,
                                      unsigned kinds, const char *what, int flags)
{
    if (!(b = qb_own_kind(b, kinds, what)))
        return NULL;
    surql_query_expr *e = surql_query_field(path);
    if (!e)
        return qb_fail(b);
    qlist **head = (qlist **)(void *)((char *)b + list_off);
    if (qb_list_push(head, e, NULL, flags, NULL))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_omit(surql_query_builder *b, const char *path)
{
    return push_path(b, offsetof(surql_query_builder, omit), path, KM(QK_SELECT), "OMIT", 0);
}

surql_query_builder *surql_query_where(surql_query_builder *b, surql_query_expr *cond)
{
    unsigned kinds = KM(QK_SELECT) | KM(QK_UPDATE) | KM(QK_UPSERT) | KM(QK_DELETE);
    if (!(b = qb_own_expr(b, cond, kinds, "WHERE")))
        return NULL;
    if (qb_list_push(&b->where, cond, NULL, 0, NULL))
        return qb_fail(b);
    return b;
}

surql_query_builder *surql_query_where_raw_trusted(surql_query_builder *b, const char *text)
{
    if (!b)
        return qb_null();
    surql_query_expr *e = surql_query_raw_trusted(text);
    if (!e)
        return qb_fail(b);
    return surql_query_where(b, e);
}

surql_query_builder *surql_query_order_by(surql_query_builder *b, const char *path, int desc)
{
    return push_path(b, offsetof(surql_query_builder, order), path, KM(QK_SELECT), "ORDER BY",
                     desc ? 1 : 0);
}

surql_query_builder *surql_query_order_by_dir(surql_query_builder *b, const char *path,
                                              const char *direction)
{
    if (!b)
        return qb_null();
    int desc;
    if (!direction || strcasecmp(direction, "ASC") == 0)
        desc = 0;
    else if (strcasecmp(direction, "DESC") == 0)
        desc = 1;
    else {
        surql_buf q = SURQL_BUF_INIT;
        size_t n = strlen(direction);
        if (surql_string_escape(&q, direction, n > 64 ? 64 : n))
            surql_buf_clear(&q);
        QERR(SURQL_QUERY_EARG, "Invalid direction: %s. Must be ASC or DESC", surql_buf_cstr(&q));
        surql_buf_dispose(&q);
        return qb_fail(b);
    }
    return surql_query_order_by(b, path, desc);
}

surql_query_builder *surql_query_order_random(surql_query_builder *b)
{
    if (!(b = qb_own_kind(b, KM(QK_SELECT), "ORDER BY")))
        return NULL;
    surql_query_expr *e = surql_query_fn0("rand");
    if (!e || qb_list_push(&b->order, e, NULL, 2, NULL))
        return qb_fail(b);
    return b;
}

/* LIMIT n (start 0) or START n (start 1) */
static surql_query_builder *set_bound(surql_query_builder *b, int64_t n, int start)
{
    if (!(b = qb_own_kind(b, KM(QK_SELECT), start ? "START" : "LIMIT")))
        return NULL;
    if (n < 0) {
        QERR(SURQL_QUERY_EARG, "%s must be non-negative, got %lld", start ? "Offset" : "Limit",
             (long long)n);
        return qb_fail(b);
    }
    *(start ? &b->start : &b->limit) = n;
    return b;
}

surql_query_builder *surql_query_limit(surql_query_builder *b, int64_t n)
{
    return set_bound(b, n, 0);
}

surql_query_builder *surql_query_start(surql_query_builder *b, int64_t n)
{
    return set_bound(b, n, 1);
}

surql_query_builder *surql_query_group_by(surql_query_builder *b, const char *path)
{
    b = push_path(b, offsetof(surql_query_builder, group), path, KM(QK_SELECT), "GROUP BY", 0);
    if (b)
        b->group_all = 0;
    return b;
}

surql_query_builder *surql_query_group_all(surql_query_builder *b)
{
    if (!(b = qb_own_kind(b, KM(QK_SELECT), "GROUP ALL")))
        return NULL;
    q_list_unref(b->group);
    b->group = NULL;
    b->group_all = 1;
    return b;
}

surql_query_builder *surql_query_split(surql_query_builder *b, const char *path)
{
    return push_path(b, offsetof(surql_query_builder, split), path, KM(QK_SELECT), "SPLIT", 0);
}

surql_query_builder *surql_query_fetch(surql_query_builder *b, const char *path)
{
    return push_path(b, offsetof(surql_query_builder, fetch), path, KM(QK_SELECT), "FETCH", 0);
}

/* ---- vectors ---- */

surql_query_builder *surql_query_vector_search(surql_query_builder *b, const char *field,
                                               const double *vec, size_t n, int64_t k,
                                               surql_query_distance metric, int64_t ef)
{
    if (!b)
        return qb_null();
    surql_query_expr *e = surql_query_knn(field, vec, n, k, metric, ef, 0);
    if (!e)
        return qb_fail(b);
    return surql_query_where(b, e);
}

surql_query_builder *surql_query_similarity_score(surql_query_builder *b, const char *field,
                                                  const double *vec, size_t n,
                                                  surql_query_distance metric, const char *alias)
{
    if (!b)
        return qb_null();
    surql_value *v = q_vector(vec, n);
    if (!v)
        return qb_fail(b);
    surql_query_expr *e = surql_query_as(
        surql_query_vector_score(metric, surql_query_field(field), surql_query_value_take(v), 0),
        alias ? alias : "score");
    if (!e)
        return qb_fail(b);
    return surql_query_project(b, e);
}

surql_query_builder *surql_query_vector_search_query(const char *table, const char *field,
                                                     const double *vec, size_t n, int64_t k,
                                                     surql_query_distance metric,
                                                     const char *const *fields, size_t nfields)
{
    surql_query_builder *b = surql_query_from_table(surql_query_select(), table);
    b = surql_query_fields(b, fields, fields ? nfields : 0);
    return surql_query_vector_search(b, field, vec, n, k, metric, 0);
}

surql_query_builder *surql_query_similarity_search_query(const char *table, const char *field,
                                                         const double *vec, size_t n, int64_t k,
                                                         surql_query_distance metric)
{
    surql_query_builder *b = surql_query_from_table(surql_query_select(), table);
    b = surql_query_project(b, surql_query_all());
    b = surql_query_similarity_score(b, field, vec, n, metric, "similarity");
    return surql_query_vector_search(b, field, vec, n, k, metric, 0);
}

surql_query_builder *surql_query_count_query(surql_query_builder *b)
{
    if (!(b = qb_own_kind(b, KM(QK_SELECT), "count_query()")))
        return NULL;
    if (b->group || b->group_all || b->split) {
        QERR(SURQL_QUERY_EMISUSE, "count_query() of a query with GROUP or SPLIT is not supported");
        return qb_fail(b);
    }
    qlist **drop[] = { &b->fields, &b->omit, &b->order, &b->fetch };
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) {
        q_list_unref(*drop[i]);
        *drop[i] = NULL;
    }
    b->limit = b->start = -1;
    b->select_value = 0;
    b->only = 0;
    b->hints.explain = 0;
    b->shape_set = 1;
    b->shape = SURQL_QUERY_SHAPE_COUNT;
    b = surql_query_project(b, surql_query_count());
    return surql_query_group_all(b);
}

surql_query_builder *surql_query_exists_query(surql_query_builder *b)
{
    if (!(b = qb_own_kind(b, KM(QK_SELECT), "exists_query()")))
        return NULL;
    q_list_unref(b->fetch);
    b->fetch = NULL;
    if (b->limit < 0 || b->limit > 1)
        b->limit = 1;
    b->hints.explain = 0;
    b->shape_set = 1;
    b->shape = SURQL_QUERY_SHAPE_EXISTS;
    return b;
}

