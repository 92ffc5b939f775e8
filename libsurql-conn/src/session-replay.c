/* Sessions a connection restores after a reconnect: the registry of
 * sessions, replay calls, and the renewal of an expired token (refresh, or
 * a new sign-in with the config's credentials). The supervisor thread that
 * drives reconnection is in reconnect.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <surql/conn/error.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>
#include "client-internal.h"
#include "conn-internal.h"
#include "live-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

/* one replay call on session @p x (params consumed) */
static int rcall(surql_value **out, surql_conn__link *l, surql_conn__sess *x, const char *method,
                 surql_value *params, int64_t deadline)
{
    surql_conn_client v;
    memset(&v, 0, sizeof v);
    atomic_init(&v.refs, 1);
    atomic_init(&v.timeout_ms, 0);
    v.kind = SURQL_CONN__VIEW_ROOT;
    v.link = l;
    v.sess = x;
    int rc = surql_conn__call_once(out, &v, method, params,
                                   SURQL_CONN__CALL_REPLAY | SURQL_CONN__CALL_NO_TXN, deadline);
    surql_value_unref(params);
    return rc;
}

int surql_conn__sess_call(surql_value **out, surql_conn__link *l, surql_conn__sess *x,
                          const char *method, surql_value *params, int64_t deadline)
{
    return rcall(out, l, x, method, params, deadline);
}

static surql_value *params_str(size_t n, const char *a, const char *b)
{
    surql_value *p = surql_value_array();
    const char *v[2] = { a, b };
    for (size_t i = 0; p && i < n; i++) {
        surql_value *x = v[i] ? surql_value_string(v[i]) : surql_value_ref(surql_value_none());
        if (!x || surql_value_array_push_take(p, x) != 0)
            p = surql_value_unref(p);
    }
    return p;
}

/* The session the renewal calls of @p x go out on (a new reference; NULL on
 * ENOMEM). Over WebSocket x itself: the server keeps the session's state and
 * a sign-in replaces its authentication. Over HTTP every request carries the
 * session's token as its Authorization header, and the server refuses an
 * expired one before it looks at the method ("401 The token has expired"):
 * so a copy of x without the token (same ns/db, session id). */
static surql_conn__sess *renewal_sess(surql_conn__link *l, surql_conn__sess *x)
{
    if (l->websocket) {
        atomic_fetch_add(&x->refs, 1);
        return x;
    }
    surql_conn__sess *r = surql_conn__sess_new(x->id);
    if (!r)
        return NULL;
    pthread_mutex_lock(&l->mu);
    int bad = (x->ns && !(r->ns = surql_strdup(x->ns))) ||
              (x->db && !(r->db = surql_strdup(x->db)));
    pthread_mutex_unlock(&l->mu);
    if (bad) {
        surql_conn__sess_unref(r);
        return NULL;
    }
    return r;
}

