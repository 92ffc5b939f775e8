/* Connection state, the supervisor thread of a WebSocket link (keepalive,
 * reconnect with backoff), the registry of sessions it restores (the replay
 * calls and token renewal are in session-replay.c) and the call gate.
 *
 * State machine (l->state under l->mu):
 *   CONNECTING --open ok--> CONNECTED --transport lost--> RECONNECTING
 *   RECONNECTING --transport re-opened, sessions and live queries restored--> CONNECTED
 *   any --close / lost without reconnect / attempts exhausted--> CLOSED (final)
 *
 * rpc.c calls in: surql_conn__on_lost() from latch() (under mu),
 * surql_conn__gate() before a call is sent, surql_conn__super_stop() from
 * link_close(). The supervisor thread waits on sup->cond (with l->mu) for a
 * loss, a stop, deferred work or the next keepalive instant. */
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

typedef struct state_ev {
    struct state_ev *next;
    int state;
    char *why;
} state_ev;

typedef struct surql_conn__super {
    pthread_cond_t cond; /* with l->mu: loss, stop, state changes, kicks */
    pthread_t th;
    int started, joined, stop, kicked;
    atomic_int cancel; /* set by super_stop: aborts a connect in progress */
    int64_t lost_wall_ms; /* wall clock of the loss (GAP from) */
    int64_t lost_mono_ms;
    int attempt;
    char *last_error;
    uint64_t reconnects;
    surql_conn__sess **sess; /* attached sessions (refs) */
    size_t nsess, capsess;
    /* state callback (cb_mu; never held with l->mu) */
    pthread_mutex_t cb_mu;
    surql_conn_state_fn fn;
    void *ud;
    state_ev *qhead, *qtail;
    int delivering;
    int closed_sent;
    int final_seen;
} surql_conn__super;

int64_t surql_conn__wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static surql_conn__super *sup_of(surql_conn__link *l)
{
    return l->sup;
}

int surql_conn__super_init(surql_conn__link *l)
{
    surql_conn__super *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    pthread_cond_init(&s->cond, &l->cattr);
    pthread_mutex_init(&s->cb_mu, NULL);
    l->sup = s;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* state callback                                                             */

static void deliver_states(surql_conn__super *s)
{
    pthread_mutex_lock(&s->cb_mu);
    if (s->delivering) {
        pthread_mutex_unlock(&s->cb_mu);
        return;
    }
    s->delivering = 1;
    while (s->qhead) {
        state_ev *e = s->qhead;
        s->qhead = e->next;
        if (!s->qhead)
            s->qtail = NULL;
        surql_conn_state_fn fn = s->fn;
        void *ud = s->ud;
        pthread_mutex_unlock(&s->cb_mu);
        if (fn)
            fn(ud, (surql_conn_state)e->state, e->why ? e->why : "");
        free(e->why);
        free(e);
        pthread_mutex_lock(&s->cb_mu);
    }
    s->delivering = 0;
    pthread_mutex_unlock(&s->cb_mu);
}

static void queue_state(surql_conn__super *s, int state, const char *why)
{
    state_ev *e = calloc(1, sizeof *e);
    if (!e)
        return;
    e->state = state;
    e->why = why ? surql_strdup(why) : NULL;
    pthread_mutex_lock(&s->cb_mu);
    if (state == SURQL_CONN_STATE_CLOSED) {
        if (s->closed_sent) {
            pthread_mutex_unlock(&s->cb_mu);
            free(e->why);
            free(e);
            return;
        }
        s->closed_sent = 1;
    }
    if (s->qtail)
        s->qtail->next = e;
    else
        s->qhead = e;
    s->qtail = e;
    pthread_mutex_unlock(&s->cb_mu);
}

void surql_conn__state_set(surql_conn__link *l, int state, const char *why)
{
    surql_conn__super *s = sup_of(l);
    pthread_mutex_lock(&l->mu);
    if (!(l->final && state != SURQL_CONN_STATE_CLOSED))
        l->state = state;
    if (s)
        pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&l->mu);
    if (s) {
        queue_state(s, state, why);
        deliver_states(s);
    }
}

