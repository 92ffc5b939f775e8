/* Export of a model as a YAML or JSON schema document (docs/schema-files.md):
 * the model is turned into a plain value tree, written by sq_yaml_write() or
 * surql_value_to_json(). Defaults are left out; key order is fixed. */
#include "canon-internal.h"
#include "model-internal.h"
#include "sdoc-internal.h"

#include <stdio.h>
#include <string.h>

#include <surql/schema/files.h>

typedef struct ex {
    int rc;
} ex;

static void fail(ex *e, int rc)
{
    if (!e->rc)
        e->rc = rc ? rc : SURQL_ENOMEM;
}

static surql_value *obj(ex *e)
{
    surql_value *o = surql_value_object();
    if (!o)
        fail(e, SURQL_ENOMEM);
    return o;
}

static void put(ex *e, surql_value *o, const char *k, surql_value *v)
{
    if (e->rc || !o) {
        surql_value_unref(v);
        return;
    }
    int rc = surql_value_object_set_take(o, k, v);
    if (rc)
        fail(e, rc);
}

static void put_str(ex *e, surql_value *o, const char *k, const char *s)
{
    if (s)
        put(e, o, k, surql_value_string(s));
}

static void put_bool(ex *e, surql_value *o, const char *k, int b)
{
    if (b)
        put(e, o, k, surql_value_bool(1));
}

static void put_uint(ex *e, surql_value *o, const char *k, unsigned u)
{
    if (u)
        put(e, o, k, surql_value_int((int64_t)u));
}

/* a list of names: one name as a string, several as a list */
static void put_names(ex *e, surql_value *o, const char *k, size_t n,
                      const char *(*at)(const void *, size_t), const void *src)
{
    if (n == 0)
        return;
    if (n == 1) {
        put_str(e, o, k, at(src, 0));
        return;
    }
    surql_value *a = surql_value_array();
    for (size_t i = 0; a && i < n; i++)
        if (surql_value_array_push_take(a, surql_value_string(at(src, i))))
            fail(e, SURQL_ENOMEM);
    if (!a)
        fail(e, SURQL_ENOMEM);
    put(e, o, k, a);
}

static const char *tin(const void *t, size_t i) { return surql_schema_table_in_at(t, i); }
static const char *tout(const void *t, size_t i) { return surql_schema_table_out_at(t, i); }
static const char *icol(const void *x, size_t i) { return surql_schema_index_column(x, i); }
static const char *atok(const void *a, size_t i) { return surql_schema_analyzer_tokenizer(a, i); }
static const char *afil(const void *a, size_t i) { return surql_schema_analyzer_filter(a, i); }

static void put_list(ex *e, surql_value *o, const char *k, size_t n,
                     const char *(*at)(const void *, size_t), const void *src)
{
    if (n == 1) { /* keep lists as lists */
        surql_value *a = surql_value_array();
        if (!a || surql_value_array_push_take(a, surql_value_string(at(src, 0))))
            fail(e, SURQL_ENOMEM);
        put(e, o, k, a);
        return;
    }
    put_names(e, o, k, n, at, src);
}

/* 1 when v is made of JSON types only (so the file can hold it as data) */
static int plain_data(const surql_value *v)
{
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_NULL:
    case SURQL_VALUE_BOOL:
    case SURQL_VALUE_INT:
    case SURQL_VALUE_STRING: return 1;
    case SURQL_VALUE_FLOAT: {
        double d = 0;
        surql_value_get_float(v, &d);
        return d == d && d < 1e308 && d > -1e308;
    }
    case SURQL_VALUE_ARRAY:
    case SURQL_VALUE_OBJECT: {
        surql_value_iter it;
        if (surql_value_iter_init(&it, v))
            return 0;
        while (surql_value_iter_next(&it) == SURQL_OK)
            if (!plain_data(it.value))
                return 0;
        return 1;
    }
    default: return 0;
    }
}

