/* RPC core: requests in flight matched by id, the WebSocket reader thread
 * and its dispatch of messages, connect/close, and the latched failure of a
 * connection. The calls themselves are in rpc-call.c. See client-internal.h
 * for the structure. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <surql/conn/error.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "cbor-internal.h"
#include "client-internal.h"
#include "conn-internal.h"
#include "rpc-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN

/* ------------------------------------------------------------------------ */
/* pending table (all under l->mu)                                           */

static unsigned bucket_of(int64_t id)
{
    return (unsigned)((uint64_t)id % SURQL_CONN__BUCKETS);
}

void surql_conn__pending_insert(surql_conn__link *l, surql_conn__pending *p)
{
    unsigned b = bucket_of(p->id);
    p->next = l->buckets[b];
    l->buckets[b] = p;
    l->npending++;
    if (p->done_fn)
        l->nasync++;
}

surql_conn__pending *surql_conn__pending_take(surql_conn__link *l, int64_t id)
{
    surql_conn__pending **pp = &l->buckets[bucket_of(id)];
    for (; *pp; pp = &(*pp)->next) {
        if ((*pp)->id == id) {
            surql_conn__pending *p = *pp;
            *pp = p->next;
            p->next = NULL;
            l->npending--;
            if (p->done_fn && --l->nasync == 0)
                l->async_deadline = 0;
            return p;
        }
    }
    return NULL;
}

/* Fail a request taken out of the table (under the lock): a blocking
 * caller is signalled; an asynchronous one is queued on l->async_failed for
 * flush_async(), which runs its callback outside the lock. */
static void pending_fail(surql_conn__link *l, surql_conn__pending *p, int code, const char *msg)
{
    p->err_code = code;
    p->err_msg = surql_strdup(msg ? msg : "connection failed");
    p->done = 1;
    if (p->done_fn) {
        p->next = l->async_failed;
        l->async_failed = p;
    } else {
        sem_post(p->sem);
    }
}

/* Fail every request in flight (under the lock). */
static void fail_all(surql_conn__link *l, int code, const char *msg)
{
    for (unsigned b = 0; b < SURQL_CONN__BUCKETS; b++) {
        surql_conn__pending *p = l->buckets[b];
        l->buckets[b] = NULL;
        while (p) {
            surql_conn__pending *n = p->next;
            p->next = NULL;
            pending_fail(l, p, code, msg);
            p = n;
        }
    }
    l->npending = 0;
    l->nasync = 0;
    l->async_deadline = 0;
}

/* Fail the asynchronous calls whose deadline has passed and recompute the
 * earliest remaining deadline (under the lock). */
static void expire_async(surql_conn__link *l, int64_t now)
{
    int64_t next = 0;
    for (unsigned b = 0; b < SURQL_CONN__BUCKETS; b++) {
        surql_conn__pending **pp = &l->buckets[b];
        while (*pp) {
            surql_conn__pending *p = *pp;
            if (!p->done_fn || p->deadline <= 0) {
                pp = &p->next;
                continue;
            }
            if (p->deadline > now) {
                if (next == 0 || p->deadline < next)
                    next = p->deadline;
                pp = &p->next;
                continue;
            }
            *pp = p->next;
            p->next = NULL;
            l->npending--;
            l->nasync--;
            pending_fail(l, p, SURQL_ETIMEOUT, "no response before the deadline");
        }
    }
    l->async_deadline = l->nasync ? next : 0;
}

/* Complete one asynchronous call (not under the lock) and free it. */
static void complete_async(surql_conn__link *l, surql_conn__pending *p)
{
    surql_value *res = NULL;
    int rc;
    if (p->msg)
        rc = surql_conn__rpc_finish(&res, l, p->method, p->msg, p->err_code == SURQL_CONN_EPROTOCOL);
    else
        rc = surql_error_set(p->err_code ? p->err_code : SURQL_CONN_ECLOSED, DOMAIN,
                             "RPC %s on %s: %s", p->method, l->url,
                             p->err_msg ? p->err_msg : "connection closed");
    p->done_fn(p->done_ud, rc, rc ? NULL : res);
    if (rc)
        surql_value_unref(res);
    free(p->err_msg);
    free(p);
}

