/* Live queries (surql/conn/live.h): start (table or LIVE SELECT), pull,
 * kill, free and the streaming manager. The event queue and the routing of
 * notifications are in live-queue.c, the re-issue after a reconnect in
 * live-reissue.c.
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
    if (!v || surql_conn__uuid_key(v, b) != 0)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "live query: the server returned %s, not a uuid",
                               v ? surql_value_type_name(surql_value_type_of(v)) : "nothing");
    *out = surql_value_uuid(b);
    return *out ? SURQL_OK : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
}

/* Send the live query of @p h; *id = its new uuid. */
int surql_conn__lq_issue(surql_value **id, surql_conn_live *h, unsigned flags)
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

void (*surql_conn__live_start_hook)(void *ud);
void *surql_conn__live_start_hook_ud;

static uint64_t link_epoch(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    uint64_t e = l->epoch;
    pthread_mutex_unlock(&l->mu);
    return e;
}

static int kill_id(surql_conn_live *h, surql_value *id);

static void handle_destroy(surql_conn_live *h)
{
    live_ev *e = h->qh;
    while (e) {
        live_ev *n = e->next;
        surql_conn__lev_free(e);
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
    surql_conn__live_mgr *m = surql_conn__live_mgr_get(c->link);
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
    if ((h->flags & SURQL_CONN_LIVE_REPLAY_GAP) && c->link->dialect == SURQL_DIALECT_V2) {
        int rc = surql_conn__lq_cf_cursor(h); /* 2.x replays from a versionstamp */
        if (rc) {
            handle_destroy(h);
            return rc;
        }
    }
    uint64_t epoch = link_epoch(c->link);
    pthread_mutex_lock(&m->mu);
    uint64_t count0 = m->snap_count;
    pthread_mutex_unlock(&m->mu);
    int64_t sent_wall = surql_conn__wall_ms();
    surql_value *id = NULL;
    int rc = surql_conn__lq_issue(&id, h, 0);
    if (rc) {
        handle_destroy(h);
        return rc;
    }
    if (surql_conn__live_start_hook)
        surql_conn__live_start_hook(surql_conn__live_start_hook_ud);
    pthread_mutex_lock(&m->mu);
    h->idv = id;
    surql_conn__uuid_key(id, h->id);
    h->has_id = 1;
    h->next = m->head;
    m->head = h;
    h->listed = 1;
    uint64_t snap = m->snap_epoch;
    if (snap > epoch) {
        /* The GAP this handle is owed: from the loss when exactly one
         * re-issue ran since the live query was sent and the loss came
         * after the send, else (conservatively) from the send. */
        h->gap_from = m->snap_count == count0 + 1 && m->snap_from > sent_wall ? m->snap_from
                                                                              : sent_wall;
    }
    surql_conn__lq_take_held(m, h);
    surql_conn__lq_drain(h);
    pthread_mutex_unlock(&m->mu);
    /* A reconnect that re-issued the live queries after this one was sent
     * and before it was registered did not see it: its id died with the old
     * connection. Re-issue it here and queue its GAP event like the
     * supervisor does. A reconnect after the registration re-issues it like
     * any other (then the supervisor owns it and queues the GAP, from the
     * instant recorded above). */
    for (int tries = 0; snap > epoch && tries < 3; tries++) {
        epoch = link_epoch(c->link);
        pthread_mutex_lock(&m->mu);
        int64_t gfrom = h->gap_from;
        pthread_mutex_unlock(&m->mu);
        surql_value *nid = NULL;
        rc = surql_conn__lq_issue(&nid, h, 0);
        if (rc && surql_conn__lq_transient(rc)) {
            surql_log(SURQL_LOG_WARN, DOMAIN,
                      "%s: re-issuing the live query after a concurrent reconnect failed (%s); "
                      "the next reconnect re-issues it",
                      fn, surql_error_last()->message);
            break;
        }
        int64_t to = surql_conn__wall_ms();
        live_ev *evs = surql_conn__lq_reissue_events(h, rc, nid, gfrom ? gfrom : sent_wall, to,
                                                     0);
        surql_value *stale = NULL;
        pthread_mutex_lock(&m->mu);
        int current = m->snap_epoch == snap && !h->ended;
        if (!current) {
            /* a re-issue after the registration has it (and queued its GAP),
             * or it ended: the new id is surplus */
            stale = nid;
            nid = NULL;
        } else {
            if (!rc) { /* the id of the dead connection, killed below (best effort) */
                stale = h->idv;
                h->idv = NULL;
            }
            surql_conn__lq_reissued(m, h, rc, evs, &nid); /* takes evs and nid */
            evs = NULL;
        }
        snap = current ? m->snap_epoch : 0; /* 0: the supervisor owns it now */
        pthread_mutex_unlock(&m->mu);
        for (live_ev *e = evs; e;) {
            live_ev *nx = e->next;
            surql_conn__lev_free(e);
            e = nx;
        }
        surql_value_unref(nid);
        if (stale && kill_id(h, stale) != SURQL_OK) /* best effort; consumes stale */
            surql_log(SURQL_LOG_DEBUG, DOMAIN, "kill of a stale live id failed: %s",
                      surql_error_last()->message);
        if (rc)
            break; /* refused by the server: the handle ended with an ERROR event */
    }
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
        e = surql_conn__lq_pop(h);
        if (e || h->ended || timeout_ms == 0)
            break;
        if (timeout_ms < 0) {
            pthread_cond_wait(&h->cond, &h->mgr->mu);
        } else if (pthread_cond_timedwait(&h->cond, &h->mgr->mu, &ts) != 0 &&
                   surql_conn__now_ms() >= deadline) {
            e = surql_conn__lq_pop(h);
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

int surql_conn__lq_send_kill(surql_conn_client *view, const surql_value *id)
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
        d->sess = h->view->sess;
        atomic_fetch_add(&d->sess->refs, 1);
        d->id = id;
        pthread_mutex_lock(&h->mgr->mu);
        d->next = h->mgr->dhead;
        h->mgr->dhead = d;
        pthread_mutex_unlock(&h->mgr->mu);
        surql_conn__super_kick(l);
        return SURQL_OK;
    }
    int rc = surql_conn__lq_send_kill(h->view, id);
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
    surql_conn__lq_end(h, "killed by the client");
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
    surql_conn__lq_unlist(m, h);
    surql_value *id = h->has_id && !h->ended && h->idv ? surql_value_ref(h->idv) : NULL;
    surql_conn__lq_end(h, "freed");
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
    surql_conn__live_mgr *m = surql_conn__live_mgr_peek(c->link);
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
