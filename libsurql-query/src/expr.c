/* Expression nodes: constructors, reference counting. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query-internal.h"

int q_null_arg(void)
{
    const surql_error *e = surql_error_last();
    if (e->code == SURQL_OK)
        return QERR(SURQL_EINVAL, "NULL argument");
    return e->code;
}

surql_query_expr *qx_new(int kind)
{
    surql_query_expr *e = calloc(1, sizeof *e);
    if (!e) {
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    atomic_init(&e->refs, 1);
    e->kind = kind;
    return e;
}

surql_query_expr *surql_query_expr_ref(const surql_query_expr *e)
{
    surql_query_expr *m = (surql_query_expr *)(uintptr_t)e;
    if (m)
        atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
    return m;
}

surql_query_expr *surql_query_expr_unref(surql_query_expr *e)
{
    if (!e)
        return NULL;
    if (atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) != 1)
        return NULL;
    free(e->text);
    surql_value_unref(e->val);
    for (size_t i = 0; i < e->nkids; i++)
        surql_query_expr_unref(e->kids[i]);
    free(e->kids);
    surql_query_unref(e->sub);
    for (size_t i = 0; i < e->nparts; i++) {
        free(e->parts[i].table);
        surql_query_expr_unref(e->parts[i].target);
    }
    free(e->parts);
    free(e);
    return NULL;
}

void q_release_exprs(surql_query_expr *const *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        surql_query_expr_unref(v[i]);
}

/* node with n consumed children; any NULL child fails (releasing the rest) */
static surql_query_expr *with_kids(int kind, surql_query_expr *const *kids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!kids[i]) {
            q_null_arg();
            q_release_exprs(kids, n);
            return NULL;
        }
    }
    surql_query_expr *e = qx_new(kind);
    if (e && n) {
        e->kids = malloc(n * sizeof *e->kids);
        if (!e->kids) {
            free(e);
            e = NULL;
            QERR(SURQL_ENOMEM, "out of memory");
        }
    }
    if (!e) {
        q_release_exprs(kids, n);
        return NULL;
    }
    if (n)
        memcpy(e->kids, kids, n * sizeof *kids);
    e->nkids = n;
    return e;
}

/* ---- atoms ---------------------------------------------------------------- */

surql_query_expr *surql_query_field(const char *path)
{
    char *t = q_path_dup(path);
    if (!t)
        return NULL;
    surql_query_expr *e = qx_new(QX_FIELD);
    if (!e) {
        free(t);
        return NULL;
    }
    e->text = t;
    return e;
}

surql_query_expr *surql_query_all(void)
{
    return qx_new(QX_ALL);
}

surql_query_expr *surql_query_value_take(surql_value *v)
{
    if (!v) {
        q_null_arg();
        return NULL;
    }
    surql_query_expr *e = qx_new(QX_VALUE);
    if (!e) {
        surql_value_unref(v);
        return NULL;
    }
    e->val = v;
    return e;
}

surql_query_expr *surql_query_value(const surql_value *v)
{
    return surql_query_value_take(v ? surql_value_ref(v) : surql_value_none());
}

surql_query_expr *surql_query_int(int64_t i) { return surql_query_value_take(surql_value_int(i)); }
surql_query_expr *surql_query_float(double d) { return surql_query_value_take(surql_value_float(d)); }
surql_query_expr *surql_query_bool(int b) { return surql_query_value_take(surql_value_bool(b)); }

surql_query_expr *surql_query_str(const char *s)
{
    if (!s) {
        QERR(SURQL_EINVAL, "string is NULL");
        return NULL;
    }
    return surql_query_value_take(surql_value_string(s));
}

