/* DDL parser: DEFINE ACCESS/PARAM/FUNCTION/ANALYZER statements. */
#include "parse-internal.h"

#include <stdlib.h>
#include <string.h>

#define TRY(x)                                                                           \
    do {                                                                                 \
        if ((rc = (x)) != SURQL_OK)                                                      \
            goto done;                                                                   \
    } while (0)

static int comment(ps *p, char **c)
{
    free(*c);
    *c = NULL;
    if (ps_word(p, "NONE"))
        return SURQL_OK;
    return ps_string(p, c, "a comment");
}

static int unexpected(ps *p, const char *stmt)
{
    const tk *t = ps_tok(p);
    if (p->i >= p->end)
        return ps_err(p, t, SURQL_EPARSE, "%s: unexpected end", stmt);
    return ps_err(p, t, SURQL_EPARSE, "%s: unexpected '%.*s'", stmt,
                  (int)(t->len > 40 ? 40 : t->len), p->src + t->off);
}

/* drop one pair of parentheses enclosing the whole text */
static void strip_parens(char **s)
{
    tkv t;
    if (!*s || sqlex(*s, strlen(*s), 1, 1, &t))
        return;
    if (t.n >= 2 && tk_punct(*s, &t.v[0], "(") && tk_punct(*s, &t.v[t.n - 1], ")")) {
        int depth = 0, wraps = 1;
        for (size_t i = 0; i < t.n && wraps; i++) {
            if (tk_punct(*s, &t.v[i], "(") || tk_punct(*s, &t.v[i], "[") ||
                tk_punct(*s, &t.v[i], "{"))
                depth++;
            else if ((tk_punct(*s, &t.v[i], ")") || tk_punct(*s, &t.v[i], "]") ||
                      tk_punct(*s, &t.v[i], "}")) &&
                     --depth == 0 && i != t.n - 1)
                wraps = 0;
        }
        if (wraps && t.n > 2) {
            const tk *a = &t.v[1], *b = &t.v[t.n - 2];
            char *in = surql_strndup(*s + a->off, b->off + b->len - a->off);
            if (in) {
                free(*s);
                *s = in;
            }
        }
    }
    tkv_free(&t);
}

static int jwt_clause(ps *p, surql_schema_access *a)
{
    int rc = SURQL_OK;
    if (ps_word(p, "ALGORITHM")) {
        char *alg = NULL;
        if ((rc = ps_ident(p, &alg, "a JWT algorithm")))
            return rc;
        for (char *c = alg; *c; c++)
            if (*c >= 'a' && *c <= 'z')
                *c = (char)(*c - 'a' + 'A');
        free(a->alg);
        a->alg = alg;
        if (ps_word(p, "KEY")) {
            free(a->key);
            a->key = NULL;
            rc = ps_string(p, &a->key, "a key");
        }
    } else if (ps_word(p, "URL")) {
        free(a->url);
        a->url = NULL;
        rc = ps_string(p, &a->url, "a JWKS URL");
    } else {
        rc = ps_err(p, NULL, SURQL_EPARSE, "expected ALGORITHM or URL");
    }
    return rc;
}

