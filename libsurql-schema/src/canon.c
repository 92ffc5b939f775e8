/* Normalisation helpers: canonical types, canonical expressions (for
 * comparison), and builtin function names per dialect. */
#include "canon-internal.h"
#include "ddl-internal.h"
#include "model-internal.h"
#include "sqlex-internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/schema/ddl.h>
#include <surql/schema/literal.h>
#include <surql/schema/parse.h>

/* ---- types ------------------------------------------------------------------ */

typedef struct tp {
    const char *src;
    tkv t;
    size_t i;
    const char *what;
    const char *text;
} tp;

static const tk *cur(tp *p) { return &p->t.v[p->i]; }

static int tp_err(tp *p, const char *msg)
{
    const tk *t = cur(p);
    if (t->kind == TK_EOF)
        return sq_err(SURQL_ESCHEMA, "%s: invalid type '%s': %s at the end", p->what, p->text, msg);
    return sq_err(SURQL_ESCHEMA, "%s: invalid type '%s': %s at '%.*s'", p->what, p->text, msg,
                  (int)t->len, p->src + t->off);
}

static const char *const type_names[] = {
    "any", "none", "null", "bool", "bytes", "datetime", "decimal", "duration", "float", "int",
    "number", "object", "string", "uuid", "regex", "array", "set", "record", "geometry",
    "option", "range", "function", "file", "literal", "references", "point", "table", NULL
};

typedef struct mlist {
    char **v;
    size_t n;
} mlist;

static void mlist_free(mlist *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i]);
    free(m->v);
    m->v = NULL;
    m->n = 0;
}

static int mlist_add(mlist *m, const char *s)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i], s) == 0)
            return SURQL_OK; /* union members are a set */
    char *c = surql_strdup(s);
    char **nv = c ? realloc(m->v, (m->n + 1) * sizeof *nv) : NULL;
    if (!nv) {
        free(c);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    nv[m->n++] = c;
    m->v = nv;
    return SURQL_OK;
}

static int parse_union(tp *p, mlist *members);

/* render a union member list canonically */
static int render_union(surql_buf *out, mlist *m)
{
    int has_none = 0, rc = SURQL_OK;
    size_t rest = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->v[i], "none") == 0)
            has_none = 1;
        else
            rest++;
    }
    if (has_none && rest == 0)
        return surql_buf_puts(out, "none");
    if (has_none)
        rc = surql_buf_puts(out, "option<");
    int first = 1;
    for (size_t i = 0; !rc && i < m->n; i++) {
        if (strcmp(m->v[i], "none") == 0)
            continue;
        if (!first)
            rc = surql_buf_puts(out, " | ");
        if (!rc)
            rc = surql_buf_puts(out, m->v[i]);
        first = 0;
    }
    if (!rc && has_none)
        rc = surql_buf_putc(out, '>');
    return rc;
}

/* balanced token run rendered with single spaces (object/tuple literal kinds) */
static int raw_balanced(tp *p, surql_buf *out)
{
    int depth = 0, rc = SURQL_OK, first = 1;
    do {
        const tk *t = cur(p);
        if (t->kind == TK_EOF)
            return tp_err(p, "unbalanced brackets");
        if (tk_punct(p->src, t, "{") || tk_punct(p->src, t, "[") || tk_punct(p->src, t, "("))
            depth++;
        else if (tk_punct(p->src, t, "}") || tk_punct(p->src, t, "]") || tk_punct(p->src, t, ")"))
            depth--;
        if (!first)
            rc = surql_buf_putc(out, ' ');
        if (!rc && t->kind == TK_STRING) {
            surql_buf s = SURQL_BUF_INIT;
            rc = tk_string(p->src, t, &s);
            if (!rc)
                rc = surql_string_escape(out, surql_buf_cstr(&s), s.size);
            surql_buf_dispose(&s);
        } else if (!rc) {
            rc = surql_buf_put(out, p->src + t->off, t->len);
        }
        first = 0;
        p->i++;
    } while (!rc && depth > 0);
    return rc;
}

