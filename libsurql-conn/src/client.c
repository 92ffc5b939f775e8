/* Client handles: open (connect, version probe, sign-in, use), references,
 * properties, session state, and the generic call. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <surql/conn/auth.h>
#include <surql/conn/client.h>
#include <surql/conn/error.h>
#include <surql/conn/methods.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "client-internal.h"
#include "conn-internal.h"
#include "live-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

/* ------------------------------------------------------------------------ */
/* sessions and links                                                         */

surql_conn__sess *surql_conn__sess_new(const surql_value *id)
{
    surql_conn__sess *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    atomic_init(&s->refs, 1);
    s->id = id ? surql_value_ref(id) : NULL;
    return s;
}

void surql_conn__sess_unref(surql_conn__sess *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    surql_value_unref(s->id);
    free(s->ns);
    free(s->db);
    surql_value_unref(s->token);
    surql_value_unref(s->vars);
    free(s);
}

void surql_conn__link_unref(surql_conn__link *l)
{
    if (!l || atomic_fetch_sub(&l->refs, 1) != 1)
        return;
    surql_conn__link_close(l, "connection closed by the client");
    surql_conn__super_free(l);
    if (l->wake[0] >= 0)
        close(l->wake[0]);
    if (l->wake[1] >= 0)
        close(l->wake[1]);
    surql_conn_config_free(l->cfg);
    free(l->url);
    free(l->version);
    free(l->fail_msg);
    free(l->orphan_msg);
    surql_conn__sess_unref(l->default_sess);
    pthread_condattr_destroy(&l->cattr);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

static surql_conn__link *link_new(const surql_conn_config *cfg,
                                  const surql_conn_client_options *o)
{
    surql_conn__link *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    atomic_init(&l->refs, 1);
    atomic_init(&l->next_id, 1);
    l->wake[0] = l->wake[1] = -1;
    pthread_mutex_init(&l->mu, NULL);
    pthread_condattr_init(&l->cattr);
    pthread_condattr_setclock(&l->cattr, CLOCK_MONOTONIC);
    l->dialect = SURQL_DIALECT_V3; /* until the version probe */
    l->flags = o->flags;
    l->auth_level = o->auth_level;
    l->max_message = o->max_message;
    l->on_notify = o->on_notify;
    l->notify_ud = o->notify_userdata;
    if (surql_conn_config_copy(&l->cfg, cfg) != 0 ||
        !(l->url = surql_strdup(surql_conn_config_get_url(cfg))) ||
        !(l->default_sess = surql_conn__sess_new(NULL)) || surql_conn__super_init(l) != 0) {
        surql_conn__link_unref(l);
        return NULL;
    }
    l->websocket = surql_conn_config_is_websocket(cfg);
    l->proto = surql_conn_config_get_protocol(cfg);
    return l;
}

static surql_conn_client *view_new(surql_conn__view_kind kind, surql_conn__link *l,
                                   surql_conn__sess *s, surql_conn_client *parent)
{
    surql_conn_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    atomic_init(&c->refs, 1);
    atomic_init(&c->timeout_ms, parent ? atomic_load(&parent->timeout_ms) : 0);
    c->kind = kind;
    c->link = l;
    atomic_fetch_add(&l->refs, 1);
    c->sess = s;
    atomic_fetch_add(&s->refs, 1);
    c->parent = parent ? surql_conn_client_ref(parent) : NULL;
    pthread_mutex_lock(&l->mu);
    c->epoch = l->epoch;
    pthread_mutex_unlock(&l->mu);
    return c;
}

surql_conn_client *surql_conn__view_new(surql_conn_client *parent, surql_conn__view_kind kind,
                                        const surql_value *session_id, const surql_value *txn)
{
    surql_conn__sess *s = NULL;
    if (kind == SURQL_CONN__VIEW_SESSION) {
        s = surql_conn__sess_new(session_id);
        if (!s)
            return NULL;
    } else {
        s = parent->sess;
        atomic_fetch_add(&s->refs, 1);
    }
    surql_conn_client *c = view_new(kind, parent->link, s, parent);
    surql_conn__sess_unref(s);
    if (!c)
        return NULL;
    if (kind == SURQL_CONN__VIEW_TXN)
        c->txn = surql_value_ref(txn ? txn : parent->txn);
    return c;
}

/* ------------------------------------------------------------------------ */
/* open                                                                       */

static int probe_version(surql_conn_client *c, int64_t deadline)
{
    surql_value *v = NULL;
    int rc = surql_conn__call_once(&v, c, "version", NULL, SURQL_CONN__CALL_NO_SESSION, deadline);
    if (rc)
        return rc;
    const char *s = NULL;
    if (surql_value_get_string(v, &s, NULL) != SURQL_OK) {
        surql_value_unref(v);
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "%s: the version RPC did not return a string", c->link->url);
    }
    surql_dialect d;
    if (surql_dialect_parse(&d, s) != SURQL_OK) {
        rc = surql_error_set(SURQL_EUNSUPPORTED, DOMAIN,
                             "%s: server version '%s' is not supported (need SurrealDB 2.x or 3.x)",
                             c->link->url, s);
        surql_value_unref(v);
        return rc;
    }
    c->link->dialect = (int)d;
    c->link->version = surql_strdup(s);
    surql_value_unref(v);
    if (!c->link->version)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_log(SURQL_LOG_DEBUG, DOMAIN, "%s: %s (dialect %s)", c->link->url, c->link->version,
              surql_dialect_name(d));
    return SURQL_OK;
}

