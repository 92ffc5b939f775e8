/* DDL rendering of accesses, params, functions, analyzers and whole schemas. */
#include "canon-internal.h"
#include "ddl-internal.h"

#include <stdio.h>
#include <string.h>

#include <surql/schema/literal.h>

static int def(surql_buf *b, const char *what, const surql_schema_ddl_options *o)
{
    int rc = surql_buf_puts(b, "DEFINE ");
    if (!rc)
        rc = surql_buf_puts(b, what);
    if (!rc && o->mode == SURQL_SCHEMA_DDL_OVERWRITE)
        rc = surql_buf_puts(b, " OVERWRITE");
    if (!rc && o->mode == SURQL_SCHEMA_DDL_IF_NOT_EXISTS)
        rc = surql_buf_puts(b, " IF NOT EXISTS");
    if (!rc)
        rc = surql_buf_putc(b, ' ');
    return rc;
}

static int str(surql_buf *b, const char *kw, const char *s)
{
    int rc = surql_buf_printf(b, " %s ", kw);
    if (!rc)
        rc = surql_string_escape(b, s, strlen(s));
    return rc;
}

static int expr(surql_buf *b, const char *pre, const char *e, const char *post,
                const surql_schema_ddl_options *o)
{
    int rc = surql_buf_puts(b, pre);
    if (!rc)
        rc = sq_ddl_expr(b, e, o->dialect);
    if (!rc)
        rc = surql_buf_puts(b, post);
    return rc;
}

static int rule(surql_buf *b, const char *r, const surql_schema_ddl_options *o)
{
    if (!r)
        return SURQL_OK;
    if (strcmp(r, "FULL") == 0 || strcmp(r, "NONE") == 0)
        return surql_buf_printf(b, " PERMISSIONS %s", r);
    return expr(b, " PERMISSIONS WHERE ", r, "", o);
}

