/* Live queries (surql/conn/live.h): handles with a bounded event queue,
 * routing of notifications by live-query id, kill, the per-connection
 * manager, and re-issue after a reconnect (called by reconnect.c).
 *
 * Locking: one mutex per connection manager (mgr->mu) guards every handle's
 * queue, id and state; it is never held together with l->mu and never while
 * a user callback runs. Callbacks of one handle are serialised by the
 * `delivering` flag: whoever queues an event delivers the queue unless
 * another thread is already delivering it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <surql/conn/error.h>
#include <surql/conn/live.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/literal.h>
#include <surql/schema/log.h>

#include "cbor-internal.h"
#include "client-internal.h"
#include "conn-internal.h"
#include "live-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN
#define DEFAULT_CAP 4096
#define MAX_CAP ((size_t)1 << 20)
#define HELD_MAX 4096     /* notifications for ids not (yet) known */
#define HELD_TTL_MS 10000 /* ... kept this long */
#define REPLAY_LIMIT 100000

typedef struct live_ev {
    surql_conn_live_event pub; /* first: the public event points here */
    struct live_ev *next;
    surql_value *qid, *record, *result, *session;
    char *message;
} live_ev;

typedef struct held {
    struct held *next;
    uint8_t id[16];
    int64_t at;
    live_ev *ev;
} held;

typedef struct deferred {
    struct deferred *next;
    surql_conn_client *view;
    surql_value *id;
} deferred;

typedef struct surql_conn__live_mgr {
    pthread_mutex_t mu;
    pthread_condattr_t cattr;
    struct surql_conn_live *head;
    held *hhead, *htail;
    size_t nheld;
    deferred *dhead;
} surql_conn__live_mgr;

enum { KIND_TABLE = 0, KIND_QUERY = 1 };

struct surql_conn_live {
    atomic_int refs;
    surql_conn__live_mgr *mgr;
    surql_conn__link *link;
    surql_conn_client *view; /* reference */
    int kind;
    char *table; /* KIND_TABLE, or the replay table */
    char *sql;
    surql_value *vars;
    unsigned flags;
    surql_conn_live_fn fn;
    void *ud;
    size_t cap;
    /* under mgr->mu */
    struct surql_conn_live *next; /* in mgr */
    int listed;
    uint8_t id[16];
    int has_id;
    surql_value *idv;
    int ended;
    char *end_reason;
    live_ev *qh, *qt;
    size_t n;
    uint64_t dropped_pending;
    int delivering;
    pthread_cond_t cond;
    surql_conn_live_stats st;
};

/* ------------------------------------------------------------------------ */
/* events                                                                     */

static live_ev *ev_new(surql_conn_live_action a)
{
    live_ev *e = calloc(1, sizeof *e);
    if (e)
        e->pub.action = a;
    return e;
}

static void ev_set(live_ev *e, const surql_value *qid, const surql_value *rec,
                   const surql_value *res, const surql_value *sess)
{
    e->pub.query_id = e->qid = qid ? surql_value_ref(qid) : NULL;
    e->pub.record = e->record = rec ? surql_value_ref(rec) : NULL;
    e->pub.result = e->result = res ? surql_value_ref(res) : NULL;
    e->pub.session = e->session = sess ? surql_value_ref(sess) : NULL;
}

static void ev_free(live_ev *e)
{
    if (!e)
        return;
    surql_value_unref(e->qid);
    surql_value_unref(e->record);
    surql_value_unref(e->result);
    surql_value_unref(e->session);
    free(e->message);
    free(e);
}

void surql_conn_live_event_free(surql_conn_live_event *ev)
{
    ev_free((live_ev *)(void *)ev);
}

const char *surql_conn_live_action_name(surql_conn_live_action a)
{
    switch (a) {
    case SURQL_CONN_LIVE_CREATE: return "CREATE";
    case SURQL_CONN_LIVE_UPDATE: return "UPDATE";
    case SURQL_CONN_LIVE_DELETE: return "DELETE";
    case SURQL_CONN_LIVE_KILLED: return "KILLED";
    case SURQL_CONN_LIVE_GAP: return "GAP";
    case SURQL_CONN_LIVE_REPLAY: return "REPLAY";
    case SURQL_CONN_LIVE_OVERFLOW: return "OVERFLOW";
    case SURQL_CONN_LIVE_ERROR: return "ERROR";
    }
    return "?";
}

