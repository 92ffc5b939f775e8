/* Indexes and events: construction, builders, getters. */
#include "model-internal.h"
#include "parse-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/literal.h>

void sq_index_destroy(surql_schema_index *x)
{
    free(x->h.name);
    sq_strv_clear(&x->cols);
    free(x->analyzer);
    free(x->comment);
    free(x);
}

surql_schema_index *sq_index_clone(const surql_schema_index *x)
{
    surql_schema_index *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_INDEX);
    if (!x)
        return c;
    c->kind = x->kind;
    c->vec = x->vec;
    c->bm25 = x->bm25;
    c->highlights = x->highlights;
    c->k1 = x->k1;
    c->b = x->b;
    if (sq_set_str(&c->h.name, x->h.name) | sq_strv_copy(&c->cols, &x->cols) |
        sq_set_str(&c->analyzer, x->analyzer) | sq_set_str(&c->comment, x->comment)) {
        sq_index_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

/* a new index with name and columns checked */
static int index_base(surql_schema_index **c, const char *name, int kind,
                      const char *const *cols, size_t ncols)
{
    *c = NULL;
    int rc = surql_ident_validate(name, "index");
    if (rc)
        return rc;
    if (ncols == 0 || !cols)
        return sq_err(SURQL_ESCHEMA, "index '%s': %s index needs at least one column", name,
                      kind == SURQL_SCHEMA_INDEX_UNIQUE ? "a unique" : "an");
    for (size_t i = 0; i < ncols; i++) {
        char what[300];
        snprintf(what, sizeof what, "index '%s': column %zu", name, i + 1);
        if ((rc = sq_path_check(cols[i], what)))
            return rc;
    }
    surql_schema_index *x = sq_index_clone(NULL);
    if (!x)
        return SURQL_ENOMEM;
    x->kind = kind;
    rc = sq_set_str(&x->h.name, name);
    for (size_t i = 0; !rc && i < ncols; i++) {
        char *norm = NULL;
        rc = sq_path_normal(&norm, cols[i]);
        if (!rc)
            rc = sq_strv_push(&x->cols, norm);
        free(norm);
    }
    if (rc) {
        sq_index_destroy(x);
        return rc;
    }
    *c = x;
    return SURQL_OK;
}

int surql_schema_index_new(surql_schema_index **out, const char *name,
                           surql_schema_index_kind kind, const char *const *cols, size_t ncols)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (kind != SURQL_SCHEMA_INDEX_STANDARD && kind != SURQL_SCHEMA_INDEX_UNIQUE)
        return sq_err(SURQL_ESCHEMA,
                      "index '%s': use the full-text, HNSW or MTREE constructor for kind %d",
                      name ? name : "", (int)kind);
    return index_base(out, name, kind, cols, ncols);
}

int surql_schema_index_fulltext(surql_schema_index **out, const char *name, const char *col,
                                const surql_schema_fulltext_options *opts)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    surql_schema_fulltext_options o = SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SURQL_SCHEMA_FULLTEXT_OPTIONS_VERSION)
            return sq_err(SURQL_EINVAL, "index '%s': unknown full-text options version %u",
                          name ? name : "", opts->version);
        o = *opts;
    }
    surql_schema_index *x;
    int rc = index_base(&x, name, SURQL_SCHEMA_INDEX_FULLTEXT, col ? &col : NULL, col ? 1 : 0);
    if (rc)
        return rc;
    if (o.analyzer && (rc = surql_ident_validate(o.analyzer, "analyzer")) == SURQL_OK)
        rc = sq_set_str(&x->analyzer, o.analyzer);
    if (!rc && (o.bm25_k1 < 0 || o.bm25_b < 0 || ((o.bm25_k1 != 0) != (o.bm25_b != 0))))
        rc = sq_err(SURQL_ESCHEMA, "index '%s': BM25 needs both k1 and b (or neither)", name);
    x->bm25 = o.bm25 || o.bm25_k1 != 0;
    x->k1 = o.bm25_k1;
    x->b = o.bm25_b;
    x->highlights = !!o.highlights;
    if (rc) {
        sq_index_destroy(x);
        return rc;
    }
    *out = x;
    return SURQL_OK;
}

