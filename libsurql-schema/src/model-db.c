/* Database-level objects: accesses, params, functions, analyzers. */
#include "model-internal.h"
#include "sqlex-internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/schema/literal.h>

#define BEGIN(T, clonefn, what)                                                          \
    if (!out)                                                                            \
        return sq_err(SURQL_EINVAL, "out is NULL");                                      \
    *out = NULL;                                                                         \
    if (!a)                                                                              \
        return sq_err(SURQL_EINVAL, what " is NULL");                                    \
    T *c = clonefn(a);                                                                   \
    if (!c)                                                                              \
        return SURQL_ENOMEM;                                                             \
    int rc = SURQL_OK

#define DONE(destroyfn)                                                                  \
    do {                                                                                 \
        if (rc) {                                                                        \
            destroyfn(c);                                                                \
            return rc;                                                                   \
        }                                                                                \
        *out = c;                                                                        \
        return SURQL_OK;                                                                 \
    } while (0)

/* ---- access ---------------------------------------------------------------- */

void sq_access_destroy(surql_schema_access *a)
{
    free(a->h.name);
    free(a->signup);
    free(a->signin);
    free(a->authenticate);
    free(a->alg);
    free(a->key);
    free(a->url);
    free(a->issuer);
    free(a->token);
    free(a->session);
    free(a->comment);
    free(a);
}

surql_schema_access *sq_access_clone(const surql_schema_access *a)
{
    surql_schema_access *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_ACCESS);
    if (!a)
        return c;
    c->kind = a->kind;
    if (sq_set_str(&c->h.name, a->h.name) | sq_set_str(&c->signup, a->signup) |
        sq_set_str(&c->signin, a->signin) | sq_set_str(&c->authenticate, a->authenticate) |
        sq_set_str(&c->alg, a->alg) | sq_set_str(&c->key, a->key) | sq_set_str(&c->url, a->url) |
        sq_set_str(&c->issuer, a->issuer) | sq_set_str(&c->token, a->token) |
        sq_set_str(&c->session, a->session) | sq_set_str(&c->comment, a->comment)) {
        sq_access_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

static const char *const jwt_algs[] = { "EDDSA", "ES256", "ES384", "ES512", "HS256", "HS384",
                                        "HS512", "PS256", "PS384", "PS512", "RS256", "RS384",
                                        "RS512", NULL };

static int set_jwt(surql_schema_access *c, const char *alg, const char *key, const char *url)
{
    const char *n = c->h.name;
    if (key && url)
        return sq_err(SURQL_ESCHEMA, "access '%s': JWT takes a KEY or a URL, not both", n);
    if (url && alg)
        return sq_err(SURQL_ESCHEMA, "access '%s': a JWKS URL takes no ALGORITHM", n);
    char up[16] = "";
    if (alg) {
        size_t i = 0;
        for (; alg[i] && i < sizeof up - 1; i++)
            up[i] = (char)toupper((unsigned char)alg[i]);
        up[i] = '\0';
        int ok = 0;
        for (size_t k = 0; jwt_algs[k]; k++)
            ok |= strcmp(jwt_algs[k], up) == 0 && !alg[i];
        if (!ok)
            return sq_err(SURQL_ESCHEMA, "access '%s': unknown JWT algorithm '%s'", n, alg);
        if (strcmp(up, "EDDSA") == 0)
            memcpy(up, "EDDSA", 6);
    } else if (!url)
        memcpy(up, "HS256", 6);
    int rc = sq_set_str(&c->alg, up[0] ? up : NULL);
    if (!rc)
        rc = sq_set_str(&c->key, key);
    if (!rc)
        rc = sq_set_str(&c->url, url);
    if (!rc && c->issuer && c->alg && strncmp(c->alg, "HS", 2) == 0)
        rc = sq_err(SURQL_ESCHEMA,
                    "access '%s': WITH ISSUER KEY is for asymmetric algorithms (%s signs with KEY)",
                    n, c->alg);
    return rc;
}

int surql_schema_access_record(surql_schema_access **out, const char *name, const char *signup,
                               const char *signin)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_ident_validate(name, "access");
    if (rc)
        return rc;
    surql_schema_access *c = sq_access_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    c->kind = SURQL_SCHEMA_ACCESS_RECORD;
    rc = sq_set_str(&c->h.name, name) | sq_set_str(&c->signup, signup) |
         sq_set_str(&c->signin, signin);
    DONE(sq_access_destroy);
}

