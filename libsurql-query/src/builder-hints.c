/* The builder: query hints (index, NOINDEX, TIMEOUT, PARALLEL, FETCH,
 * EXPLAIN) as objects, their application to a builder, and their text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builder-internal.h"

enum { H_INDEX = 1, H_NOINDEX, H_PARALLEL, H_TIMEOUT, H_FETCH, H_EXPLAIN };

struct surql_query_hint {
    int kind;
    char *table;   /* raw */
    char *index;   /* escaped */
    int force;
    int enabled, workers;
    uint64_t ms;
    int strategy, batch;
    int full;
};

static surql_query_hint *hint_new(int kind)
{
    surql_query_hint *h = calloc(1, sizeof *h);
    if (!h)
        QERR(SURQL_ENOMEM, "out of memory");
    else
        h->kind = kind;
    return h;
}

void surql_query_hint_free(surql_query_hint *h)
{
    if (!h)
        return;
    free(h->table);
    free(h->index);
    free(h);
}

surql_query_hint *surql_query_hint_index(const char *table, const char *index, int force)
{
    if (table && surql_ident_validate(table, "table") != 0)
        return NULL;
    char *esc = q_name_dup(index, "index");
    if (!esc)
        return NULL;
    surql_query_hint *h = hint_new(H_INDEX);
    if (!h || (table && !(h->table = surql_strdup(table)))) {
        free(esc);
        surql_query_hint_free(h);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    h->index = esc;
    h->force = force ? 1 : 0;
    return h;
}

surql_query_hint *surql_query_hint_noindex(void) { return hint_new(H_NOINDEX); }

surql_query_hint *surql_query_hint_parallel(int enabled, int max_workers)
{
    if (max_workers < 0 || max_workers > 1024) {
        QERR(SURQL_QUERY_EARG, "max_workers must be between 0 and 1024, got %d", max_workers);
        return NULL;
    }
    surql_query_hint *h = hint_new(H_PARALLEL);
    if (h) {
        h->enabled = enabled ? 1 : 0;
        h->workers = max_workers;
    }
    return h;
}

static int timeout_ms(uint64_t *ms, double seconds)
{
    if (!isfinite(seconds) || seconds <= 0 || seconds > 1e9)
        return QERR(SURQL_QUERY_EARG, "Timeout must be a positive number of seconds, got %g",
                    seconds);
    double m = floor(seconds * 1000.0 + 0.5);
    if (m < 1)
        return QERR(SURQL_QUERY_EARG, "Timeout must be at least 1 ms, got %g s", seconds);
    *ms = (uint64_t)m;
    return SURQL_OK;
}

surql_query_hint *surql_query_hint_timeout(double seconds)
{
    uint64_t ms = 0;
    if (timeout_ms(&ms, seconds) != 0)
        return NULL;
    surql_query_hint *h = hint_new(H_TIMEOUT);
    if (h)
        h->ms = ms;
    return h;
}

static int check_fetch(int strategy, int batch)
{
    if (strategy < SURQL_QUERY_FETCH_EAGER || strategy > SURQL_QUERY_FETCH_BATCH)
        return QERR(SURQL_QUERY_EARG, "Invalid fetch strategy %d: must be eager, lazy or batch",
                    strategy);
    if (strategy == SURQL_QUERY_FETCH_BATCH && batch <= 0)
        return QERR(SURQL_QUERY_EARG, "batch_size required when strategy is batch");
    if (batch < 0)
        return QERR(SURQL_QUERY_EARG, "batch_size must be positive, got %d", batch);
    return SURQL_OK;
}

surql_query_hint *surql_query_hint_fetch(surql_query_fetch_strategy s, int batch)
{
    if (check_fetch((int)s, batch) != 0)
        return NULL;
    surql_query_hint *h = hint_new(H_FETCH);
    if (h) {
        h->strategy = (int)s;
        h->batch = s == SURQL_QUERY_FETCH_BATCH ? batch : 0;
    }
    return h;
}

surql_query_hint *surql_query_hint_explain(int full)
{
    surql_query_hint *h = hint_new(H_EXPLAIN);
    if (h)
        h->full = full ? 1 : 0;
    return h;
}

int surql_query_hint_validate(const surql_query_hint *h, const char *table)
{
    if (!h)
        return QERR(SURQL_EINVAL, "hint is NULL");
    if (h->kind == H_INDEX && h->table && table && strcmp(h->table, table) != 0)
        return QERR(SURQL_QUERY_EHINT, "Index hint table \"%s\" does not match query table \"%s\"",
                    h->table, table);
    return SURQL_OK;
}

static int apply_hint(surql_query_builder *b, const surql_query_hint *h)
{
    switch (h->kind) {
    case H_INDEX: {
        char *idx = surql_strdup(h->index);
        char *tb = h->table ? surql_strdup(h->table) : NULL;
        if (!idx || (h->table && !tb)) {
            free(idx);
            free(tb);
            return QERR(SURQL_ENOMEM, "out of memory");
        }
        q_list_unref(b->indexes);
        b->indexes = NULL;
        free(b->hints.index_table);
        b->hints.index_table = tb;
        b->hints.noindex = 0;
        b->hints.force = h->force;
        return qb_list_push(&b->indexes, NULL, NULL, 0, idx);
    }
    case H_NOINDEX:
        q_list_unref(b->indexes);
        b->indexes = NULL;
        free(b->hints.index_table);
        b->hints.index_table = NULL;
        b->hints.noindex = 1;
        return SURQL_OK;
    case H_PARALLEL:
        b->hints.parallel = h->enabled ? 1 : 2;
        b->hints.workers = h->workers;
        return SURQL_OK;
    case H_TIMEOUT:
        b->hints.timeout_set = 1;
        b->hints.timeout_ms = h->ms;
        return SURQL_OK;
    case H_FETCH:
        b->hints.fetch = h->strategy;
        b->hints.batch = h->batch;
        return SURQL_OK;
    case H_EXPLAIN:
        b->hints.explain = h->full ? 2 : 1;
        return SURQL_OK;
    default:
        return QERR(SURQL_EINVAL, "unknown hint");
    }
}

surql_query_builder *surql_query_with_hint(surql_query_builder *b, const surql_query_hint *h)
{
    if (!(b = qb_own(b)))
        return NULL;
    if (!h) {
        q_null_arg();
        return qb_fail(b);
    }
    if (apply_hint(b, h))
        return qb_fail(b);
    return b;
}

static surql_query_builder *with_new_hint(surql_query_builder *b, surql_query_hint *h)
{
    if (!h)
        return qb_fail(b);
    b = surql_query_with_hint(b, h);
    surql_query_hint_free(h);
    return b;
}

surql_query_builder *surql_query_timeout(surql_query_builder *b, double seconds)
{
    if (!b)
        return qb_null();
    return with_new_hint(b, surql_query_hint_timeout(seconds));
}

surql_query_builder *surql_query_parallel(surql_query_builder *b, int on, int max_workers)
{
    if (!b)
        return qb_null();
    return with_new_hint(b, surql_query_hint_parallel(on, max_workers));
}

surql_query_builder *surql_query_explain(surql_query_builder *b, int full)
{
    if (!b)
        return qb_null();
    return with_new_hint(b, surql_query_hint_explain(full));
}

surql_query_builder *surql_query_use_index(surql_query_builder *b, const char *index)
{
    if (!b)
        return qb_null();
    return with_new_hint(b, surql_query_hint_index(NULL, index, 0));
}

surql_query_builder *surql_query_no_index(surql_query_builder *b)
{
    if (!b)
        return qb_null();
    return with_new_hint(b, surql_query_hint_noindex());
}

surql_query_builder *surql_query_fetch_hint(surql_query_builder *b, surql_query_fetch_strategy s,
                                            int batch)
{
    if (!b)
        return qb_null();
    return with_new_hint(b, surql_query_hint_fetch(s, batch));
}

int qb_put_duration_ms(surql_buf *o, uint64_t ms)
{
    surql_value *d = surql_value_duration(ms / 1000, (uint32_t)(ms % 1000) * 1000000u);
    if (!d)
        return surql_error_last()->code;
    int rc = surql_value_to_surql(d, o, 0);
    surql_value_unref(d);
    return rc;
}

/* SurrealDB 3.x removed the PARALLEL clause (a parse error on every statement in 3.0.2):
 * there the hint is a comment only (so is FETCH). */
int qb_hint_comments(surql_buf *o, const qhints *h, int dialect)
{
    int rc = SURQL_OK;
    size_t start = o->size;
#define SEP() (o->size > start ? surql_buf_putc(o, ' ') : 0)
    if (h->parallel == 1 && h->workers > 0)
        rc = surql_buf_printf(o, "/* PARALLEL %d */", h->workers);
    else if (h->parallel == 1 && dialect == SURQL_DIALECT_V3)
        rc = surql_buf_puts(o, "/* PARALLEL ON */");
    else if (h->parallel == 2)
        rc = surql_buf_puts(o, "/* PARALLEL OFF */");
    if (!rc && h->fetch) {
        rc = SEP();
        if (!rc && h->fetch == SURQL_QUERY_FETCH_BATCH)
            rc = surql_buf_printf(o, "/* FETCH BATCH %d */", h->batch);
        else if (!rc)
            rc = surql_buf_puts(o, h->fetch == SURQL_QUERY_FETCH_EAGER ? "/* FETCH EAGER */"
                                                                       : "/* FETCH LAZY */");
    }
#undef SEP
    return rc;
}

int surql_query_hints_render(surql_buf *out, const surql_query_hint *const *hints, size_t n)
{
    if (!out || (n && !hints))
        return QERR(SURQL_EINVAL, "NULL argument");
    surql_query_builder *b = qb_new(QK_SELECT);
    if (!b)
        return surql_error_last()->code;
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = hints[i] ? apply_hint(b, hints[i]) : QERR(SURQL_EINVAL, "hint %zu is NULL", i);
    surql_buf tmp = SURQL_BUF_INIT;
#define SEP() (tmp.size ? surql_buf_putc(&tmp, ' ') : 0)
    if (!rc && b->hints.noindex)
        rc = surql_buf_puts(&tmp, "WITH NOINDEX");
    else if (!rc && b->indexes)
        rc = surql_buf_printf(&tmp, "WITH INDEX %s", b->indexes->name);
    if (!rc && b->hints.timeout_set) {
        rc = SEP();
        if (!rc)
            rc = surql_buf_puts(&tmp, "TIMEOUT ");
        if (!rc)
            rc = qb_put_duration_ms(&tmp, b->hints.timeout_ms);
    }
    if (!rc && b->hints.parallel == 1) {
        rc = SEP();
        if (!rc)
            rc = surql_buf_puts(&tmp, "PARALLEL");
    }
    if (!rc && b->hints.explain) {
        rc = SEP();
        if (!rc)
            rc = surql_buf_puts(&tmp, b->hints.explain == 2 ? "EXPLAIN FULL" : "EXPLAIN");
    }
    size_t before = tmp.size;
    if (!rc && before)
        rc = surql_buf_putc(&tmp, ' ');
    if (!rc)
        rc = qb_hint_comments(&tmp, &b->hints, SURQL_DIALECT_V2);
    if (!rc && tmp.size == before + 1)
        surql_buf_truncate(&tmp, before);
#undef SEP
    if (!rc)
        rc = surql_buf_put(out, surql_buf_cstr(&tmp), tmp.size);
    surql_buf_dispose(&tmp);
    surql_query_unref(b);
    return rc;
}