/* an expression given as a value: data when it is a plain collection, else SurrealQL text */
static void put_value(ex *e, surql_value *o, const char *k, const surql_value *v)
{
    surql_value_type t = surql_value_type_of(v);
    if ((t == SURQL_VALUE_ARRAY || t == SURQL_VALUE_OBJECT) && plain_data(v)) {
        put(e, o, k, surql_value_ref(v));
        return;
    }
    surql_buf b = SURQL_BUF_INIT;
    int rc = surql_value_to_surql(v, &b, 0);
    if (rc)
        fail(e, rc);
    else
        put_str(e, o, k, surql_buf_cstr(&b));
    surql_buf_dispose(&b);
}

static void put_perms(ex *e, surql_value *o, const char *(*get)(const void *, surql_schema_perm_op),
                      const void *src, int nops)
{
    static const char *const names[] = { "select", "create", "update", "delete" };
    static const surql_schema_perm_op ops[] = { SURQL_SCHEMA_PERM_SELECT, SURQL_SCHEMA_PERM_CREATE,
                                                SURQL_SCHEMA_PERM_UPDATE, SURQL_SCHEMA_PERM_DELETE };
    const char *r[4] = { NULL, NULL, NULL, NULL };
    int any = 0, same = 1;
    for (int i = 0; i < nops; i++) {
        r[i] = get(src, ops[i]);
        any |= r[i] != NULL;
        if (!r[i] || (i && (!r[0] || strcmp(r[i], r[0]) != 0)))
            same = 0;
    }
    if (!any)
        return;
    if (same) {
        put_str(e, o, "permissions", r[0]);
        return;
    }
    surql_value *p = obj(e);
    for (int i = 0; i < nops; i++)
        put_str(e, p, names[i], r[i]);
    put(e, o, "permissions", p);
}

static const char *tperm(const void *t, surql_schema_perm_op op)
{
    return surql_schema_table_permission(t, op);
}
static const char *fperm(const void *f, surql_schema_perm_op op)
{
    return surql_schema_field_permission(f, op);
}

static surql_value *field_node(ex *e, const surql_schema_field *f)
{
    const char *type = surql_schema_field_type(f);
    int only_type = !surql_schema_field_assert(f) && !surql_schema_field_default(f) &&
                    !surql_schema_field_default_value(f) && !surql_schema_field_value(f) &&
                    !surql_schema_field_computed(f) && !surql_schema_field_readonly(f) &&
                    !surql_schema_field_flexible(f) && !surql_schema_field_comment(f) &&
                    !surql_schema_field_renamed_from(f) &&
                    !surql_schema_field_permission(f, SURQL_SCHEMA_PERM_SELECT) &&
                    !surql_schema_field_permission(f, SURQL_SCHEMA_PERM_CREATE) &&
                    !surql_schema_field_permission(f, SURQL_SCHEMA_PERM_UPDATE);
    if (only_type)
        return type ? surql_value_string(type) : surql_value_null();
    surql_value *o = obj(e);
    put_str(e, o, "type", type);
    put_str(e, o, "default", surql_schema_field_default(f));
    if (surql_schema_field_default_value(f))
        put_value(e, o, "default", surql_schema_field_default_value(f));
    put_bool(e, o, "default_always", surql_schema_field_default_always(f) &&
                                         (surql_schema_field_default(f) ||
                                          surql_schema_field_default_value(f)));
    put_bool(e, o, "readonly", surql_schema_field_readonly(f));
    put_bool(e, o, "flexible", surql_schema_field_flexible(f));
    put_str(e, o, "value", surql_schema_field_value(f));
    put_str(e, o, "assert", surql_schema_field_assert(f));
    put_str(e, o, "computed", surql_schema_field_computed(f));
    put_str(e, o, "comment", surql_schema_field_comment(f));
    put_perms(e, o, fperm, f, 3);
    put_str(e, o, "renamed_from", surql_schema_field_renamed_from(f));
    return o;
}