int surql_schema_access_jwt(surql_schema_access **out, const char *name, const char *algorithm,
                            const char *key, const char *url)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_ident_validate(name, "access");
    if (rc)
        return rc;
    surql_schema_access *c = sq_access_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    c->kind = SURQL_SCHEMA_ACCESS_JWT;
    rc = sq_set_str(&c->h.name, name);
    if (!rc)
        rc = set_jwt(c, algorithm, key, url);
    DONE(sq_access_destroy);
}

surql_schema_access *surql_schema_access_ref(const surql_schema_access *a) { return sq_obj_ref(a); }
surql_schema_access *surql_schema_access_unref(surql_schema_access *a)
{
    sq_obj_unref(a);
    return NULL;
}

int surql_schema_access_with_jwt(surql_schema_access **out, const surql_schema_access *a,
                                 const char *algorithm, const char *key, const char *url)
{
    BEGIN(surql_schema_access, sq_access_clone, "access");
    rc = set_jwt(c, algorithm, key, url);
    DONE(sq_access_destroy);
}

int surql_schema_access_with_issuer_key(surql_schema_access **out, const surql_schema_access *a,
                                        const char *key)
{
    BEGIN(surql_schema_access, sq_access_clone, "access");
    if (key && (!c->alg || strncmp(c->alg, "HS", 2) == 0))
        rc = sq_err(SURQL_ESCHEMA,
                    "access '%s': WITH ISSUER KEY is for asymmetric algorithms (%s signs with KEY)",
                    c->h.name, c->alg ? c->alg : "a JWKS URL");
    if (!rc)
        rc = sq_set_str(&c->issuer, key);
    DONE(sq_access_destroy);
}

int surql_schema_access_with_authenticate(surql_schema_access **out,
                                          const surql_schema_access *a, const char *expr)
{
    BEGIN(surql_schema_access, sq_access_clone, "access");
    rc = sq_set_str(&c->authenticate, expr);
    DONE(sq_access_destroy);
}

int surql_schema_access_with_durations(surql_schema_access **out, const surql_schema_access *a,
                                       const char *token, const char *session)
{
    BEGIN(surql_schema_access, sq_access_clone, "access");
    char what[300];
    snprintf(what, sizeof what, "access '%s': token duration", c->h.name);
    rc = sq_duration_check(token, what);
    snprintf(what, sizeof what, "access '%s': session duration", c->h.name);
    if (!rc)
        rc = sq_duration_check(session, what);
    if (!rc)
        rc = sq_set_str(&c->token, token) | sq_set_str(&c->session, session);
    DONE(sq_access_destroy);
}

int surql_schema_access_with_comment(surql_schema_access **out, const surql_schema_access *a,
                                     const char *comment)
{
    BEGIN(surql_schema_access, sq_access_clone, "access");
    rc = sq_set_str(&c->comment, comment);
    DONE(sq_access_destroy);
}

const char *surql_schema_access_name(const surql_schema_access *a) { return a ? a->h.name : NULL; }
surql_schema_access_kind surql_schema_access_get_kind(const surql_schema_access *a)
{
    return a ? (surql_schema_access_kind)a->kind : SURQL_SCHEMA_ACCESS_RECORD;
}
const char *surql_schema_access_signup(const surql_schema_access *a) { return a ? a->signup : NULL; }
const char *surql_schema_access_signin(const surql_schema_access *a) { return a ? a->signin : NULL; }
const char *surql_schema_access_authenticate(const surql_schema_access *a)
{
    return a ? a->authenticate : NULL;
}
const char *surql_schema_access_algorithm(const surql_schema_access *a) { return a ? a->alg : NULL; }
const char *surql_schema_access_key(const surql_schema_access *a) { return a ? a->key : NULL; }
const char *surql_schema_access_url(const surql_schema_access *a) { return a ? a->url : NULL; }
const char *surql_schema_access_issuer_key(const surql_schema_access *a)
{
    return a ? a->issuer : NULL;
}
const char *surql_schema_access_token_duration(const surql_schema_access *a)
{
    return a ? a->token : NULL;
}
const char *surql_schema_access_session_duration(const surql_schema_access *a)
{
    return a ? a->session : NULL;
}
const char *surql_schema_access_comment(const surql_schema_access *a) { return a ? a->comment : NULL; }

/* ---- param ------------------------------------------------------------------ */

void sq_param_destroy(surql_schema_param *p)
{
    free(p->h.name);
    free(p->value);
    surql_value_unref(p->vvalue);
    free(p->perm);
    free(p->comment);
    free(p);
}

