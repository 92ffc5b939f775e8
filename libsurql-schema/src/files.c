/* Schema files: interpreting YAML/JSON schema documents (docs/schema-files.md)
 * into the model, with FILE:LINE:COL errors and "did you mean" suggestions. */
#include "model-internal.h"
#include "sdoc-internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/schema/files.h>

typedef struct ld {
    const char *file;
} ld;

#define LD_FILE(c) ((c)->file ? (c)->file : "<input>")

static int ld_err(const ld *c, const sn *n, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int ld_err(const ld *c, const sn *n, int code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = n ? n->line : 0, col = n ? n->col : 0;
    return surql_error_set_at(code, SQ_DOMAIN, line, col, "%s:%zu:%zu: %s", LD_FILE(c), line,
                              col, msg);
}

/* a builder failed: put the position of n in front of its message */
static int ld_wrap(const ld *c, const sn *n, int rc)
{
    if (rc == SURQL_ENOMEM)
        return rc;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", surql_error_last()->message);
    return ld_err(c, n, rc, "%s", msg);
}

static const char *kind_word(const sn *n)
{
    switch (n ? n->kind : SN_NULL) {
    case SN_MAP: return "a mapping";
    case SN_SEQ: return "a list";
    case SN_NULL: return "null";
    default: return "a scalar";
    }
}

/* ---- keys --------------------------------------------------------------- */

static size_t lev(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t m = prev[j] + 1;
            if (cur[j - 1] + 1 < m)
                m = cur[j - 1] + 1;
            if (prev[j - 1] + cost < m)
                m = prev[j - 1] + cost;
            cur[j] = m;
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* the nearest word of valid to w, or NULL when nothing is close */
static const char *nearest(const char *w, const char *const *valid)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (size_t i = 0; valid[i]; i++) {
        size_t d = lev(w, valid[i]);
        if (d < bd) {
            bd = d;
            best = valid[i];
        }
    }
    size_t wl = strlen(w);
    size_t limit = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
    return best && bd <= limit ? best : NULL;
}

static int check_keys(const ld *c, const sn *m, const char *const *valid, const char *what)
{
    for (size_t i = 0; m && m->kind == SN_MAP && i < m->n; i++) {
        const char *k = m->keys[i]->text;
        int ok = 0;
        for (size_t j = 0; valid[j] && !ok; j++)
            ok = strcmp(k, valid[j]) == 0;
        if (ok)
            continue;
        const char *near = nearest(k, valid);
        if (near)
            return ld_err(c, m->keys[i], SURQL_EPARSE, "unknown key '%s' in %s (did you mean '%s'?)",
                          k, what, near);
        char list[512] = "";
        size_t used = 0;
        for (size_t j = 0; valid[j] && used < sizeof list - 1; j++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", valid[j]);
            if (w < 0)
                break;
            used += (size_t)w;
        }
        return ld_err(c, m->keys[i], SURQL_EPARSE, "unknown key '%s' in %s (valid keys: %s)", k,
                      what, list);
    }
    return SURQL_OK;
}

/* ---- typed getters ------------------------------------------------------ */

/* the value of key in mapping m, or NULL (null values count as absent) */
static const sn *get(const sn *m, const char *key)
{
    for (size_t i = 0; m && m->kind == SN_MAP && i < m->n; i++)
        if (strcmp(m->keys[i]->text, key) == 0)
            return m->items[i] && m->items[i]->kind != SN_NULL ? m->items[i] : NULL;
    return NULL;
}

static int need_map(const ld *c, const sn *n, const char *what)
{
    if (n && n->kind != SN_MAP)
        return ld_err(c, n, SURQL_EPARSE, "%s must be a mapping (got %s)", what, kind_word(n));
    return SURQL_OK;
}

static int get_text(const ld *c, const sn *m, const char *key, const char **out, const char *what)
{
    const sn *v = get(m, key);
    *out = NULL;
    if (!v)
        return SURQL_OK;
    if (v->kind != SN_SCALAR)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a string (got %s)", key, what,
                      kind_word(v));
    *out = v->text;
    return SURQL_OK;
}

static int scalar_bool(const sn *v, int *out)
{
    if (!v || v->kind != SN_SCALAR || v->quoted)
        return -1;
    if (strcmp(v->text, "true") == 0 || strcmp(v->text, "True") == 0 ||
        strcmp(v->text, "TRUE") == 0)
        *out = 1;
    else if (strcmp(v->text, "false") == 0 || strcmp(v->text, "False") == 0 ||
             strcmp(v->text, "FALSE") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

static int get_bool(const ld *c, const sn *m, const char *key, int *out, const char *what)
{
    const sn *v = get(m, key);
    *out = 0;
    if (v && scalar_bool(v, out) != 0)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be true or false", key, what);
    return SURQL_OK;
}

static int scalar_uint(const sn *v, unsigned *out)
{
    if (!v || v->kind != SN_SCALAR || v->quoted || !v->text[0] || v->len > 9)
        return -1;
    unsigned long x = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->text[i] < '0' || v->text[i] > '9')
            return -1;
        x = x * 10 + (unsigned long)(v->text[i] - '0');
    }
    *out = (unsigned)x;
    return 0;
}

static int get_uint(const ld *c, const sn *m, const char *key, unsigned *out, const char *what)
{
    const sn *v = get(m, key);
    *out = 0;
    if (v && scalar_uint(v, out) != 0)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a non-negative integer", key, what);
    return SURQL_OK;
}

static int scalar_double(const sn *v, double *out)
{
    if (!v || v->kind != SN_SCALAR || v->quoted || !v->text[0])
        return -1;
    char *end = NULL;
    double d = strtod(v->text, &end);
    if (!end || *end || d != d)
        return -1;
    *out = d;
    return 0;
}

static int get_double(const ld *c, const sn *m, const char *key, double *out, const char *what)
{
    const sn *v = get(m, key);
    *out = 0;
    if (v && scalar_double(v, out) != 0)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a number", key, what);
    return SURQL_OK;
}