static surql_value *index_node(ex *e, const surql_schema_index *x)
{
    static const char *const kinds[] = { "standard", "unique", "fulltext", "mtree", "hnsw" };
    surql_value *o = obj(e);
    surql_schema_index_kind k = surql_schema_index_get_kind(x);
    if (k != SURQL_SCHEMA_INDEX_STANDARD && (unsigned)k < 5)
        put_str(e, o, "type", kinds[k]);
    put_list(e, o, "columns", surql_schema_index_column_count(x), icol, x);
    if (k == SURQL_SCHEMA_INDEX_FULLTEXT) {
        surql_schema_fulltext_options fo;
        surql_schema_index_fulltext_get(x, &fo);
        put_str(e, o, "analyzer", fo.analyzer);
        if (fo.bm25_k1 != 0 || fo.bm25_b != 0) {
            surql_value *a = surql_value_array();
            if (!a || surql_value_array_push_take(a, surql_value_float(fo.bm25_k1)) ||
                surql_value_array_push_take(a, surql_value_float(fo.bm25_b)))
                fail(e, SURQL_ENOMEM);
            put(e, o, "bm25", a);
        } else {
            put_bool(e, o, "bm25", fo.bm25);
        }
        put_bool(e, o, "highlights", fo.highlights);
    } else if (k == SURQL_SCHEMA_INDEX_HNSW || k == SURQL_SCHEMA_INDEX_MTREE) {
        surql_schema_vector_options vo;
        surql_schema_index_vector(x, &vo);
        char lower[32];
        put_uint(e, o, "dimension", vo.dimension);
        const char *d = surql_schema_distance_name(vo.distance);
        if (d) {
            size_t i = 0;
            for (; d[i] && i < sizeof lower - 1; i++)
                lower[i] = (char)(d[i] >= 'A' && d[i] <= 'Z' ? d[i] + 32 : d[i]);
            lower[i] = '\0';
            put_str(e, o, "distance", lower);
        }
        put_uint(e, o, "minkowski_order", vo.minkowski_order);
        const char *t = surql_schema_vector_type_name(vo.type);
        if (t) {
            size_t i = 0;
            for (; t[i] && i < sizeof lower - 1; i++)
                lower[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
            lower[i] = '\0';
            put_str(e, o, "vector_type", lower);
        }
        put_uint(e, o, "capacity", vo.capacity);
        put_uint(e, o, "efc", vo.efc);
        put_uint(e, o, "m", vo.m);
        put_uint(e, o, "m0", vo.m0);
        if (vo.lm != 0)
            put(e, o, "lm", surql_value_float(vo.lm));
    }
    put_str(e, o, "comment", surql_schema_index_comment(x));
    return o;
}

static surql_value *table_node(ex *e, const surql_schema_table *t)
{
    surql_value *o = obj(e);
    int edge = surql_schema_table_is_edge(t);
    surql_schema_table_kind k = surql_schema_table_get_kind(t);
    static const char *const kinds[] = { "default", "any", "normal", "relation" };
    if ((unsigned)k < 4 && (edge ? k != SURQL_SCHEMA_TABLE_RELATION
                                 : k != SURQL_SCHEMA_TABLE_KIND_DEFAULT))
        put_str(e, o, "type", kinds[k]);
    if (k == SURQL_SCHEMA_TABLE_RELATION) {
        put_names(e, o, "from", surql_schema_table_in_count(t), tin, t);
        put_names(e, o, "to", surql_schema_table_out_count(t), tout, t);
        put_bool(e, o, "enforced", surql_schema_table_enforced(t));
    }
    surql_schema_table_mode m = surql_schema_table_get_mode(t);
    if (edge ? m == SURQL_SCHEMA_SCHEMAFULL : m != SURQL_SCHEMA_SCHEMAFULL)
        put_str(e, o, "mode", m == SURQL_SCHEMA_SCHEMAFULL ? "schemafull" : "schemaless");
    put_bool(e, o, "drop", surql_schema_table_drop(t));
    const char *cf = surql_schema_table_changefeed(t);
    if (cf && surql_schema_table_changefeed_original(t)) {
        surql_value *c = obj(e);
        put_str(e, c, "duration", cf);
        put_bool(e, c, "include_original", 1);
        put(e, o, "changefeed", c);
    } else {
        put_str(e, o, "changefeed", cf);
    }
    put_str(e, o, "comment", surql_schema_table_comment(t));
    put_perms(e, o, tperm, t, 4);
    size_t n = surql_schema_table_field_count(t);
    if (n) {
        surql_value *fs = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_field *f = surql_schema_table_field_at(t, i);
            if (!sq_field_is_implied(t, f))
                put(e, fs, surql_schema_field_name(f), field_node(e, f));
        }
        if (surql_value_length(fs))
            put(e, o, "fields", fs);
        else
            surql_value_unref(fs);
    }
    if ((n = surql_schema_table_index_count(t))) {
        surql_value *xs = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_index *x = surql_schema_table_index_at(t, i);
            put(e, xs, surql_schema_index_name(x), index_node(e, x));
        }
        put(e, o, "indexes", xs);
    }
    if ((n = surql_schema_table_event_count(t))) {
        surql_value *es = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_event *ev = surql_schema_table_event_at(t, i);
            surql_value *eo = obj(e);
            const char *w = surql_schema_event_when(ev);
            if (w && strcmp(w, "true") != 0)
                put_str(e, eo, "when", w);
            put_str(e, eo, "then", surql_schema_event_then(ev));
            put_str(e, eo, "comment", surql_schema_event_comment(ev));
            put(e, es, surql_schema_event_name(ev), eo);
        }
        put(e, o, "events", es);
    }
    return o;
}