static int uuid_key(const surql_value *v, uint8_t out[16])
{
    if (surql_value_get_uuid(v, out) == SURQL_OK)
        return 0;
    const char *s = NULL;
    if (surql_value_get_string(v, &s, NULL) != SURQL_OK)
        return -1;
    surql_value *u = surql_value_uuid_parse(s);
    int rc = u && surql_value_get_uuid(u, out) == SURQL_OK ? 0 : -1;
    surql_value_unref(u);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* queue (under mgr->mu)                                                      */

static void q_push(surql_conn_live *h, live_ev *e)
{
    if (h->n >= h->cap && h->qh) {
        /* overflow policy: drop the oldest, report the count before the next event */
        live_ev *old = h->qh;
        h->qh = old->next;
        if (!h->qh)
            h->qt = NULL;
        h->n--;
        ev_free(old);
        h->dropped_pending++;
        h->st.dropped++;
    }
    e->next = NULL;
    if (h->qt)
        h->qt->next = e;
    else
        h->qh = e;
    h->qt = e;
    h->n++;
    pthread_cond_broadcast(&h->cond);
}

static live_ev *q_pop(surql_conn_live *h)
{
    if (h->dropped_pending) {
        live_ev *o = ev_new(SURQL_CONN_LIVE_OVERFLOW);
        if (o) {
            o->pub.dropped = h->dropped_pending;
            surql_buf t = SURQL_BUF_INIT;
            surql_buf_printf(&t, "the event queue (capacity %zu) was full: %llu oldest events "
                                 "were dropped",
                             h->cap, (unsigned long long)h->dropped_pending);
            o->pub.message = o->message = surql_buf_detach(&t);
            surql_buf_dispose(&t);
            h->dropped_pending = 0;
            h->st.delivered++;
            return o;
        }
    }
    live_ev *e = h->qh;
    if (e) {
        h->qh = e->next;
        if (!h->qh)
            h->qt = NULL;
        h->n--;
        e->next = NULL;
        h->st.delivered++;
    }
    return e;
}

/* Callback mode: deliver the queue (called and returns with mgr->mu held). */
static void drain(surql_conn_live *h)
{
    if (!h->fn || h->delivering)
        return;
    h->delivering = 1;
    atomic_fetch_add(&h->refs, 1);
    live_ev *e;
    while ((e = q_pop(h)) != NULL) {
        pthread_mutex_unlock(&h->mgr->mu);
        h->fn(h->ud, h, &e->pub);
        ev_free(e);
        pthread_mutex_lock(&h->mgr->mu);
    }
    h->delivering = 0;
    pthread_mutex_unlock(&h->mgr->mu);
    surql_conn_live_free(h); /* may be the last reference */
    pthread_mutex_lock(&h->mgr->mu);
}

/* Note: drain() may free h when the callback dropped the last reference;
 * callers must not touch h after it unless they hold their own reference. */

/* Move held notifications for h's id into its queue (under mgr->mu). */
static void take_held(surql_conn__live_mgr *m, surql_conn_live *h)
{
    held **pp = &m->hhead, *prev = NULL;
    while (*pp) {
        held *x = *pp;
        if (memcmp(x->id, h->id, 16) == 0) {
            *pp = x->next;
            if (m->htail == x)
                m->htail = prev;
            m->nheld--;
            h->st.received++;
            q_push(h, x->ev);
            free(x);
        } else {
            prev = x;
            pp = &x->next;
        }
    }
}

static void hold(surql_conn__live_mgr *m, const uint8_t id[16], live_ev *e)
{
    int64_t now = surql_conn__now_ms();
    while (m->hhead && (m->nheld >= HELD_MAX || now - m->hhead->at > HELD_TTL_MS)) {
        held *x = m->hhead;
        m->hhead = x->next;
        if (!m->hhead)
            m->htail = NULL;
        m->nheld--;
        ev_free(x->ev);
        free(x);
    }
    held *x = calloc(1, sizeof *x);
    if (!x) {
        ev_free(e);
        return;
    }
    memcpy(x->id, id, 16);
    x->at = now;
    x->ev = e;
    if (m->htail)
        m->htail->next = x;
    else
        m->hhead = x;
    m->htail = x;
    m->nheld++;
}

/* ------------------------------------------------------------------------ */
/* manager                                                                    */

static surql_conn__live_mgr *mgr_get(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    if (!l->live) {
        surql_conn__live_mgr *m = calloc(1, sizeof *m);
        if (m) {
            pthread_mutex_init(&m->mu, NULL);
            pthread_condattr_init(&m->cattr);
            pthread_condattr_setclock(&m->cattr, CLOCK_MONOTONIC);
            l->live = m;
        }
    }
    surql_conn__live_mgr *m = l->live;
    pthread_mutex_unlock(&l->mu);
    return m;
}

static surql_conn__live_mgr *mgr_peek(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    surql_conn__live_mgr *m = l->live;
    pthread_mutex_unlock(&l->mu);
    return m;
}

void surql_conn__live_mgr_free(surql_conn__link *l)
{
    surql_conn__live_mgr *m = l->live;
    if (!m)
        return;
    while (m->hhead) {
        held *x = m->hhead;
        m->hhead = x->next;
        ev_free(x->ev);
        free(x);
    }
    while (m->dhead) { /* cannot happen: deferred kills hold a view reference */
        deferred *d = m->dhead;
        m->dhead = d->next;
        surql_value_unref(d->id);
        free(d);
    }
    pthread_condattr_destroy(&m->cattr);
    pthread_mutex_destroy(&m->mu);
    free(m);
    l->live = NULL;
}

static void unlist(surql_conn__live_mgr *m, surql_conn_live *h)
{
    if (!h->listed)
        return;
    for (surql_conn_live **pp = &m->head; *pp; pp = &(*pp)->next) {
        if (*pp == h) {
            *pp = h->next;
            break;
        }
    }
    h->listed = 0;
}

static void end_locked(surql_conn_live *h, const char *why)
{
    if (!h->ended) {
        h->ended = 1;
        free(h->end_reason);
        h->end_reason = surql_strdup(why ? why : "ended");
    }
    h->has_id = 0;
    pthread_cond_broadcast(&h->cond);
}

int surql_conn__live_dispatch(surql_conn__link *l, const struct surql_conn__rpc_msg *msg)
{
    surql_conn__live_mgr *m = mgr_peek(l);
    if (!m)
        return 0;
    uint8_t id[16];
    if (!msg->live_id || uuid_key(msg->live_id, id) != 0 || !msg->action)
        return 0;
    surql_conn_live_action a;
    if (!strcmp(msg->action, "CREATE"))
        a = SURQL_CONN_LIVE_CREATE;
    else if (!strcmp(msg->action, "UPDATE"))
        a = SURQL_CONN_LIVE_UPDATE;
    else if (!strcmp(msg->action, "DELETE"))
        a = SURQL_CONN_LIVE_DELETE;
    else if (!strcmp(msg->action, "KILLED"))
        a = SURQL_CONN_LIVE_KILLED;
    else
        return 0;
    live_ev *e = ev_new(a);
    if (!e)
        return 0;
    const surql_value *rec = msg->record, *res = msg->data;
    if (a == SURQL_CONN_LIVE_KILLED) {
        rec = surql_value_is_nullish(rec) ? NULL : rec;
        res = surql_value_is_nullish(res) ? NULL : res;
    }
    surql_value *qid = surql_value_type_of(msg->live_id) == SURQL_VALUE_UUID
                           ? surql_value_ref(msg->live_id)
                           : surql_value_uuid(id); /* JSON mode: a uuid string */
    ev_set(e, qid, rec, res, msg->session);
    surql_value_unref(qid);
    pthread_mutex_lock(&m->mu);
    surql_conn_live *h = m->head;
    while (h && !(h->has_id && memcmp(h->id, id, 16) == 0))
        h = h->next;
    if (!h) {
        hold(m, id, e);
        pthread_mutex_unlock(&m->mu);
        return 1;
    }
    h->st.received++;
    q_push(h, e);
    if (a == SURQL_CONN_LIVE_KILLED)
        end_locked(h, "the server killed the live query (KILLED)");
    drain(h);
    pthread_mutex_unlock(&m->mu);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* start                                                                      */

static int extract_uuid(surql_value **out, const surql_value *r, int query)
{
    const surql_value *v = r;
    if (query) {
        /* [{status, result: uuid}] */
        const surql_value *first = surql_value_array_at(r, 0);
        const char *status = NULL;
        surql_value_get_string(surql_value_object_get(first, "status"), &status, NULL);
        if (!first || !status)
            return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                                   "LIVE SELECT: unexpected query result shape");
        if (strcmp(status, "OK") != 0) {
            const char *msg = NULL;
            surql_value_get_string(surql_value_object_get(first, "result"), &msg, NULL);
            return surql_error_set(SURQL_CONN_EQUERY, DOMAIN, "LIVE SELECT failed: %s",
                                   msg ? msg : "(no message)");
        }
        v = surql_value_object_get(first, "result");
    }
    uint8_t b[16];
    if (!v || uuid_key(v, b) != 0)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "live query: the server returned %s, not a uuid",
                               v ? surql_value_type_name(surql_value_type_of(v)) : "nothing");
    *out = surql_value_uuid(b);
    return *out ? SURQL_OK : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
}