int surql_conn_client_set_state_callback(surql_conn_client *c, surql_conn_state_fn fn,
                                         void *userdata)
{
    if (!c || !c->link->sup)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "client is NULL");
    surql_conn__super *s = c->link->sup;
    pthread_mutex_lock(&s->cb_mu);
    s->fn = fn;
    s->ud = userdata;
    pthread_mutex_unlock(&s->cb_mu);
    return SURQL_OK;
}

surql_conn_state surql_conn_client_state(const surql_conn_client *c)
{
    if (!c)
        return SURQL_CONN_STATE_CLOSED;
    surql_conn__link *l = c->link;
    pthread_mutex_lock(&l->mu);
    int st = l->state;
    pthread_mutex_unlock(&l->mu);
    return (surql_conn_state)st;
}

const char *surql_conn_state_name(surql_conn_state st)
{
    switch (st) {
    case SURQL_CONN_STATE_CONNECTING: return "connecting";
    case SURQL_CONN_STATE_CONNECTED: return "connected";
    case SURQL_CONN_STATE_RECONNECTING: return "reconnecting";
    case SURQL_CONN_STATE_CLOSED: return "closed";
    }
    return "?";
}

/* ------------------------------------------------------------------------ */
/* hooks from rpc.c                                                           */

static int may_reconnect_locked(const surql_conn__link *l)
{
    return l->websocket && l->sup && l->sup->started && !l->final &&
           !(l->flags & SURQL_CONN_CLIENT_NO_RECONNECT) && surql_conn_config_get_reconnect(l->cfg);
}

int surql_conn__may_reconnect(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    int r = may_reconnect_locked(l) &&
            (l->state == SURQL_CONN_STATE_RECONNECTING || l->state == SURQL_CONN_STATE_CONNECTED);
    pthread_mutex_unlock(&l->mu);
    return r;
}

void surql_conn__on_lost(surql_conn__link *l)
{
    surql_conn__super *s = l->sup;
    if (l->state == SURQL_CONN_STATE_CONNECTED) {
        if (may_reconnect_locked(l)) {
            l->state = SURQL_CONN_STATE_RECONNECTING;
            s->lost_wall_ms = surql_conn__wall_ms();
            s->lost_mono_ms = surql_conn__now_ms();
            s->attempt = 0;
            /* what the calls in flight are told (latch fails them next) */
            surql_buf t = SURQL_BUF_INIT;
            if (surql_buf_printf(&t, "connection to %s lost: %s (a request in flight may have "
                                     "been processed; reconnecting)",
                                 l->url, l->fail_msg ? l->fail_msg : "") == 0) {
                free(l->fail_msg);
                l->fail_msg = surql_buf_detach(&t);
            }
            surql_buf_dispose(&t);
        } else {
            l->state = SURQL_CONN_STATE_CLOSED;
            l->final = 1;
        }
    }
    if (s)
        pthread_cond_broadcast(&s->cond);
}

int surql_conn__gate(surql_conn__link *l, const surql_conn_client *c, unsigned flags,
                     int64_t deadline)
{
    if (c->txn && !(flags & SURQL_CONN__CALL_NO_TXN) && c->epoch != l->epoch)
        return surql_error_set(SURQL_ESTATE, DOMAIN,
                               "the interactive transaction was lost when the connection to %s "
                               "was re-established (a server-side transaction does not survive "
                               "a reconnect); begin a new transaction",
                               l->url);
    if (flags & SURQL_CONN__CALL_REPLAY)
        return SURQL_OK;
    surql_conn__super *s = l->sup;
    while (s && l->state == SURQL_CONN_STATE_RECONNECTING && !l->final) {
        if (deadline > 0) {
            struct timespec ts = { (time_t)(deadline / 1000), (long)(deadline % 1000) * 1000000L };
            if (pthread_cond_timedwait(&s->cond, &l->mu, &ts) != 0 &&
                l->state == SURQL_CONN_STATE_RECONNECTING && surql_conn__now_ms() >= deadline)
                return surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                       "no connection to %s before the deadline: reconnecting "
                                       "for %lld ms (attempt %d%s%s)",
                                       l->url,
                                       (long long)(surql_conn__now_ms() - s->lost_mono_ms),
                                       s->attempt, s->last_error ? ": " : "",
                                       s->last_error ? s->last_error : "");
        } else {
            pthread_cond_wait(&s->cond, &l->mu);
        }
    }
    return SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* sessions                                                                   */