static surql_value *access_node(ex *e, const surql_schema_access *a)
{
    surql_value *o = obj(e);
    int rec = surql_schema_access_get_kind(a) == SURQL_SCHEMA_ACCESS_RECORD;
    put_str(e, o, "type", rec ? "record" : "jwt");
    put_str(e, o, "signup", surql_schema_access_signup(a));
    put_str(e, o, "signin", surql_schema_access_signin(a));
    put_str(e, o, "authenticate", surql_schema_access_authenticate(a));
    const char *alg = surql_schema_access_algorithm(a), *key = surql_schema_access_key(a),
               *url = surql_schema_access_url(a);
    /* the engine gives every record access an HS512 JWT with a key it does not show */
    if (rec && !url && (!alg || strcmp(alg, "HS512") == 0) &&
        (!key || strcmp(key, "[REDACTED]") == 0))
        alg = key = NULL;
    const char *issuer = surql_schema_access_issuer_key(a);
    const char *salg = surql_schema_access_algorithm(a);
    /* for HS* the engine echoes the signing key as a redacted ISSUER KEY: not a setting */
    if (issuer && strcmp(issuer, "[REDACTED]") == 0 && (!salg || strncmp(salg, "HS", 2) == 0))
        issuer = NULL;
    put_str(e, o, "algorithm", alg);
    put_str(e, o, "key", key);
    put_str(e, o, "url", url);
    put_str(e, o, "issuer_key", issuer);
    const char *tok = surql_schema_access_token_duration(a),
               *ses = surql_schema_access_session_duration(a);
    if (tok || ses) {
        surql_value *d = obj(e);
        put_str(e, d, "token", tok);
        put_str(e, d, "session", ses);
        put(e, o, "duration", d);
    }
    put_str(e, o, "comment", surql_schema_access_comment(a));
    return o;
}

