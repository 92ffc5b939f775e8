/* Schema files: the indexes of a table in a YAML/JSON schema document
 * (standard, unique, full-text with bm25, and the vector kinds). */
#include "files-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const index_keys_std[] = { "type", "columns", "comment", NULL };
static const char *const index_keys_ft[] = { "type", "columns", "analyzer", "bm25", "highlights",
                                             "comment", NULL };
static const char *const index_keys_hnsw[] = { "type", "columns", "dimension", "distance",
                                               "minkowski_order", "vector_type", "efc", "m", "m0",
                                               "lm", "comment", NULL };
static const char *const index_keys_mtree[] = { "type", "columns", "dimension", "distance",
                                                "minkowski_order", "vector_type", "capacity",
                                                "comment", NULL };

static const char *const dist_names[] = { "euclidean", "cosine", "manhattan", "minkowski",
                                          "chebyshev", "hamming", "jaccard", "pearson", NULL };
static const char *const vec_names[] = { "f64", "f32", "i64", "i32", "i16", NULL };

/* the optional key of v naming one of words: *out = its index + 1 (0 when absent) */
static int get_word(const ld *c, const sn *v, const char *key, const char *const *words,
                    const char *what, int *out)
{
    const char *s = NULL;
    int rc = ld_get_text(c, v, key, &s, what);
    *out = 0;
    if (rc || !s)
        return rc;
    int i = ld_word_index(s, words);
    if (i < 0)
        return ld_bad_word(c, ld_get(v, key), key, what, words);
    *out = i + 1;
    return SURQL_OK;
}

/* analyzer, highlights and bm25 (true/false, [k1, b] or {k1, b}) of a full-text index */
static int fulltext_options(const ld *c, const sn *v, const char *what,
                            surql_schema_fulltext_options *fo)
{
    static const char *const bm_keys[] = { "k1", "b", NULL };
    int rc;
    if ((rc = ld_get_text(c, v, "analyzer", &fo->analyzer, what)) ||
        (rc = ld_get_bool(c, v, "highlights", &fo->highlights, what)))
        return rc;
    const sn *bm = ld_get(v, "bm25");
    if (!bm || ld_scalar_bool(bm, &fo->bm25) == 0)
        return SURQL_OK;
    const sn *k1 = bm->kind == SN_SEQ && bm->n == 2 ? bm->items[0] : ld_get(bm, "k1");
    const sn *bb = bm->kind == SN_SEQ && bm->n == 2 ? bm->items[1] : ld_get(bm, "b");
    if (bm->kind == SN_MAP && (rc = ld_check_keys(c, bm, bm_keys, "bm25")))
        return rc;
    if (ld_scalar_double(k1, &fo->bm25_k1) != 0 || ld_scalar_double(bb, &fo->bm25_b) != 0)
        return ld_err(c, bm, SURQL_EPARSE,
                      "'bm25' of %s must be true, false, [k1, b] or {k1: .., b: ..}", what);
    fo->bm25 = 1;
    return SURQL_OK;
}

/* the options of an HNSW or M-tree index (keys not allowed were checked before) */
static int vector_options(const ld *c, const sn *v, const char *what,
                          surql_schema_vector_options *vo)
{
    int rc, d = 0, t = 0;
    if ((rc = ld_get_uint(c, v, "dimension", &vo->dimension, what)) ||
        (rc = ld_get_uint(c, v, "minkowski_order", &vo->minkowski_order, what)) ||
        (rc = ld_get_uint(c, v, "capacity", &vo->capacity, what)) ||
        (rc = ld_get_uint(c, v, "efc", &vo->efc, what)) ||
        (rc = ld_get_uint(c, v, "m", &vo->m, what)) ||
        (rc = ld_get_uint(c, v, "m0", &vo->m0, what)) ||
        (rc = ld_get_double(c, v, "lm", &vo->lm, what)) ||
        (rc = get_word(c, v, "distance", dist_names, what, &d)) ||
        (rc = get_word(c, v, "vector_type", vec_names, what, &t)))
        return rc;
    if (d)
        vo->distance = (surql_schema_distance)d;
    if (t)
        vo->type = (surql_schema_vector_type)t;
    return SURQL_OK;
}

