/* Authentication methods (surql/conn/auth.h). */
#include <string.h>

#include <surql/conn/auth.h>
#include <surql/conn/error.h>
#include <surql/schema/error.h>

#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

const char *surql_conn_token_access(const surql_value *token)
{
    const char *s = NULL;
    if (surql_value_get_string(token, &s, NULL) == SURQL_OK)
        return s;
    if (surql_value_get_string(surql_value_object_get(token, "access"), &s, NULL) == SURQL_OK)
        return s;
    return NULL;
}

static int put(surql_value *o, const char *k, const char *v)
{
    if (!v)
        return SURQL_OK;
    surql_value *s = surql_value_string(v);
    if (!s)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "credentials: %s is not valid UTF-8", k);
    return surql_value_object_set_take(o, k, s);
}

static surql_value *cred_object(const surql_conn_credentials *cr, int signup)
{
    if (!cr->user && !cr->access && !cr->refresh) {
        surql_error_set(SURQL_EINVAL, DOMAIN,
                        "%s: credentials need a user (and pass) or an access method",
                        signup ? "signup" : "signin");
        return NULL;
    }
    if (cr->user && !cr->pass) {
        surql_error_set(SURQL_EINVAL, DOMAIN, "signin: user given without pass");
        return NULL;
    }
    if (cr->vars && surql_value_type_of(cr->vars) != SURQL_VALUE_OBJECT) {
        surql_error_set(SURQL_EINVAL, DOMAIN, "credentials: vars must be an object");
        return NULL;
    }
    surql_value *o = surql_value_object();
    if (!o) {
        surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        return NULL;
    }
    int rc = SURQL_OK;
    /* vars first, so the reserved keys below always win */
    if (cr->vars) {
        surql_value_iter it;
        surql_value_iter_init(&it, cr->vars);
        while (!rc && surql_value_iter_next(&it) == SURQL_OK)
            rc = surql_value_object_set_len(o, it.key, it.key_len, it.value);
    }
    if (!rc)
        rc = put(o, "ns", cr->ns);
    if (!rc)
        rc = put(o, "db", cr->db);
    if (!rc)
        rc = put(o, "ac", cr->access);
    if (!rc)
        rc = put(o, "user", cr->user);
    if (!rc)
        rc = put(o, "pass", cr->pass);
    if (!rc)
        rc = put(o, "key", cr->key);
    if (!rc)
        rc = put(o, "refresh", cr->refresh);
    if (rc)
        o = surql_value_unref(o);
    return o;
}

static int sign(surql_value **token, surql_conn_client *c, const surql_conn_credentials *cr,
                const char *method)
{
    if (token)
        *token = NULL;
    if (!c || !cr)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: NULL argument", method);
    surql_value *o = cred_object(cr, method[4] == 'u');
    if (!o)
        return surql_error_last()->code;
    surql_value *params = surql_conn__params(1, (const surql_value *const *)&o);
    surql_value_unref(o);
    if (!params)
        return SURQL_ENOMEM;
    surql_value *tok = NULL;
    /* signin has no effect but authentication: safe to repeat; signup creates a record */
    int rc = surql_conn__call(&tok, c, method, params,
                              !strcmp(method, "signin") ? SURQL_CONN_CALL_IDEMPOTENT : 0,
                              surql_conn__deadline(c, 0));
    surql_value_unref(params);
    if (rc)
        return rc;
    surql_conn__set_sess_token(c, surql_value_is_nullish(tok) ? NULL : tok);
    if (token)
        *token = tok;
    else
        surql_value_unref(tok);
    return SURQL_OK;
}

int surql_conn_signin(surql_value **token, surql_conn_client *c, const surql_conn_credentials *cr)
{
    return sign(token, c, cr, "signin");
}

int surql_conn_signup(surql_value **token, surql_conn_client *c, const surql_conn_credentials *cr)
{
    return sign(token, c, cr, "signup");
}

int surql_conn_signin_root(surql_value **token, surql_conn_client *c, const char *user,
                           const char *pass)
{
    surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
    cr.user = user;
    cr.pass = pass;
    if (!user || !pass) {
        if (token)
            *token = NULL;
        return surql_error_set(SURQL_EINVAL, DOMAIN, "signin: user and pass are required");
    }
    return sign(token, c, &cr, "signin");
}