/* names inside record<...> / geometry<...> */
static int parse_names(tp *p, surql_buf *out, int lower)
{
    int rc = SURQL_OK, first = 1;
    for (;;) {
        const tk *t = cur(p);
        if (t->kind != TK_IDENT && t->kind != TK_QIDENT)
            return tp_err(p, "expected a name");
        surql_buf n = SURQL_BUF_INIT;
        rc = tk_ident(p->src, t, &n);
        if (!rc && lower)
            for (size_t k = 0; k < n.size; k++)
                n.ptr[k] = (char)tolower((unsigned char)n.ptr[k]);
        if (!rc && !first)
            rc = surql_buf_puts(out, " | ");
        if (!rc)
            rc = lower ? surql_buf_puts(out, surql_buf_cstr(&n))
                       : surql_ident_escape(out, surql_buf_cstr(&n));
        surql_buf_dispose(&n);
        if (rc)
            return rc;
        first = 0;
        p->i++;
        if (tk_punct(p->src, cur(p), "|")) {
            p->i++;
            continue;
        }
        return SURQL_OK;
    }
}

static int parse_member(tp *p, mlist *members)
{
    const tk *t = cur(p);
    surql_buf b = SURQL_BUF_INIT;
    int rc = SURQL_OK;
    if (t->kind == TK_STRING) {
        surql_buf s = SURQL_BUF_INIT;
        rc = tk_string(p->src, t, &s);
        if (!rc)
            rc = surql_string_escape(&b, surql_buf_cstr(&s), s.size);
        surql_buf_dispose(&s);
        p->i++;
    } else if (t->kind == TK_NUMBER || tk_punct(p->src, t, "-")) {
        if (tk_punct(p->src, t, "-")) {
            rc = surql_buf_putc(&b, '-');
            p->i++;
            t = cur(p);
            if (t->kind != TK_NUMBER) {
                surql_buf_dispose(&b);
                return tp_err(p, "expected a number");
            }
        }
        if (!rc)
            rc = surql_buf_put(&b, p->src + t->off, t->len);
        p->i++;
    } else if (tk_punct(p->src, t, "{") || tk_punct(p->src, t, "[")) {
        rc = raw_balanced(p, &b);
    } else if (tk_punct(p->src, t, "(")) {
        p->i++;
        rc = parse_union(p, members);
        if (!rc && !tk_punct(p->src, cur(p), ")"))
            rc = tp_err(p, "expected ')'");
        p->i++;
        surql_buf_dispose(&b);
        return rc;
    } else if (t->kind == TK_IDENT) {
        char name[32];
        if (t->len >= sizeof name)
            return tp_err(p, "unknown type");
        for (size_t k = 0; k < t->len; k++)
            name[k] = (char)tolower((unsigned char)p->src[t->off + k]);
        name[t->len] = '\0';
        int known = 0;
        for (size_t k = 0; type_names[k]; k++)
            known |= strcmp(type_names[k], name) == 0;
        if (!known)
            return tp_err(p, "unknown type");
        p->i++;
        if (!tk_punct(p->src, cur(p), "<")) {
            if (strcmp(name, "option") == 0)
                return tp_err(p, "option needs a type argument: expected '<'");
            return mlist_add(members, name);
        }
        p->i++;
        if (strcmp(name, "option") == 0) {
            rc = parse_union(p, members);
            if (!rc && !tk_punct(p->src, cur(p), ">"))
                rc = tp_err(p, "expected '>'");
            p->i++;
            if (!rc)
                rc = mlist_add(members, "none");
            return rc;
        }
        rc = surql_buf_puts(&b, name);
        if (!rc)
            rc = surql_buf_putc(&b, '<');
        if (!rc && (strcmp(name, "record") == 0 || strcmp(name, "geometry") == 0)) {
            rc = parse_names(p, &b, strcmp(name, "geometry") == 0);
        } else if (!rc) {
            mlist inner = { NULL, 0 };
            rc = parse_union(p, &inner);
            if (!rc)
                rc = render_union(&b, &inner);
            mlist_free(&inner);
            if (!rc && tk_punct(p->src, cur(p), ",")) {
                p->i++;
                if (cur(p)->kind != TK_NUMBER)
                    rc = tp_err(p, "expected a size");
                else {
                    rc = surql_buf_puts(&b, ", ");
                    if (!rc)
                        rc = surql_buf_put(&b, p->src + cur(p)->off, cur(p)->len);
                    p->i++;
                }
            }
        }
        if (!rc && !tk_punct(p->src, cur(p), ">"))
            rc = tp_err(p, "expected '>'");
        p->i++;
        if (!rc)
            rc = surql_buf_putc(&b, '>');
    } else {
        return tp_err(p, "expected a type");
    }
    if (!rc)
        rc = mlist_add(members, surql_buf_cstr(&b));
    surql_buf_dispose(&b);
    return rc;
}

