/* DDL parser: statement splitting, token helpers and the script API. */
#include "parse-internal.h"
#include "value-internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/schema/literal.h>

/* ---- token helpers ------------------------------------------------------------ */

const tk *ps_tok(const ps *p)
{
    return p->i < p->end ? &p->t->v[p->i] : &p->t->v[p->end];
}

int ps_err(const ps *p, const tk *at, int code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!at)
        at = ps_tok(p);
    return surql_error_set_at(code, SQ_DOMAIN, at->line, at->col, "%zu:%zu: %s", at->line,
                              at->col, msg);
}

int ps_wrap(const ps *p, const tk *at, int rc)
{
    if (!rc)
        return rc;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", surql_error_last()->message);
    return ps_err(p, at, rc, "%s", msg);
}

static void describe(const ps *p, const tk *t, char *buf, size_t cap)
{
    if (t->kind == TK_EOF || p->i >= p->end)
        snprintf(buf, cap, "the end of the statement");
    else
        snprintf(buf, cap, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), p->src + t->off);
}

int ps_word(ps *p, const char *w)
{
    if (p->i < p->end && tk_is(p->src, ps_tok(p), w)) {
        p->i++;
        return 1;
    }
    return 0;
}

int ps_expect_word(ps *p, const char *w)
{
    if (ps_word(p, w))
        return SURQL_OK;
    char d[64];
    describe(p, ps_tok(p), d, sizeof d);
    return ps_err(p, NULL, SURQL_EPARSE, "expected %s, found %s", w, d);
}

int ps_punct(ps *p, const char *s)
{
    if (p->i < p->end && tk_punct(p->src, ps_tok(p), s)) {
        p->i++;
        return 1;
    }
    return 0;
}

int ps_expect_punct(ps *p, const char *s)
{
    if (ps_punct(p, s))
        return SURQL_OK;
    char d[64];
    describe(p, ps_tok(p), d, sizeof d);
    return ps_err(p, NULL, SURQL_EPARSE, "expected '%s', found %s", s, d);
}

int ps_ident(ps *p, char **out, const char *what)
{
    *out = NULL;
    const tk *t = ps_tok(p);
    if (p->i >= p->end || (t->kind != TK_IDENT && t->kind != TK_QIDENT)) {
        char d[64];
        describe(p, t, d, sizeof d);
        return ps_err(p, t, SURQL_EPARSE, "expected %s, found %s", what, d);
    }
    surql_buf b = SURQL_BUF_INIT;
    int rc = tk_ident(p->src, t, &b);
    if (!rc && !(*out = surql_buf_detach(&b)))
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    surql_buf_dispose(&b);
    if (!rc)
        p->i++;
    return rc;
}