/* Run the callbacks of failed asynchronous calls (not under the lock). */
static void flush_async(surql_conn__link *l)
{
    pthread_mutex_lock(&l->mu);
    surql_conn__pending *p = l->async_failed;
    l->async_failed = NULL;
    pthread_mutex_unlock(&l->mu);
    while (p) {
        surql_conn__pending *n = p->next;
        complete_async(l, p);
        p = n;
    }
}

/* Latch a failure (under the lock): the connection is unusable from now on. */
static void latch(surql_conn__link *l, int code, const char *msg)
{
    if (!l->closed) {
        l->closed = 1;
        l->fail_code = code;
        free(l->fail_msg);
        l->fail_msg = surql_strdup(msg ? msg : "connection closed");
        surql_log(SURQL_LOG_DEBUG, DOMAIN, "connection %s failed: %s", l->url,
                  l->fail_msg ? l->fail_msg : "");
        surql_conn__on_lost(l); /* issue 6: reconnect or CLOSED (may reword fail_msg) */
    }
    fail_all(l, l->fail_code, l->fail_msg);
}

int surql_conn__latched_error(const surql_conn__link *l)
{
    return surql_error_set(l->fail_code ? l->fail_code : SURQL_CONN_ECLOSED, DOMAIN, "%s",
                           l->fail_msg ? l->fail_msg : "connection closed");
}

/* wake the reader (under the lock) */
void surql_conn__wake_reader(surql_conn__link *l)
{
    if (l->wake[1] < 0 || l->wake_pending)
        return;
    char b = 1;
    ssize_t w = write(l->wake[1], &b, 1);
    if (w == 1)
        l->wake_pending = 1;
}

/* ------------------------------------------------------------------------ */
/* incoming messages                                                          */

static void deliver_orphan(surql_conn__link *l, surql_value *msg, const char *text)
{
    /* An error without an id answers a request the server could not decode.
     * It can only be attributed when exactly one request is in flight. */
    surql_log(SURQL_LOG_WARN, DOMAIN, "%s: server error without a request id: %s", l->url,
              text);
    pthread_mutex_lock(&l->mu);
    free(l->orphan_msg);
    l->orphan_msg = surql_strdup(text);
    surql_conn__pending *only = NULL;
    if (l->npending == 1) {
        for (unsigned b = 0; b < SURQL_CONN__BUCKETS && !only; b++)
            only = l->buckets[b];
    }
    surql_conn__pending *async_done = NULL;
    sem_t *post = NULL;
    if (only) {
        surql_conn__pending_take(l, only->id);
        if (msg) {
            only->msg = msg;
            only->err_code = SURQL_CONN_EPROTOCOL; /* marks "orphan": see surql_conn__rpc_finish() */
            only->done = 1;
            if (only->done_fn)
                async_done = only;
            else
                post = only->sem; /* posted after the unlock: see call_ws */
            msg = NULL;
        } else {
            pending_fail(l, only, SURQL_CONN_EPROTOCOL, text);
        }
    }
    pthread_mutex_unlock(&l->mu);
    if (post)
        sem_post(post);
    surql_value_unref(msg);
    if (async_done)
        complete_async(l, async_done);
}