static int vector_index(surql_schema_index **out, const char *name, const char *col,
                        const surql_schema_vector_options *opts, int kind)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    const char *kn = kind == SURQL_SCHEMA_INDEX_HNSW ? "HNSW" : "MTREE";
    if (!opts || opts->dimension == 0)
        return sq_err(SURQL_ESCHEMA, "index '%s': %s requires a dimension", name ? name : "",
                      kn);
    if (opts->version != SURQL_SCHEMA_VECTOR_OPTIONS_VERSION)
        return sq_err(SURQL_EINVAL, "index '%s': unknown vector options version %u",
                      name ? name : "", opts->version);
    if (opts->distance < SURQL_SCHEMA_DIST_DEFAULT || opts->distance > SURQL_SCHEMA_DIST_PEARSON)
        return sq_err(SURQL_ESCHEMA, "index '%s': unknown distance %d", name ? name : "",
                      (int)opts->distance);
    if (opts->type < SURQL_SCHEMA_VEC_DEFAULT || opts->type > SURQL_SCHEMA_VEC_I16)
        return sq_err(SURQL_ESCHEMA, "index '%s': unknown vector type %d", name ? name : "",
                      (int)opts->type);
    if (opts->distance == SURQL_SCHEMA_DIST_MINKOWSKI && opts->minkowski_order == 0)
        return sq_err(SURQL_ESCHEMA, "index '%s': DIST MINKOWSKI requires an order",
                      name ? name : "");
    if (kind == SURQL_SCHEMA_INDEX_HNSW && opts->m > 127)
        return sq_err(SURQL_ESCHEMA, "index '%s': HNSW M must be at most 127 (got %u)",
                      name ? name : "", opts->m);
    if (kind == SURQL_SCHEMA_INDEX_HNSW && opts->capacity)
        return sq_err(SURQL_ESCHEMA, "index '%s': CAPACITY is an MTREE option", name ? name : "");
    if (kind == SURQL_SCHEMA_INDEX_MTREE && (opts->efc || opts->m || opts->m0 || opts->lm != 0))
        return sq_err(SURQL_ESCHEMA, "index '%s': EFC, M, M0 and LM are HNSW options",
                      name ? name : "");
    if (opts->lm < 0)
        return sq_err(SURQL_ESCHEMA, "index '%s': LM must not be negative", name ? name : "");
    surql_schema_index *x;
    int rc = index_base(&x, name, kind, col ? &col : NULL, col ? 1 : 0);
    if (rc)
        return rc;
    x->vec = *opts;
    *out = x;
    return SURQL_OK;
}

int surql_schema_index_hnsw(surql_schema_index **out, const char *name, const char *col,
                            const surql_schema_vector_options *opts)
{
    return vector_index(out, name, col, opts, SURQL_SCHEMA_INDEX_HNSW);
}

int surql_schema_index_mtree(surql_schema_index **out, const char *name, const char *col,
                             const surql_schema_vector_options *opts)
{
    return vector_index(out, name, col, opts, SURQL_SCHEMA_INDEX_MTREE);
}

surql_schema_index *surql_schema_index_ref(const surql_schema_index *x) { return sq_obj_ref(x); }
surql_schema_index *surql_schema_index_unref(surql_schema_index *x)
{
    sq_obj_unref(x);
    return NULL;
}