/* Send the live query of @p h; *id = its new uuid. */
static int issue(surql_value **id, surql_conn_live *h, unsigned flags)
{
    *id = NULL;
    surql_value *params = NULL;
    if (h->kind == KIND_TABLE) {
        surql_value *t = surql_value_table(h->table);
        surql_value *d = surql_value_bool((h->flags & SURQL_CONN_LIVE_DIFF) != 0);
        const surql_value *p[2] = { t, d };
        params = t && d ? surql_conn__params(2, p) : NULL;
        surql_value_unref(t);
        surql_value_unref(d);
    } else {
        surql_value *s = surql_value_string(h->sql);
        const surql_value *p[2] = { s, h->vars };
        params = s ? surql_conn__params(h->vars ? 2 : 1, p) : NULL;
        surql_value_unref(s);
    }
    if (!params)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_value *r = NULL;
    int rc = surql_conn__call_once(&r, h->view, h->kind == KIND_TABLE ? "live" : "query", params,
                                   flags, surql_conn__deadline(h->view, 0));
    surql_value_unref(params);
    if (!rc)
        rc = extract_uuid(id, r, h->kind == KIND_QUERY);
    surql_value_unref(r);
    return rc;
}

/* 2.x evaluates a live query's WHERE later, without the variables bound to
 * the LIVE statement: write them inline as literals (the one escaping
 * routine, surql_value_to_surql()) and send the text alone. `$name` inside
 * strings, escaped identifiers and comments is left alone. */