int sq_ddl_access(surql_buf *b, const surql_schema_access *a, const surql_schema_ddl_options *o)
{
    int rc = def(b, "ACCESS", o);
    if (!rc)
        rc = surql_ident_escape(b, a->h.name);
    int rec = a->kind == SURQL_SCHEMA_ACCESS_RECORD;
    if (!rc)
        rc = surql_buf_puts(b, rec ? " ON DATABASE TYPE RECORD" : " ON DATABASE TYPE JWT");
    if (!rc && a->signup)
        rc = expr(b, " SIGNUP (", a->signup, ")", o);
    if (!rc && a->signin)
        rc = expr(b, " SIGNIN (", a->signin, ")", o);
    if (!rc && (a->key || a->url || (!rec && a->alg))) {
        if (rec)
            rc = surql_buf_puts(b, " WITH JWT");
        if (!rc && a->url)
            rc = str(b, "URL", a->url);
        else if (!rc) {
            rc = surql_buf_printf(b, " ALGORITHM %s", a->alg ? a->alg : "HS256");
            if (!rc && a->key)
                rc = str(b, "KEY", a->key);
        }
    }
    if (!rc && a->issuer)
        rc = str(b, "WITH ISSUER KEY", a->issuer);
    if (!rc && a->authenticate)
        rc = expr(b, " AUTHENTICATE ", a->authenticate, "", o);
    if (!rc && (a->token || a->session)) {
        rc = surql_buf_puts(b, " DURATION");
        if (!rc && a->token)
            rc = surql_buf_printf(b, " FOR TOKEN %s", a->token);
        if (!rc && a->session)
            rc = surql_buf_printf(b, "%s FOR SESSION %s", a->token ? "," : "", a->session);
    }
    if (!rc && a->comment)
        rc = str(b, "COMMENT", a->comment);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

int sq_ddl_param(surql_buf *b, const surql_schema_param *p, const surql_schema_ddl_options *o)
{
    int rc = def(b, "PARAM", o);
    if (!rc)
        rc = surql_buf_putc(b, '$');
    if (!rc)
        rc = surql_buf_puts(b, p->h.name);
    if (!rc && p->value)
        rc = expr(b, " VALUE ", p->value, "", o);
    else if (!rc) {
        rc = surql_buf_puts(b, " VALUE ");
        if (!rc)
            rc = surql_value_to_surql(p->vvalue, b,
                                      o->dialect == SURQL_DIALECT_V2 ? SURQL_LITERAL_V2 : 0);
    }
    if (!rc && p->comment)
        rc = str(b, "COMMENT", p->comment);
    if (!rc)
        rc = rule(b, p->perm, o);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

int sq_ddl_function(surql_buf *b, const surql_schema_function *f,
                    const surql_schema_ddl_options *o)
{
    int rc = def(b, "FUNCTION", o);
    if (!rc)
        rc = surql_buf_printf(b, "fn::%s(", f->h.name);
    for (size_t i = 0; !rc && i < f->argn.n; i++) {
        rc = surql_buf_printf(b, "%s$%s: ", i ? ", " : "", f->argn.v[i]);
        if (!rc)
            rc = sq_type_canon(b, f->argt.v[i], "function argument");
    }
    if (!rc)
        rc = surql_buf_putc(b, ')');
    if (!rc && f->returns) {
        rc = surql_buf_puts(b, " -> ");
        if (!rc)
            rc = sq_type_canon(b, f->returns, "function return type");
    }
    if (!rc)
        rc = expr(b, " { ", f->body, f->body[0] ? " }" : "}", o);
    if (!rc && f->comment)
        rc = str(b, "COMMENT", f->comment);
    if (!rc)
        rc = rule(b, f->perm, o);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

int sq_ddl_analyzer(surql_buf *b, const surql_schema_analyzer *a,
                    const surql_schema_ddl_options *o)
{
    int rc = def(b, "ANALYZER", o);
    if (!rc)
        rc = surql_ident_escape(b, a->h.name);
    if (!rc && a->function)
        rc = surql_buf_printf(b, " FUNCTION fn::%s", a->function);
    if (!rc && a->tok.n) {
        rc = surql_buf_puts(b, " TOKENIZERS ");
        for (size_t i = 0; !rc && i < a->tok.n; i++)
            rc = surql_buf_printf(b, "%s%s", i ? ", " : "", a->tok.v[i]);
    }
    if (!rc && a->filt.n) {
        rc = surql_buf_puts(b, " FILTERS ");
        for (size_t i = 0; !rc && i < a->filt.n; i++)
            rc = surql_buf_printf(b, "%s%s", i ? ", " : "", a->filt.v[i]);
    }
    if (!rc && a->comment)
        rc = str(b, "COMMENT", a->comment);
    if (!rc)
        rc = surql_buf_puts(b, ";\n");
    return rc;
}

static int finish(surql_buf *out, surql_buf *tmp, int rc)
{
    if (!rc)
        rc = surql_buf_put(out, tmp->ptr ? tmp->ptr : "", tmp->size);
    surql_buf_dispose(tmp);
    return rc;
}

#define WRAP(fn, obj, what)                                                              \
    if (!out || !obj)                                                                    \
        return sq_err(SURQL_EINVAL, "%s: NULL argument", what);                          \
    surql_schema_ddl_options o;                                                          \
    int rc = sq_ddl_opts(&o, opts);                                                      \
    if (rc)                                                                              \
        return rc;                                                                       \
    surql_buf tmp = SURQL_BUF_INIT;                                                      \
    return finish(out, &tmp, fn(&tmp, obj, &o))

int surql_schema_access_to_ddl(surql_buf *out, const surql_schema_access *a,
                               const surql_schema_ddl_options *opts)
{
    WRAP(sq_ddl_access, a, "access_to_ddl");
}
int surql_schema_param_to_ddl(surql_buf *out, const surql_schema_param *p,
                              const surql_schema_ddl_options *opts)
{
    WRAP(sq_ddl_param, p, "param_to_ddl");
}
int surql_schema_function_to_ddl(surql_buf *out, const surql_schema_function *f,
                                 const surql_schema_ddl_options *opts)
{
    WRAP(sq_ddl_function, f, "function_to_ddl");
}
int surql_schema_analyzer_to_ddl(surql_buf *out, const surql_schema_analyzer *a,
                                 const surql_schema_ddl_options *opts)
{
    WRAP(sq_ddl_analyzer, a, "analyzer_to_ddl");
}

int surql_schema_to_ddl(surql_buf *out, const surql_schema *s,
                        const surql_schema_ddl_options *opts)
{
    if (!out || !s)
        return sq_err(SURQL_EINVAL, "schema_to_ddl: NULL argument");
    surql_schema_ddl_options o;
    int rc = sq_ddl_opts(&o, opts);
    if (rc)
        return rc;
    surql_buf tmp = SURQL_BUF_INIT;
    for (size_t i = 0; !rc && i < s->analyzers.n; i++)
        rc = sq_ddl_analyzer(&tmp, (const surql_schema_analyzer *)s->analyzers.v[i], &o);
    for (size_t i = 0; !rc && i < s->functions.n; i++)
        rc = sq_ddl_function(&tmp, (const surql_schema_function *)s->functions.v[i], &o);
    for (size_t i = 0; !rc && i < s->params.n; i++)
        rc = sq_ddl_param(&tmp, (const surql_schema_param *)s->params.v[i], &o);
    for (int edges = 0; edges < 2; edges++)
        for (size_t i = 0; !rc && i < s->tables.n; i++) {
            const surql_schema_table *t = (const surql_schema_table *)s->tables.v[i];
            if (t->edge == edges)
                rc = sq_ddl_table_full(&tmp, t, &o);
        }
    for (size_t i = 0; !rc && i < s->accesses.n; i++)
        rc = sq_ddl_access(&tmp, (const surql_schema_access *)s->accesses.v[i], &o);
    return finish(out, &tmp, rc);
}