static int parse_union(tp *p, mlist *members)
{
    for (;;) {
        int rc = parse_member(p, members);
        if (rc)
            return rc;
        if (!tk_punct(p->src, cur(p), "|"))
            return SURQL_OK;
        p->i++;
    }
}

int sq_type_canon(surql_buf *out, const char *type, const char *what)
{
    tp p = { type, { NULL, 0 }, 0, what, type };
    if (!type)
        return sq_err(SURQL_EINVAL, "%s: type is NULL", what);
    int rc = sqlex(type, strlen(type), 1, 1, &p.t);
    if (rc)
        return sq_err(SURQL_ESCHEMA, "%s: invalid type '%s': %s", what, type,
                      surql_error_last()->message);
    mlist m = { NULL, 0 };
    rc = parse_union(&p, &m);
    if (!rc && cur(&p)->kind != TK_EOF)
        rc = tp_err(&p, "unexpected text");
    if (!rc)
        rc = render_union(out, &m);
    mlist_free(&m);
    tkv_free(&p.t);
    return rc;
}

int sq_type_check(const char *type, const char *what)
{
    surql_buf b = SURQL_BUF_INIT;
    int rc = sq_type_canon(&b, type, what);
    surql_buf_dispose(&b);
    return rc;
}

int sq_type_has_object(const char *type)
{
    surql_buf b = SURQL_BUF_INIT;
    int has = 0;
    if (sq_type_canon(&b, type, "type") == SURQL_OK) {
        const char *s = surql_buf_cstr(&b);
        for (const char *q = strstr(s, "object"); q && !has; q = strstr(q + 1, "object"))
            has = (q == s || !isalnum((unsigned char)q[-1])) && !isalnum((unsigned char)q[6]);
    }
    surql_buf_dispose(&b);
    return has;
}

int surql_schema_type_normalize(surql_buf *out, const char *type)
{
    if (!out || !type)
        return sq_err(SURQL_EINVAL, "type normalize: NULL argument");
    surql_buf b = SURQL_BUF_INIT;
    int rc = sq_type_canon(&b, type, "type");
    if (!rc)
        rc = surql_buf_put(out, b.ptr ? b.ptr : "", b.size);
    surql_buf_dispose(&b);
    return rc;
}

/* ---- builtin function names ------------------------------------------------------- */

/* namespaces whose `a::b::x` (2.x) became `a::b_x` (3.x) */
static const char *const split_ns[] = { "string::is", "type::is", "time::is", "time::from",
                                        "duration::from", "geo::is", NULL };

/* Spelling of function path @p name (len bytes) for dialect d into out; returns 1 if changed. */
int sq_fn_spelling(surql_buf *out, const char *name, size_t len, int v3)
{
    char buf[128];
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, name, len);
    buf[len] = '\0';
    if (v3) {
        if (strcmp(buf, "rand::guid") == 0)
            return surql_buf_puts(out, "rand::id") == 0;
        if (strcmp(buf, "string::distance::osa_distance") == 0)
            return surql_buf_puts(out, "string::distance::osa") == 0;
        if (strcmp(buf, "type::thing") == 0)
            return surql_buf_puts(out, "type::record") == 0;
        if (strcmp(buf, "string::startsWith") == 0)
            return surql_buf_puts(out, "string::starts_with") == 0;
        for (size_t i = 0; split_ns[i]; i++) {
            size_t n = strlen(split_ns[i]);
            if (len > n + 2 && strncmp(buf, split_ns[i], n) == 0 && buf[n] == ':' &&
                buf[n + 1] == ':' && !strstr(buf + n + 2, "::")) {
                return surql_buf_put(out, buf, n) == 0 && surql_buf_putc(out, '_') == 0 &&
                       surql_buf_puts(out, buf + n + 2) == 0;
            }
        }
        return 0;
    }
    if (strcmp(buf, "rand::id") == 0)
        return surql_buf_puts(out, "rand::guid") == 0;
    if (strcmp(buf, "string::distance::osa") == 0)
        return surql_buf_puts(out, "string::distance::osa_distance") == 0;
    if (strcmp(buf, "type::is_set") == 0)
        return 0;
    for (size_t i = 0; split_ns[i]; i++) {
        size_t n = strlen(split_ns[i]);
        if (len > n + 1 && strncmp(buf, split_ns[i], n) == 0 && buf[n] == '_' &&
            !strstr(buf + n, "::")) {
            return surql_buf_put(out, buf, n) == 0 && surql_buf_puts(out, "::") == 0 &&
                   surql_buf_puts(out, buf + n + 1) == 0;
        }
    }
    return 0;
}