static surql_value *tree(ex *e, const surql_schema *s)
{
    surql_value *root = obj(e);
    put(e, root, "version", surql_value_int(SURQL_SCHEMA_FILE_VERSION));
    size_t n;
    if ((n = surql_schema_analyzer_count(s))) {
        surql_value *sec = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_analyzer *a = surql_schema_analyzer_at(s, i);
            surql_value *o = obj(e);
            if (surql_schema_analyzer_tokenizer_count(a))
                put_list(e, o, "tokenizers", surql_schema_analyzer_tokenizer_count(a), atok, a);
            if (surql_schema_analyzer_filter_count(a))
                put_list(e, o, "filters", surql_schema_analyzer_filter_count(a), afil, a);
            put_str(e, o, "function", surql_schema_analyzer_function(a));
            put_str(e, o, "comment", surql_schema_analyzer_comment(a));
            put(e, sec, surql_schema_analyzer_name(a), o);
        }
        put(e, root, "analyzers", sec);
    }
    if ((n = surql_schema_function_count(s))) {
        surql_value *sec = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_function *f = surql_schema_function_at(s, i);
            surql_value *o = obj(e);
            size_t na = surql_schema_function_arg_count(f);
            if (na) {
                surql_value *args = obj(e);
                for (size_t j = 0; j < na; j++) {
                    const char *an = NULL, *at = NULL;
                    surql_schema_function_arg(f, j, &an, &at);
                    put_str(e, args, an, at ? at : "any");
                }
                put(e, o, "args", args);
            }
            put_str(e, o, "returns", surql_schema_function_returns(f));
            put_str(e, o, "body", surql_schema_function_body(f));
            put_str(e, o, "permissions", surql_schema_function_permission(f));
            put_str(e, o, "comment", surql_schema_function_comment(f));
            put(e, sec, surql_schema_function_name(f), o);
        }
        put(e, root, "functions", sec);
    }
    if ((n = surql_schema_param_count(s))) {
        surql_value *sec = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_param *p = surql_schema_param_at(s, i);
            surql_value *o = obj(e);
            if (surql_schema_param_value_value(p))
                put_value(e, o, "value", surql_schema_param_value_value(p));
            else
                put_str(e, o, "value", surql_schema_param_value(p));
            put_str(e, o, "permissions", surql_schema_param_permission(p));
            put_str(e, o, "comment", surql_schema_param_comment(p));
            put(e, sec, surql_schema_param_name(p), o);
        }
        put(e, root, "params", sec);
    }
    for (int edges = 0; edges < 2; edges++) {
        surql_value *sec = obj(e);
        for (size_t i = 0; i < surql_schema_table_count(s); i++) {
            const surql_schema_table *t = surql_schema_table_at(s, i);
            if (surql_schema_table_is_edge(t) == edges)
                put(e, sec, surql_schema_table_name(t), table_node(e, t));
        }
        if (surql_value_length(sec))
            put(e, root, edges ? "edges" : "tables", sec);
        else
            surql_value_unref(sec);
    }
    if ((n = surql_schema_access_count(s))) {
        surql_value *sec = obj(e);
        for (size_t i = 0; i < n; i++) {
            const surql_schema_access *a = surql_schema_access_at(s, i);
            put(e, sec, surql_schema_access_name(a), access_node(e, a));
        }
        put(e, root, "accesses", sec);
    }
    if (e->rc) {
        surql_value_unref(root);
        return NULL;
    }
    return root;
}

int surql_schema_to_yaml(surql_buf *out, const surql_schema *s)
{
    if (!out || !s)
        return sq_err(SURQL_EINVAL, "out or schema is NULL");
    ex e = { SURQL_OK };
    surql_value *t = tree(&e, s);
    if (!t)
        return e.rc;
    size_t old = out->size;
    int rc = surql_buf_printf(out, "# surql schema file (format version %d, docs/schema-files.md)\n",
                              SURQL_SCHEMA_FILE_VERSION);
    if (!rc)
        rc = sq_yaml_write(out, t);
    surql_value_unref(t);
    if (rc)
        surql_buf_truncate(out, old);
    return rc;
}

int surql_schema_to_json(surql_buf *out, const surql_schema *s)
{
    if (!out || !s)
        return sq_err(SURQL_EINVAL, "out or schema is NULL");
    ex e = { SURQL_OK };
    surql_value *t = tree(&e, s);
    if (!t)
        return e.rc;
    size_t old = out->size;
    int rc = surql_value_to_json(t, out, SURQL_JSON_PRETTY);
    if (!rc)
        rc = surql_buf_putc(out, '\n');
    surql_value_unref(t);
    if (rc)
        surql_buf_truncate(out, old);
    return rc;
}