static int open_once(surql_conn_client **out, const surql_conn_config *cfg,
                     const surql_conn_client_options *o)
{
    *out = NULL;
    surql_conn__link *l = link_new(cfg, o);
    if (!l)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_conn_client *c = view_new(SURQL_CONN__VIEW_ROOT, l, l->default_sess, NULL);
    surql_conn__link_unref(l); /* the view holds it */
    if (!c)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    int64_t deadline = surql_conn__now_ms() + surql_conn_config_get_timeout_ms(cfg);
    int rc = surql_conn__link_connect(l, deadline);
    if (!rc)
        rc = probe_version(c, deadline);
    const char *user = surql_conn_config_get_username(cfg);
    const char *pass = surql_conn_config_get_password(cfg);
    const char *ns = surql_conn_config_get_namespace(cfg);
    const char *db = surql_conn_config_get_database(cfg);
    if (!rc && user && pass && !(o->flags & SURQL_CONN_CLIENT_NO_SIGNIN)) {
        surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
        cr.user = user;
        cr.pass = pass;
        if (o->auth_level >= SURQL_CONN_AUTH_NAMESPACE)
            cr.ns = ns;
        if (o->auth_level >= SURQL_CONN_AUTH_DATABASE)
            cr.db = db;
        rc = surql_conn_signin(NULL, c, &cr);
        if (!rc) {
            pthread_mutex_lock(&l->mu);
            l->default_sess->config_auth = 1; /* a reconnect may sign in again */
            pthread_mutex_unlock(&l->mu);
        }
    }
    if (!rc && !(o->flags & SURQL_CONN_CLIENT_NO_USE))
        rc = surql_conn_use(NULL, c, ns, db);
    if (!rc)
        rc = surql_conn__super_start(l); /* CONNECTED; keepalive and reconnect (ws) */
    if (rc) {
        surql_conn__saved_error se;
        surql_conn__error_save(&se);
        surql_conn__link_close(l, "open failed");
        surql_conn_client_free(c);
        surql_conn__error_restore(&se);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

static int open_retryable(int rc)
{
    return rc == SURQL_CONN_ECONNECT || rc == SURQL_ETIMEOUT || rc == SURQL_CONN_ECLOSED ||
           (rc == SURQL_CONN_ESERVER && surql_error_last()->server_code == 0);
}

int surql_conn_client_open(surql_conn_client **out, const surql_conn_config *cfg,
                           const surql_conn_client_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !cfg)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_client_open: NULL argument");
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    if (opts) {
        if (opts->version < 1)
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "surql_conn_client_open: options version %u is unknown",
                                   opts->version);
        o = *opts;
    }
    if (o.auth_level < SURQL_CONN_AUTH_ROOT || o.auth_level > SURQL_CONN_AUTH_DATABASE)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_client_open: bad auth level %d",
                               (int)o.auth_level);
    int rc = surql_conn__check_init("surql_conn_client_open");
    if (!rc)
        rc = surql_conn_config_validate(cfg);
    if (rc)
        return rc;
    int attempts = (o.flags & SURQL_CONN_CLIENT_NO_RETRY)
                       ? 1
                       : surql_conn_config_get_retry_max_attempts(cfg);
    for (int a = 1;; a++) {
        rc = open_once(out, cfg, &o);
        if (rc == 0 || a >= attempts || !open_retryable(rc))
            return rc;
        int64_t d = surql_conn__backoff_ms(cfg, a);
        surql_log(SURQL_LOG_INFO, DOMAIN, "connecting to %s failed (%s: %s), retry %d of %d in %lld ms",
                  surql_conn_config_get_url(cfg), surql_conn_status_name(rc),
                  surql_error_last()->message, a, attempts - 1, (long long)d);
        /* keep the error of the last attempt visible after the sleep */
        surql_conn__sleep_until(d, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* references and properties                                                  */

surql_conn_client *surql_conn_client_ref(surql_conn_client *c)
{
    if (c)
        atomic_fetch_add(&c->refs, 1);
    return c;
}

void surql_conn_client_free(surql_conn_client *c)
{
    if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
        return;
    surql_conn__saved_error se; /* freeing never changes the caller's error slot */
    surql_conn__error_save(&se);
    surql_conn__link *l = c->link;
    int attached = 0, closed = 1;
    if (c->kind == SURQL_CONN__VIEW_SESSION) {
        pthread_mutex_lock(&l->mu);
        closed = l->closed;
        attached = c->sess->attached;
        pthread_mutex_unlock(&l->mu);
    }
    if (attached) {
        if (!closed) {
            /* best effort: the session and its live queries go away */
            int64_t dl = surql_conn__now_ms() + 2000;
            if (surql_conn__call_once(NULL, c, "detach", NULL, SURQL_CONN__CALL_NO_TXN, dl) != 0)
                surql_log(SURQL_LOG_DEBUG, DOMAIN, "detach on free failed: %s",
                          surql_error_last()->message);
        }
        c->sess->attached = 0;
        surql_conn__sess_unregister(l, c->sess);
    }
    if (c->kind == SURQL_CONN__VIEW_ROOT)
        surql_conn__link_close(l, "connection closed by the client");
    surql_value_unref(c->txn);
    surql_conn__sess_unref(c->sess);
    surql_conn_client *parent = c->parent;
    free(c);
    surql_conn__link_unref(l);
    surql_conn_client_free(parent);
    surql_conn__error_restore(&se);
}

void surql_conn_client_close(surql_conn_client *c)
{
    if (c)
        surql_conn__link_close(c->link, "connection closed by the client");
}

int surql_conn_client_is_open(const surql_conn_client *c)
{
    if (!c)
        return 0;
    surql_conn__link *l = c->link;
    pthread_mutex_lock(&l->mu);
    int open = !l->closed && l->state == SURQL_CONN_STATE_CONNECTED;
    pthread_mutex_unlock(&l->mu);
    return open;
}

int surql_conn_client_dialect(const surql_conn_client *c)
{
    return c ? c->link->dialect : SURQL_DIALECT_DEFAULT;
}

const char *surql_conn_client_server_version(const surql_conn_client *c)
{
    return c && c->link->version ? c->link->version : "";
}

surql_conn_protocol surql_conn_client_protocol(const surql_conn_client *c)
{
    return c ? c->link->proto : SURQL_CONN_PROTOCOL_CBOR;
}

int surql_conn_client_is_websocket(const surql_conn_client *c)
{
    return c ? c->link->websocket : 0;
}

int surql_conn_client_set_timeout_ms(surql_conn_client *c, int64_t ms)
{
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "client is NULL");
    atomic_store(&c->timeout_ms, ms);
    return SURQL_OK;
}

int64_t surql_conn_client_get_timeout_ms(const surql_conn_client *c)
{
    if (!c)
        return SURQL_CONN_DEFAULT_TIMEOUT_MS;
    int64_t t = atomic_load(&((surql_conn_client *)(uintptr_t)c)->timeout_ms);
    return t ? t : surql_conn_config_get_timeout_ms(c->link->cfg);
}

int surql_conn_client_set_notify(surql_conn_client *c, surql_conn_notify_fn fn, void *userdata)
{
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "client is NULL");
    pthread_mutex_lock(&c->link->mu);
    c->link->on_notify = fn;
    c->link->notify_ud = userdata;
    pthread_mutex_unlock(&c->link->mu);
    return SURQL_OK;
}