/* length in tokens of a function path starting at token i (IDENT (:: IDENT)+), else 0 */
static size_t fn_path(const char *src, const tkv *t, size_t i)
{
    size_t k = i;
    if (t->v[k].kind != TK_IDENT)
        return 0;
    k++;
    while (tk_punct(src, &t->v[k], "::") && t->v[k + 1].kind == TK_IDENT)
        k += 2;
    return k - i > 1 ? k - i : 0;
}

int surql_schema_expr_for_dialect(surql_buf *out, const char *expr, surql_dialect dialect)
{
    if (!out || !expr)
        return sq_err(SURQL_EINVAL, "expr_for_dialect: NULL argument");
    if (!surql_dialect_valid((int)dialect))
        return sq_err(SURQL_EINVAL, "unknown dialect %d", (int)dialect);
    tkv t;
    size_t len = strlen(expr);
    int rc = sqlex(expr, len, 1, 1, &t);
    if (rc)
        return rc;
    surql_buf b = SURQL_BUF_INIT;
    size_t copied = 0;
    rc = surql_buf_put(&b, "", 0);
    for (size_t i = 0; !rc && i < t.n; i++) {
        size_t k = fn_path(expr, &t, i);
        if (!k)
            continue;
        size_t start = t.v[i].off, end = t.v[i + k - 1].off + t.v[i + k - 1].len;
        surql_buf name = SURQL_BUF_INIT;
        if (sq_fn_spelling(&name, expr + start, end - start, dialect == SURQL_DIALECT_V3)) {
            rc = surql_buf_put(&b, expr + copied, start - copied);
            if (!rc)
                rc = surql_buf_put(&b, name.ptr, name.size);
            copied = end;
        }
        surql_buf_dispose(&name);
        i += k - 1;
    }
    if (!rc)
        rc = surql_buf_put(&b, expr + copied, len - copied);
    if (!rc)
        rc = surql_buf_put(out, b.ptr, b.size);
    surql_buf_dispose(&b);
    tkv_free(&t);
    return rc;
}

int sq_ddl_expr(surql_buf *b, const char *expr, surql_dialect dialect)
{
    surql_buf s = SURQL_BUF_INIT;
    int rc = expr ? sqlex_strip_comments(&s, expr, strlen(expr))
                  : sq_err(SURQL_EINVAL, "expression is NULL");
    if (!rc)
        rc = surql_schema_expr_for_dialect(b, surql_buf_cstr(&s), dialect);
    surql_buf_dispose(&s);
    return rc;
}

/* ---- canonical expressions (comparison only) ---------------------------------------- */

static const char *const upper_words[] = {
    "and", "or", "not", "is", "contains", "containsnot", "containsall", "containsany",
    "containsnone", "inside", "notinside", "allinside", "anyinside", "noneinside", "outside",
    "intersects", "in", "none", "null", "select", "from", "where", "create", "update", "delete",
    "upsert", "insert", "into", "relate", "set", "unset", "return", "let", "if", "else", "then",
    "end", "for", "break", "continue", "throw", "value", "only", "content", "merge", "group",
    "by", "order", "limit", "start", "fetch", "split", "as", "asc", "desc", "timeout",
    "parallel", "before", "after", "diff", "omit", "all", "collate", "numeric", "explain",
    "with", "noindex", "index", NULL
};

static int is_float_text(const char *s, size_t n, double *d)
{
    char buf[64];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (n > 1 && buf[n - 1] == 'f' && !strchr(buf, 'x'))
        buf[--n] = '\0';
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '.' || c == 'e' || c == 'E')
            continue;
        if (!(c >= '0' && c <= '9') && c != '-' && c != '+')
            return 0;
    }
    char *end = NULL;
    *d = strtod(buf, &end);
    return end && *end == '\0';
}

static int canon_number(surql_buf *out, const char *s, size_t n)
{
    int digits = 1;
    for (size_t i = 0; i < n; i++)
        digits &= s[i] >= '0' && s[i] <= '9';
    if (digits)
        return surql_buf_put(out, s, n);
    if (n > 3 && strncmp(s + n - 3, "dec", 3) == 0)
        return surql_buf_put(out, s, n);
    double d;
    int explicit_f = s[n - 1] == 'f';
    int has_point = memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n);
    if ((explicit_f || has_point) && is_float_text(s, n, &d))
        return surql_buf_printf(out, "%.17gf", d);
    /* a duration: canonical through the value model */
    char buf[64];
    if (n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        surql_value *v = surql_value_duration_parse(buf);
        if (v) {
            int rc = surql_value_to_surql(v, out, 0);
            surql_value_unref(v);
            return rc;
        }
    }
    return surql_buf_put(out, s, n);
}