static int resignin(surql_conn__link *l, surql_conn__sess *x, int64_t dl)
{
    const surql_conn_config *cfg = l->cfg;
    const char *user = surql_conn_config_get_username(cfg);
    const char *pass = surql_conn_config_get_password(cfg);
    if (!user || !pass)
        return surql_error_set(SURQL_CONN_EAUTH, DOMAIN, "no credentials in the config");
    surql_value *o = surql_value_object();
    int rc = o ? 0 : SURQL_ENOMEM;
    if (!rc)
        rc = surql_value_object_set_take(o, "user", surql_value_string(user));
    if (!rc)
        rc = surql_value_object_set_take(o, "pass", surql_value_string(pass));
    if (!rc && l->auth_level >= SURQL_CONN_AUTH_NAMESPACE)
        rc = surql_value_object_set_take(o, "ns",
                                         surql_value_string(surql_conn_config_get_namespace(cfg)));
    if (!rc && l->auth_level >= SURQL_CONN_AUTH_DATABASE)
        rc = surql_value_object_set_take(o, "db",
                                         surql_value_string(surql_conn_config_get_database(cfg)));
    surql_value *p = rc ? NULL : surql_conn__params(1, (const surql_value *const *)&o);
    surql_value_unref(o);
    if (!p)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_value *tok = NULL;
    surql_conn__sess *rs = renewal_sess(l, x);
    if (rs) {
        rc = rcall(&tok, l, rs, "signin", p, dl); /* consumes p */
    } else {
        surql_value_unref(p);
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    surql_conn__sess_unref(rs);
    if (!rc) {
        pthread_mutex_lock(&l->mu);
        surql_value_unref(x->token);
        x->token = surql_value_is_nullish(tok) ? NULL : surql_value_ref(tok);
        x->config_auth = 1;
        pthread_mutex_unlock(&l->mu);
    }
    surql_value_unref(tok);
    return rc;
}

/* Renew the authentication of session @p x whose token @p tok was refused
 * (expired): `refresh` with a 3.x {access, refresh} token, else a sign-in
 * with the config's credentials when @p config_auth (x was signed in with
 * them). Never invents or escalates credentials: SURQL_CONN_EAUTH when
 * neither applies. */
static int renew_auth(surql_conn__link *l, surql_conn__sess *x, const surql_value *tok,
                      int config_auth, int64_t dl)
{
    int rc = SURQL_CONN_EAUTH;
    if (tok && surql_value_object_get(tok, "refresh") && l->dialect == SURQL_DIALECT_V3) {
        surql_value *pr = surql_conn__params(1, (const surql_value *const *)&tok);
        surql_value *nt = NULL;
        surql_conn__sess *rs = pr ? renewal_sess(l, x) : NULL;
        if (rs) {
            rc = rcall(&nt, l, rs, "refresh", pr, dl);
        } else {
            surql_value_unref(pr);
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        }
        surql_conn__sess_unref(rs);
        if (!rc) {
            pthread_mutex_lock(&l->mu);
            surql_value_unref(x->token);
            x->token = nt;
            nt = NULL;
            pthread_mutex_unlock(&l->mu);
        }
        surql_value_unref(nt);
    }
    if (rc && config_auth)
        rc = resignin(l, x, dl);
    if (rc == SURQL_CONN_EAUTH && !config_auth && !(tok && surql_value_object_get(tok, "refresh")))
        surql_error_set(SURQL_CONN_EAUTH, DOMAIN,
                        "no way to re-authenticate: the session was not signed in with the "
                        "config's credentials and has no refresh token");
    return rc;
}

int surql_conn__reauth(surql_conn__link *l, surql_conn__sess *x, int64_t deadline)
{
    pthread_mutex_lock(&l->mu);
    surql_value *tok = x->token ? surql_value_ref(x->token) : NULL;
    int config_auth = x->config_auth;
    pthread_mutex_unlock(&l->mu);
    int64_t dl = deadline > 0 ? deadline
                              : surql_conn__now_ms() + surql_conn_config_get_timeout_ms(l->cfg);
    int rc = renew_auth(l, x, tok, config_auth, dl);
    surql_value_unref(tok);
    return rc;
}

/* Restore one session: attach, use, let, auth. Transport errors abort
 * (returned); auth problems are logged and reported in *warn. */
int surql_conn__sess_replay(surql_conn__link *l, surql_conn__sess *x, int64_t dl, surql_buf *warn)
{
    pthread_mutex_lock(&l->mu);
    char *ns = x->ns ? surql_strdup(x->ns) : NULL;
    char *db = x->db ? surql_strdup(x->db) : NULL;
    surql_value *tok = x->token ? surql_value_ref(x->token) : NULL;
    surql_value *vars = x->vars ? surql_value_ref(x->vars) : NULL;
    int attached = x->attached, config_auth = x->config_auth;
    pthread_mutex_unlock(&l->mu);
    int rc = SURQL_OK;
    if (x->id && !attached)
        goto out;
    if (x->id)
        rc = rcall(NULL, l, x, "attach", NULL, dl);
    if (!rc && (ns || db))
        rc = rcall(NULL, l, x, "use", params_str(2, ns, db), dl);
    surql_value_iter it;
    if (!rc && vars && surql_value_iter_init(&it, vars) == SURQL_OK) {
        while (!rc && surql_value_iter_next(&it) == SURQL_OK) {
            surql_value *k = surql_value_string_len(it.key, it.key_len);
            const surql_value *pv[2] = { k, it.value };
            surql_value *p = k ? surql_conn__params(2, pv) : NULL;
            surql_value_unref(k);
            rc = p ? rcall(NULL, l, x, "let", p, dl) : SURQL_ENOMEM;
        }
    }
    if (!rc && tok) {
        const char *access = NULL;
        if (surql_value_get_string(tok, &access, NULL) != SURQL_OK)
            surql_value_get_string(surql_value_object_get(tok, "access"), &access, NULL);
        surql_value *t = access ? surql_value_string(access) : NULL;
        surql_value *p = t ? surql_conn__params(1, (const surql_value *const *)&t) : NULL;
        surql_value_unref(t);
        rc = p ? rcall(NULL, l, x, "authenticate", p, dl) : SURQL_CONN_EAUTH;
        if (rc == SURQL_CONN_EAUTH || rc == SURQL_CONN_ESERVER) {
            /* expired or no longer valid: a refresh token (3.x), else the config's credentials */
            const char *why = surql_error_last()->message;
            char *first = surql_strdup(why ? why : "");
            rc = renew_auth(l, x, tok, config_auth, dl);
            if (rc == SURQL_CONN_EAUTH || rc == SURQL_CONN_ESERVER) {
                surql_buf_printf(warn, "%sthe session could not be re-authenticated (%s); it is "
                                       "now unauthenticated",
                                 warn->size ? "; " : "", first ? first : "");
                surql_log(SURQL_LOG_WARN, DOMAIN, "%s: reconnect: %s", l->url,
                          warn->ptr ? warn->ptr : "");
                rc = SURQL_OK;
            }
            free(first);
        }
    }
out:
    free(ns);
    free(db);
    surql_value_unref(tok);
    surql_value_unref(vars);
    return rc;
}