static void dispatch(surql_conn__link *l, surql_conn__ws_msg *raw)
{
    surql_value *msg = NULL;
    int rc = surql_conn__decode_message(&msg, l->proto, raw->data, raw->len, l->max_message);
    surql_conn__rpc_msg m;
    if (rc == 0)
        rc = surql_conn__classify(msg, l->proto, &m);
    if (rc != 0) {
        surql_buf t = SURQL_BUF_INIT;
        surql_buf_printf(&t, "%s: undecodable message from the server: %s", l->url,
                         surql_error_last()->message);
        surql_value_unref(msg);
        deliver_orphan(l, NULL, t.ptr ? t.ptr : "undecodable message");
        surql_buf_dispose(&t);
        return;
    }
    switch (m.kind) {
    case SURQL_CONN__MSG_RESPONSE: {
        int64_t id = 0;
        if (surql_value_get_int(m.id, &id) != SURQL_OK) {
            surql_log(SURQL_LOG_WARN, DOMAIN, "%s: response with a foreign id type dropped",
                      l->url);
            break;
        }
        pthread_mutex_lock(&l->mu);
        surql_conn__pending *p = surql_conn__pending_take(l, id);
        surql_conn__pending *async_done = NULL;
        sem_t *post = NULL;
        if (p) {
            p->msg = msg;
            msg = NULL;
            p->done = 1;
            if (p->done_fn)
                async_done = p;
            else
                post = p->sem; /* p may be gone once we unlock; the semaphore not */
        }
        pthread_mutex_unlock(&l->mu);
        if (post)
            sem_post(post); /* after the unlock: the caller wakes to a free mutex */
        if (async_done)
            complete_async(l, async_done);
        if (!p)
            surql_log(SURQL_LOG_DEBUG, DOMAIN, "%s: late response to request %lld dropped",
                      l->url, (long long)id);
        break;
    }
    case SURQL_CONN__MSG_ORPHAN_ERROR: {
        surql_buf t = SURQL_BUF_INIT;
        surql_buf_printf(&t, "%s (code %ld)", m.error_message ? m.error_message : "",
                         m.error_code);
        deliver_orphan(l, msg, t.ptr ? t.ptr : "error without id");
        msg = NULL;
        surql_buf_dispose(&t);
        break;
    }
    case SURQL_CONN__MSG_NOTIFICATION: {
        surql_conn__live_dispatch(l, &m); /* issue 6: live handles */
        pthread_mutex_lock(&l->mu);
        surql_conn_notify_fn fn = l->on_notify;
        void *ud = l->notify_ud;
        if (fn)
            l->notifications++;
        pthread_mutex_unlock(&l->mu);
        if (fn)
            fn(ud, m.result);
        break;
    }
    case SURQL_CONN__MSG_UNTAGGED:
    default:
        surql_log(SURQL_LOG_WARN, DOMAIN, "%s: message without id dropped", l->url);
        break;
    }
    surql_value_unref(msg);
}

/* ------------------------------------------------------------------------ */
/* reader thread                                                              */

typedef struct msg_vec {
    surql_conn__ws_msg *v;
    size_t n, cap;
} msg_vec;