int sq_expr_canon(surql_buf *out, const char *expr)
{
    if (!expr)
        return SURQL_OK;
    tkv t;
    size_t len = strlen(expr);
    int rc = sqlex(expr, len, 1, 1, &t);
    if (rc) /* not lexable: compare the raw text */
        return surql_buf_puts(out, expr);
    char **v = calloc(t.n + 1, sizeof *v);
    size_t n = 0;
    if (!v) {
        tkv_free(&t);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    surql_buf b = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < t.n; i++) {
        const tk *k = &t.v[i];
        surql_buf_clear(&b);
        rc = surql_buf_put(&b, "", 0);
        size_t fp = fn_path(expr, &t, i);
        int after_dot = i > 0 && tk_punct(expr, &t.v[i - 1], ".");
        if (fp) {
            size_t start = k->off, end = t.v[i + fp - 1].off + t.v[i + fp - 1].len;
            if (!sq_fn_spelling(&b, expr + start, end - start, 1))
                rc = surql_buf_put(&b, expr + start, end - start);
            i += fp - 1;
        } else if (k->kind == TK_IDENT && !after_dot) {
            char w[24];
            size_t wl = k->len < sizeof w - 1 ? k->len : 0;
            for (size_t q = 0; q < wl; q++)
                w[q] = (char)tolower((unsigned char)expr[k->off + q]);
            w[wl] = '\0';
            int up = 0;
            for (size_t q = 0; wl && upper_words[q]; q++)
                up |= strcmp(upper_words[q], w) == 0;
            if (wl && (strcmp(w, "true") == 0 || strcmp(w, "false") == 0))
                rc = surql_buf_puts(&b, w);
            else if (up)
                for (size_t q = 0; !rc && q < wl; q++)
                    rc = surql_buf_putc(&b, (char)toupper((unsigned char)w[q]));
            else
                rc = surql_buf_put(&b, expr + k->off, k->len);
        } else if (k->kind == TK_QIDENT || k->kind == TK_IDENT) {
            rc = tk_ident(expr, k, &b);
        } else if (k->kind == TK_STRING) {
            char pre = tk_string_prefix(expr, k);
            surql_buf s = SURQL_BUF_INIT;
            if (pre)
                rc = surql_buf_putc(&b, (char)tolower((unsigned char)pre));
            if (!rc)
                rc = tk_string(expr, k, &s);
            if (!rc)
                rc = surql_string_escape(&b, s.ptr ? s.ptr : "", s.size);
            surql_buf_dispose(&s);
        } else if (k->kind == TK_NUMBER) {
            rc = canon_number(&b, expr + k->off, k->len);
        } else if (tk_punct(expr, k, "&&")) {
            rc = surql_buf_puts(&b, "AND");
        } else if (tk_punct(expr, k, "||")) {
            rc = surql_buf_puts(&b, "OR");
        } else {
            rc = surql_buf_put(&b, expr + k->off, k->len);
        }
        if (!rc && !(v[n++] = surql_buf_detach(&b)))
            rc = sq_err(SURQL_ENOMEM, "out of memory");
    }
    surql_buf_dispose(&b);
    tkv_free(&t);
    /* drop ';' before '}' and at the end; strip parentheses around everything */
    size_t lo = 0, hi = n;
    if (!rc) {
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(v[i], ";") == 0 && (i + 1 == n || strcmp(v[i + 1], "}") == 0)) {
                free(v[i]);
                continue;
            }
            v[w++] = v[i];
        }
        n = hi = w;
        while (hi - lo >= 2 && strcmp(v[lo], "(") == 0 && strcmp(v[hi - 1], ")") == 0) {
            int depth = 0, wraps = 1;
            for (size_t i = lo; i < hi && wraps; i++) {
                if (strcmp(v[i], "(") == 0)
                    depth++;
                else if (strcmp(v[i], ")") == 0 && --depth == 0 && i != hi - 1)
                    wraps = 0;
            }
            if (!wraps)
                break;
            lo++, hi--;
        }
        for (size_t i = lo; !rc && i < hi; i++) {
            if (i > lo)
                rc = surql_buf_putc(out, ' ');
            if (!rc)
                rc = surql_buf_puts(out, v[i]);
        }
        if (!rc && hi == lo)
            rc = surql_buf_put(out, "", 0);
    }
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return rc;
}