int surql_conn__sess_register(surql_conn__link *l, surql_conn__sess *x)
{
    surql_conn__super *s = l->sup;
    int rc = SURQL_OK;
    pthread_mutex_lock(&l->mu);
    if (s->nsess == s->capsess) {
        size_t nc = s->capsess ? s->capsess * 2 : 4;
        surql_conn__sess **n = realloc(s->sess, nc * sizeof *n);
        if (!n)
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        else {
            s->sess = n;
            s->capsess = nc;
        }
    }
    if (!rc) {
        atomic_fetch_add(&x->refs, 1);
        s->sess[s->nsess++] = x;
    }
    pthread_mutex_unlock(&l->mu);
    return rc;
}

void surql_conn__sess_unregister(surql_conn__link *l, surql_conn__sess *x)
{
    surql_conn__super *s = l->sup;
    surql_conn__sess *found = NULL;
    pthread_mutex_lock(&l->mu);
    for (size_t i = 0; i < s->nsess; i++) {
        if (s->sess[i] == x) {
            found = x;
            memmove(&s->sess[i], &s->sess[i + 1], (s->nsess - i - 1) * sizeof *s->sess);
            s->nsess--;
            break;
        }
    }
    pthread_mutex_unlock(&l->mu);
    surql_conn__sess_unref(found);
}

/* ------------------------------------------------------------------------ */
/* reconnect                                                                  */

const atomic_int *surql_conn__connect_cancel(surql_conn__link *l)
{
    return l->sup ? &l->sup->cancel : NULL;
}

void surql_conn__reader_exit(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    l->reader_exited = 1;
    if (l->sup)
        pthread_cond_broadcast(&l->sup->cond);
    pthread_mutex_unlock(&l->mu);
}

/* Join the reader of a failed transport and free it (supervisor thread).
 * Never a blind pthread_join: a callback on the reader thread may be closing
 * the client, and link_close() then joins this thread (a join cycle). So
 * wait on the cond until the reader has returned or has started closing;
 * in the latter case the closing reader owns the transport (link_close frees
 * it) and the supervisor is stopping: leave both alone. */
static void drop_transport(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    while (l->reader_started && !l->reader_exited && !l->reader_closing)
        pthread_cond_wait(&l->sup->cond, &l->mu);
    if (l->reader_started && l->reader_closing) {
        pthread_mutex_unlock(&l->mu);
        return;
    }
    int started = l->reader_started;
    pthread_t th = l->reader;
    l->reader_started = 0;
    pthread_mutex_unlock(&l->mu);
    if (started)
        pthread_join(th, NULL);
    pthread_mutex_lock(&l->mu);
    surql_conn__ws *ws = l->ws;
    l->ws = NULL;
    if (l->wake[0] >= 0)
        close(l->wake[0]);
    if (l->wake[1] >= 0)
        close(l->wake[1]);
    l->wake[0] = l->wake[1] = -1;
    l->wake_pending = 0;
    pthread_mutex_unlock(&l->mu);
    surql_conn__ws_free(ws);
}

/* wait @p ms on the cond unless stopped; 1 when stopped */
static int nap(surql_conn__link *l, int64_t ms)
{
    surql_conn__super *s = l->sup;
    int64_t until = surql_conn__now_ms() + ms;
    struct timespec ts = { (time_t)(until / 1000), (long)(until % 1000) * 1000000L };
    pthread_mutex_lock(&l->mu);
    while (!s->stop && !l->final && surql_conn__now_ms() < until)
        pthread_cond_timedwait(&s->cond, &l->mu, &ts);
    int stopped = s->stop || l->final;
    pthread_mutex_unlock(&l->mu);
    return stopped;
}

static void set_last_error(surql_conn__super *s, const char *m)
{
    free(s->last_error);
    s->last_error = surql_strdup(m ? m : "");
}