int sq_parse_define_access(ps *p, surql_schema_access **out)
{
    static const char *const stops[] = { "SIGNUP", "SIGNIN", "WITH", "AUTHENTICATE", "DURATION",
                                         "COMMENT", NULL };
    const tk *at = ps_tok(p);
    char *name = NULL;
    surql_schema_access *a = NULL;
    int rc = ps_ident(p, &name, "an access name");
    if (rc)
        return rc;
    TRY(ps_expect_word(p, "ON"));
    if (!ps_word(p, "DATABASE") && !ps_word(p, "DB")) {
        rc = ps_err(p, NULL, SURQL_EUNSUPPORTED,
                    "DEFINE ACCESS: only accesses ON DATABASE are part of the schema model");
        goto done;
    }
    TRY(ps_expect_word(p, "TYPE"));
    if (ps_word(p, "RECORD"))
        rc = surql_schema_access_record(&a, name, NULL, NULL);
    else if (ps_word(p, "JWT")) {
        rc = surql_schema_access_jwt(&a, name, NULL, "x", NULL);
        if (!rc) {
            free(a->alg);
            free(a->key);
            a->alg = a->key = NULL;
        }
    } else {
        rc = ps_err(p, NULL, SURQL_EUNSUPPORTED,
                    "DEFINE ACCESS: only RECORD and JWT accesses are part of the schema model");
        goto done;
    }
    if (rc) {
        rc = ps_wrap(p, at, rc);
        goto done;
    }
    while (p->i < p->end) {
        at = ps_tok(p);
        if (ps_word(p, "SIGNUP")) {
            free(a->signup);
            a->signup = NULL;
            TRY(ps_expr(p, &a->signup, stops, 0, "a SIGNUP expression"));
            strip_parens(&a->signup);
        } else if (ps_word(p, "SIGNIN")) {
            free(a->signin);
            a->signin = NULL;
            TRY(ps_expr(p, &a->signin, stops, 0, "a SIGNIN expression"));
            strip_parens(&a->signin);
        } else if (ps_word(p, "AUTHENTICATE")) {
            free(a->authenticate);
            a->authenticate = NULL;
            TRY(ps_expr(p, &a->authenticate, stops, 0, "an AUTHENTICATE expression"));
        } else if (ps_word(p, "WITH")) {
            if (ps_word(p, "JWT"))
                TRY(jwt_clause(p, a));
            else if (ps_word(p, "ISSUER")) {
                TRY(ps_expect_word(p, "KEY"));
                free(a->issuer);
                a->issuer = NULL;
                TRY(ps_string(p, &a->issuer, "an issuer key"));
            } else if (ps_word(p, "REFRESH")) {
                /* refresh tokens: not modelled */
            } else {
                rc = ps_err(p, NULL, SURQL_EPARSE, "expected JWT, ISSUER or REFRESH after WITH");
                goto done;
            }
        } else if (a->kind == SURQL_SCHEMA_ACCESS_JWT &&
                   (tk_is(p->src, at, "ALGORITHM") || tk_is(p->src, at, "URL"))) {
            TRY(jwt_clause(p, a));
        } else if (ps_word(p, "DURATION")) {
            do {
                TRY(ps_expect_word(p, "FOR"));
                char **slot = NULL;
                char *ignored = NULL;
                if (ps_word(p, "TOKEN"))
                    slot = &a->token;
                else if (ps_word(p, "SESSION"))
                    slot = &a->session;
                else if (ps_word(p, "GRANT"))
                    slot = &ignored;
                else {
                    rc = ps_err(p, NULL, SURQL_EPARSE, "expected TOKEN, SESSION or GRANT");
                    goto done;
                }
                free(*slot);
                *slot = NULL;
                rc = ps_duration(p, slot, "a duration");
                free(ignored);
                if (rc)
                    goto done;
            } while (ps_punct(p, ","));
        } else if (ps_word(p, "COMMENT")) {
            TRY(comment(p, &a->comment));
        } else {
            rc = unexpected(p, "DEFINE ACCESS");
            goto done;
        }
    }
done:
    free(name);
    if (rc) {
        sq_obj_unref(a);
        return rc;
    }
    *out = a;
    return SURQL_OK;
}

int sq_parse_define_param(ps *p, surql_schema_param **out)
{
    static const char *const stops[] = { "COMMENT", "PERMISSIONS", NULL };
    const tk *at = ps_tok(p);
    char *value = NULL;
    surql_schema_param *x = NULL;
    int rc = SURQL_OK;
    if (p->i >= p->end || at->kind != TK_PARAM || at->len < 2)
        return ps_err(p, at, SURQL_EPARSE, "expected a $param name");
    char *name = surql_strndup(p->src + at->off + 1, at->len - 1);
    if (!name)
        return sq_err(SURQL_ENOMEM, "out of memory");
    p->i++;
    TRY(ps_expect_word(p, "VALUE"));
    TRY(ps_expr(p, &value, stops, 0, "a VALUE expression"));
    if ((rc = surql_schema_param_new(&x, name, value))) {
        rc = ps_wrap(p, at, rc);
        goto done;
    }
    while (p->i < p->end) {
        if (ps_word(p, "COMMENT"))
            TRY(comment(p, &x->comment));
        else if (ps_word(p, "PERMISSIONS")) {
            free(x->perm);
            x->perm = NULL;
            if (ps_word(p, "WHERE"))
                TRY(ps_expr(p, &x->perm, stops, 0, "a permission condition"));
            else if (ps_word(p, "NONE") || ps_word(p, "FULL"))
                x->perm = surql_strdup(tk_is(p->src, &p->t->v[p->i - 1], "NONE") ? "NONE" : "FULL");
            else {
                rc = ps_err(p, NULL, SURQL_EPARSE, "expected NONE, FULL or WHERE");
                goto done;
            }
        } else {
            rc = unexpected(p, "DEFINE PARAM");
            goto done;
        }
    }
done:
    free(name);
    free(value);
    if (rc) {
        sq_obj_unref(x);
        return rc;
    }
    *out = x;
    return SURQL_OK;
}