int ld_load_index(const ld *c, const sn *key, const sn *v, const char *tname,
                  surql_schema_index **out)
{
    static const char *const types[] = { "standard", "unique", "fulltext", "mtree", "hnsw",
                                         "search", NULL };
    char what[600];
    snprintf(what, sizeof what, "index '%s' of table '%s'", key->text, tname);
    int rc = ld_need_map(c, v ? v : key, what);
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs at least 'columns'", what);
    if (rc)
        return rc;
    const char *ts = NULL;
    if ((rc = ld_get_text(c, v, "type", &ts, what)))
        return rc;
    int kind = SURQL_SCHEMA_INDEX_STANDARD;
    if (ts) {
        int k = ld_word_index(ts, types);
        if (k < 0)
            return ld_bad_word(c, ld_get(v, "type"), "type", what, types);
        kind = k == 5 ? SURQL_SCHEMA_INDEX_FULLTEXT : k;
    }
    const char *const *keys = kind == SURQL_SCHEMA_INDEX_FULLTEXT ? index_keys_ft
                              : kind == SURQL_SCHEMA_INDEX_HNSW   ? index_keys_hnsw
                              : kind == SURQL_SCHEMA_INDEX_MTREE  ? index_keys_mtree
                                                                  : index_keys_std;
    if ((rc = ld_check_keys(c, v, keys, what)))
        return rc;
    const char **cols = NULL;
    size_t ncols = 0;
    surql_schema_index *x = NULL;
    if ((rc = ld_get_list(c, v, "columns", &cols, &ncols, what)))
        return rc;
    const sn *at = ld_get(v, "columns") ? ld_get(v, "columns") : v;
    if (kind == SURQL_SCHEMA_INDEX_STANDARD || kind == SURQL_SCHEMA_INDEX_UNIQUE) {
        rc = surql_schema_index_new(&x, key->text, (surql_schema_index_kind)kind, cols, ncols);
    } else if (!ncols) {
        rc = ld_err(c, v, SURQL_ESCHEMA, "%s needs 'columns'", what);
        goto fail;
    } else if (kind == SURQL_SCHEMA_INDEX_FULLTEXT) {
        surql_schema_fulltext_options fo = SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT;
        if ((rc = fulltext_options(c, v, what, &fo)))
            goto fail;
        rc = surql_schema_index_fulltext(&x, key->text, cols[0], &fo);
    } else {
        surql_schema_vector_options vo = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
        if ((rc = vector_options(c, v, what, &vo)))
            goto fail;
        rc = kind == SURQL_SCHEMA_INDEX_HNSW
                 ? surql_schema_index_hnsw(&x, key->text, cols[0], &vo)
                 : surql_schema_index_mtree(&x, key->text, cols[0], &vo);
    }
    if (rc) {
        rc = ld_wrap(c, at, rc);
        goto fail;
    }
    if (ncols > 1 && kind >= SURQL_SCHEMA_INDEX_FULLTEXT) {
        /* the builders take one column; keep every column given (as the DDL parser does) */
        sq_strv_clear(&x->cols);
        for (size_t i = 0; !rc && i < ncols; i++)
            rc = sq_path_check(cols[i], "index column") ? ld_wrap(c, at, surql_error_last()->code)
                                                        : sq_strv_push(&x->cols, cols[i]);
        if (rc)
            goto fail;
    }
    STEP_TEXT(surql_schema_index, x, v, "comment", what, surql_schema_index_with_comment);
    free(cols);
    *out = x;
    return SURQL_OK;
fail:
    free(cols);
    surql_schema_index_unref(x);
    return rc;
}