/* One attempt: open, probe, replay sessions and live queries. */
static int attempt_once(surql_conn__link *l, surql_buf *warn)
{
    int64_t timeout = surql_conn_config_get_timeout_ms(l->cfg);
    int64_t dl = surql_conn__now_ms() + timeout;
    pthread_mutex_lock(&l->mu);
    if (l->final || l->sup->stop) { /* closed since the last check: keep the latch */
        pthread_mutex_unlock(&l->mu);
        return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "%s: the client is closing",
                               l->url);
    }
    l->closed = 0;
    l->fail_code = 0;
    pthread_mutex_unlock(&l->mu);
    int rc = surql_conn__link_connect(l, dl);
    if (rc)
        goto fail;
    surql_value *v = NULL;
    rc = surql_conn__sess_call(&v, l, l->default_sess, "version", NULL, dl);
    const char *ver = NULL;
    if (!rc && surql_value_get_string(v, &ver, NULL) == SURQL_OK) {
        surql_dialect d;
        if (surql_dialect_parse(&d, ver) == SURQL_OK && (int)d != l->dialect)
            surql_log(SURQL_LOG_WARN, DOMAIN, "%s: the server changed from %s to %s", l->url,
                      l->version ? l->version : "?", ver);
    }
    surql_value_unref(v);
    if (rc)
        goto fail;
    pthread_mutex_lock(&l->mu);
    l->epoch++;
    size_t n = l->sup->nsess;
    surql_conn__sess **ss = calloc(n + 1, sizeof *ss);
    if (ss) {
        ss[0] = l->default_sess;
        atomic_fetch_add(&ss[0]->refs, 1);
        for (size_t i = 0; i < n; i++) {
            ss[i + 1] = l->sup->sess[i];
            atomic_fetch_add(&ss[i + 1]->refs, 1);
        }
    }
    pthread_mutex_unlock(&l->mu);
    if (!ss) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i <= n; i++) {
        if (!rc)
            rc = surql_conn__sess_replay(l, ss[i], dl, warn);
        surql_conn__sess_unref(ss[i]);
    }
    free(ss);
    if (rc)
        goto fail;
    rc = surql_conn__live_reissue(l, l->sup->lost_wall_ms, surql_conn__wall_ms());
    if (rc)
        goto fail;
    return SURQL_OK;
fail:
    set_last_error(l->sup, surql_error_last()->message);
    /* make sure the transport is marked failed before it is dropped */
    surql_conn__link_fail(l, SURQL_CONN_ECLOSED, "reconnect attempt failed");
    drop_transport(l);
    return rc ? rc : SURQL_CONN_ECLOSED;
}