static int is_ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

static int inline_vars(surql_conn_live *h)
{
    surql_buf b = SURQL_BUF_INIT;
    int rc = SURQL_OK;
    const char *p = h->sql;
    while (!rc && *p) {
        char ch = *p;
        if (ch == '\'' || ch == '"' || ch == '`') {
            const char *q = p + 1;
            while (*q && *q != ch)
                q += (*q == '\\' && q[1]) ? 2 : 1;
            if (*q)
                q++;
            rc = surql_buf_put(&b, p, (size_t)(q - p));
            p = q;
        } else if ((ch == '-' && p[1] == '-') || (ch == '/' && p[1] == '/') || ch == '#') {
            const char *q = p;
            while (*q && *q != '\n')
                q++;
            rc = surql_buf_put(&b, p, (size_t)(q - p));
            p = q;
        } else if (ch == '$' && is_ident_char(p[1])) {
            const char *q = p + 1;
            while (is_ident_char(*q))
                q++;
            char name[256];
            size_t n = (size_t)(q - p - 1);
            const surql_value *v = NULL;
            if (n < sizeof name) {
                memcpy(name, p + 1, n);
                name[n] = '\0';
                v = surql_value_object_get(h->vars, name);
            }
            if (v) {
                rc = surql_buf_putc(&b, '(');
                if (!rc)
                    rc = surql_value_to_surql(v, &b, SURQL_LITERAL_V2);
                if (!rc)
                    rc = surql_buf_putc(&b, ')');
            } else {
                rc = surql_buf_put(&b, p, (size_t)(q - p));
            }
            p = q;
        } else {
            rc = surql_buf_putc(&b, ch);
            p++;
        }
    }
    if (rc) {
        surql_buf_dispose(&b);
        return surql_error_set(rc == SURQL_ENOMEM ? rc : SURQL_EUNSUPPORTED, DOMAIN,
                               "LIVE SELECT on SurrealDB 2.x: the bound variables are written "
                               "inline (2.x does not keep them for the live query) and one of "
                               "them has no 2.x literal: %s",
                               surql_error_last()->message);
    }
    char *t = surql_buf_detach(&b);
    surql_buf_dispose(&b);
    if (!t)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    free(h->sql);
    h->sql = t;
    h->vars = surql_value_unref(h->vars);
    return SURQL_OK;
}

static void handle_destroy(surql_conn_live *h)
{
    live_ev *e = h->qh;
    while (e) {
        live_ev *n = e->next;
        ev_free(e);
        e = n;
    }
    pthread_cond_destroy(&h->cond);
    surql_value_unref(h->idv);
    surql_value_unref(h->vars);
    free(h->table);
    free(h->sql);
    free(h->end_reason);
    surql_conn_client_free(h->view);
    free(h);
}