int sq_parse_define_function(ps *p, surql_schema_function **out)
{
    static const char *const stops[] = { "COMMENT", "PERMISSIONS", NULL };
    const tk *at = ps_tok(p);
    surql_buf name = SURQL_BUF_INIT;
    sq_strv an = { NULL, 0 }, ty = { NULL, 0 };
    char *ret = NULL, *body = NULL, *cmt = NULL, *perm = NULL;
    surql_schema_function *f = NULL;
    int rc = ps_expect_word(p, "fn");
    while (!rc && ps_punct(p, "::")) {
        char *seg = NULL;
        rc = ps_ident(p, &seg, "a function name");
        if (!rc)
            rc = surql_buf_printf(&name, "%s%s", name.size ? "::" : "", seg);
        free(seg);
    }
    if (!rc && !name.size)
        rc = ps_err(p, NULL, SURQL_EPARSE, "expected fn::name");
    if (rc)
        goto done;
    TRY(ps_expect_punct(p, "("));
    while (!ps_punct(p, ")")) {
        const tk *t = ps_tok(p);
        if (p->i >= p->end || t->kind != TK_PARAM) {
            rc = ps_err(p, t, SURQL_EPARSE, "expected an argument ($name: type) or ')'");
            goto done;
        }
        char *n = surql_strndup(p->src + t->off + 1, t->len - 1), *k = NULL;
        p->i++;
        rc = n ? ps_expect_punct(p, ":") : sq_err(SURQL_ENOMEM, "out of memory");
        if (!rc)
            rc = ps_kind(p, &k, "an argument type");
        if (!rc)
            rc = sq_strv_push(&an, n);
        if (!rc)
            rc = sq_strv_push(&ty, k);
        free(n);
        free(k);
        if (rc)
            goto done;
        if (!ps_punct(p, ",") && !tk_punct(p->src, ps_tok(p), ")")) {
            rc = ps_expect_punct(p, ")");
            goto done;
        }
    }
    if (ps_punct(p, "->"))
        TRY(ps_kind(p, &ret, "a return type"));
    const tk *open = ps_tok(p);
    TRY(ps_expect_punct(p, "{"));
    {
        int depth = 1;
        size_t s = p->i;
        while (depth > 0 && p->i < p->end) {
            const tk *t = ps_tok(p);
            if (tk_punct(p->src, t, "{"))
                depth++;
            else if (tk_punct(p->src, t, "}"))
                depth--;
            p->i++;
        }
        if (depth) {
            rc = ps_err(p, open, SURQL_EPARSE, "unclosed '{' in the function body");
            goto done;
        }
        size_t a = open->off + 1, b = p->t->v[p->i - 1].off;
        (void)s;
        body = surql_strndup(p->src + a, b - a);
        if (!body) {
            rc = sq_err(SURQL_ENOMEM, "out of memory");
            goto done;
        }
    }
    while (p->i < p->end) {
        if (ps_word(p, "COMMENT"))
            TRY(comment(p, &cmt));
        else if (ps_word(p, "PERMISSIONS")) {
            free(perm);
            perm = NULL;
            if (ps_word(p, "WHERE"))
                TRY(ps_expr(p, &perm, stops, 0, "a permission condition"));
            else if (ps_word(p, "NONE") || ps_word(p, "FULL"))
                perm = surql_strdup(tk_is(p->src, &p->t->v[p->i - 1], "NONE") ? "NONE" : "FULL");
            else {
                rc = ps_err(p, NULL, SURQL_EPARSE, "expected NONE, FULL or WHERE");
                goto done;
            }
        } else if (ps_word(p, "RETURNS")) {
            free(ret);
            ret = NULL;
            TRY(ps_kind(p, &ret, "a return type"));
        } else {
            rc = unexpected(p, "DEFINE FUNCTION");
            goto done;
        }
    }
    rc = surql_schema_function_new(&f, surql_buf_cstr(&name), body);
    for (size_t i = 0; !rc && i < an.n; i++) {
        surql_schema_function *g = NULL;
        rc = surql_schema_function_with_arg(&g, f, an.v[i], ty.v[i]);
        sq_obj_unref(f);
        f = g;
    }
    if (!rc)
        rc = sq_set_str(&f->returns, ret) | sq_set_str(&f->comment, cmt) |
             sq_set_str(&f->perm, perm);
    if (rc)
        rc = ps_wrap(p, at, rc);
done:
    surql_buf_dispose(&name);
    sq_strv_clear(&an);
    sq_strv_clear(&ty);
    free(ret);
    free(body);
    free(cmt);
    free(perm);
    if (rc) {
        sq_obj_unref(f);
        return rc;
    }
    *out = f;
    return SURQL_OK;
}