static surql_query_expr *keyword(const char *kw)
{
    surql_query_expr *e = qx_new(QX_KEYWORD);
    if (e && !(e->text = surql_strdup(kw))) {
        free(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

surql_query_expr *surql_query_none(void) { return keyword("NONE"); }
surql_query_expr *surql_query_null(void) { return keyword("NULL"); }

surql_query_expr *surql_query_record(const char *text)
{
    surql_value *v = NULL;
    if (surql_query_record_parse(&v, text, 1) != 0)
        return NULL;
    return surql_query_value_take(v);
}

static int plain_ascii_name(const char *s)
{
    if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (const char *p = s + 1; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return 0;
    return (size_t)(strlen(s)) <= SURQL_IDENT_MAX;
}

surql_query_expr *surql_query_param(const char *name)
{
    if (!plain_ascii_name(name)) {
        QERR(SURQL_EIDENT, "Invalid parameter name: must match [A-Za-z_][A-Za-z0-9_]*");
        return NULL;
    }
    if (name[0] == 'p' && name[1]) {
        const char *p = name + 1;
        while (isdigit((unsigned char)*p))
            p++;
        if (!*p) {
            QERR(SURQL_EIDENT, "parameter name $%s is reserved for bound values", name);
            return NULL;
        }
    }
    surql_query_expr *e = qx_new(QX_PARAM);
    if (e && !(e->text = surql_strdup(name))) {
        free(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

surql_query_expr *surql_query_raw_trusted(const char *text)
{
    if (!text || !*text) {
        QERR(SURQL_EINVAL, "trusted SurrealQL text is %s", text ? "empty" : "NULL");
        return NULL;
    }
    surql_value *chk = surql_value_string(text); /* UTF-8 check */
    if (!chk)
        return NULL;
    surql_value_unref(chk);
    surql_query_expr *e = qx_new(QX_RAW);
    if (e && !(e->text = surql_strdup(text))) {
        free(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

surql_query_expr *surql_query_array(surql_query_expr *const *items, size_t n)
{
    if (n && !items) {
        QERR(SURQL_EINVAL, "items is NULL");
        return NULL;
    }
    return with_kids(QX_ARRAY, items, n);
}

surql_query_expr *surql_query_subquery(surql_query_builder *b)
{
    if (!b) {
        q_null_arg();
        return NULL;
    }
    surql_query_expr *e = qx_new(QX_SUBQUERY);
    if (!e) {
        surql_query_unref(b);
        return NULL;
    }
    e->sub = b;
    return e;
}

/* ---- operators ------------------------------------------------------------ */

surql_query_expr *surql_query_binary(surql_query_op op, surql_query_expr *l, surql_query_expr *r)
{
    if (op < SURQL_QUERY_OP_EQ || op > SURQL_QUERY_OP_OR) {
        surql_query_expr_unref(l);
        surql_query_expr_unref(r);
        QERR(SURQL_QUERY_EARG, "unknown operator %d", (int)op);
        return NULL;
    }
    surql_query_expr *kids[2] = { l, r };
    surql_query_expr *e = with_kids(QX_BINARY, kids, 2);
    if (e)
        e->op = op;
    return e;
}

#define BINOP(fn, OP)                                                                  \
    surql_query_expr *fn(surql_query_expr *l, surql_query_expr *r)                     \
    {                                                                                  \
        return surql_query_binary(OP, l, r);                                           \
    }
BINOP(surql_query_eq, SURQL_QUERY_OP_EQ)
BINOP(surql_query_neq, SURQL_QUERY_OP_NEQ)
BINOP(surql_query_gt, SURQL_QUERY_OP_GT)
BINOP(surql_query_gte, SURQL_QUERY_OP_GTE)
BINOP(surql_query_lt, SURQL_QUERY_OP_LT)
BINOP(surql_query_lte, SURQL_QUERY_OP_LTE)
BINOP(surql_query_contains, SURQL_QUERY_OP_CONTAINS)
BINOP(surql_query_contains_not, SURQL_QUERY_OP_CONTAINSNOT)
BINOP(surql_query_contains_all, SURQL_QUERY_OP_CONTAINSALL)
BINOP(surql_query_contains_any, SURQL_QUERY_OP_CONTAINSANY)
BINOP(surql_query_inside, SURQL_QUERY_OP_INSIDE)
BINOP(surql_query_not_inside, SURQL_QUERY_OP_NOTINSIDE)
BINOP(surql_query_in, SURQL_QUERY_OP_IN)
BINOP(surql_query_not_in, SURQL_QUERY_OP_NOTIN)
BINOP(surql_query_like, SURQL_QUERY_OP_FUZZY)
BINOP(surql_query_matches, SURQL_QUERY_OP_MATCHES)
BINOP(surql_query_and, SURQL_QUERY_OP_AND)
BINOP(surql_query_or, SURQL_QUERY_OP_OR)

static surql_query_expr *fold(surql_query_op op, surql_query_expr *const *c, size_t n)
{
    if (!c || n == 0) {
        QERR(SURQL_EINVAL, "no conditions");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!c[i]) {
            q_null_arg();
            q_release_exprs(c, n);
            return NULL;
        }
    surql_query_expr *acc = c[0];
    for (size_t i = 1; i < n; i++) {
        acc = surql_query_binary(op, acc, c[i]);
        if (!acc) {
            q_release_exprs(c + i + 1, n - i - 1);
            return NULL;
        }
    }
    return acc;
}

surql_query_expr *surql_query_and_all(surql_query_expr *const *c, size_t n)
{
    return fold(SURQL_QUERY_OP_AND, c, n);
}

surql_query_expr *surql_query_or_all(surql_query_expr *const *c, size_t n)
{
    return fold(SURQL_QUERY_OP_OR, c, n);
}

surql_query_expr *surql_query_not(surql_query_expr *x)
{
    return with_kids(QX_NOT, &x, 1);
}

static surql_query_expr *postfix(surql_query_expr *x, const char *txt)
{
    surql_query_expr *e = with_kids(QX_POSTFIX, &x, 1);
    if (e && !(e->text = surql_strdup(txt))) {
        surql_query_expr_unref(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

surql_query_expr *surql_query_is_none(surql_query_expr *e) { return postfix(e, " IS NONE"); }
surql_query_expr *surql_query_is_not_none(surql_query_expr *e) { return postfix(e, " IS NOT NONE"); }
surql_query_expr *surql_query_is_null(surql_query_expr *e) { return postfix(e, " IS NULL"); }
surql_query_expr *surql_query_is_not_null(surql_query_expr *e) { return postfix(e, " IS NOT NULL"); }

/* ---- functions ------------------------------------------------------------ */

static int valid_fn_name(const char *name)
{
    if (!name || !*name || strlen(name) > 256)
        return 0;
    const char *p = name;
    for (;;) {
        if (!(isalpha((unsigned char)*p) || *p == '_'))
            return 0;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        if (!*p)
            return 1;
        if (p[0] != ':' || p[1] != ':')
            return 0;
        p += 2;
    }
}

surql_query_expr *surql_query_fn(const char *name, surql_query_expr *const *args, size_t n)
{
    if (!valid_fn_name(name)) {
        q_release_exprs(args, n);
        QERR(SURQL_EIDENT, "Invalid function name: expected ns::name (letters, digits, _)");
        return NULL;
    }
    if (n && !args) {
        QERR(SURQL_EINVAL, "args is NULL");
        return NULL;
    }
    surql_query_expr *e = with_kids(QX_FN, args, n);
    if (e && !(e->text = surql_strdup(name))) {
        surql_query_expr_unref(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

surql_query_expr *surql_query_fn0(const char *name) { return surql_query_fn(name, NULL, 0); }

surql_query_expr *surql_query_fn1(const char *name, surql_query_expr *a)
{
    return surql_query_fn(name, &a, 1);
}

surql_query_expr *surql_query_fn2(const char *name, surql_query_expr *a, surql_query_expr *b)
{
    surql_query_expr *v[2] = { a, b };
    return surql_query_fn(name, v, 2);
}

surql_query_expr *surql_query_count(void) { return surql_query_fn0("count"); }
surql_query_expr *surql_query_count_of(surql_query_expr *e) { return surql_query_fn1("count", e); }
surql_query_expr *surql_query_sum(surql_query_expr *e) { return surql_query_fn1("math::sum", e); }
surql_query_expr *surql_query_avg(surql_query_expr *e) { return surql_query_fn1("math::mean", e); }
surql_query_expr *surql_query_min(surql_query_expr *e) { return surql_query_fn1("math::min", e); }
surql_query_expr *surql_query_max(surql_query_expr *e) { return surql_query_fn1("math::max", e); }
surql_query_expr *surql_query_upper(surql_query_expr *e) { return surql_query_fn1("string::uppercase", e); }
surql_query_expr *surql_query_lower(surql_query_expr *e) { return surql_query_fn1("string::lowercase", e); }
surql_query_expr *surql_query_array_len(surql_query_expr *e) { return surql_query_fn1("array::len", e); }
surql_query_expr *surql_query_time_now(void) { return surql_query_fn0("time::now"); }
surql_query_expr *surql_query_rand_uuid(void) { return surql_query_fn0("rand::uuid"); }

surql_query_expr *surql_query_concat(surql_query_expr *const *parts, size_t n)
{
    return surql_query_fn("string::concat", parts, n);
}

surql_query_expr *surql_query_round(surql_query_expr *e, int digits)
{
    if (digits < 0)
        return surql_query_fn1("math::round", e);
    return surql_query_fn2("math::fixed", e, surql_query_int(digits));
}

static const char *const cast_types[] = { "bool", "int", "float", "decimal", "number",
                                          "string", "datetime", "duration", "uuid", "record",
                                          "array", "object", "bytes", "set", NULL };

surql_query_expr *surql_query_cast(const char *type, surql_query_expr *x)
{
    const char *found = NULL;
    for (size_t i = 0; type && cast_types[i]; i++)
        if (strcmp(type, cast_types[i]) == 0)
            found = cast_types[i];
    if (!found) {
        surql_query_expr_unref(x);
        QERR(SURQL_QUERY_EARG, "Invalid cast type: expected one of bool, int, float, decimal, "
                               "number, string, datetime, duration, uuid, record, array, "
                               "object, bytes, set");
        return NULL;
    }
    surql_query_expr *e = with_kids(QX_CAST, &x, 1);
    if (e && !(e->text = surql_strdup(found))) {
        surql_query_expr_unref(e);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return e;
}

surql_query_expr *surql_query_as(surql_query_expr *x, const char *alias)
{
    if (!x) {
        q_null_arg();
        return NULL;
    }
    char *a = q_name_dup(alias, "alias");
    if (!a) {
        surql_query_expr_unref(x);
        return NULL;
    }
    surql_query_expr *e = with_kids(QX_ALIAS, &x, 1);
    if (!e) {
        free(a);
        return NULL;
    }
    e->text = a;
    return e;
}

/* ---- vectors -------------------------------------------------------------- */

static const char *const dist_names[] = { NULL,        "EUCLIDEAN", "MANHATTAN",
                                          "COSINE",    "CHEBYSHEV", "HAMMING",
                                          "JACCARD",   "PEARSON",   "MINKOWSKI" };

int surql_query_distance_parse(surql_query_distance *out, const char *name)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    for (int i = 1; name && i <= 8; i++)
        if (strcasecmp(name, dist_names[i]) == 0) {
            *out = (surql_query_distance)i;
            return SURQL_OK;
        }
    return QERR(SURQL_QUERY_EARG,
                "Invalid distance: expected EUCLIDEAN, MANHATTAN, COSINE, CHEBYSHEV, HAMMING, "
                "JACCARD, PEARSON or MINKOWSKI");
}

const char *q_dist_name(int d);
const char *q_dist_name(int d)
{
    return (d >= 1 && d <= 8) ? dist_names[d] : NULL;
}

surql_query_expr *surql_query_vector_score(surql_query_distance metric, surql_query_expr *a,
                                           surql_query_expr *b, double p)
{
    const char *fn = NULL;
    switch (metric) {
    case SURQL_QUERY_DIST_COSINE: fn = "vector::similarity::cosine"; break;
    case SURQL_QUERY_DIST_JACCARD: fn = "vector::similarity::jaccard"; break;
    case SURQL_QUERY_DIST_PEARSON: fn = "vector::similarity::pearson"; break;
    case SURQL_QUERY_DIST_EUCLIDEAN: fn = "vector::distance::euclidean"; break;
    case SURQL_QUERY_DIST_MANHATTAN: fn = "vector::distance::manhattan"; break;
    case SURQL_QUERY_DIST_CHEBYSHEV: fn = "vector::distance::chebyshev"; break;
    case SURQL_QUERY_DIST_HAMMING: fn = "vector::distance::hamming"; break;
    case SURQL_QUERY_DIST_MINKOWSKI: {
        if (!(p > 0) || !isfinite(p)) {
            surql_query_expr_unref(a);
            surql_query_expr_unref(b);
            QERR(SURQL_QUERY_EARG, "Minkowski order must be a finite number > 0");
            return NULL;
        }
        surql_query_expr *v[3] = { a, b, surql_query_float(p) };
        return surql_query_fn("vector::distance::minkowski", v, 3);
    }
    default:
        surql_query_expr_unref(a);
        surql_query_expr_unref(b);
        QERR(SURQL_QUERY_EARG, "a score needs a metric (COSINE, EUCLIDEAN, ...)");
        return NULL;
    }
    return surql_query_fn2(fn, a, b);
}

surql_value *q_vector(const double *vec, size_t n)
{
    if (!vec || n == 0) {
        QERR(SURQL_QUERY_EARG, "Vector cannot be empty");
        return NULL;
    }
    surql_value *arr = surql_value_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(vec[i])) {
            surql_value_unref(arr);
            QERR(SURQL_QUERY_EARG, "Vector element %zu is not a finite number", i);
            return NULL;
        }
        if (surql_value_array_push_take(arr, surql_value_float(vec[i])) != 0) {
            surql_value_unref(arr);
            return NULL;
        }
    }
    return arr;
}

surql_query_expr *surql_query_knn(const char *field, const double *vec, size_t n, int64_t k,
                                  surql_query_distance metric, int64_t ef, double p)
{
    if (k < 1) {
        QERR(SURQL_QUERY_EARG, "k must be at least 1, got %lld", (long long)k);
        return NULL;
    }
    if ((int)metric < 0 || (int)metric > 8) {
        QERR(SURQL_QUERY_EARG, "unknown distance metric %d", (int)metric);
        return NULL;
    }
    if (ef < 0 || (ef > 0 && metric != SURQL_QUERY_DIST_DEFAULT)) {
        QERR(SURQL_QUERY_EARG, "ef must be >= 0 and cannot be combined with a distance metric "
                               "(<|k,ef|> uses the index's metric)");
        return NULL;
    }
    if (metric == SURQL_QUERY_DIST_MINKOWSKI && (!(p > 0) || !isfinite(p) || p > 1e6)) {
        QERR(SURQL_QUERY_EARG, "MINKOWSKI needs an order p > 0");
        return NULL;
    }
    char *f = q_path_dup(field);
    if (!f)
        return NULL;
    surql_value *v = q_vector(vec, n);
    if (!v) {
        free(f);
        return NULL;
    }
    surql_query_expr *e = qx_new(QX_KNN);
    if (!e) {
        free(f);
        surql_value_unref(v);
        return NULL;
    }
    e->text = f;
    e->val = v;
    e->k = k;
    e->ef = ef;
    e->metric = (int)metric;
    e->mink = p;
    return e;
}

/* ---- graph ---------------------------------------------------------------- */

int surql_query_dir_parse(surql_query_dir *out, const char *text)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    if (text && strcasecmp(text, "out") == 0)
        *out = SURQL_QUERY_OUT;
    else if (text && strcasecmp(text, "in") == 0)
        *out = SURQL_QUERY_IN;
    else if (text && strcasecmp(text, "both") == 0)
        *out = SURQL_QUERY_BOTH;
    else
        return QERR(SURQL_QUERY_EARG, "Invalid direction: %.64s. Must be \"out\", \"in\", or \"both\"",
                    text ? text : "(null)");
    return SURQL_OK;
}

surql_query_expr *surql_query_graph(surql_query_expr *start)
{
    if (!start) {
        q_null_arg();
        return NULL;
    }
    if (start->kind == QX_GRAPH)
        return start;
    return with_kids(QX_GRAPH, &start, 1);
}

/* a graph node we may extend: copy-on-write */
static surql_query_expr *graph_writable(surql_query_expr *g)
{
    if (!g) {
        q_null_arg();
        return NULL;
    }
    if (g->kind != QX_GRAPH) {
        g = surql_query_graph(g);
        if (!g)
            return NULL;
    }
    if (atomic_load(&g->refs) == 1)
        return g;
    surql_query_expr *c = qx_new(QX_GRAPH);
    if (c)
        c->kids = malloc(sizeof *c->kids);
    if (c && g->nparts)
        c->parts = calloc(g->nparts, sizeof *c->parts);
    if (!c || !c->kids || (g->nparts && !c->parts)) {
        if (c) {
            free(c->kids);
            free(c->parts);
            free(c);
        }
        surql_query_expr_unref(g);
        QERR(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    c->kids[0] = surql_query_expr_ref(g->kids[0]);
    c->nkids = 1;
    for (size_t i = 0; i < g->nparts; i++) {
        c->parts[i] = g->parts[i];
        c->parts[i].table = g->parts[i].table ? surql_strdup(g->parts[i].table) : NULL;
        c->parts[i].target = surql_query_expr_ref(g->parts[i].target);
        c->nparts = i + 1;
        if (g->parts[i].table && !c->parts[i].table) {
            surql_query_expr_unref(c);
            surql_query_expr_unref(g);
            QERR(SURQL_ENOMEM, "out of memory");
            return NULL;
        }
    }
    surql_query_expr_unref(g);
    return c;
}

static int add_part(surql_query_expr *g, qgpart p)
{
    qgpart *np = realloc(g->parts, (g->nparts + 1) * sizeof *np);
    if (!np)
        return QERR(SURQL_ENOMEM, "out of memory");
    g->parts = np;
    g->parts[g->nparts++] = p;
    return SURQL_OK;
}

surql_query_expr *surql_query_graph_step(surql_query_expr *g, surql_query_dir dir,
                                         const char *table)
{
    g = graph_writable(g);
    if (!g)
        return NULL;
    if (dir != SURQL_QUERY_OUT && dir != SURQL_QUERY_IN && dir != SURQL_QUERY_BOTH) {
        surql_query_expr_unref(g);
        QERR(SURQL_QUERY_EARG, "Invalid direction: %d. Must be out, in or both", (int)dir);
        return NULL;
    }
    qgpart p = { GP_STEP, (int)dir, NULL, 0, 0, 0, NULL };
    if (table && !(p.table = q_name_dup(table, "table"))) {
        surql_query_expr_unref(g);
        return NULL;
    }
    if (add_part(g, p) != 0) {
        free(p.table);
        surql_query_expr_unref(g);
        return NULL;
    }
    return g;
}

surql_query_expr *surql_query_graph_path(surql_query_expr *g, const char *path)
{
    if (!g) {
        q_null_arg();
        return NULL;
    }
    if (!path || !*path) {
        surql_query_expr_unref(g);
        QERR(SURQL_EIDENT, "graph path is %s", path ? "empty" : "NULL");
        return NULL;
    }
    const char *p = path;
    char name[SURQL_IDENT_MAX + 1];
    while (*p) {
        int dir;
        if (strncmp(p, "<->", 3) == 0) {
            dir = SURQL_QUERY_BOTH;
            p += 3;
        } else if (strncmp(p, "->", 2) == 0) {
            dir = SURQL_QUERY_OUT;
            p += 2;
        } else if (strncmp(p, "<-", 2) == 0) {
            dir = SURQL_QUERY_IN;
            p += 2;
        } else {
            goto bad;
        }
        const char *s = p;
        if (*p == '?') {
            p++;
            g = surql_query_graph_step(g, (surql_query_dir)dir, NULL);
        } else {
            if (!(isalpha((unsigned char)*p) || *p == '_'))
                goto bad;
            while (isalnum((unsigned char)*p) || *p == '_')
                p++;
            size_t n = (size_t)(p - s);
            if (n > SURQL_IDENT_MAX)
                goto bad;
            memcpy(name, s, n);
            name[n] = '\0';
            g = surql_query_graph_step(g, (surql_query_dir)dir, name);
        }
        if (!g)
            return NULL;
    }
    return g;
bad:
    surql_query_expr_unref(g);
    QERR(SURQL_EIDENT, "Invalid graph path at byte %zu: expected ->name, <-name, <->name "
                       "or ? after an arrow", (size_t)(p - path));
    return NULL;
}

surql_query_expr *surql_query_graph_recurse(surql_query_expr *g, unsigned min, unsigned max,
                                            surql_query_recurse mode, surql_query_expr *target)
{
    g = graph_writable(g);
    if (!g) {
        surql_query_expr_unref(target);
        return NULL;
    }
    const char *why = NULL;
    if ((int)mode < 0 || mode > SURQL_QUERY_RECURSE_SHORTEST)
        why = "unknown recursion mode";
    else if (min < 1 || min > 256 || max > 256 || (max && max < min))
        why = "recursion depth must satisfy 1 <= min <= max <= 256";
    else if ((mode == SURQL_QUERY_RECURSE_SHORTEST) != (target != NULL))
        why = "a shortest-path recursion needs a target record, the other modes none";
    else if (mode == SURQL_QUERY_RECURSE_SHORTEST && (min != 1 || !max))
        why = "a shortest-path recursion needs min 1 and a max";
    if (why) {
        surql_query_expr_unref(g);
        surql_query_expr_unref(target);
        QERR(SURQL_QUERY_EARG, "%s", why);
        return NULL;
    }
    qgpart p = { GP_RECURSE, 0, NULL, min, max, (int)mode, target };
    if (add_part(g, p) != 0) {
        surql_query_expr_unref(g);
        surql_query_expr_unref(target);
        return NULL;
    }
    return g;
}