static int vec_push(msg_vec *mv, surql_conn__ws_msg *m)
{
    if (mv->n == mv->cap) {
        size_t nc = mv->cap ? mv->cap * 2 : 16;
        surql_conn__ws_msg *nv = realloc(mv->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        mv->v = nv;
        mv->cap = nc;
    }
    mv->v[mv->n++] = *m;
    return 0;
}

static void drain_wake(surql_conn__link *l)
{
    char b[64];
    while (read(l->wake[0], b, sizeof b) > 0) {
    }
}

static void *reader_main(void *arg)
{
    surql_conn__link *l = arg;
    msg_vec mv = { NULL, 0, 0 };
    for (;;) {
        pthread_mutex_lock(&l->mu);
        if (l->stopping || l->closed || !l->ws) {
            pthread_mutex_unlock(&l->mu);
            break;
        }
        struct pollfd p[2];
        p[0].fd = surql_conn__ws_get_fd(l->ws);
        p[0].events = POLLIN | (surql_conn__ws_want_write(l->ws) ? POLLOUT : 0);
        p[0].revents = 0;
        p[1].fd = l->wake[0];
        p[1].events = POLLIN;
        p[1].revents = 0;
        int timeout = -1;
        if (l->async_deadline > 0) {
            int64_t left = l->async_deadline - surql_conn__now_ms();
            timeout = left <= 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
        }
        pthread_mutex_unlock(&l->mu);

        int r = poll(p, 2, timeout);
        if (r < 0 && errno != EINTR) {
            pthread_mutex_lock(&l->mu);
            latch(l, SURQL_CONN_ECLOSED, "poll failed");
            pthread_mutex_unlock(&l->mu);
            break; /* flush_async() after the loop */
        }

        if (p[0].revents)
            atomic_store(&l->last_rx_ms, surql_conn__now_ms()); /* issue 6: keepalive */
        pthread_mutex_lock(&l->mu);
        if (p[1].revents) {
            drain_wake(l);
            l->wake_pending = 0;
        }
        if (l->stopping || l->closed) {
            pthread_mutex_unlock(&l->mu);
            break;
        }
        if (l->async_deadline > 0) {
            int64_t now = surql_conn__now_ms();
            if (now >= l->async_deadline)
                expire_async(l, now);
        }
        int rc = surql_conn__ws_process(l->ws);
        surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
        int oom = 0;
        while (surql_conn__ws_next(l->ws, &m)) {
            if (vec_push(&mv, &m) != 0) {
                surql_conn__ws_msg_clear(&m);
                oom = 1;
            }
            m = (surql_conn__ws_msg)SURQL_CONN__WS_MSG_INIT;
        }
        char *err = rc ? surql_strdup(surql_error_last()->message) : NULL;
        pthread_mutex_unlock(&l->mu);

        for (size_t i = 0; i < mv.n; i++) {
            dispatch(l, &mv.v[i]);
            surql_conn__ws_msg_clear(&mv.v[i]);
        }
        if (mv.n && !oom && !rc) {
            /* what the callbacks sent (queued, see call_async): one write */
            pthread_mutex_lock(&l->mu);
            if (!l->closed && !l->stopping && l->ws && surql_conn__ws_want_write(l->ws)) {
                rc = surql_conn__ws_write(l->ws);
                if (rc)
                    err = surql_strdup(surql_error_last()->message);
            }
            pthread_mutex_unlock(&l->mu);
        }
        mv.n = 0;
        if (oom || rc) {
            pthread_mutex_lock(&l->mu);
            latch(l, rc ? rc : SURQL_ENOMEM,
                  rc ? (err ? err : "connection failed") : "out of memory receiving a message");
            pthread_mutex_unlock(&l->mu);
            free(err);
            break;
        }
        free(err);
        flush_async(l);
    }
    free(mv.v);
    flush_async(l);
    surql_conn__reader_exit(l); /* issue 6: the supervisor waits for this, not a join */
    /* the reader's own reference (taken in link_connect): when a callback
     * closed the client, this thread was detached and the link must outlive
     * it even if another thread frees the last handle meanwhile */
    surql_conn__link_unref(l);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* connect / close                                                            */

static int set_nonblock_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    int fd_fl = fcntl(fd, F_GETFD);
    if (fd_fl < 0 || fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) < 0)
        return -1;
    return 0;
}