int sq_parse_define_analyzer(ps *p, surql_schema_analyzer **out)
{
    const tk *at = ps_tok(p);
    char *name = NULL, *fn = NULL, *cmt = NULL;
    sq_strv tok = { NULL, 0 }, fil = { NULL, 0 };
    surql_schema_analyzer *a = NULL, *n = NULL;
    int rc = ps_ident(p, &name, "an analyzer name");
    if (rc)
        return rc;
    while (p->i < p->end) {
        if (ps_word(p, "FUNCTION")) {
            surql_buf b = SURQL_BUF_INIT;
            rc = ps_expect_word(p, "fn");
            while (!rc && ps_punct(p, "::")) {
                char *seg = NULL;
                rc = ps_ident(p, &seg, "a function name");
                if (!rc)
                    rc = surql_buf_printf(&b, "%s%s", b.size ? "::" : "", seg);
                free(seg);
            }
            free(fn);
            fn = rc ? NULL : surql_buf_detach(&b);
            surql_buf_dispose(&b);
            if (rc)
                goto done;
        } else if (ps_word(p, "TOKENIZERS") || ps_word(p, "FILTERS")) {
            sq_strv *v = tk_is(p->src, &p->t->v[p->i - 1], "FILTERS") ? &fil : &tok;
            sq_strv_clear(v);
            do {
                const tk *s = ps_tok(p);
                if (p->i >= p->end || s->kind != TK_IDENT) {
                    rc = ps_err(p, s, SURQL_EPARSE, "expected a tokenizer or filter name");
                    goto done;
                }
                p->i++;
                const tk *e = s;
                if (tk_punct(p->src, ps_tok(p), "(")) {
                    while (p->i < p->end && !tk_punct(p->src, ps_tok(p), ")"))
                        p->i++;
                    if (p->i >= p->end) {
                        rc = ps_err(p, s, SURQL_EPARSE, "unclosed '(' in a filter");
                        goto done;
                    }
                    e = ps_tok(p);
                    p->i++;
                }
                /* checked and canonicalised from its tokens here, so an error points
                 * at the item and comments inside the parentheses are dropped */
                char *item = surql_strndup(p->src + s->off, e->off + e->len - s->off), *c = NULL;
                rc = item ? sq_analyzer_item(&c, item, v == &fil, name)
                          : sq_err(SURQL_ENOMEM, "out of memory");
                if (!rc)
                    rc = sq_strv_push(v, c);
                free(item);
                free(c);
                if (rc) {
                    rc = ps_wrap(p, s, rc);
                    goto done;
                }
            } while (ps_punct(p, ","));
        } else if (ps_word(p, "COMMENT")) {
            TRY(comment(p, &cmt));
        } else {
            rc = unexpected(p, "DEFINE ANALYZER");
            goto done;
        }
    }
    rc = surql_schema_analyzer_new(&a, name);
    if (!rc && tok.n) {
        rc = surql_schema_analyzer_with_tokenizers(&n, a, (const char *const *)tok.v, tok.n);
        sq_obj_unref(a);
        a = n;
    }
    if (!rc && fil.n) {
        rc = surql_schema_analyzer_with_filters(&n, a, (const char *const *)fil.v, fil.n);
        sq_obj_unref(a);
        a = n;
    }
    if (!rc && fn) {
        rc = surql_schema_analyzer_with_function(&n, a, fn);
        sq_obj_unref(a);
        a = n;
    }
    if (!rc)
        rc = sq_set_str(&a->comment, cmt);
    if (rc)
        rc = ps_wrap(p, at, rc);
done:
    free(name);
    free(fn);
    free(cmt);
    sq_strv_clear(&tok);
    sq_strv_clear(&fil);
    if (rc) {
        sq_obj_unref(a);
        return rc;
    }
    *out = a;
    return SURQL_OK;
}