int surql_conn_client_get_stats(const surql_conn_client *c, surql_conn_client_stats *out)
{
    if (!c || !out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_client_get_stats: NULL argument");
    pthread_mutex_lock(&c->link->mu);
    out->version = 2;
    out->in_flight = c->link->npending;
    out->notifications = c->link->notifications;
    pthread_mutex_unlock(&c->link->mu);
    out->reconnects = surql_conn__reconnects(c->link);
    return SURQL_OK;
}

int surql_conn_client_call(surql_value **out, surql_conn_client *c, const char *method,
                           const surql_value *params, const surql_conn_call_options *opts)
{
    if (out)
        *out = NULL;
    if (!c || !method || !*method)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_client_call: %s",
                               !c ? "client is NULL" : "method is NULL or empty");
    surql_conn_call_options o = SURQL_CONN_CALL_OPTIONS_INIT;
    if (opts)
        o = *opts;
    return surql_conn__call(out, c, method, params, o.flags & 0xffu,
                            surql_conn__deadline(c, o.timeout_ms));
}

/* ------------------------------------------------------------------------ */
/* session state                                                              */

static int set_str(char **dst, const char *s)
{
    char *n = NULL;
    if (s && !(n = surql_strdup(s)))
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    free(*dst);
    *dst = n;
    return SURQL_OK;
}