static int start(surql_conn_live **out, surql_conn_client *c, int kind, const char *table,
                 const char *sql, const surql_value *vars, const surql_conn_live_options *opts,
                 const char *fn)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: NULL argument", fn);
    surql_conn_live_options o = SURQL_CONN_LIVE_OPTIONS_INIT;
    if (opts) {
        if (opts->version != 1)
            return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: options version %u is unknown", fn,
                                   opts->version);
        o = *opts;
    }
    if (o.flags & ~(SURQL_CONN_LIVE_DIFF | SURQL_CONN_LIVE_REPLAY_GAP))
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: unknown flags 0x%x", fn, o.flags);
    if (o.queue_capacity > MAX_CAP)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: queue_capacity %zu is out of range: allowed 1-%zu (0 = %d)",
                               fn, o.queue_capacity, MAX_CAP, DEFAULT_CAP);
    if (kind == KIND_QUERY && (o.flags & SURQL_CONN_LIVE_DIFF))
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: SURQL_CONN_LIVE_DIFF applies to the table form; write "
                               "LIVE SELECT DIFF FROM ... instead",
                               fn);
    const char *rt = kind == KIND_TABLE ? table : o.replay_table;
    if ((o.flags & SURQL_CONN_LIVE_REPLAY_GAP) && !rt)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "%s: SURQL_CONN_LIVE_REPLAY_GAP needs options.replay_table for a "
                               "LIVE SELECT",
                               fn);
    if (rt && surql_ident_validate(rt, "table") != SURQL_OK)
        return surql_error_last()->code;
    if (vars && surql_value_type_of(vars) != SURQL_VALUE_OBJECT)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "%s: vars must be an object", fn);
    if (!c->link->websocket)
        return surql_error_set(SURQL_EUNSUPPORTED, DOMAIN,
                               "%s: live queries need a WebSocket connection (ws:// or wss://); "
                               "%s is HTTP",
                               fn, c->link->url);
    if (c->txn)
        return surql_error_set(SURQL_ESTATE, DOMAIN,
                               "%s: live queries cannot be started on an interactive "
                               "transaction handle",
                               fn);
    surql_conn__live_mgr *m = mgr_get(c->link);
    surql_conn_live *h = calloc(1, sizeof *h);
    if (!m || !h) {
        free(h);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    atomic_init(&h->refs, 1);
    h->mgr = m;
    h->link = c->link;
    h->view = surql_conn_client_ref(c);
    h->kind = kind;
    h->flags = o.flags;
    h->fn = o.on_event;
    h->ud = o.userdata;
    h->cap = o.queue_capacity ? o.queue_capacity : DEFAULT_CAP;
    pthread_cond_init(&h->cond, &m->cattr);
    if ((rt && !(h->table = surql_strdup(rt))) || (sql && !(h->sql = surql_strdup(sql))) ||
        (vars && !(h->vars = surql_value_ref(vars)))) {
        handle_destroy(h);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    if (h->vars && surql_value_length(h->vars) && c->link->dialect == SURQL_DIALECT_V2) {
        int rc = inline_vars(h);
        if (rc) {
            handle_destroy(h);
            return rc;
        }
    }
    pthread_mutex_lock(&c->link->mu);
    uint64_t epoch = c->link->epoch;
    pthread_mutex_unlock(&c->link->mu);
    surql_value *id = NULL;
    int rc = issue(&id, h, 0);
    if (rc) {
        handle_destroy(h);
        return rc;
    }
    pthread_mutex_lock(&m->mu);
    h->idv = id;
    uuid_key(id, h->id);
    h->has_id = 1;
    h->next = m->head;
    m->head = h;
    h->listed = 1;
    take_held(m, h);
    drain(h);
    pthread_mutex_unlock(&m->mu);
    pthread_mutex_lock(&c->link->mu);
    int lost = c->link->epoch != epoch;
    pthread_mutex_unlock(&c->link->mu);
    if (lost)
        surql_log(SURQL_LOG_WARN, DOMAIN,
                  "%s: a reconnect happened while the live query was being started; it may "
                  "not be running on the new connection",
                  fn);
    *out = h;
    return SURQL_OK;
}

int surql_conn_live_start(surql_conn_live **out, surql_conn_client *c, const char *table,
                          const surql_conn_live_options *opts)
{
    if (table && surql_ident_validate(table, "table") != SURQL_OK) {
        if (out)
            *out = NULL;
        return surql_error_last()->code;
    }
    if (!table) {
        if (out)
            *out = NULL;
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_start: table is NULL");
    }
    return start(out, c, KIND_TABLE, table, NULL, NULL, opts, "surql_conn_live_start");
}

/* The text must be one statement starting with LIVE (after blanks/comments). */
static int check_live_text(const char *sql)
{
    const char *p = sql;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        break;
    }
    if (strncasecmp(p, "LIVE", 4) != 0 || !(p[4] == ' ' || p[4] == '\t' || p[4] == '\n' ||
                                            p[4] == '\r'))
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_live_query: the statement must begin with LIVE "
                               "(LIVE SELECT ... FROM ...)");
    if (surql_conn__count_statements(sql) != 1)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_live_query: exactly one statement expected, got %zu",
                               surql_conn__count_statements(sql));
    return SURQL_OK;
}

int surql_conn_live_query(surql_conn_live **out, surql_conn_client *c, const char *sql,
                          const surql_value *vars, const surql_conn_live_options *opts)
{
    if (out)
        *out = NULL;
    if (!sql)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_query: sql is NULL");
    int rc = check_live_text(sql);
    if (rc)
        return rc;
    return start(out, c, KIND_QUERY, NULL, sql, vars, opts, "surql_conn_live_query");
}

int surql_conn_live_stmt(surql_conn_live **out, surql_conn_client *c,
                         const surql_query_stmt *stmt, const surql_conn_live_options *opts)
{
    if (out)
        *out = NULL;
    if (!stmt)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_stmt: stmt is NULL");
    return surql_conn_live_query(out, c, surql_query_stmt_text(stmt), surql_query_stmt_vars(stmt),
                                 opts);
}

/* ------------------------------------------------------------------------ */
/* pull, kill, free                                                           */