surql_schema_param *sq_param_clone(const surql_schema_param *p)
{
    surql_schema_param *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_PARAM);
    if (!p)
        return c;
    c->vvalue = surql_value_ref(p->vvalue);
    if (sq_set_str(&c->h.name, p->h.name) | sq_set_str(&c->value, p->value) |
        sq_set_str(&c->perm, p->perm) | sq_set_str(&c->comment, p->comment)) {
        sq_param_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

static int param_base(surql_schema_param **out, const char *name)
{
    *out = NULL;
    if (name && name[0] == '$')
        name++;
    int rc = surql_ident_validate(name, "param");
    if (rc)
        return rc;
    surql_schema_param *c = sq_param_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    if ((rc = sq_set_str(&c->h.name, name))) {
        sq_param_destroy(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

int surql_schema_param_new(surql_schema_param **out, const char *name, const char *expr)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    surql_schema_param *c;
    int rc = param_base(&c, name);
    if (rc)
        return rc;
    if (!expr || !*expr)
        rc = sq_err(SURQL_ESCHEMA, "param '%s': VALUE is required", c->h.name);
    else
        rc = sq_set_str(&c->value, expr);
    DONE(sq_param_destroy);
}

int surql_schema_param_new_value(surql_schema_param **out, const char *name, const surql_value *v)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    surql_schema_param *c;
    int rc = param_base(&c, name);
    if (rc)
        return rc;
    if (!v)
        rc = sq_err(SURQL_ESCHEMA, "param '%s': VALUE is required", c->h.name);
    c->vvalue = surql_value_ref(v);
    DONE(sq_param_destroy);
}

surql_schema_param *surql_schema_param_ref(const surql_schema_param *p) { return sq_obj_ref(p); }
surql_schema_param *surql_schema_param_unref(surql_schema_param *p)
{
    sq_obj_unref(p);
    return NULL;
}

int surql_schema_param_with_permission(surql_schema_param **out, const surql_schema_param *a,
                                       const char *rule)
{
    BEGIN(surql_schema_param, sq_param_clone, "param");
    char *r = NULL, what[300];
    snprintf(what, sizeof what, "param '%s'", c->h.name);
    rc = sq_perm_rule(&r, rule, what);
    if (!rc) {
        free(c->perm);
        c->perm = r;
    }
    DONE(sq_param_destroy);
}

int surql_schema_param_with_comment(surql_schema_param **out, const surql_schema_param *a,
                                    const char *comment)
{
    BEGIN(surql_schema_param, sq_param_clone, "param");
    rc = sq_set_str(&c->comment, comment);
    DONE(sq_param_destroy);
}

const char *surql_schema_param_name(const surql_schema_param *p) { return p ? p->h.name : NULL; }
const char *surql_schema_param_value(const surql_schema_param *p) { return p ? p->value : NULL; }
const surql_value *surql_schema_param_value_value(const surql_schema_param *p)
{
    return p ? p->vvalue : NULL;
}
const char *surql_schema_param_permission(const surql_schema_param *p) { return p ? p->perm : NULL; }
const char *surql_schema_param_comment(const surql_schema_param *p) { return p ? p->comment : NULL; }

/* ---- function ---------------------------------------------------------------- */

void sq_function_destroy(surql_schema_function *f)
{
    free(f->h.name);
    free(f->body);
    sq_strv_clear(&f->argn);
    sq_strv_clear(&f->argt);
    free(f->returns);
    free(f->perm);
    free(f->comment);
    free(f);
}

surql_schema_function *sq_function_clone(const surql_schema_function *f)
{
    surql_schema_function *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_FUNCTION);
    if (!f)
        return c;
    if (sq_set_str(&c->h.name, f->h.name) | sq_set_str(&c->body, f->body) |
        sq_strv_copy(&c->argn, &f->argn) | sq_strv_copy(&c->argt, &f->argt) |
        sq_set_str(&c->returns, f->returns) | sq_set_str(&c->perm, f->perm) |
        sq_set_str(&c->comment, f->comment)) {
        sq_function_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

int surql_schema_function_new(surql_schema_function **out, const char *name, const char *body)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (name && strncmp(name, "fn::", 4) == 0)
        name += 4;
    int rc = sq_fn_name_check(name, "function");
    if (rc)
        return rc;
    if (!body)
        return sq_err(SURQL_ESCHEMA, "function '%s': body is required", name);
    /* the body without surrounding whitespace, and without one pair of braces
     * when they enclose all of it (`{ a }`, not `{ a }; { b }`) */
    tkv t;
    if ((rc = sqlex(body, strlen(body), 1, 1, &t))) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", surql_error_last()->message);
        return sq_err(rc, "function '%s': body: %s", name, msg);
    }
    size_t b = 0, e = t.n;
    if (t.n >= 2 && tk_punct(body, &t.v[0], "{") && tk_punct(body, &t.v[t.n - 1], "}")) {
        int depth = 0;
        size_t k = 0;
        for (; k < t.n; k++) {
            depth += tk_punct(body, &t.v[k], "{") - tk_punct(body, &t.v[k], "}");
            if (depth == 0)
                break;
        }
        if (k == t.n - 1)
            b = 1, e = t.n - 1;
    }
    /* from the first to the last token kept (comments around them dropped) */
    size_t from = b < e ? t.v[b].off : 0, to = b < e ? t.v[e - 1].off + t.v[e - 1].len : 0;
    tkv_free(&t);
    surql_schema_function *c = sq_function_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    rc = sq_set_str(&c->h.name, name);
    if (!rc && !(c->body = surql_strndup(body + from, to - from)))
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    DONE(sq_function_destroy);
}

surql_schema_function *surql_schema_function_ref(const surql_schema_function *f)
{
    return sq_obj_ref(f);
}
surql_schema_function *surql_schema_function_unref(surql_schema_function *f)
{
    sq_obj_unref(f);
    return NULL;
}

int surql_schema_function_with_arg(surql_schema_function **out, const surql_schema_function *a,
                                   const char *name, const char *type)
{
    BEGIN(surql_schema_function, sq_function_clone, "function");
    char what[300];
    snprintf(what, sizeof what, "function '%s': argument", c->h.name);
    if (name && name[0] == '$')
        name++;
    rc = surql_ident_validate(name, what);
    if (!rc && !type)
        rc = sq_err(SURQL_ESCHEMA, "function '%s': argument '%s' needs a type", c->h.name, name);
    if (!rc)
        rc = sq_type_check(type, what);
    for (size_t i = 0; !rc && i < c->argn.n; i++)
        if (strcmp(c->argn.v[i], name) == 0)
            rc = sq_err(SURQL_ESCHEMA, "function '%s': duplicate argument '%s'", c->h.name, name);
    if (!rc)
        rc = sq_strv_push(&c->argn, name);
    if (!rc)
        rc = sq_strv_push(&c->argt, type);
    DONE(sq_function_destroy);
}

int surql_schema_function_with_returns(surql_schema_function **out,
                                       const surql_schema_function *a, const char *type)
{
    BEGIN(surql_schema_function, sq_function_clone, "function");
    char what[300];
    snprintf(what, sizeof what, "function '%s': return type", c->h.name);
    if (type)
        rc = sq_type_check(type, what);
    if (!rc)
        rc = sq_set_str(&c->returns, type);
    DONE(sq_function_destroy);
}

int surql_schema_function_with_permission(surql_schema_function **out,
                                          const surql_schema_function *a, const char *rule)
{
    BEGIN(surql_schema_function, sq_function_clone, "function");
    char *r = NULL, what[300];
    snprintf(what, sizeof what, "function '%s'", c->h.name);
    rc = sq_perm_rule(&r, rule, what);
    if (!rc) {
        free(c->perm);
        c->perm = r;
    }
    DONE(sq_function_destroy);
}

int surql_schema_function_with_comment(surql_schema_function **out,
                                       const surql_schema_function *a, const char *comment)
{
    BEGIN(surql_schema_function, sq_function_clone, "function");
    rc = sq_set_str(&c->comment, comment);
    DONE(sq_function_destroy);
}

const char *surql_schema_function_name(const surql_schema_function *f) { return f ? f->h.name : NULL; }
const char *surql_schema_function_body(const surql_schema_function *f) { return f ? f->body : NULL; }
size_t surql_schema_function_arg_count(const surql_schema_function *f) { return f ? f->argn.n : 0; }
int surql_schema_function_arg(const surql_schema_function *f, size_t i, const char **name,
                              const char **type)
{
    if (!f || i >= f->argn.n)
        return sq_err(SURQL_ERANGE, "argument %zu out of range", i);
    if (name)
        *name = f->argn.v[i];
    if (type)
        *type = f->argt.v[i];
    return SURQL_OK;
}
const char *surql_schema_function_returns(const surql_schema_function *f)
{
    return f ? f->returns : NULL;
}
const char *surql_schema_function_permission(const surql_schema_function *f)
{
    return f ? f->perm : NULL;
}
const char *surql_schema_function_comment(const surql_schema_function *f)
{
    return f ? f->comment : NULL;
}

/* ---- analyzer ------------------------------------------------------------------ */

void sq_analyzer_destroy(surql_schema_analyzer *a)
{
    free(a->h.name);
    free(a->function);
    sq_strv_clear(&a->tok);
    sq_strv_clear(&a->filt);
    free(a->comment);
    free(a);
}

surql_schema_analyzer *sq_analyzer_clone(const surql_schema_analyzer *a)
{
    surql_schema_analyzer *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_ANALYZER);
    if (!a)
        return c;
    if (sq_set_str(&c->h.name, a->h.name) | sq_set_str(&c->function, a->function) |
        sq_strv_copy(&c->tok, &a->tok) | sq_strv_copy(&c->filt, &a->filt) |
        sq_set_str(&c->comment, a->comment)) {
        sq_analyzer_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

int surql_schema_analyzer_new(surql_schema_analyzer **out, const char *name)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = surql_ident_validate(name, "analyzer");
    if (rc)
        return rc;
    surql_schema_analyzer *c = sq_analyzer_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    rc = sq_set_str(&c->h.name, name);
    DONE(sq_analyzer_destroy);
}

surql_schema_analyzer *surql_schema_analyzer_ref(const surql_schema_analyzer *a)
{
    return sq_obj_ref(a);
}
surql_schema_analyzer *surql_schema_analyzer_unref(surql_schema_analyzer *a)
{
    sq_obj_unref(a);
    return NULL;
}

static int set_items(sq_strv *dst, const char *const *items, size_t n, int filter,
                     const char *aname)
{
    sq_strv nv = { NULL, 0 };
    for (size_t i = 0; i < n; i++) {
        char *c = NULL;
        int rc = sq_analyzer_item(&c, items ? items[i] : NULL, filter, aname);
        if (!rc)
            rc = sq_strv_push(&nv, c);
        free(c);
        if (rc) {
            sq_strv_clear(&nv);
            return rc;
        }
    }
    sq_strv_clear(dst);
    *dst = nv;
    return SURQL_OK;
}

int surql_schema_analyzer_with_tokenizers(surql_schema_analyzer **out,
                                          const surql_schema_analyzer *a,
                                          const char *const *tok, size_t n)
{
    BEGIN(surql_schema_analyzer, sq_analyzer_clone, "analyzer");
    rc = set_items(&c->tok, tok, n, 0, c->h.name);
    DONE(sq_analyzer_destroy);
}

int surql_schema_analyzer_with_filters(surql_schema_analyzer **out,
                                       const surql_schema_analyzer *a,
                                       const char *const *filters, size_t n)
{
    BEGIN(surql_schema_analyzer, sq_analyzer_clone, "analyzer");
    rc = set_items(&c->filt, filters, n, 1, c->h.name);
    DONE(sq_analyzer_destroy);
}

int surql_schema_analyzer_with_function(surql_schema_analyzer **out,
                                        const surql_schema_analyzer *a, const char *name)
{
    BEGIN(surql_schema_analyzer, sq_analyzer_clone, "analyzer");
    if (name && strncmp(name, "fn::", 4) == 0)
        name += 4;
    char what[300];
    snprintf(what, sizeof what, "analyzer '%s': function", c->h.name);
    if (name)
        rc = sq_fn_name_check(name, what);
    if (!rc)
        rc = sq_set_str(&c->function, name);
    DONE(sq_analyzer_destroy);
}

int surql_schema_analyzer_with_comment(surql_schema_analyzer **out,
                                       const surql_schema_analyzer *a, const char *comment)
{
    BEGIN(surql_schema_analyzer, sq_analyzer_clone, "analyzer");
    rc = sq_set_str(&c->comment, comment);
    DONE(sq_analyzer_destroy);
}

const char *surql_schema_analyzer_name(const surql_schema_analyzer *a) { return a ? a->h.name : NULL; }
const char *surql_schema_analyzer_function(const surql_schema_analyzer *a)
{
    return a ? a->function : NULL;
}
size_t surql_schema_analyzer_tokenizer_count(const surql_schema_analyzer *a)
{
    return a ? a->tok.n : 0;
}
const char *surql_schema_analyzer_tokenizer(const surql_schema_analyzer *a, size_t i)
{
    return a && i < a->tok.n ? a->tok.v[i] : NULL;
}
size_t surql_schema_analyzer_filter_count(const surql_schema_analyzer *a)
{
    return a ? a->filt.n : 0;
}
const char *surql_schema_analyzer_filter(const surql_schema_analyzer *a, size_t i)
{
    return a && i < a->filt.n ? a->filt.v[i] : NULL;
}
const char *surql_schema_analyzer_comment(const surql_schema_analyzer *a)
{
    return a ? a->comment : NULL;
}