int surql_conn__set_sess_use(surql_conn_client *c, const char *ns, const char *db)
{
    pthread_mutex_lock(&c->link->mu);
    int rc = ns ? set_str(&c->sess->ns, ns) : 0;
    if (!rc && db)
        rc = set_str(&c->sess->db, db);
    pthread_mutex_unlock(&c->link->mu);
    return rc;
}

int surql_conn__set_sess_token(surql_conn_client *c, const surql_value *token)
{
    pthread_mutex_lock(&c->link->mu);
    surql_value_unref(c->sess->token);
    c->sess->token = token ? surql_value_ref(token) : NULL;
    c->sess->config_auth = 0; /* open sets it again after its own sign-in */
    pthread_mutex_unlock(&c->link->mu);
    return SURQL_OK;
}

int surql_conn__set_sess_var(surql_conn_client *c, const char *name, const surql_value *v)
{
    int rc = SURQL_OK;
    pthread_mutex_lock(&c->link->mu);
    /* copy-on-write: the old object may be in use by a query being sent */
    surql_value *n = surql_value_object();
    if (!n) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    } else {
        surql_value_iter it;
        if (c->sess->vars && surql_value_iter_init(&it, c->sess->vars) == SURQL_OK) {
            while (!rc && surql_value_iter_next(&it) == SURQL_OK)
                if (strcmp(it.key, name) != 0)
                    rc = surql_value_object_set_len(n, it.key, it.key_len, it.value);
        }
        if (!rc && v && !surql_value_is_none(v))
            rc = surql_value_object_set(n, name, v);
        if (!rc) {
            surql_value_unref(c->sess->vars);
            c->sess->vars = n;
        } else {
            surql_value_unref(n);
        }
    }
    pthread_mutex_unlock(&c->link->mu);
    return rc;
}