static void do_reconnect(surql_conn__link *l)
{
    surql_conn__super *s = l->sup;
    pthread_mutex_lock(&l->mu);
    char *why = surql_strdup(l->fail_msg ? l->fail_msg : "connection lost");
    pthread_mutex_unlock(&l->mu);
    surql_log(SURQL_LOG_INFO, DOMAIN, "%s", why ? why : "connection lost");
    queue_state(s, SURQL_CONN_STATE_RECONNECTING, why);
    deliver_states(s);
    free(why);
    drop_transport(l);
    int max = surql_conn_config_get_reconnect_max_attempts(l->cfg);
    for (int a = 1; max == 0 || a <= max; a++) {
        if (a > 1 && nap(l, surql_conn__backoff_ms(l->cfg, a - 1)))
            return;
        pthread_mutex_lock(&l->mu);
        s->attempt = a;
        int stop = s->stop || l->final;
        pthread_mutex_unlock(&l->mu);
        if (stop)
            return;
        surql_buf warn = SURQL_BUF_INIT;
        if (attempt_once(l, &warn) == SURQL_OK) {
            surql_buf t = SURQL_BUF_INIT;
            surql_buf_printf(&t, "reconnected to %s (attempt %d, after %lld ms)%s%s", l->url, a,
                             (long long)(surql_conn__now_ms() - s->lost_mono_ms),
                             warn.size ? "; " : "", warn.size ? warn.ptr : "");
            surql_buf_dispose(&warn);
            pthread_mutex_lock(&l->mu);
            s->reconnects++;
            int lost_again = l->closed;
            pthread_mutex_unlock(&l->mu);
            if (lost_again) { /* failed again right after: go on trying */
                surql_buf_dispose(&t);
                drop_transport(l);
                continue;
            }
            surql_log(SURQL_LOG_INFO, DOMAIN, "%s", t.ptr ? t.ptr : "reconnected");
            surql_conn__state_set(l, SURQL_CONN_STATE_CONNECTED, t.ptr);
            surql_conn__live_after_reconnect(l);
            surql_buf_dispose(&t);
            return;
        }
        surql_buf_dispose(&warn);
        surql_log(SURQL_LOG_INFO, DOMAIN, "%s: reconnect attempt %d failed: %s", l->url, a,
                  s->last_error ? s->last_error : "");
    }
    /* attempts exhausted: closed for good */
    surql_buf t = SURQL_BUF_INIT;
    surql_buf_printf(&t, "connection to %s lost and %d reconnect attempts failed (last: %s)",
                     l->url, max, s->last_error ? s->last_error : "");
    pthread_mutex_lock(&l->mu);
    l->final = 1;
    free(l->fail_msg);
    l->fail_msg = surql_buf_detach(&t);
    l->fail_code = SURQL_CONN_ECLOSED;
    l->closed = 1;
    char *fin = l->fail_msg ? surql_strdup(l->fail_msg) : NULL;
    pthread_mutex_unlock(&l->mu);
    surql_buf_dispose(&t);
    surql_conn__state_set(l, SURQL_CONN_STATE_CLOSED, fin);
    surql_conn__live_end_all(l, fin ? fin : "the connection closed: reconnecting failed");
    free(fin);
}

/* Keepalive: a ping after `interval` of silence; lost when nothing at all
 * arrives within the pong deadline. */
static void keepalive(surql_conn__link *l)
{
    int64_t to = surql_conn_config_get_keepalive_timeout_ms(l->cfg);
    int64_t sent = surql_conn__now_ms();
    int rc = surql_conn__sess_call(NULL, l, l->default_sess, "ping", NULL, sent + to);
    if (rc != SURQL_ETIMEOUT)
        return; /* answered, or the transport already failed (the reader latched it) */
    if (atomic_load(&l->last_rx_ms) > sent)
        return; /* the server is slow but alive */
    surql_buf t = SURQL_BUF_INIT;
    surql_buf_printf(&t, "no data from the server within the keepalive deadline (%lld ms after a "
                         "ping): the connection is half-open or the server is not responding",
                     (long long)to);
    surql_log(SURQL_LOG_WARN, DOMAIN, "%s: %s", l->url, t.ptr ? t.ptr : "keepalive timeout");
    surql_conn__link_fail(l, SURQL_CONN_ECLOSED, t.ptr ? t.ptr : "keepalive timeout");
    surql_buf_dispose(&t);
}