/* a string or a list of strings; *out is malloc'd (pointers borrowed from the tree) */
static int get_list(const ld *c, const sn *m, const char *key, const char ***out, size_t *n,
                    const char *what)
{
    const sn *v = get(m, key);
    *out = NULL;
    *n = 0;
    if (!v)
        return SURQL_OK;
    size_t cnt = v->kind == SN_SEQ ? v->n : 1;
    if (v->kind == SN_MAP)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a string or a list of strings", key,
                      what);
    const char **arr = calloc(cnt ? cnt : 1, sizeof *arr);
    if (!arr)
        return sq_err(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; i < cnt; i++) {
        const sn *e = v->kind == SN_SEQ ? v->items[i] : v;
        if (e->kind != SN_SCALAR) {
            free(arr);
            return ld_err(c, e, SURQL_EPARSE, "'%s' of %s: expected a string (got %s)", key, what,
                          kind_word(e));
        }
        arr[i] = e->text;
    }
    *out = arr;
    *n = cnt;
    return SURQL_OK;
}

/* ---- data values (param values and defaults given as YAML/JSON data) ---- */

static surql_value *plain_value(const sn *n)
{
    const char *s = n->text;
    size_t len = n->len;
    int b;
    if (scalar_bool(n, &b) == 0)
        return surql_value_bool(b);
    size_t i = (len && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    int digits = i < len, dot = 0, exp = 0;
    for (size_t j = i; j < len; j++) {
        if (s[j] >= '0' && s[j] <= '9')
            continue;
        if (s[j] == '.' && !dot && !exp)
            dot = 1;
        else if ((s[j] == 'e' || s[j] == 'E') && !exp && j > i && j + 1 < len) {
            exp = 1;
            if (s[j + 1] == '-' || s[j + 1] == '+')
                j++;
        } else {
            digits = 0;
            break;
        }
    }
    if (digits && !dot && !exp && len - i <= 18) {
        long long x = strtoll(s, NULL, 10);
        return surql_value_int((int64_t)x);
    }
    if (digits) {
        double d = strtod(s, NULL);
        return surql_value_float(d);
    }
    if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 || strcmp(s, "+.inf") == 0)
        return surql_value_float(1e308 * 10);
    if (strcmp(s, "-.inf") == 0 || strcmp(s, "-.Inf") == 0)
        return surql_value_float(-1e308 * 10);
    return surql_value_string_len(s, len);
}

static int data_value(const ld *c, const sn *n, surql_value **out)
{
    *out = NULL;
    if (n->jv) {
        *out = surql_value_ref(n->jv);
        return SURQL_OK;
    }
    surql_value *v = NULL;
    int rc = SURQL_OK;
    switch (n->kind) {
    case SN_NULL: v = surql_value_null(); break;
    case SN_SCALAR: v = n->quoted ? surql_value_string_len(n->text, n->len) : plain_value(n); break;
    case SN_SEQ:
        v = surql_value_array();
        for (size_t i = 0; v && !rc && i < n->n; i++) {
            surql_value *e = NULL;
            rc = data_value(c, n->items[i], &e);
            if (!rc)
                rc = surql_value_array_push_take(v, e);
        }
        break;
    case SN_MAP:
        v = surql_value_object();
        for (size_t i = 0; v && !rc && i < n->n; i++) {
            surql_value *e = NULL;
            rc = data_value(c, n->items[i], &e);
            if (!rc)
                rc = surql_value_object_set_len_take(v, n->keys[i]->text, n->keys[i]->len, e);
        }
        break;
    }
    if (!v)
        return ld_wrap(c, n, surql_error_last()->code ? surql_error_last()->code : SURQL_ENOMEM);
    if (rc) {
        surql_value_unref(v);
        return rc == SURQL_ENOMEM ? rc : ld_wrap(c, n, rc);
    }
    *out = v;
    return SURQL_OK;
}

/* ---- builder steps: replace var by the builder's result, or fail located ---- */

#define STEP(T, var, node, call)                                 \
    do {                                                         \
        T *nv_ = NULL;                                           \
        rc = (call);                                             \
        if (rc) {                                                \
            rc = ld_wrap(c, (node), rc);                         \
            goto fail;                                           \
        }                                                        \
        T##_unref(var);                                          \
        var = nv_;                                               \
    } while (0)

/* ---- permissions -------------------------------------------------------- */

static const char *const perm_keys_table[] = { "select", "create", "update", "delete", NULL };
static const char *const perm_keys_field[] = { "select", "create", "update", NULL };
static const unsigned perm_ops[] = { SURQL_SCHEMA_PERM_SELECT, SURQL_SCHEMA_PERM_CREATE,
                                     SURQL_SCHEMA_PERM_UPDATE, SURQL_SCHEMA_PERM_DELETE };

/* calls set(obj, ops, rule) for the permissions node p */
typedef int (*perm_set_fn)(void **out, const void *obj, unsigned ops, const char *rule);

static int tperm(void **out, const void *o, unsigned ops, const char *rule)
{
    return surql_schema_table_with_permission((surql_schema_table **)out, o, ops, rule);
}
static int fperm(void **out, const void *o, unsigned ops, const char *rule)
{
    return surql_schema_field_with_permission((surql_schema_field **)out, o, ops, rule);
}