void surql_conn__reset_sess(surql_conn_client *c, int all)
{
    pthread_mutex_lock(&c->link->mu);
    surql_value_unref(c->sess->token);
    c->sess->token = NULL;
    c->sess->config_auth = 0;
    if (all) {
        free(c->sess->ns);
        free(c->sess->db);
        c->sess->ns = c->sess->db = NULL;
        surql_value_unref(c->sess->vars);
        c->sess->vars = NULL;
    }
    pthread_mutex_unlock(&c->link->mu);
}

/* ------------------------------------------------------------------------ */
/* helpers                                                                    */

int surql_conn__is_v3(const surql_conn_client *c)
{
    return c->link->dialect == SURQL_DIALECT_V3;
}

int surql_conn__need_v3(const surql_conn_client *c, const char *what, int ws_only)
{
    if (c->link->dialect != SURQL_DIALECT_V3)
        return surql_error_set(SURQL_EUNSUPPORTED, DOMAIN,
                               "%s needs SurrealDB 3.x; the server is %s", what,
                               c->link->version ? c->link->version : "2.x");
    if (ws_only && !c->link->websocket)
        return surql_error_set(SURQL_EUNSUPPORTED, DOMAIN,
                               "%s needs a WebSocket connection (ws:// or wss://)", what);
    return SURQL_OK;
}

surql_value *surql_conn__params(size_t n, const surql_value *const *v)
{
    surql_value *a = surql_value_array();
    for (size_t i = 0; a && i < n; i++) {
        if (surql_value_array_push(a, v[i] ? v[i] : surql_value_none()) != 0)
            a = surql_value_unref(a);
    }
    if (!a)
        surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    return a;
}

surql_value *surql_conn__what(const surql_value *what)
{
    const char *s = NULL;
    size_t n = 0;
    if (surql_value_get_string(what, &s, &n) == SURQL_OK && strlen(s) == n)
        return surql_value_table(s);
    return surql_value_ref(what);
}

size_t surql_conn__count_statements(const char *t)
{
    size_t count = 0;
    int depth = 0, content = 0;
    for (const char *p = t; p && *p; p++) {
        char ch = *p;
        if (ch == '\'' || ch == '"' || ch == '`') {
            content = 1;
            for (p++; *p && *p != ch; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (!*p)
                break;
        } else if ((ch == '-' && p[1] == '-') || (ch == '/' && p[1] == '/') || ch == '#') {
            while (*p && *p != '\n')
                p++;
            if (!*p)
                break;
        } else if (ch == '/' && p[1] == '*') {
            for (p += 2; *p && !(*p == '*' && p[1] == '/'); p++) {
            }
            if (!*p)
                break;
            p++;
        } else if (ch == '(' || ch == '[' || ch == '{') {
            depth++;
            content = 1;
        } else if (ch == ')' || ch == ']' || ch == '}') {
            if (depth > 0)
                depth--;
        } else if (ch == ';' && depth == 0) {
            count += content;
            content = 0;
        } else if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
            content = 1;
        }
    }
    return count + content;
}

/* Seam for the frame/response fuzzer (tests/fuzz/conn-ws-fuzz.c): a link
 * as surql_conn_client_open() makes it, before any transport is opened. */
surql_conn__link *surql_conn__link_new(const surql_conn_config *cfg,
                                       const surql_conn_client_options *o)
{
    return link_new(cfg, o);
}