static int plain_chars(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static int put_segment(surql_buf *b, const char *name)
{
    if (plain_chars(name))
        return surql_buf_puts(b, name);
    int rc = surql_buf_putc(b, '`');
    for (const char *s = name; !rc && *s; s++) {
        if (*s == '`' || *s == '\\')
            rc = surql_buf_putc(b, '\\');
        if (!rc)
            rc = surql_buf_putc(b, *s);
    }
    if (!rc)
        rc = surql_buf_putc(b, '`');
    return rc;
}

int ps_path(ps *p, char **out, const char *what)
{
    *out = NULL;
    surql_buf b = SURQL_BUF_INIT;
    char *seg = NULL;
    int rc = ps_ident(p, &seg, what);
    if (!rc)
        rc = put_segment(&b, seg);
    free(seg);
    while (!rc && p->i < p->end) {
        const tk *t = ps_tok(p);
        if (tk_punct(p->src, t, "[") && p->i + 2 < p->end &&
            tk_punct(p->src, &p->t->v[p->i + 1], "*") &&
            tk_punct(p->src, &p->t->v[p->i + 2], "]")) {
            p->i += 3;
            rc = surql_buf_puts(&b, "[*]");
        } else if (tk_punct(p->src, t, ".") && p->i + 1 < p->end &&
                   tk_punct(p->src, &p->t->v[p->i + 1], "*")) {
            p->i += 2;
            rc = surql_buf_puts(&b, "[*]");
        } else if (tk_punct(p->src, t, ".") && p->i + 1 < p->end &&
                   (p->t->v[p->i + 1].kind == TK_IDENT || p->t->v[p->i + 1].kind == TK_QIDENT) &&
                   p->t->v[p->i + 1].off == t->off + 1) {
            p->i++;
            rc = ps_ident(p, &seg, what);
            if (!rc)
                rc = surql_buf_putc(&b, '.');
            if (!rc)
                rc = put_segment(&b, seg);
            free(seg);
            seg = NULL;
        } else {
            break;
        }
    }
    if (!rc && !(*out = surql_buf_detach(&b)))
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    surql_buf_dispose(&b);
    return rc;
}

int sq_path_normal(char **out, const char *path)
{
    *out = NULL;
    tkv t;
    int rc = sqlex(path, strlen(path), 1, 1, &t);
    if (rc)
        return sq_err(SURQL_EIDENT, "invalid name '%s'", path);
    ps p = { path, &t, 0, t.n, NULL };
    rc = ps_path(&p, out, "a name");
    if (!rc && p.i != t.n) {
        free(*out);
        *out = NULL;
        rc = sq_err(SURQL_EIDENT, "invalid name '%s'", path);
    }
    tkv_free(&t);
    return rc;
}

int ps_string(ps *p, char **out, const char *what)
{
    *out = NULL;
    const tk *t = ps_tok(p);
    if (p->i >= p->end || t->kind != TK_STRING) {
        char d[64];
        describe(p, t, d, sizeof d);
        return ps_err(p, t, SURQL_EPARSE, "expected %s (a string), found %s", what, d);
    }
    surql_buf b = SURQL_BUF_INIT;
    int rc = tk_string(p->src, t, &b);
    if (!rc && !(*out = surql_buf_detach(&b)))
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    surql_buf_dispose(&b);
    if (!rc)
        p->i++;
    return rc;
}

int ps_uint(ps *p, unsigned *out, const char *what)
{
    const tk *t = ps_tok(p);
    unsigned long v = 0;
    int ok = p->i < p->end && t->kind == TK_NUMBER && t->len < 10;
    for (size_t k = 0; ok && k < t->len; k++) {
        char c = p->src[t->off + k];
        ok = c >= '0' && c <= '9';
        v = v * 10 + (unsigned long)(c - '0');
    }
    if (!ok) {
        char d[64];
        describe(p, t, d, sizeof d);
        return ps_err(p, t, SURQL_EPARSE, "expected %s (a whole number), found %s", what, d);
    }
    *out = (unsigned)v;
    p->i++;
    return SURQL_OK;
}

int ps_double(ps *p, double *out, const char *what)
{
    const tk *t = ps_tok(p);
    char buf[64];
    int ok = p->i < p->end && t->kind == TK_NUMBER && t->len < sizeof buf;
    if (ok) {
        memcpy(buf, p->src + t->off, t->len);
        size_t n = t->len;
        if (n > 1 && buf[n - 1] == 'f')
            n--;
        buf[n] = '\0';
        char *end = NULL;
        *out = strtod(buf, &end);
        ok = end && *end == '\0';
    }
    if (!ok) {
        char d[64];
        describe(p, t, d, sizeof d);
        return ps_err(p, t, SURQL_EPARSE, "expected %s (a number), found %s", what, d);
    }
    p->i++;
    return SURQL_OK;
}

static int is_stop(const ps *p, size_t k, const char *const *stops)
{
    const tk *t = &p->t->v[k];
    if (t->kind != TK_IDENT || !stops)
        return 0;
    if (k + 1 < p->end && tk_punct(p->src, &p->t->v[k + 1], "::"))
        return 0;
    if (k > 0 && tk_punct(p->src, &p->t->v[k - 1], "."))
        return 0;
    for (size_t i = 0; stops[i]; i++)
        if (tk_is(p->src, t, stops[i]))
            return 1;
    return 0;
}

int ps_expr(ps *p, char **out, const char *const *stops, int perm, const char *what)
{
    *out = NULL;
    size_t k = p->i;
    int depth = 0;
    for (; k < p->end; k++) {
        const tk *t = &p->t->v[k];
        if (depth == 0 && is_stop(p, k, stops))
            break;
        if (depth == 0 && perm && tk_punct(p->src, t, ",") && k + 1 < p->end &&
            tk_is(p->src, &p->t->v[k + 1], "FOR"))
            break;
        if (tk_punct(p->src, t, "(") || tk_punct(p->src, t, "[") || tk_punct(p->src, t, "{"))
            depth++;
        else if (tk_punct(p->src, t, ")") || tk_punct(p->src, t, "]") ||
                 tk_punct(p->src, t, "}"))
            depth--;
        if (depth < 0)
            return ps_err(p, t, SURQL_EPARSE, "unbalanced '%.*s' in %s", (int)t->len,
                          p->src + t->off, what);
    }
    if (k == p->i) {
        char d[64];
        describe(p, ps_tok(p), d, sizeof d);
        return ps_err(p, NULL, SURQL_EPARSE, "expected %s, found %s", what, d);
    }
    const tk *a = &p->t->v[p->i], *b = &p->t->v[k - 1];
    *out = surql_strndup(p->src + a->off, b->off + b->len - a->off);
    if (!*out)
        return sq_err(SURQL_ENOMEM, "out of memory");
    p->i = k;
    return SURQL_OK;
}

static int skip_balanced(ps *p, const char *open, const char *close)
{
    int depth = 0;
    const tk *start = ps_tok(p);
    do {
        if (p->i >= p->end)
            return ps_err(p, start, SURQL_EPARSE, "unclosed '%s'", open);
        const tk *t = ps_tok(p);
        if (tk_punct(p->src, t, open))
            depth++;
        else if (tk_punct(p->src, t, close))
            depth--;
        p->i++;
    } while (depth > 0);
    return SURQL_OK;
}

int ps_kind(ps *p, char **out, const char *what)
{
    *out = NULL;
    size_t start = p->i;
    int rc = SURQL_OK;
    for (;;) {
        const tk *t = ps_tok(p);
        if (p->i >= p->end) {
            rc = ps_err(p, t, SURQL_EPARSE, "expected %s", what);
            break;
        }
        if (t->kind == TK_IDENT) {
            p->i++;
            if (ps_punct(p, "<")) {
                int depth = 1;
                while (depth > 0 && p->i < p->end) {
                    const tk *q = ps_tok(p);
                    if (tk_punct(p->src, q, "<"))
                        depth++;
                    else if (tk_punct(p->src, q, ">"))
                        depth--;
                    p->i++;
                }
                if (depth)
                    rc = ps_err(p, t, SURQL_EPARSE, "unclosed '<' in %s", what);
            }
        } else if (t->kind == TK_STRING || t->kind == TK_NUMBER) {
            p->i++;
        } else if (tk_punct(p->src, t, "-")) {
            p->i += 2;
        } else if (tk_punct(p->src, t, "{")) {
            rc = skip_balanced(p, "{", "}");
        } else if (tk_punct(p->src, t, "[")) {
            rc = skip_balanced(p, "[", "]");
        } else if (tk_punct(p->src, t, "(")) {
            rc = skip_balanced(p, "(", ")");
        } else {
            char d[64];
            describe(p, t, d, sizeof d);
            rc = ps_err(p, t, SURQL_EPARSE, "expected %s, found %s", what, d);
        }
        if (rc || !ps_punct(p, "|"))
            break;
    }
    if (rc)
        return rc;
    if (p->i > p->end)
        p->i = p->end;
    const tk *a = &p->t->v[start], *b = &p->t->v[p->i - 1];
    *out = surql_strndup(p->src + a->off, b->off + b->len - a->off);
    return *out ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
}

int ps_duration(ps *p, char **out, const char *what)
{
    *out = NULL;
    const tk *t = ps_tok(p);
    if (ps_word(p, "NONE")) {
        *out = surql_strdup("NONE");
        return *out ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
    }
    if (p->i >= p->end || t->kind != TK_NUMBER) {
        char d[64];
        describe(p, t, d, sizeof d);
        return ps_err(p, t, SURQL_EPARSE, "expected %s (a duration), found %s", what, d);
    }
    *out = surql_strndup(p->src + t->off, t->len);
    if (!*out)
        return sq_err(SURQL_ENOMEM, "out of memory");
    int rc = sq_duration_check(*out, what);
    if (rc) {
        free(*out);
        *out = NULL;
        return ps_wrap(p, t, rc);
    }
    p->i++;
    return SURQL_OK;
}

int ps_perms(ps *p, char *perm[4], int field, const char *const *stops)
{
    static const char *const ops[] = { "select", "create", "update", "delete" };
    int rc = SURQL_OK;
    if (ps_word(p, "NONE") || ps_word(p, "FULL")) {
        const char *r = tk_is(p->src, &p->t->v[p->i - 1], "NONE") ? "NONE" : "FULL";
        for (int i = 0; !rc && i < (field ? 3 : 4); i++)
            rc = sq_set_str(&perm[i], r);
        return rc;
    }
    if (!tk_is(p->src, ps_tok(p), "FOR"))
        return ps_expect_word(p, "FOR");
    while (!rc && ps_word(p, "FOR")) {
        unsigned mask = 0;
        do {
            const tk *t = ps_tok(p);
            int found = 0;
            for (int i = 0; i < 4; i++)
                if (tk_is(p->src, t, ops[i])) {
                    mask |= 1u << i;
                    found = 1;
                }
            if (!found) {
                char d[64];
                describe(p, t, d, sizeof d);
                return ps_err(p, t, SURQL_EPARSE,
                              "expected select, create, update or delete, found %s", d);
            }
            p->i++;
        } while (ps_punct(p, ","));
        char *r = NULL;
        if (ps_word(p, "NONE"))
            r = surql_strdup("NONE");
        else if (ps_word(p, "FULL"))
            r = surql_strdup("FULL");
        else if ((rc = ps_expect_word(p, "WHERE")) == SURQL_OK) {
            static const char *const st[] = { "FOR", "COMMENT", "PERMISSIONS", NULL };
            rc = ps_expr(p, &r, stops ? stops : st, 1, "a permission condition");
        }
        if (!rc && !r)
            rc = sq_err(SURQL_ENOMEM, "out of memory");
        if (field)
            mask &= 7u; /* the engine ignores (2.x) or rejects (3.x) delete on fields */
        for (int i = 0; !rc && i < 4; i++)
            if (mask & (1u << i))
                rc = sq_set_str(&perm[i], r);
        free(r);
        if (!rc)
            ps_punct(p, ",");
    }
    return rc;
}

/* ---- statements ------------------------------------------------------------------ */

static const struct {
    const char *word;
    int def, rem;
} kinds[] = {
    { "TABLE", SURQL_SCHEMA_STMT_DEFINE_TABLE, SURQL_SCHEMA_STMT_REMOVE_TABLE },
    { "FIELD", SURQL_SCHEMA_STMT_DEFINE_FIELD, SURQL_SCHEMA_STMT_REMOVE_FIELD },
    { "INDEX", SURQL_SCHEMA_STMT_DEFINE_INDEX, SURQL_SCHEMA_STMT_REMOVE_INDEX },
    { "EVENT", SURQL_SCHEMA_STMT_DEFINE_EVENT, SURQL_SCHEMA_STMT_REMOVE_EVENT },
    { "ACCESS", SURQL_SCHEMA_STMT_DEFINE_ACCESS, SURQL_SCHEMA_STMT_REMOVE_ACCESS },
    { "PARAM", SURQL_SCHEMA_STMT_DEFINE_PARAM, SURQL_SCHEMA_STMT_REMOVE_PARAM },
    { "FUNCTION", SURQL_SCHEMA_STMT_DEFINE_FUNCTION, SURQL_SCHEMA_STMT_REMOVE_FUNCTION },
    { "ANALYZER", SURQL_SCHEMA_STMT_DEFINE_ANALYZER, SURQL_SCHEMA_STMT_REMOVE_ANALYZER },
};

static void stmt_clear(sq_stmt *s)
{
    free(s->keyword);
    free(s->text);
    free(s->name);
    free(s->table);
    sq_obj_unref(s->obj);
}

static int parse_remove(ps *p, sq_stmt *st)
{
    if (ps_word(p, "IF")) {
        int rc = ps_expect_word(p, "EXISTS");
        if (rc)
            return rc;
        st->flags |= SURQL_SCHEMA_STMT_IF_EXISTS;
    }
    int rc;
    switch (st->kind) {
    case SURQL_SCHEMA_STMT_REMOVE_FIELD:
        rc = ps_path(p, &st->name, "a field name");
        break;
    case SURQL_SCHEMA_STMT_REMOVE_PARAM: {
        const tk *t = ps_tok(p);
        if (p->i >= p->end || t->kind != TK_PARAM || t->len < 2)
            return ps_err(p, t, SURQL_EPARSE, "expected a $param name");
        st->name = surql_strndup(p->src + t->off + 1, t->len - 1);
        p->i++;
        rc = st->name ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
        break;
    }
    case SURQL_SCHEMA_STMT_REMOVE_FUNCTION: {
        surql_buf b = SURQL_BUF_INIT;
        rc = ps_expect_word(p, "fn");
        while (!rc && ps_punct(p, "::")) {
            char *seg = NULL;
            rc = ps_ident(p, &seg, "a function name");
            if (!rc)
                rc = surql_buf_printf(&b, "%s%s", b.size ? "::" : "", seg);
            free(seg);
        }
        if (!rc && !b.size)
            rc = ps_err(p, NULL, SURQL_EPARSE, "expected fn::name");
        if (!rc && !(st->name = surql_buf_detach(&b)))
            rc = sq_err(SURQL_ENOMEM, "out of memory");
        surql_buf_dispose(&b);
        break;
    }
    default:
        rc = ps_ident(p, &st->name, "a name");
    }
    if (rc)
        return rc;
    if (ps_word(p, "ON")) {
        if (st->kind == SURQL_SCHEMA_STMT_REMOVE_ACCESS) {
            if (!ps_word(p, "DATABASE") && !ps_word(p, "DB"))
                return ps_err(p, NULL, SURQL_EUNSUPPORTED,
                              "REMOVE ACCESS: only accesses ON DATABASE are modelled");
        } else {
            ps_word(p, "TABLE");
            if ((rc = ps_ident(p, &st->table, "a table name")))
                return rc;
        }
    }
    int needs_table = st->kind == SURQL_SCHEMA_STMT_REMOVE_FIELD ||
                      st->kind == SURQL_SCHEMA_STMT_REMOVE_INDEX ||
                      st->kind == SURQL_SCHEMA_STMT_REMOVE_EVENT;
    if (needs_table && !st->table)
        return ps_expect_word(p, "ON");
    if (p->i < p->end) {
        char d[64];
        describe(p, ps_tok(p), d, sizeof d);
        return ps_err(p, NULL, SURQL_EPARSE, "%s: unexpected %s", st->keyword, d);
    }
    return SURQL_OK;
}

static int parse_define(ps *p, sq_stmt *st)
{
    if (ps_word(p, "OVERWRITE"))
        st->flags |= SURQL_SCHEMA_STMT_OVERWRITE;
    else if (ps_word(p, "IF")) {
        int rc = ps_expect_word(p, "NOT");
        if (!rc)
            rc = ps_expect_word(p, "EXISTS");
        if (rc)
            return rc;
        st->flags |= SURQL_SCHEMA_STMT_IF_NOT_EXISTS;
    }
    int rc;
    switch (st->kind) {
    case SURQL_SCHEMA_STMT_DEFINE_TABLE:
        rc = sq_parse_define_table(p, (surql_schema_table **)&st->obj);
        break;
    case SURQL_SCHEMA_STMT_DEFINE_FIELD:
        rc = sq_parse_define_field(p, (surql_schema_field **)&st->obj, &st->table);
        break;
    case SURQL_SCHEMA_STMT_DEFINE_INDEX:
        rc = sq_parse_define_index(p, (surql_schema_index **)&st->obj, &st->table);
        break;
    case SURQL_SCHEMA_STMT_DEFINE_EVENT:
        rc = sq_parse_define_event(p, (surql_schema_event **)&st->obj, &st->table);
        break;
    case SURQL_SCHEMA_STMT_DEFINE_ACCESS:
        rc = sq_parse_define_access(p, (surql_schema_access **)&st->obj);
        break;
    case SURQL_SCHEMA_STMT_DEFINE_PARAM:
        rc = sq_parse_define_param(p, (surql_schema_param **)&st->obj);
        break;
    case SURQL_SCHEMA_STMT_DEFINE_FUNCTION:
        rc = sq_parse_define_function(p, (surql_schema_function **)&st->obj);
        break;
    default:
        rc = sq_parse_define_analyzer(p, (surql_schema_analyzer **)&st->obj);
        break;
    }
    if (rc)
        return rc;
    if (p->i < p->end) {
        char d[64];
        describe(p, ps_tok(p), d, sizeof d);
        return ps_err(p, NULL, SURQL_EPARSE, "%s: unexpected %s", st->keyword, d);
    }
    st->name = surql_strdup(((sq_obj *)st->obj)->name);
    return st->name ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
}

static int parse_statement(const char *src, const tkv *t, size_t a, size_t e, sq_stmt *st)
{
    ps p = { src, t, a, e, st };
    const tk *f = &t->v[a], *l = &t->v[e - 1];
    st->line = f->line;
    st->col = f->col;
    st->text = surql_strndup(src + f->off, l->off + l->len - f->off);
    if (!st->text)
        return sq_err(SURQL_ENOMEM, "out of memory");
    int def = tk_is(src, f, "DEFINE"), rem = tk_is(src, f, "REMOVE");
    surql_buf kw = SURQL_BUF_INIT;
    int rc = SURQL_OK;
    if (f->kind == TK_IDENT) {
        for (size_t k = 0; !rc && k < f->len; k++)
            rc = surql_buf_putc(&kw, (char)toupper((unsigned char)src[f->off + k]));
    } else {
        rc = surql_buf_put(&kw, src + f->off, f->len);
    }
    st->kind = SURQL_SCHEMA_STMT_OTHER;
    if (!rc && (def || rem) && a + 1 < e && t->v[a + 1].kind == TK_IDENT) {
        const tk *k2 = &t->v[a + 1];
        rc = surql_buf_putc(&kw, ' ');
        for (size_t k = 0; !rc && k < k2->len; k++)
            rc = surql_buf_putc(&kw, (char)toupper((unsigned char)src[k2->off + k]));
        st->kind = def ? SURQL_SCHEMA_STMT_DEFINE_OTHER : SURQL_SCHEMA_STMT_REMOVE_OTHER;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (tk_is(src, k2, kinds[k].word))
                st->kind = def ? kinds[k].def : kinds[k].rem;
    }
    if (!rc && !(st->keyword = surql_buf_detach(&kw)))
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    surql_buf_dispose(&kw);
    if (rc || st->kind == SURQL_SCHEMA_STMT_OTHER || st->kind == SURQL_SCHEMA_STMT_DEFINE_OTHER ||
        st->kind == SURQL_SCHEMA_STMT_REMOVE_OTHER)
        return rc;
    p.i = a + 2;
    return def ? parse_define(&p, st) : parse_remove(&p, st);
}

void surql_schema_script_free(surql_schema_script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        stmt_clear(&s->v[i]);
    free(s->v);
    free(s);
}

int surql_schema_script_parse(surql_schema_script **out, const char *text, size_t len)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!text && len)
        return sq_err(SURQL_EINVAL, "text is NULL");
    /* statements and expressions are kept as C strings and compared as UTF-8:
     * a raw NUL byte would silently cut them, invalid UTF-8 cannot be
     * normalised, and raw control characters (other than tab, CR, LF) make
     * text that does not render back equal (all found by schema-ddl-fuzz).
     * The renderer never emits them (it writes escapes), so refuse them. */
    {
        size_t bad = surql__utf8_check(text, len), line = 1, col = 1;
        const unsigned char *u = (const unsigned char *)text;
        for (size_t i = 0; i <= bad && i < len; i++) {
            unsigned char c = u[i];
            int ctl = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
            if (i == bad || ctl)
                return surql_error_set_at(SURQL_EPARSE, SQ_DOMAIN, line, col, "%zu:%zu: %s", line,
                                          col,
                                          i == bad ? "invalid UTF-8 in SurrealQL text"
                                          : c == 0 ? "NUL byte in SurrealQL text"
                                                   : "control character in SurrealQL text "
                                                     "(write it as an escape inside a string)");
            if (c == '\n') {
                line++;
                col = 1;
            } else if ((c & 0xC0) != 0x80) {
                col++;
            }
        }
    }
    tkv t;
    int rc = sqlex(text ? text : "", len, 1, 1, &t);
    if (rc)
        return rc;
    surql_schema_script *s = calloc(1, sizeof *s);
    if (!s) {
        tkv_free(&t);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    size_t start = 0, cap = 0;
    int depth = 0;
    for (size_t i = 0; !rc && i <= t.n; i++) {
        const tk *k = &t.v[i];
        int end = i == t.n;
        if (!end) {
            if (tk_punct(text, k, "(") || tk_punct(text, k, "[") || tk_punct(text, k, "{"))
                depth++;
            else if (tk_punct(text, k, ")") || tk_punct(text, k, "]") || tk_punct(text, k, "}"))
                depth--;
            if (depth < 0) {
                rc = surql_error_set_at(SURQL_EPARSE, SQ_DOMAIN, k->line, k->col,
                                        "%zu:%zu: unbalanced '%.*s'", k->line, k->col,
                                        (int)k->len, text + k->off);
                break;
            }
            if (!(depth == 0 && tk_punct(text, k, ";")))
                continue;
        } else if (depth > 0) {
            const tk *f = &t.v[start];
            rc = surql_error_set_at(SURQL_EPARSE, SQ_DOMAIN, f->line, f->col,
                                    "%zu:%zu: unclosed bracket in statement", f->line, f->col);
            break;
        }
        if (i > start) {
            if (s->n == cap) {
                size_t nc = cap ? cap * 2 : 16;
                sq_stmt *nv = realloc(s->v, nc * sizeof *nv);
                if (!nv) {
                    rc = sq_err(SURQL_ENOMEM, "out of memory");
                    break;
                }
                s->v = nv;
                cap = nc;
            }
            sq_stmt *st = &s->v[s->n++];
            memset(st, 0, sizeof *st);
            rc = parse_statement(text, &t, start, i, st);
        }
        start = i + 1;
    }
    tkv_free(&t);
    if (rc) {
        surql_schema_script_free(s);
        return rc;
    }
    *out = s;
    return SURQL_OK;
}