int surql_schema_index_with_comment(surql_schema_index **out, const surql_schema_index *x,
                                    const char *comment)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!x)
        return sq_err(SURQL_EINVAL, "index is NULL");
    surql_schema_index *c = sq_index_clone(x);
    if (!c)
        return SURQL_ENOMEM;
    int rc = sq_set_str(&c->comment, comment);
    if (rc) {
        sq_index_destroy(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

const char *surql_schema_index_name(const surql_schema_index *x) { return x ? x->h.name : NULL; }
surql_schema_index_kind surql_schema_index_get_kind(const surql_schema_index *x)
{
    return x ? (surql_schema_index_kind)x->kind : SURQL_SCHEMA_INDEX_STANDARD;
}
size_t surql_schema_index_column_count(const surql_schema_index *x) { return x ? x->cols.n : 0; }
const char *surql_schema_index_column(const surql_schema_index *x, size_t i)
{
    return x && i < x->cols.n ? x->cols.v[i] : NULL;
}
void surql_schema_index_vector(const surql_schema_index *x, surql_schema_vector_options *out)
{
    surql_schema_vector_options z = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
    if (!out)
        return;
    *out = z;
    if (x && (x->kind == SURQL_SCHEMA_INDEX_HNSW || x->kind == SURQL_SCHEMA_INDEX_MTREE))
        *out = x->vec;
}
void surql_schema_index_fulltext_get(const surql_schema_index *x,
                                     surql_schema_fulltext_options *out)
{
    surql_schema_fulltext_options z = SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT;
    if (!out)
        return;
    *out = z;
    if (x && x->kind == SURQL_SCHEMA_INDEX_FULLTEXT) {
        out->analyzer = x->analyzer;
        out->bm25 = x->bm25;
        out->bm25_k1 = x->k1;
        out->bm25_b = x->b;
        out->highlights = x->highlights;
    }
}
const char *surql_schema_index_comment(const surql_schema_index *x) { return x ? x->comment : NULL; }

const char *surql_schema_distance_name(surql_schema_distance d)
{
    static const char *const n[] = { NULL, "EUCLIDEAN", "COSINE", "MANHATTAN", "MINKOWSKI",
                                     "CHEBYSHEV", "HAMMING", "JACCARD", "PEARSON" };
    return d >= 0 && (size_t)d < sizeof n / sizeof n[0] ? n[d] : NULL;
}

const char *surql_schema_vector_type_name(surql_schema_vector_type t)
{
    static const char *const n[] = { NULL, "F64", "F32", "I64", "I32", "I16" };
    return t >= 0 && (size_t)t < sizeof n / sizeof n[0] ? n[t] : NULL;
}

/* ---- events --------------------------------------------------------------- */

void sq_event_destroy(surql_schema_event *e)
{
    free(e->h.name);
    free(e->when);
    free(e->then);
    free(e->comment);
    free(e);
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

int surql_schema_event_new(surql_schema_event **out, const char *name, const char *when,
                           const char *then)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_ident_validate(name, "event");
    if (rc)
        return rc;
    if (blank(then))
        return sq_err(SURQL_ESCHEMA, "event '%s': THEN is required", name);
    if (when && blank(when))
        return sq_err(SURQL_ESCHEMA, "event '%s': WHEN expression is empty", name);
    surql_schema_event *e = calloc(1, sizeof *e);
    if (!e)
        return sq_err(SURQL_ENOMEM, "out of memory");
    sq_obj_init(&e->h, SQ_EVENT);
    if (sq_set_str(&e->h.name, name) | sq_set_str(&e->when, when) | sq_set_str(&e->then, then)) {
        sq_event_destroy(e);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    *out = e;
    return SURQL_OK;
}

surql_schema_event *surql_schema_event_ref(const surql_schema_event *e) { return sq_obj_ref(e); }
surql_schema_event *surql_schema_event_unref(surql_schema_event *e)
{
    sq_obj_unref(e);
    return NULL;
}

int surql_schema_event_with_comment(surql_schema_event **out, const surql_schema_event *e,
                                    const char *comment)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!e)
        return sq_err(SURQL_EINVAL, "event is NULL");
    surql_schema_event *c;
    int rc = surql_schema_event_new(&c, e->h.name, e->when, e->then);
    if (rc)
        return rc;
    if ((rc = sq_set_str(&c->comment, comment))) {
        sq_event_destroy(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

const char *surql_schema_event_name(const surql_schema_event *e) { return e ? e->h.name : NULL; }
const char *surql_schema_event_when(const surql_schema_event *e) { return e ? e->when : NULL; }
const char *surql_schema_event_then(const surql_schema_event *e) { return e ? e->then : NULL; }
const char *surql_schema_event_comment(const surql_schema_event *e) { return e ? e->comment : NULL; }