static int load_perms(const ld *c, const sn *p, void **obj, perm_set_fn set, int field,
                      void (*unref)(void *), const char *what)
{
    if (!p)
        return SURQL_OK;
    int rc = SURQL_OK;
    char w[300];
    snprintf(w, sizeof w, "the permissions of %s", what);
    if (p->kind == SN_SCALAR) {
        void *n = NULL;
        rc = set(&n, *obj, SURQL_SCHEMA_PERM_ALL, p->text);
        if (rc)
            return ld_wrap(c, p, rc);
        unref(*obj);
        *obj = n;
        return SURQL_OK;
    }
    if (p->kind != SN_MAP)
        return ld_err(c, p, SURQL_EPARSE, "'permissions' of %s must be a rule or a mapping", what);
    if ((rc = check_keys(c, p, field ? perm_keys_field : perm_keys_table, w)))
        return rc;
    for (int i = 0; i < (field ? 3 : 4); i++) {
        const char *key = perm_keys_table[i];
        const sn *r = get(p, key);
        if (!r)
            continue;
        if (r->kind != SN_SCALAR)
            return ld_err(c, r, SURQL_EPARSE, "permission '%s' of %s must be a rule", key, what);
        void *n = NULL;
        rc = set(&n, *obj, perm_ops[i], r->text);
        if (rc)
            return ld_wrap(c, r, rc);
        unref(*obj);
        *obj = n;
    }
    return SURQL_OK;
}

static void unref_table(void *t) { surql_schema_table_unref(t); }
static void unref_field(void *f) { surql_schema_field_unref(f); }

/* ---- fields, indexes, events -------------------------------------------- */

static const char *const field_keys[] = { "type", "assert", "default", "default_always", "value",
                                          "computed", "readonly", "flexible", "permissions",
                                          "comment", "renamed_from", NULL };

static int load_field(const ld *c, const sn *key, const sn *v, const char *tname,
                      surql_schema_field **out)
{
    char what[600];
    snprintf(what, sizeof what, "field '%s' of table '%s'", key->text, tname);
    surql_schema_field *f = NULL;
    int rc;
    const char *type = NULL;
    if (v && v->kind == SN_SEQ)
        return ld_err(c, v, SURQL_EPARSE, "%s must be a type or a mapping (got a list)", what);
    if (v && v->kind == SN_SCALAR)
        type = v->text;
    if (v && v->kind == SN_MAP) {
        if ((rc = check_keys(c, v, field_keys, what)) || (rc = get_text(c, v, "type", &type, what)))
            return rc;
    }
    rc = surql_schema_field_new(&f, key->text, type);
    if (rc)
        return ld_wrap(c, v && get(v, "type") ? get(v, "type") : key, rc);
    if (v && v->kind == SN_MAP) {
        const char *s = NULL;
        int b = 0, always = 0;
        if ((rc = get_bool(c, v, "default_always", &always, what)))
            goto fail;
        const sn *d = get(v, "default");
        if (d && d->kind == SN_SCALAR) {
            STEP(surql_schema_field, f, d, surql_schema_field_with_default(&nv_, f, d->text, always));
        } else if (d) {
            surql_value *dv = NULL;
            if ((rc = data_value(c, d, &dv)))
                goto fail;
            surql_schema_field *nv = NULL;
            rc = surql_schema_field_with_default_value(&nv, f, dv, always);
            surql_value_unref(dv);
            if (rc) {
                rc = ld_wrap(c, d, rc);
                goto fail;
            }
            surql_schema_field_unref(f);
            f = nv;
        } else if (always) {
            rc = ld_err(c, get(v, "default_always"), SURQL_ESCHEMA,
                        "%s: 'default_always' needs a 'default'", what);
            goto fail;
        }
        if ((rc = get_text(c, v, "assert", &s, what)))
            goto fail;
        if (s)
            STEP(surql_schema_field, f, get(v, "assert"), surql_schema_field_with_assert(&nv_, f, s));
        if ((rc = get_text(c, v, "value", &s, what)))
            goto fail;
        if (s)
            STEP(surql_schema_field, f, get(v, "value"), surql_schema_field_with_value(&nv_, f, s));
        if ((rc = get_text(c, v, "computed", &s, what)))
            goto fail;
        if (s)
            STEP(surql_schema_field, f, get(v, "computed"),
                 surql_schema_field_with_computed(&nv_, f, s));
        if ((rc = get_bool(c, v, "readonly", &b, what)))
            goto fail;
        if (b)
            STEP(surql_schema_field, f, get(v, "readonly"),
                 surql_schema_field_with_readonly(&nv_, f, 1));
        if ((rc = get_bool(c, v, "flexible", &b, what)))
            goto fail;
        if (b)
            STEP(surql_schema_field, f, get(v, "flexible"),
                 surql_schema_field_with_flexible(&nv_, f, 1));
        if ((rc = load_perms(c, get(v, "permissions"), (void **)&f, fperm, 1, unref_field, what)))
            goto fail;
        if ((rc = get_text(c, v, "comment", &s, what)))
            goto fail;
        if (s)
            STEP(surql_schema_field, f, get(v, "comment"), surql_schema_field_with_comment(&nv_, f, s));
        if ((rc = get_text(c, v, "renamed_from", &s, what)))
            goto fail;
        if (s)
            STEP(surql_schema_field, f, get(v, "renamed_from"),
                 surql_schema_field_with_renamed_from(&nv_, f, s));
    }
    *out = f;
    return SURQL_OK;
fail:
    surql_schema_field_unref(f);
    return rc;
}

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

static int word_index(const char *w, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strcasecmp(w, words[i]) == 0)
            return i;
    return -1;
}