size_t surql_schema_script_count(const surql_schema_script *s) { return s ? s->n : 0; }
surql_schema_stmt_kind surql_schema_script_kind(const surql_schema_script *s, size_t i)
{
    return s && i < s->n ? (surql_schema_stmt_kind)s->v[i].kind : SURQL_SCHEMA_STMT_OTHER;
}
const char *surql_schema_script_keyword(const surql_schema_script *s, size_t i)
{
    return s && i < s->n ? s->v[i].keyword : NULL;
}
const char *surql_schema_script_text(const surql_schema_script *s, size_t i)
{
    return s && i < s->n ? s->v[i].text : NULL;
}
const char *surql_schema_script_name(const surql_schema_script *s, size_t i)
{
    return s && i < s->n ? s->v[i].name : NULL;
}
const char *surql_schema_script_table(const surql_schema_script *s, size_t i)
{
    return s && i < s->n ? s->v[i].table : NULL;
}
int surql_schema_script_flags(const surql_schema_script *s, size_t i)
{
    return s && i < s->n ? s->v[i].flags : 0;
}
void surql_schema_script_position(const surql_schema_script *s, size_t i, size_t *line,
                                  size_t *column)
{
    if (line)
        *line = s && i < s->n ? s->v[i].line : 0;
    if (column)
        *column = s && i < s->n ? s->v[i].col : 0;
}