int surql_conn_live_next(surql_conn_live *h, surql_conn_live_event **out, int64_t timeout_ms)
{
    if (out)
        *out = NULL;
    if (!h || !out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_next: NULL argument");
    if (h->fn)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "surql_conn_live_next: the live query delivers to a callback");
    int64_t deadline = timeout_ms > 0 ? surql_conn__now_ms() + timeout_ms : 0;
    struct timespec ts = { (time_t)(deadline / 1000), (long)(deadline % 1000) * 1000000L };
    pthread_mutex_lock(&h->mgr->mu);
    live_ev *e = NULL;
    for (;;) {
        e = q_pop(h);
        if (e || h->ended || timeout_ms == 0)
            break;
        if (timeout_ms < 0) {
            pthread_cond_wait(&h->cond, &h->mgr->mu);
        } else if (pthread_cond_timedwait(&h->cond, &h->mgr->mu, &ts) != 0 &&
                   surql_conn__now_ms() >= deadline) {
            e = q_pop(h);
            break;
        }
    }
    int rc = SURQL_OK;
    if (!e) {
        rc = h->ended ? surql_error_set(SURQL_ESTATE, DOMAIN, "the live query has ended: %s",
                                        h->end_reason ? h->end_reason : "killed")
                      : surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                        "no live-query event within %lld ms",
                                        (long long)timeout_ms);
    }
    pthread_mutex_unlock(&h->mgr->mu);
    *out = e ? &e->pub : NULL;
    return rc;
}

static int on_reader_thread(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    int r = l->reader_started && pthread_equal(l->reader, pthread_self());
    pthread_mutex_unlock(&l->mu);
    return r;
}

static int send_kill(surql_conn_client *view, const surql_value *id)
{
    const surql_value *p[1] = { id };
    surql_value *params = surql_conn__params(1, p);
    if (!params)
        return SURQL_ENOMEM;
    int64_t dl = surql_conn__now_ms() + 5000;
    int64_t d2 = surql_conn__deadline(view, 0);
    int rc = surql_conn__call_once(NULL, view, "kill", params, 0, d2 > 0 && d2 < dl ? d2 : dl);
    surql_value_unref(params);
    return rc;
}

/* Kill @p id on the server from any thread (deferred to the supervisor
 * when called on the reader or supervisor thread). */
static int kill_id(surql_conn_live *h, surql_value *id /* consumed */)
{
    surql_conn__link *l = h->link;
    if (on_reader_thread(l) || surql_conn__on_super_thread(l)) {
        deferred *d = calloc(1, sizeof *d);
        if (!d) {
            surql_value_unref(id);
            return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        }
        d->view = surql_conn_client_ref(h->view);
        d->id = id;
        pthread_mutex_lock(&h->mgr->mu);
        d->next = h->mgr->dhead;
        h->mgr->dhead = d;
        pthread_mutex_unlock(&h->mgr->mu);
        surql_conn__super_kick(l);
        return SURQL_OK;
    }
    int rc = send_kill(h->view, id);
    surql_value_unref(id);
    /* a lost or closed connection has dropped the live query already */
    if (rc == SURQL_CONN_ECLOSED)
        rc = SURQL_OK;
    return rc;
}

int surql_conn_live_kill(surql_conn_live *h)
{
    if (!h)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_kill: NULL argument");
    pthread_mutex_lock(&h->mgr->mu);
    int had = h->has_id && !h->ended;
    surql_value *id = had && h->idv ? surql_value_ref(h->idv) : NULL;
    end_locked(h, "killed by the client");
    pthread_mutex_unlock(&h->mgr->mu);
    return id ? kill_id(h, id) : SURQL_OK;
}

surql_conn_live *surql_conn_live_ref(surql_conn_live *h)
{
    if (h)
        atomic_fetch_add(&h->refs, 1);
    return h;
}

void surql_conn_live_free(surql_conn_live *h)
{
    if (!h || atomic_fetch_sub(&h->refs, 1) != 1)
        return;
    surql_conn__saved_error se;
    surql_conn__error_save(&se);
    surql_conn__live_mgr *m = h->mgr;
    pthread_mutex_lock(&m->mu);
    unlist(m, h);
    surql_value *id = h->has_id && !h->ended && h->idv ? surql_value_ref(h->idv) : NULL;
    end_locked(h, "freed");
    pthread_mutex_unlock(&m->mu);
    if (id && kill_id(h, id) != SURQL_OK)
        surql_log(SURQL_LOG_DEBUG, DOMAIN, "kill on free failed: %s", surql_error_last()->message);
    handle_destroy(h);
    surql_conn__error_restore(&se);
}

surql_value *surql_conn_live_id(const surql_conn_live *hc)
{
    surql_conn_live *h = (surql_conn_live *)(uintptr_t)hc;
    if (!h)
        return NULL;
    pthread_mutex_lock(&h->mgr->mu);
    surql_value *v = h->has_id && h->idv ? surql_value_ref(h->idv) : NULL;
    pthread_mutex_unlock(&h->mgr->mu);
    return v;
}

int surql_conn_live_is_active(const surql_conn_live *hc)
{
    surql_conn_live *h = (surql_conn_live *)(uintptr_t)hc;
    if (!h)
        return 0;
    pthread_mutex_lock(&h->mgr->mu);
    int a = !h->ended;
    pthread_mutex_unlock(&h->mgr->mu);
    return a;
}