static int bad_word(const ld *c, const sn *n, const char *key, const char *what,
                    const char *const *words)
{
    char list[256] = "";
    size_t used = 0;
    for (size_t j = 0; words[j] && used < sizeof list - 1; j++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", words[j]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    const char *near = n->kind == SN_SCALAR ? nearest(n->text, words) : NULL;
    if (near)
        return ld_err(c, n, SURQL_EPARSE, "'%s' of %s: unknown value '%s' (did you mean '%s'?)",
                      key, what, n->text, near);
    return ld_err(c, n, SURQL_EPARSE, "'%s' of %s must be one of: %s", key, what, list);
}

static int load_index(const ld *c, const sn *key, const sn *v, const char *tname,
                      surql_schema_index **out)
{
    static const char *const types[] = { "standard", "unique", "fulltext", "mtree", "hnsw",
                                         "search", NULL };
    char what[600];
    snprintf(what, sizeof what, "index '%s' of table '%s'", key->text, tname);
    int rc = need_map(c, v ? v : key, what);
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs at least 'columns'", what);
    if (rc)
        return rc;
    const char *ts = NULL;
    if ((rc = get_text(c, v, "type", &ts, what)))
        return rc;
    int kind = SURQL_SCHEMA_INDEX_STANDARD;
    if (ts) {
        int k = word_index(ts, types);
        if (k < 0)
            return bad_word(c, get(v, "type"), "type", what, types);
        kind = k == 5 ? SURQL_SCHEMA_INDEX_FULLTEXT : k;
    }
    const char *const *keys = kind == SURQL_SCHEMA_INDEX_FULLTEXT ? index_keys_ft
                              : kind == SURQL_SCHEMA_INDEX_HNSW   ? index_keys_hnsw
                              : kind == SURQL_SCHEMA_INDEX_MTREE  ? index_keys_mtree
                                                                  : index_keys_std;
    if ((rc = check_keys(c, v, keys, what)))
        return rc;
    const char **cols = NULL;
    size_t ncols = 0;
    surql_schema_index *x = NULL;
    if ((rc = get_list(c, v, "columns", &cols, &ncols, what)))
        return rc;
    const sn *at = get(v, "columns") ? get(v, "columns") : v;
    if (kind == SURQL_SCHEMA_INDEX_STANDARD || kind == SURQL_SCHEMA_INDEX_UNIQUE) {
        rc = surql_schema_index_new(&x, key->text, (surql_schema_index_kind)kind, cols, ncols);
    } else if (!ncols) {
        rc = ld_err(c, v, SURQL_ESCHEMA, "%s needs 'columns'", what);
        goto fail;
    } else if (kind == SURQL_SCHEMA_INDEX_FULLTEXT) {
        surql_schema_fulltext_options fo = SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT;
        if ((rc = get_text(c, v, "analyzer", &fo.analyzer, what)) ||
            (rc = get_bool(c, v, "highlights", &fo.highlights, what)))
            goto fail;
        const sn *bm = get(v, "bm25");
        if (bm && scalar_bool(bm, &fo.bm25) != 0) {
            const sn *k1 = bm->kind == SN_SEQ && bm->n == 2 ? bm->items[0] : get(bm, "k1");
            const sn *bb = bm->kind == SN_SEQ && bm->n == 2 ? bm->items[1] : get(bm, "b");
            if ((bm->kind == SN_MAP && (rc = check_keys(c, bm, (const char *const[]){ "k1", "b", NULL },
                                                        "bm25"))))
                goto fail;
            if (scalar_double(k1, &fo.bm25_k1) != 0 || scalar_double(bb, &fo.bm25_b) != 0) {
                rc = ld_err(c, bm, SURQL_EPARSE,
                            "'bm25' of %s must be true, false, [k1, b] or {k1: .., b: ..}", what);
                goto fail;
            }
            fo.bm25 = 1;
        }
        rc = surql_schema_index_fulltext(&x, key->text, cols[0], &fo);
    } else {
        surql_schema_vector_options vo = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
        const char *s = NULL;
        if ((rc = get_uint(c, v, "dimension", &vo.dimension, what)) ||
            (rc = get_uint(c, v, "minkowski_order", &vo.minkowski_order, what)) ||
            (rc = get_uint(c, v, "capacity", &vo.capacity, what)) ||
            (rc = get_uint(c, v, "efc", &vo.efc, what)) || (rc = get_uint(c, v, "m", &vo.m, what)) ||
            (rc = get_uint(c, v, "m0", &vo.m0, what)) || (rc = get_double(c, v, "lm", &vo.lm, what)))
            goto fail;
        if ((rc = get_text(c, v, "distance", &s, what)))
            goto fail;
        if (s) {
            int d = word_index(s, dist_names);
            if (d < 0) {
                rc = bad_word(c, get(v, "distance"), "distance", what, dist_names);
                goto fail;
            }
            vo.distance = (surql_schema_distance)(d + 1);
        }
        if ((rc = get_text(c, v, "vector_type", &s, what)))
            goto fail;
        if (s) {
            int d = word_index(s, vec_names);
            if (d < 0) {
                rc = bad_word(c, get(v, "vector_type"), "vector_type", what, vec_names);
                goto fail;
            }
            vo.type = (surql_schema_vector_type)(d + 1);
        }
        rc = kind == SURQL_SCHEMA_INDEX_HNSW ? surql_schema_index_hnsw(&x, key->text, cols[0], &vo)
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
    const char *cm = NULL;
    if ((rc = get_text(c, v, "comment", &cm, what)))
        goto fail;
    if (cm)
        STEP(surql_schema_index, x, get(v, "comment"), surql_schema_index_with_comment(&nv_, x, cm));
    free(cols);
    *out = x;
    return SURQL_OK;
fail:
    free(cols);
    surql_schema_index_unref(x);
    return rc;
}

static int load_event(const ld *c, const sn *key, const sn *v, const char *tname,
                      surql_schema_event **out)
{
    static const char *const keys[] = { "when", "then", "comment", NULL };
    char what[600];
    snprintf(what, sizeof what, "event '%s' of table '%s'", key->text, tname);
    int rc;
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs 'then'", what);
    if ((rc = need_map(c, v, what)) || (rc = check_keys(c, v, keys, what)))
        return rc;
    const char *when = NULL, *then = NULL, *cm = NULL;
    if ((rc = get_text(c, v, "when", &when, what)) || (rc = get_text(c, v, "then", &then, what)) ||
        (rc = get_text(c, v, "comment", &cm, what)))
        return rc;
    surql_schema_event *e = NULL;
    if ((rc = surql_schema_event_new(&e, key->text, when, then)))
        return ld_wrap(c, get(v, "then") ? get(v, "then") : v, rc);
    if (cm)
        STEP(surql_schema_event, e, get(v, "comment"), surql_schema_event_with_comment(&nv_, e, cm));
    *out = e;
    return SURQL_OK;
fail:
    surql_schema_event_unref(e);
    return rc;
}

/* ---- tables and edges --------------------------------------------------- */

static const char *const table_keys[] = { "type", "mode", "drop", "from", "to", "enforced",
                                          "changefeed", "comment", "permissions", "fields",
                                          "indexes", "events", NULL };

typedef int (*child_fn)(const ld *c, const sn *key, const sn *v, const char *tname, void **out);

static int load_children(const ld *c, const sn *sec, const char *key, const char *tname,
                         child_fn fn, void (*unref)(void *), void ***objs, size_t *n)
{
    *objs = NULL;
    *n = 0;
    if (!sec)
        return SURQL_OK;
    if (sec->kind != SN_MAP)
        return ld_err(c, sec, SURQL_EPARSE, "'%s' of table '%s' must be a mapping of names (got %s)",
                      key, tname, kind_word(sec));
    void **arr = calloc(sec->n ? sec->n : 1, sizeof *arr);
    if (!arr)
        return sq_err(SURQL_ENOMEM, "out of memory");
    int rc = SURQL_OK;
    size_t i;
    for (i = 0; !rc && i < sec->n; i++)
        rc = fn(c, sec->keys[i], sec->items[i]->kind == SN_NULL ? NULL : sec->items[i], tname,
                &arr[i]);
    if (rc) {
        for (size_t j = 0; j < sec->n; j++)
            unref(arr[j]);
        free(arr);
        return rc;
    }
    *objs = arr;
    *n = sec->n;
    return SURQL_OK;
}

static int field_fn(const ld *c, const sn *k, const sn *v, const char *t, void **o)
{
    /* a field given as `name:` (null) has no type */
    return load_field(c, k, v, t, (surql_schema_field **)o);
}
static int index_fn(const ld *c, const sn *k, const sn *v, const char *t, void **o)
{
    return load_index(c, k, v, t, (surql_schema_index **)o);
}
static int event_fn(const ld *c, const sn *k, const sn *v, const char *t, void **o)
{
    return load_event(c, k, v, t, (surql_schema_event **)o);
}
static void unref_index(void *x) { surql_schema_index_unref(x); }
static void unref_event(void *x) { surql_schema_event_unref(x); }

static int load_table(const ld *c, const sn *key, const sn *v, int edge_section,
                      surql_schema_table **out)
{
    static const char *const kinds[] = { "default", "any", "normal", "relation", NULL };
    static const char *const modes[] = { "schemafull", "schemaless", NULL };
    char what[400];
    snprintf(what, sizeof what, "%s '%s'", edge_section ? "edge" : "table", key->text);
    int rc;
    if ((rc = need_map(c, v, what)) || (rc = check_keys(c, v, table_keys, what)))
        return rc;
    const char *ks = NULL, *ms = NULL;
    if ((rc = get_text(c, v, "type", &ks, what)) || (rc = get_text(c, v, "mode", &ms, what)))
        return rc;
    int kind = edge_section ? SURQL_SCHEMA_TABLE_RELATION : SURQL_SCHEMA_TABLE_KIND_DEFAULT;
    if (ks && (kind = word_index(ks, kinds)) < 0)
        return bad_word(c, get(v, "type"), "type", what, kinds);
    int mode = 0;
    if (ms) {
        int m = word_index(ms, modes);
        if (m < 0)
            return bad_word(c, get(v, "mode"), "mode", what, modes);
        mode = m == 0 ? SURQL_SCHEMA_SCHEMAFULL : SURQL_SCHEMA_SCHEMALESS;
    }
    const char **in = NULL, **outs = NULL;
    size_t nin = 0, nout = 0;
    int enforced = 0, drop = 0;
    void **fields = NULL, **idx = NULL, **evs = NULL;
    size_t nf = 0, nx = 0, ne = 0;
    surql_schema_table *t = NULL;
    if ((rc = get_list(c, v, "from", &in, &nin, what)) ||
        (rc = get_list(c, v, "to", &outs, &nout, what)) ||
        (rc = get_bool(c, v, "enforced", &enforced, what)) ||
        (rc = get_bool(c, v, "drop", &drop, what)))
        goto fail;
    if (kind != SURQL_SCHEMA_TABLE_RELATION && (nin || nout || enforced)) {
        const sn *bad = get(v, "from") ? get(v, "from") : get(v, "to") ? get(v, "to") : get(v, "enforced");
        rc = ld_err(c, bad, SURQL_ESCHEMA, "%s: 'from', 'to' and 'enforced' need type relation",
                    what);
        goto fail;
    }
    if (edge_section && kind != SURQL_SCHEMA_TABLE_RELATION) {
        rc = surql_schema_edge_new(&t, key->text,
                                   mode == SURQL_SCHEMA_SCHEMAFULL ? SURQL_SCHEMA_EDGE_SCHEMAFULL
                                                                   : SURQL_SCHEMA_EDGE_SCHEMALESS,
                                   NULL, NULL);
    } else if (edge_section) {
        rc = surql_schema_edge_new(&t, key->text, SURQL_SCHEMA_EDGE_RELATION, NULL, NULL);
    } else {
        rc = surql_schema_table_new(&t, key->text);
    }
    if (rc) {
        rc = ld_wrap(c, key, rc);
        goto fail;
    }
    if (kind == SURQL_SCHEMA_TABLE_RELATION)
        STEP(surql_schema_table, t, v ? v : key,
             surql_schema_table_with_relation(&nv_, t, in, nin, outs, nout, enforced));
    else if (kind != SURQL_SCHEMA_TABLE_KIND_DEFAULT)
        STEP(surql_schema_table, t, get(v, "type"),
             surql_schema_table_with_kind(&nv_, t, (surql_schema_table_kind)kind));
    if (mode)
        STEP(surql_schema_table, t, get(v, "mode"),
             surql_schema_table_with_mode(&nv_, t, (surql_schema_table_mode)mode));
    if (drop)
        STEP(surql_schema_table, t, get(v, "drop"), surql_schema_table_with_drop(&nv_, t, 1));
    const sn *cf = get(v, "changefeed");
    if (cf) {
        const char *d = NULL;
        int orig = 0;
        if (cf->kind == SN_SCALAR) {
            d = cf->text;
        } else {
            static const char *const cfk[] = { "duration", "include_original", NULL };
            char w[500];
            snprintf(w, sizeof w, "the changefeed of %s", what);
            if ((rc = need_map(c, cf, w)) || (rc = check_keys(c, cf, cfk, w)) ||
                (rc = get_text(c, cf, "duration", &d, w)) ||
                (rc = get_bool(c, cf, "include_original", &orig, w)))
                goto fail;
            if (!d) {
                rc = ld_err(c, cf, SURQL_ESCHEMA, "%s needs a 'duration'", w);
                goto fail;
            }
        }
        STEP(surql_schema_table, t, cf, surql_schema_table_with_changefeed(&nv_, t, d, orig));
    }
    const char *cm = NULL;
    if ((rc = get_text(c, v, "comment", &cm, what)))
        goto fail;
    if (cm)
        STEP(surql_schema_table, t, get(v, "comment"), surql_schema_table_with_comment(&nv_, t, cm));
    if ((rc = load_perms(c, get(v, "permissions"), (void **)&t, tperm, 0, unref_table, what)))
        goto fail;
    if ((rc = load_children(c, get(v, "fields"), "fields", key->text, field_fn, unref_field, &fields,
                            &nf)) ||
        (rc = load_children(c, get(v, "indexes"), "indexes", key->text, index_fn, unref_index, &idx,
                            &nx)) ||
        (rc = load_children(c, get(v, "events"), "events", key->text, event_fn, unref_event, &evs,
                            &ne)))
        goto fail;
    if (nf)
        STEP(surql_schema_table, t, get(v, "fields"),
             surql_schema_table_with_fields(&nv_, t, (const surql_schema_field *const *)fields, nf));
    if (nx)
        STEP(surql_schema_table, t, get(v, "indexes"),
             surql_schema_table_with_indexes(&nv_, t, (const surql_schema_index *const *)idx, nx));
    if (ne)
        STEP(surql_schema_table, t, get(v, "events"),
             surql_schema_table_with_events(&nv_, t, (const surql_schema_event *const *)evs, ne));
    *out = t;
    t = NULL;
fail:
    for (size_t i = 0; i < nf; i++)
        surql_schema_field_unref(fields[i]);
    for (size_t i = 0; i < nx; i++)
        surql_schema_index_unref(idx[i]);
    for (size_t i = 0; i < ne; i++)
        surql_schema_event_unref(evs[i]);
    free(fields);
    free(idx);
    free(evs);
    free(in);
    free(outs);
    surql_schema_table_unref(t);
    return rc;
}

/* ---- database-level definitions ----------------------------------------- */

static int load_access(const ld *c, const sn *key, const sn *v, surql_schema_access **out)
{
    static const char *const keys[] = { "type", "signup", "signin", "authenticate", "algorithm",
                                        "key", "url", "issuer_key", "duration", "comment", NULL };
    static const char *const kinds[] = { "record", "jwt", NULL };
    char what[400];
    snprintf(what, sizeof what, "access '%s'", key->text);
    int rc;
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs a 'type' (record or jwt)", what);
    if ((rc = need_map(c, v, what)) || (rc = check_keys(c, v, keys, what)))
        return rc;
    const char *ty = NULL, *su = NULL, *si = NULL, *au = NULL, *alg = NULL, *k = NULL, *url = NULL,
               *ik = NULL, *cm = NULL, *tok = NULL, *ses = NULL;
    if ((rc = get_text(c, v, "type", &ty, what)) || (rc = get_text(c, v, "signup", &su, what)) ||
        (rc = get_text(c, v, "signin", &si, what)) ||
        (rc = get_text(c, v, "authenticate", &au, what)) ||
        (rc = get_text(c, v, "algorithm", &alg, what)) || (rc = get_text(c, v, "key", &k, what)) ||
        (rc = get_text(c, v, "url", &url, what)) || (rc = get_text(c, v, "issuer_key", &ik, what)) ||
        (rc = get_text(c, v, "comment", &cm, what)))
        return rc;
    int kind = ty ? word_index(ty, kinds) : -1;
    if (kind < 0)
        return ty ? bad_word(c, get(v, "type"), "type", what, kinds)
                  : ld_err(c, v, SURQL_EPARSE, "%s needs a 'type' (record or jwt)", what);
    const sn *du = get(v, "duration");
    if (du) {
        static const char *const dk[] = { "token", "session", NULL };
        char w[500];
        snprintf(w, sizeof w, "the duration of %s", what);
        if ((rc = need_map(c, du, w)) || (rc = check_keys(c, du, dk, w)) ||
            (rc = get_text(c, du, "token", &tok, w)) || (rc = get_text(c, du, "session", &ses, w)))
            return rc;
    }
    surql_schema_access *a = NULL;
    if (kind == 1) {
        if (su || si) {
            const sn *bad = su ? get(v, "signup") : get(v, "signin");
            return ld_err(c, bad, SURQL_ESCHEMA, "%s: signup/signin need type record", what);
        }
        rc = surql_schema_access_jwt(&a, key->text, alg, k, url);
    } else {
        rc = surql_schema_access_record(&a, key->text, su, si);
        if (!rc && (alg || k || url)) {
            surql_schema_access *n = NULL;
            rc = surql_schema_access_with_jwt(&n, a, alg, k, url);
            surql_schema_access_unref(a);
            a = n;
        }
    }
    if (rc)
        return ld_wrap(c, v, rc);
    if (ik)
        STEP(surql_schema_access, a, get(v, "issuer_key"),
             surql_schema_access_with_issuer_key(&nv_, a, ik));
    if (au)
        STEP(surql_schema_access, a, get(v, "authenticate"),
             surql_schema_access_with_authenticate(&nv_, a, au));
    if (tok || ses)
        STEP(surql_schema_access, a, du, surql_schema_access_with_durations(&nv_, a, tok, ses));
    if (cm)
        STEP(surql_schema_access, a, get(v, "comment"), surql_schema_access_with_comment(&nv_, a, cm));
    *out = a;
    return SURQL_OK;
fail:
    surql_schema_access_unref(a);
    return rc;
}

static int load_param(const ld *c, const sn *key, const sn *v, surql_schema_param **out)
{
    static const char *const keys[] = { "value", "permissions", "comment", NULL };
    char what[400];
    snprintf(what, sizeof what, "param '%s'", key->text);
    int rc;
    const sn *val = v;
    const char *perm = NULL, *cm = NULL;
    if (v && v->kind == SN_SEQ)
        return ld_err(c, v, SURQL_EPARSE, "%s must be an expression or a mapping (got a list)",
                      what);
    if (v && v->kind == SN_MAP) {
        if ((rc = check_keys(c, v, keys, what)) || (rc = get_text(c, v, "permissions", &perm, what)) ||
            (rc = get_text(c, v, "comment", &cm, what)))
            return rc;
        val = get(v, "value");
    }
    if (!val)
        return ld_err(c, v ? v : key, SURQL_ESCHEMA, "%s needs a 'value'", what);
    surql_schema_param *p = NULL;
    if (val->kind == SN_SCALAR) {
        rc = surql_schema_param_new(&p, key->text, val->text);
    } else {
        surql_value *dv = NULL;
        if ((rc = data_value(c, val, &dv)))
            return rc;
        rc = surql_schema_param_new_value(&p, key->text, dv);
        surql_value_unref(dv);
    }
    if (rc)
        return ld_wrap(c, val, rc);
    if (perm)
        STEP(surql_schema_param, p, get(v, "permissions"),
             surql_schema_param_with_permission(&nv_, p, perm));
    if (cm)
        STEP(surql_schema_param, p, get(v, "comment"), surql_schema_param_with_comment(&nv_, p, cm));
    *out = p;
    return SURQL_OK;
fail:
    surql_schema_param_unref(p);
    return rc;
}

static int load_function(const ld *c, const sn *key, const sn *v, surql_schema_function **out)
{
    static const char *const keys[] = { "args", "returns", "body", "permissions", "comment", NULL };
    char what[400];
    snprintf(what, sizeof what, "function '%s'", key->text);
    int rc;
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs a 'body'", what);
    if ((rc = need_map(c, v, what)) || (rc = check_keys(c, v, keys, what)))
        return rc;
    const char *ret = NULL, *body = NULL, *perm = NULL, *cm = NULL;
    if ((rc = get_text(c, v, "returns", &ret, what)) || (rc = get_text(c, v, "body", &body, what)) ||
        (rc = get_text(c, v, "permissions", &perm, what)) ||
        (rc = get_text(c, v, "comment", &cm, what)))
        return rc;
    const sn *args = get(v, "args");
    char w[500];
    snprintf(w, sizeof w, "the args of %s", what);
    if ((rc = need_map(c, args, w)))
        return rc;
    surql_schema_function *f = NULL;
    if ((rc = surql_schema_function_new(&f, key->text, body)))
        return ld_wrap(c, get(v, "body") ? get(v, "body") : v, rc);
    for (size_t i = 0; args && i < args->n; i++) {
        const sn *ty = args->items[i];
        if (ty->kind != SN_SCALAR) {
            rc = ld_err(c, ty, SURQL_EPARSE, "argument '%s' of %s: expected a type",
                        args->keys[i]->text, what);
            goto fail;
        }
        STEP(surql_schema_function, f, ty,
             surql_schema_function_with_arg(&nv_, f, args->keys[i]->text, ty->text));
    }
    if (ret)
        STEP(surql_schema_function, f, get(v, "returns"),
             surql_schema_function_with_returns(&nv_, f, ret));
    if (perm)
        STEP(surql_schema_function, f, get(v, "permissions"),
             surql_schema_function_with_permission(&nv_, f, perm));
    if (cm)
        STEP(surql_schema_function, f, get(v, "comment"),
             surql_schema_function_with_comment(&nv_, f, cm));
    *out = f;
    return SURQL_OK;
fail:
    surql_schema_function_unref(f);
    return rc;
}

static int load_analyzer(const ld *c, const sn *key, const sn *v, surql_schema_analyzer **out)
{
    static const char *const keys[] = { "tokenizers", "filters", "function", "comment", NULL };
    char what[400];
    snprintf(what, sizeof what, "analyzer '%s'", key->text);
    int rc;
    if ((rc = need_map(c, v, what)) || (rc = check_keys(c, v, keys, what)))
        return rc;
    const char *fn = NULL, *cm = NULL, **tok = NULL, **fil = NULL;
    size_t nt = 0, nfl = 0;
    surql_schema_analyzer *a = NULL;
    if ((rc = get_text(c, v, "function", &fn, what)) || (rc = get_text(c, v, "comment", &cm, what)) ||
        (rc = get_list(c, v, "tokenizers", &tok, &nt, what)) ||
        (rc = get_list(c, v, "filters", &fil, &nfl, what)))
        goto fail;
    if ((rc = surql_schema_analyzer_new(&a, key->text))) {
        rc = ld_wrap(c, key, rc);
        goto fail;
    }
    if (nt)
        STEP(surql_schema_analyzer, a, get(v, "tokenizers"),
             surql_schema_analyzer_with_tokenizers(&nv_, a, tok, nt));
    if (nfl)
        STEP(surql_schema_analyzer, a, get(v, "filters"),
             surql_schema_analyzer_with_filters(&nv_, a, fil, nfl));
    if (fn)
        STEP(surql_schema_analyzer, a, get(v, "function"),
             surql_schema_analyzer_with_function(&nv_, a, fn));
    if (cm)
        STEP(surql_schema_analyzer, a, get(v, "comment"),
             surql_schema_analyzer_with_comment(&nv_, a, cm));
    *out = a;
    a = NULL;
fail:
    free(tok);
    free(fil);
    surql_schema_analyzer_unref(a);
    return rc;
}

/* ---- the document ------------------------------------------------------- */

static const char *const top_keys[] = { "version", "analyzers", "functions", "params",
                                        "accesses", "tables", "edges", NULL };

static int load_doc(surql_schema **out, const sn *root, const char *file)
{
    ld cc = { file }, *c = &cc;
    *out = NULL;
    int rc;
    surql_schema *s = NULL;
    if ((rc = surql_schema_new(&s)))
        return rc;
    if (root->kind == SN_NULL) {
        *out = s;
        return SURQL_OK;
    }
    if ((rc = need_map(c, root, "a schema document")) ||
        (rc = check_keys(c, root, top_keys, "the schema document")))
        goto fail;
    const sn *ver = get(root, "version");
    unsigned vn = 0;
    if (ver && (scalar_uint(ver, &vn) != 0 || vn != SURQL_SCHEMA_FILE_VERSION)) {
        rc = ld_err(c, ver, SURQL_EUNSUPPORTED,
                    "unsupported schema file version '%s' (this library reads version %d)",
                    ver->kind == SN_SCALAR ? ver->text : "?", SURQL_SCHEMA_FILE_VERSION);
        goto fail;
    }
    static const char *const sections[] = { "analyzers", "functions", "params", "accesses",
                                            "tables", "edges" };
    for (int sec = 0; sec < 6; sec++) {
        const sn *m = get(root, sections[sec]);
        if (!m)
            continue;
        char what[64];
        snprintf(what, sizeof what, "'%s'", sections[sec]);
        if (m->kind != SN_MAP) {
            rc = ld_err(c, m, SURQL_EPARSE, "%s must be a mapping of names (got %s)", what,
                        kind_word(m));
            goto fail;
        }
        for (size_t i = 0; i < m->n; i++) {
            const sn *k = m->keys[i], *v = m->items[i]->kind == SN_NULL ? NULL : m->items[i];
            switch (sec) {
            case 0: {
                surql_schema_analyzer *a = NULL;
                if ((rc = load_analyzer(c, k, v, &a)))
                    goto fail;
                STEP(surql_schema, s, k, surql_schema_with_analyzer(&nv_, s, a));
                surql_schema_analyzer_unref(a);
                break;
            }
            case 1: {
                surql_schema_function *f = NULL;
                if ((rc = load_function(c, k, v, &f)))
                    goto fail;
                surql_schema *ns = NULL;
                rc = surql_schema_with_function(&ns, s, f);
                surql_schema_function_unref(f);
                if (rc) {
                    rc = ld_wrap(c, k, rc);
                    goto fail;
                }
                surql_schema_unref(s);
                s = ns;
                break;
            }
            case 2: {
                surql_schema_param *p = NULL;
                if ((rc = load_param(c, k, v, &p)))
                    goto fail;
                surql_schema *ns = NULL;
                rc = surql_schema_with_param(&ns, s, p);
                surql_schema_param_unref(p);
                if (rc) {
                    rc = ld_wrap(c, k, rc);
                    goto fail;
                }
                surql_schema_unref(s);
                s = ns;
                break;
            }
            case 3: {
                surql_schema_access *a = NULL;
                if ((rc = load_access(c, k, v, &a)))
                    goto fail;
                surql_schema *ns = NULL;
                rc = surql_schema_with_access(&ns, s, a);
                surql_schema_access_unref(a);
                if (rc) {
                    rc = ld_wrap(c, k, rc);
                    goto fail;
                }
                surql_schema_unref(s);
                s = ns;
                break;
            }
            default: {
                if (surql_schema_get_table(s, k->text)) {
                    rc = ld_err(c, k, SURQL_ESCHEMA_CONFLICT,
                                "'%s' is defined both under 'tables' and under 'edges'", k->text);
                    goto fail;
                }
                surql_schema_table *t = NULL;
                if ((rc = load_table(c, k, v, sec == 5, &t)))
                    goto fail;
                surql_schema *ns = NULL;
                rc = surql_schema_with_table(&ns, s, t);
                surql_schema_table_unref(t);
                if (rc) {
                    rc = ld_wrap(c, k, rc);
                    goto fail;
                }
                surql_schema_unref(s);
                s = ns;
                break;
            }
            }
        }
    }
    *out = s;
    return SURQL_OK;
fail:
    surql_schema_unref(s);
    return rc;
}

int surql_schema_from_yaml(surql_schema **out, const char *text, size_t len, const char *name)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!text && len)
        return sq_err(SURQL_EINVAL, "text is NULL");
    sn *root = NULL;
    int rc = sq_yaml_read(&root, text, len, name);
    if (!rc)
        rc = load_doc(out, root, name ? name : "<yaml>");
    sn_free(root);
    return rc;
}

int surql_schema_from_json(surql_schema **out, const char *text, size_t len, const char *name)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!text && len)
        return sq_err(SURQL_EINVAL, "text is NULL");
    sn *root = NULL;
    surql_value *json = NULL;
    int rc = sq_json_read(&root, &json, text, len, name);
    if (!rc)
        rc = load_doc(out, root, name ? name : "<json>");
    sn_free(root);
    surql_value_unref(json);
    return rc;
}