static void *super_main(void *arg)
{
    surql_conn__link *l = arg;
    surql_conn__super *s = l->sup;
    pthread_mutex_lock(&l->mu);
    while (!s->stop) {
        if (l->final) {
            if (!s->final_seen) { /* lost without reconnecting: tell the consumers */
                s->final_seen = 1;
                char *why = surql_strdup(l->fail_msg ? l->fail_msg : "connection closed");
                pthread_mutex_unlock(&l->mu);
                queue_state(s, SURQL_CONN_STATE_CLOSED, why);
                deliver_states(s);
                surql_conn__live_end_all(l, why ? why : "the connection closed");
                free(why);
                pthread_mutex_lock(&l->mu);
                continue;
            }
            pthread_cond_wait(&s->cond, &l->mu);
            continue;
        }
        if (l->state == SURQL_CONN_STATE_RECONNECTING) {
            pthread_mutex_unlock(&l->mu);
            do_reconnect(l);
            pthread_mutex_lock(&l->mu);
            continue;
        }
        if (s->kicked) {
            s->kicked = 0;
            pthread_mutex_unlock(&l->mu);
            surql_conn__live_run_deferred(l);
            pthread_mutex_lock(&l->mu);
            continue;
        }
        int64_t iv = surql_conn_config_get_keepalive_interval_ms(l->cfg);
        int64_t now = surql_conn__now_ms();
        int64_t next = iv > 0 ? atomic_load(&l->last_rx_ms) + iv : now + 3600000;
        if (l->state == SURQL_CONN_STATE_CONNECTED && iv > 0 && now >= next) {
            pthread_mutex_unlock(&l->mu);
            keepalive(l);
            pthread_mutex_lock(&l->mu);
            /* wait a full interval before the next ping */
            int64_t n2 = surql_conn__now_ms();
            if (atomic_load(&l->last_rx_ms) < n2 - iv)
                atomic_store(&l->last_rx_ms, n2);
            continue;
        }
        if (next <= now)
            next = now + 1000;
        struct timespec ts = { (time_t)(next / 1000), (long)(next % 1000) * 1000000L };
        pthread_cond_timedwait(&s->cond, &l->mu, &ts);
    }
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

int surql_conn__super_start(surql_conn__link *l)
{
    surql_conn__super *s = l->sup;
    pthread_mutex_lock(&l->mu);
    l->epoch = 1;
    atomic_store(&l->last_rx_ms, surql_conn__now_ms());
    pthread_mutex_unlock(&l->mu);
    if (l->websocket) {
        int pr = pthread_create(&s->th, NULL, super_main, l);
        if (pr != 0)
            return surql_error_set(SURQL_ERROR, DOMAIN, "cannot start the supervisor thread: %s",
                                   strerror(pr));
        pthread_mutex_lock(&l->mu);
        s->started = 1;
        pthread_mutex_unlock(&l->mu);
    }
    surql_conn__state_set(l, SURQL_CONN_STATE_CONNECTED, "connected");
    return SURQL_OK;
}

void surql_conn__super_kick(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    if (l->sup) {
        l->sup->kicked = 1;
        pthread_cond_broadcast(&l->sup->cond);
    }
    pthread_mutex_unlock(&l->mu);
}

int surql_conn__on_super_thread(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    int r = l->sup && l->sup->started && !l->sup->joined &&
            pthread_equal(l->sup->th, pthread_self());
    pthread_mutex_unlock(&l->mu);
    return r;
}

void surql_conn__super_stop(surql_conn__link *l)
{
    surql_conn__super *s = l->sup;
    if (!s)
        return;
    pthread_mutex_lock(&l->mu);
    l->final = 1;
    l->state = SURQL_CONN_STATE_CLOSED;
    s->stop = 1;
    atomic_store(&s->cancel, 1); /* a reconnect attempt's connect returns at once */
    pthread_cond_broadcast(&s->cond);
    int join = s->started && !s->joined;
    pthread_t th = s->th;
    if (join)
        s->joined = 1;
    pthread_mutex_unlock(&l->mu);
    if (join) {
        if (pthread_equal(th, pthread_self()))
            pthread_detach(th); /* closed from a state or event callback */
        else
            pthread_join(th, NULL);
    }
    pthread_mutex_lock(&l->mu);
    char *why = surql_strdup(l->fail_msg ? l->fail_msg : "closed");
    pthread_mutex_unlock(&l->mu);
    queue_state(s, SURQL_CONN_STATE_CLOSED, why);
    deliver_states(s);
    free(why);
    surql_conn__live_end_all(l, "the connection was closed");
}

void surql_conn__super_free(surql_conn__link *l)
{
    surql_conn__super *s = l->sup;
    surql_conn__live_mgr_free(l);
    if (!s)
        return;
    for (size_t i = 0; i < s->nsess; i++)
        surql_conn__sess_unref(s->sess[i]);
    free(s->sess);
    while (s->qhead) {
        state_ev *e = s->qhead;
        s->qhead = e->next;
        free(e->why);
        free(e);
    }
    free(s->last_error);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->cb_mu);
    free(s);
    l->sup = NULL;
}

uint64_t surql_conn__reconnects(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    uint64_t n = l->sup ? l->sup->reconnects : 0;
    pthread_mutex_unlock(&l->mu);
    return n;
}