int surql_conn_signin_namespace(surql_value **token, surql_conn_client *c, const char *ns,
                                const char *user, const char *pass)
{
    if (!ns || !user || !pass) {
        if (token)
            *token = NULL;
        return surql_error_set(SURQL_EINVAL, DOMAIN, "signin: ns, user and pass are required");
    }
    surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
    cr.ns = ns;
    cr.user = user;
    cr.pass = pass;
    return sign(token, c, &cr, "signin");
}

int surql_conn_signin_database(surql_value **token, surql_conn_client *c, const char *ns,
                               const char *db, const char *user, const char *pass)
{
    if (!ns || !db || !user || !pass) {
        if (token)
            *token = NULL;
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "signin: ns, db, user and pass are required");
    }
    surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
    cr.ns = ns;
    cr.db = db;
    cr.user = user;
    cr.pass = pass;
    return sign(token, c, &cr, "signin");
}

static int record(surql_value **token, surql_conn_client *c, const char *ns, const char *db,
                  const char *access, const surql_value *vars, const char *method)
{
    if (!ns || !db || !access) {
        if (token)
            *token = NULL;
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: ns, db and access are required",
                               method);
    }
    surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
    cr.ns = ns;
    cr.db = db;
    cr.access = access;
    cr.vars = vars;
    return sign(token, c, &cr, method);
}

int surql_conn_signin_record(surql_value **token, surql_conn_client *c, const char *ns,
                             const char *db, const char *access, const surql_value *vars)
{
    return record(token, c, ns, db, access, vars, "signin");
}

int surql_conn_signup_record(surql_value **token, surql_conn_client *c, const char *ns,
                             const char *db, const char *access, const surql_value *vars)
{
    return record(token, c, ns, db, access, vars, "signup");
}

int surql_conn_authenticate(surql_conn_client *c, const char *token)
{
    if (!c || !token)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "authenticate: NULL argument");
    surql_value *t = surql_value_string(token);
    if (!t)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "authenticate: token is not valid UTF-8");
    surql_value *params = surql_conn__params(1, (const surql_value *const *)&t);
    int rc = params ? surql_conn__call(NULL, c, "authenticate", params, SURQL_CONN_CALL_IDEMPOTENT,
                                       surql_conn__deadline(c, 0))
                    : SURQL_ENOMEM;
    surql_value_unref(params);
    if (!rc)
        surql_conn__set_sess_token(c, t);
    surql_value_unref(t);
    return rc;
}

static int tokens_call(surql_value **out, surql_conn_client *c, const surql_value *tokens,
                       const char *method)
{
    if (out)
        *out = NULL;
    if (!c || !tokens)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: NULL argument", method);
    if (surql_value_type_of(tokens) != SURQL_VALUE_OBJECT ||
        !surql_value_object_get(tokens, "refresh"))
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: tokens must be an object {access, refresh}", method);
    int rc = surql_conn__need_v3(c, method, 0);
    if (rc)
        return rc;
    surql_value *params = surql_conn__params(1, &tokens);
    if (!params)
        return SURQL_ENOMEM;
    surql_value *r = NULL;
    rc = surql_conn__call(&r, c, method, params, 0, surql_conn__deadline(c, 0));
    surql_value_unref(params);
    if (!rc && !strcmp(method, "refresh"))
        surql_conn__set_sess_token(c, r);
    if (!rc && out)
        *out = r;
    else
        surql_value_unref(r);
    return rc;
}

int surql_conn_refresh(surql_value **out, surql_conn_client *c, const surql_value *tokens)
{
    return tokens_call(out, c, tokens, "refresh");
}

int surql_conn_revoke(surql_conn_client *c, const surql_value *tokens)
{
    return tokens_call(NULL, c, tokens, "revoke");
}

int surql_conn_invalidate(surql_conn_client *c)
{
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "invalidate: client is NULL");
    int rc = surql_conn__call(NULL, c, "invalidate", NULL, SURQL_CONN_CALL_IDEMPOTENT,
                              surql_conn__deadline(c, 0));
    if (!rc)
        surql_conn__reset_sess(c, 0);
    return rc;
}

int surql_conn_reset(surql_conn_client *c)
{
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "reset: client is NULL");
    int rc = surql_conn__call(NULL, c, "reset", NULL, SURQL_CONN_CALL_IDEMPOTENT,
                              surql_conn__deadline(c, 0));
    if (!rc)
        surql_conn__reset_sess(c, 1);
    return rc;
}