int surql_conn__link_connect(surql_conn__link *l, int64_t deadline_ms)
{
    if (!l->websocket) {
        surql_conn__http_opts ho = SURQL_CONN__HTTP_OPTS_INIT;
        surql_conn__tls_from_config(&ho.tls, l->cfg);
        ho.max_response = l->max_message;
        surql_conn__http *h = NULL;
        int rc = surql_conn__http_new(&h, l->url, &ho);
        if (rc)
            return rc;
        surql_conn__http_slot *s = calloc(1, sizeof *s);
        if (!s) {
            surql_conn__http_free(h);
            return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        }
        s->h = h;
        pthread_mutex_lock(&l->mu);
        s->next = l->http_free;
        l->http_free = s;
        l->http_total++;
        pthread_mutex_unlock(&l->mu);
        /* no I/O yet: the version probe is the first request */
        return SURQL_OK;
    }
    surql_conn__ws_opts o = SURQL_CONN__WS_OPTS_INIT;
    o.protocol = l->proto;
    o.allow_json_fallback = (l->flags & SURQL_CONN_CLIENT_JSON_FALLBACK) != 0;
    o.max_message = l->max_message;
    o.cancel = surql_conn__connect_cancel(l); /* issue 6: a close aborts a reconnect attempt */
    surql_conn__tls_from_config(&o.tls, l->cfg);
    surql_conn__ws *ws = NULL;
    int rc = surql_conn__ws_open(&ws, l->url, &o, deadline_ms);
    if (rc)
        return rc;
    if (pipe(l->wake) != 0 || set_nonblock_cloexec(l->wake[0]) || set_nonblock_cloexec(l->wake[1])) {
        int e = errno;
        surql_conn__ws_free(ws);
        return surql_error_set(SURQL_EIO, DOMAIN, "cannot create the reader's wake pipe: %s",
                               strerror(e));
    }
    l->proto = surql_conn__ws_protocol(ws);
    l->ws = ws;
    pthread_mutex_lock(&l->mu);
    l->reader_exited = 0;
    l->reader_closing = 0;
    pthread_mutex_unlock(&l->mu);
    atomic_fetch_add(&l->refs, 1); /* the reader's reference, dropped as it exits */
    int pr = pthread_create(&l->reader, NULL, reader_main, l);
    if (pr != 0) {
        atomic_fetch_sub(&l->refs, 1);
        l->ws = NULL;
        surql_conn__ws_free(ws);
        return surql_error_set(SURQL_ERROR, DOMAIN, "cannot start the reader thread: %s",
                               strerror(pr));
    }
    l->reader_started = 1;
    return SURQL_OK;
}

void surql_conn__link_close(surql_conn__link *l, const char *why)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->mu);
    l->final = 1; /* issue 6: no reconnect */
    if (l->reader_started && pthread_equal(l->reader, pthread_self()))
        l->reader_closing = 1; /* issue 6: from a callback; the supervisor leaves the reader alone */
    if (!l->closed)
        latch(l, SURQL_CONN_ECLOSED, why ? why : "connection closed by the client");
    l->stopping = 1;
    surql_conn__wake_reader(l);
    pthread_mutex_unlock(&l->mu);
    surql_conn__super_stop(l); /* issue 6: join the supervisor thread */
    pthread_mutex_lock(&l->mu);
    if (!l->closed) /* a reconnect may have installed a transport meanwhile */
        latch(l, SURQL_CONN_ECLOSED, why ? why : "connection closed by the client");
    surql_conn__wake_reader(l);
    int started = l->reader_started;
    pthread_t th = l->reader;
    l->reader_started = 0;
    pthread_mutex_unlock(&l->mu);
    if (started) {
        if (pthread_equal(th, pthread_self()))
            pthread_detach(th); /* closed from a notification callback */
        else
            pthread_join(th, NULL);
    }
    flush_async(l);
    pthread_mutex_lock(&l->mu);
    surql_conn__ws *ws = l->ws;
    l->ws = NULL;
    surql_conn__http_slot *hs = l->http_free;
    l->http_free = NULL;
    pthread_mutex_unlock(&l->mu);
    if (ws) {
        surql_conn__ws_close(ws, 1000, NULL, surql_conn__now_ms() + 1000);
        surql_conn__ws_free(ws);
    }
    while (hs) {
        surql_conn__http_slot *n = hs->next;
        surql_conn__http_free(hs->h);
        free(hs);
        hs = n;
    }
}

/* Fail the current transport (issue 6: keepalive timeout, failed reconnect attempt). */
void surql_conn__link_fail(surql_conn__link *l, int code, const char *why)
{
    pthread_mutex_lock(&l->mu);
    latch(l, code, why);
    surql_conn__wake_reader(l);
    pthread_mutex_unlock(&l->mu);
    flush_async(l);
}

void surql_conn__link_dispatch(surql_conn__link *l, surql_conn__ws_msg *raw)
{
    dispatch(l, raw);
}