int surql_conn_live_get_stats(const surql_conn_live *hc, surql_conn_live_stats *out)
{
    surql_conn_live *h = (surql_conn_live *)(uintptr_t)hc;
    if (!h || !out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_get_stats: NULL argument");
    pthread_mutex_lock(&h->mgr->mu);
    *out = h->st;
    out->queued = h->n;
    pthread_mutex_unlock(&h->mgr->mu);
    return SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* manager API                                                                */

int surql_conn_live_list(surql_conn_live ***out, size_t *n, surql_conn_client *c)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!out || !n || !c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_live_list: NULL argument");
    surql_conn__live_mgr *m = mgr_peek(c->link);
    if (!m)
        return SURQL_OK;
    pthread_mutex_lock(&m->mu);
    size_t k = 0;
    for (surql_conn_live *h = m->head; h; h = h->next)
        k += !h->ended;
    surql_conn_live **v = k ? calloc(k, sizeof *v) : NULL;
    if (k && !v) {
        pthread_mutex_unlock(&m->mu);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    size_t i = 0;
    for (surql_conn_live *h = m->head; h && i < k; h = h->next)
        if (!h->ended)
            v[i++] = surql_conn_live_ref(h);
    pthread_mutex_unlock(&m->mu);
    *out = v;
    *n = i;
    return SURQL_OK;
}

int surql_conn_live_kill_all(surql_conn_client *c)
{
    surql_conn_live **v = NULL;
    size_t n = 0;
    int rc = surql_conn_live_list(&v, &n, c);
    if (rc)
        return rc;
    surql_conn__saved_error first = { 0, 0, NULL, NULL, NULL };
    for (size_t i = 0; i < n; i++) {
        if (surql_conn_live_kill(v[i]) != SURQL_OK && !first.code)
            surql_conn__error_save(&first);
        surql_conn_live_free(v[i]);
    }
    free(v);
    return first.code ? surql_conn__error_restore(&first) : SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* reconnect support (supervisor thread)                                     */

static void end_all_locked(surql_conn__live_mgr *m, const char *why)
{
    for (surql_conn_live *h = m->head; h; h = h->next)
        end_locked(h, why);
}

void surql_conn__live_end_all(surql_conn__link *l, const char *why)
{
    surql_conn__live_mgr *m = mgr_peek(l);
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    end_all_locked(m, why);
    pthread_mutex_unlock(&m->mu);
}

void surql_conn__live_run_deferred(surql_conn__link *l)
{
    surql_conn__live_mgr *m = mgr_peek(l);
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    deferred *d = m->dhead;
    m->dhead = NULL;
    pthread_mutex_unlock(&m->mu);
    while (d) {
        deferred *n = d->next;
        if (send_kill(d->view, d->id) != SURQL_OK)
            surql_log(SURQL_LOG_DEBUG, DOMAIN, "deferred kill failed: %s",
                      surql_error_last()->message);
        surql_value_unref(d->id);
        surql_conn_client_free(d->view);
        free(d);
        d = n;
    }
}

void surql_conn__live_after_reconnect(surql_conn__link *l)
{
    surql_conn__live_run_deferred(l);
}

/* REPLAY events from the table's changefeed since @p from_wall - 1 s. */
static void replay_changes(surql_conn_live *h, int64_t from_wall, live_ev **qh, live_ev **qt)
{
    int64_t ms = from_wall - 1000;
    surql_value *since = surql_value_datetime(ms / 1000, (uint32_t)(ms % 1000) * 1000000u);
    surql_buf sql = SURQL_BUF_INIT;
    int rc = since ? surql_buf_puts(&sql, "SHOW CHANGES FOR TABLE ") : SURQL_ENOMEM;
    if (!rc)
        rc = surql_ident_escape(&sql, h->table);
    if (!rc)
        rc = surql_buf_puts(&sql, " SINCE ");
    if (!rc)
        rc = surql_value_to_surql(since, &sql, 0);
    if (!rc)
        rc = surql_buf_printf(&sql, " LIMIT %d", REPLAY_LIMIT);
    surql_value_unref(since);
    surql_value *s = rc ? NULL : surql_value_string(sql.ptr);
    surql_buf_dispose(&sql);
    surql_value *params = s ? surql_conn__params(1, (const surql_value *const *)&s) : NULL;
    surql_value_unref(s);
    surql_value *r = NULL;
    rc = params ? surql_conn__call_once(&r, h->view, "query", params, SURQL_CONN__CALL_REPLAY,
                                        surql_conn__deadline(h->view, 0))
                : SURQL_ENOMEM;
    surql_value_unref(params);
    const surql_value *first = rc ? NULL : surql_value_array_at(r, 0);
    const char *status = NULL;
    surql_value_get_string(surql_value_object_get(first, "status"), &status, NULL);
    const surql_value *sets = surql_value_object_get(first, "result");
    if (rc || !status || strcmp(status, "OK") != 0 ||
        surql_value_type_of(sets) != SURQL_VALUE_ARRAY) {
        const char *why = rc ? surql_error_last()->message : NULL;
        if (!why)
            surql_value_get_string(sets, &why, NULL);
        surql_log(SURQL_LOG_WARN, DOMAIN, "changefeed replay of table %s failed: %s", h->table,
                  why ? why : "unexpected result");
        live_ev *e = ev_new(SURQL_CONN_LIVE_REPLAY);
        if (e) {
            surql_buf t = SURQL_BUF_INIT;
            surql_buf_printf(&t, "changefeed replay failed: %s (is the table defined with "
                                 "CHANGEFEED?)",
                             why ? why : "unexpected result");
            e->pub.message = e->message = surql_buf_detach(&t);
            surql_buf_dispose(&t);
            e->next = NULL;
            if (*qt)
                (*qt)->next = e;
            else
                *qh = e;
            *qt = e;
        }
        surql_value_unref(r);
        return;
    }
    for (size_t i = 0; i < surql_value_length(sets); i++) {
        const surql_value *changes = surql_value_object_get(surql_value_array_at(sets, i),
                                                            "changes");
        for (size_t j = 0; j < surql_value_length(changes); j++) {
            const surql_value *ch = surql_value_array_at(changes, j);
            const surql_value *body = surql_value_object_get(ch, "update");
            if (!body)
                body = surql_value_object_get(ch, "create");
            if (!body)
                body = surql_value_object_get(ch, "delete");
            if (!body)
                continue; /* table definitions and the like */
            live_ev *e = ev_new(SURQL_CONN_LIVE_REPLAY);
            if (!e)
                continue;
            ev_set(e, h->idv, surql_value_object_get(body, "id"), ch, NULL);
            if (*qt)
                (*qt)->next = e;
            else
                *qh = e;
            *qt = e;
        }
    }
    surql_value_unref(r);
}

int surql_conn__live_reissue(surql_conn__link *l, int64_t from_wall, int64_t to_wall)
{
    surql_conn__live_mgr *m = mgr_peek(l);
    if (!m)
        return SURQL_OK;
    surql_conn_live **v = NULL;
    size_t n = 0;
    pthread_mutex_lock(&m->mu);
    for (surql_conn_live *h = m->head; h; h = h->next)
        n++;
    v = n ? calloc(n, sizeof *v) : NULL;
    size_t k = 0;
    for (surql_conn_live *h = m->head; v && h; h = h->next) {
        h->has_id = 0; /* the old id died with the old connection */
        if (!h->ended)
            v[k++] = surql_conn_live_ref(h);
    }
    pthread_mutex_unlock(&m->mu);
    if (n && !v)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    int rc = SURQL_OK;
    for (size_t i = 0; i < k; i++) {
        surql_conn_live *h = v[i];
        surql_value *id = NULL;
        int r = rc ? rc : issue(&id, h, SURQL_CONN__CALL_REPLAY);
        if (r == SURQL_CONN_ECLOSED || r == SURQL_ETIMEOUT || r == SURQL_CONN_EPROTOCOL ||
            r == SURQL_ENOMEM) {
            if (!rc)
                rc = r; /* the attempt failed; the next one re-issues every handle */
            continue;
        }
        live_ev *qh = NULL, *qt = NULL;
        live_ev *gap = ev_new(r ? SURQL_CONN_LIVE_ERROR : SURQL_CONN_LIVE_GAP);
        surql_buf t = SURQL_BUF_INIT;
        if (r)
            surql_buf_printf(&t, "the live query could not be re-issued after a reconnect: %s",
                             surql_error_last()->message);
        else
            surql_buf_printf(&t, "the connection was lost and re-established; changes between "
                                 "the two instants may have been missed");
        if (gap) {
            gap->pub.gap_from_ms = from_wall;
            gap->pub.gap_to_ms = to_wall;
            gap->pub.message = gap->message = surql_buf_detach(&t);
            ev_set(gap, id, NULL, NULL, NULL);
            qh = qt = gap;
        }
        surql_buf_dispose(&t);
        if (!r && (h->flags & SURQL_CONN_LIVE_REPLAY_GAP) && h->table) {
            surql_value *old = h->idv;
            h->idv = id; /* replayed events carry the new id */
            replay_changes(h, from_wall, &qh, &qt);
            h->idv = old;
        }
        pthread_mutex_lock(&m->mu);
        for (live_ev *e = qh; e;) {
            live_ev *nx = e->next;
            q_push(h, e);
            e = nx;
        }
        if (r) {
            end_locked(h, "re-issuing after a reconnect failed");
        } else if (!h->ended) {
            surql_value_unref(h->idv);
            h->idv = id;
            id = NULL;
            uuid_key(h->idv, h->id);
            h->has_id = 1;
            h->st.gaps++;
            take_held(m, h);
        }
        drain(h);
        pthread_mutex_unlock(&m->mu);
        surql_value_unref(id);
    }
    for (size_t i = 0; i < k; i++)
        surql_conn_live_free(v[i]);
    free(v);
    return rc;
}
