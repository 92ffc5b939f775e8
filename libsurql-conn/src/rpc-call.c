/* RPC calls: blocking (WebSocket and HTTP) and asynchronous, with deadlines,
 * retry of idempotent calls and renewal of an expired session. The table of
 * requests in flight and the reader thread are in rpc.c. */
#define _GNU_SOURCE /* sem_clockwait (glibc >= 2.30) */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <surql/conn/error.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "cbor-internal.h"
#include "client-internal.h"
#include "conn-internal.h"
#include "rpc-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN


int64_t surql_conn__deadline(const surql_conn_client *c, int64_t timeout_ms)
{
    int64_t t = timeout_ms ? timeout_ms : surql_conn_client_get_timeout_ms(c);
    if (t < 0)
        return 0;
    return surql_conn__now_ms() + t;
}

int surql_conn__rpc_finish(surql_value **out, surql_conn__link *l, const char *method,
                           surql_value *msg, int orphan)
{
    surql_conn__rpc_msg m;
    int rc = surql_conn__classify(msg, l->proto, &m);
    if (rc) {
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "RPC %s: malformed response: %s",
                             method, surql_error_last()->message);
    } else if (m.error) {
        rc = surql_conn__server_error(&m, l->dialect, method);
        if (orphan) {
            /* keep the server's fields, report a protocol error */
            const surql_error *e = surql_error_last();
            char *msgc = surql_strdup(e->message);
            char *kind = e->server_kind ? surql_strdup(e->server_kind) : NULL;
            char *dj = e->detail_json ? surql_strdup(e->detail_json) : NULL;
            long code = e->server_code;
            surql_buf t = SURQL_BUF_INIT;
            surql_buf_printf(&t, "RPC %s: the server answered with an error without a request "
                                 "id (it could not decode a request): %s",
                             method, msgc ? msgc : "");
            surql_error_set_server(SURQL_CONN_EPROTOCOL, DOMAIN, code, kind,
                                   t.ptr ? t.ptr : "error without id", dj);
            surql_buf_dispose(&t);
            free(msgc);
            free(kind);
            free(dj);
            rc = SURQL_CONN_EPROTOCOL;
        }
    } else if (out) {
        *out = surql_value_ref(m.result ? m.result : surql_value_none());
    }
    surql_value_unref(msg);
    return rc;
}

static int64_t abs_ts(struct timespec *ts, int64_t deadline)
{
    ts->tv_sec = (time_t)(deadline / 1000);
    ts->tv_nsec = (long)(deadline % 1000) * 1000000L;
    return deadline;
}

/* The calling thread's semaphore for blocking calls (never destroyed: a
 * glibc semaphore holds no resources). NULL if sem_init fails. */
static sem_t *thread_sem(void)
{
    static _Thread_local sem_t sem;
    static _Thread_local int ready;
    if (!ready) {
        if (sem_init(&sem, 0, 0) != 0)
            return NULL;
        ready = 1;
    }
    return &sem;
}

/* Wait until @p p is done (the reader, or a failure path, sets done under
 * the lock and then posts p->sem exactly once) or @p deadline passes.
 * Called without the lock; returns with it held: 1 timed out (p removed
 * from the table, so nothing will post), 0 done. Every post is consumed
 * before returning, so the thread's semaphore starts each call at zero and
 * the poster never touches a semaphore whose call has ended. Posting after
 * the unlock wakes the caller to a free mutex: no second sleep on the lock. */
static int wait_done(surql_conn__link *l, surql_conn__pending *p, int64_t deadline)
{
    struct timespec ts;
    if (deadline > 0)
        abs_ts(&ts, deadline);
    for (;;) {
        int w = deadline > 0 ? sem_clockwait(p->sem, CLOCK_MONOTONIC, &ts) : sem_wait(p->sem);
        if (w != 0 && errno == EINTR)
            continue;
        pthread_mutex_lock(&l->mu);
        if (w == 0 && p->done)
            return 0;
        if (w != 0 && !p->done) { /* the deadline passed */
            surql_conn__pending_take(l, p->id);
            return 1;
        }
        pthread_mutex_unlock(&l->mu);
        if (w != 0) { /* done as the deadline passed: its post is on the way */
            while (sem_wait(p->sem) != 0 && errno == EINTR) {
            }
            pthread_mutex_lock(&l->mu);
            return 0;
        }
        /* a post without done cannot happen (one post per done); wait on */
    }
}

static int call_ws(surql_value **out, surql_conn_client *c, const char *method,
                   const surql_value *params, unsigned flags, int64_t deadline, int *sent)
{
    surql_conn__link *l = c->link;
    *sent = 0;
    int64_t id = atomic_fetch_add(&l->next_id, 1);
    const surql_value *session = (flags & SURQL_CONN__CALL_NO_SESSION) ? NULL : c->sess->id;
    const surql_value *txn = (flags & SURQL_CONN__CALL_NO_TXN) ? NULL : c->txn;
    surql_buf req = SURQL_BUF_INIT;
    int rc = surql_conn__encode_request(&req, l->proto, id, method, params, session, txn,
                                        l->dialect);
    if (rc) {
        surql_buf_dispose(&req);
        return rc;
    }
    surql_conn__pending p;
    memset(&p, 0, sizeof p);
    p.id = id;
    p.sem = thread_sem();
    if (!p.sem) {
        surql_buf_dispose(&req);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "RPC %s: cannot create a semaphore",
                               method);
    }

    pthread_mutex_lock(&l->mu);
    int gate = surql_conn__gate(l, c, flags, deadline); /* issue 6: wait out a reconnect */
    if (gate || l->closed || !l->ws) {
        rc = gate ? gate : surql_conn__latched_error(l);
        pthread_mutex_unlock(&l->mu);
        surql_buf_dispose(&req);
        return rc;
    }
    surql_conn__pending_insert(l, &p);
    rc = surql_conn__ws_send(l->ws, l->proto == SURQL_CONN_PROTOCOL_CBOR, req.ptr, req.size);
    if (rc) {
        surql_conn__pending_take(l, id);
        if (rc == SURQL_CONN_ECLOSED || rc == SURQL_ENOMEM) {
            *sent = 1; /* part of the frame may be on the wire */
            surql_conn__wake_reader(l);
        }
        pthread_mutex_unlock(&l->mu);
        surql_buf_dispose(&req);
        return rc;
    }
    *sent = 1;
    if (surql_conn__ws_want_write(l->ws))
        surql_conn__wake_reader(l);
    surql_buf_dispose(&req);

    pthread_mutex_unlock(&l->mu);
    int timed_out = wait_done(l, &p, deadline);
    /* the lock is held again here */
    char *orphan = timed_out && l->orphan_msg ? surql_strdup(l->orphan_msg) : NULL;
    pthread_mutex_unlock(&l->mu);

    if (timed_out) {
        rc = surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                             "RPC %s on %s: no response before the deadline%s%s%s", method,
                             l->url, orphan ? " (the server reported an error without a "
                                              "request id: " : "",
                             orphan ? orphan : "", orphan ? ")" : "");
        free(orphan);
        return rc;
    }
    if (p.msg)
        return surql_conn__rpc_finish(out, l, method, p.msg, p.err_code == SURQL_CONN_EPROTOCOL);
    rc = surql_error_set(p.err_code ? p.err_code : SURQL_CONN_ECLOSED, DOMAIN, "%s",
                         p.err_msg ? p.err_msg : "connection closed");
    free(p.err_msg);
    return rc;
}

int surql_conn_client_call_async(surql_conn_client *c, const char *method,
                                 const surql_value *params, const surql_conn_call_options *opts,
                                 surql_conn_done_fn done, void *userdata)
{
    if (!c || !method || !*method || !done)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_client_call_async: %s",
                               !c      ? "client is NULL"
                               : !done ? "completion callback is NULL"
                                       : "method is NULL or empty");
    surql_conn__link *l = c->link;
    if (!l->websocket)
        return surql_error_set(SURQL_EUNSUPPORTED, DOMAIN,
                               "asynchronous calls need a WebSocket connection (ws:// or "
                               "wss://); %s is HTTP: use surql_conn_client_call()",
                               l->url);
    surql_conn_call_options o = SURQL_CONN_CALL_OPTIONS_INIT;
    if (opts)
        o = *opts;
    surql_conn__pending *p = calloc(1, sizeof *p);
    if (!p)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    p->id = atomic_fetch_add(&l->next_id, 1);
    p->done_fn = done;
    p->done_ud = userdata;
    p->deadline = surql_conn__deadline(c, o.timeout_ms);
    snprintf(p->method, sizeof p->method, "%s", method);
    surql_buf req = SURQL_BUF_INIT;
    int rc = surql_conn__encode_request(&req, l->proto, p->id, method, params, c->sess->id, c->txn,
                                        l->dialect);
    if (rc) {
        surql_buf_dispose(&req);
        free(p);
        return rc;
    }
    pthread_mutex_lock(&l->mu);
    /* never block here (a completion may submit from the reader thread):
     * while the connection is being re-established, refuse at once */
    if (l->state == SURQL_CONN_STATE_RECONNECTING && !l->final)
        rc = surql_error_set(SURQL_CONN_ECLOSED, DOMAIN,
                             "RPC %s: the connection to %s is being re-established; "
                             "asynchronous calls are not queued: send again once the state "
                             "callback reports connected",
                             method, l->url);
    else
        rc = surql_conn__gate(l, c, 0, 0); /* a transaction lost in a reconnect */
    if (!rc && (l->closed || !l->ws))
        rc = surql_conn__latched_error(l);
    if (rc) {
        pthread_mutex_unlock(&l->mu);
        surql_buf_dispose(&req);
        free(p);
        return rc;
    }
    surql_conn__pending_insert(l, p);
    /* the reader computes its poll timeout from async_deadline before each
     * poll: wake it when this call's deadline is earlier than the one it
     * may be sleeping on (not needed on the reader thread itself) */
    int on_reader = l->reader_started && pthread_equal(l->reader, pthread_self());
    int wake = 0;
    if (p->deadline > 0 && (l->async_deadline == 0 || p->deadline < l->async_deadline)) {
        l->async_deadline = p->deadline;
        wake = !on_reader;
    }
    /* from a completion callback (reader thread): only queue; the reader
     * writes everything its callbacks queued in one send after the batch */
    rc = on_reader ? surql_conn__ws_queue(l->ws, l->proto == SURQL_CONN_PROTOCOL_CBOR, req.ptr,
                                          req.size)
                   : surql_conn__ws_send(l->ws, l->proto == SURQL_CONN_PROTOCOL_CBOR, req.ptr,
                                         req.size);
    surql_buf_dispose(&req);
    if (rc) {
        surql_conn__pending_take(l, p->id);
        if (rc == SURQL_CONN_ECLOSED || rc == SURQL_ENOMEM)
            surql_conn__wake_reader(l); /* part of the frame may be on the wire */
        pthread_mutex_unlock(&l->mu);
        free(p);
        return rc;
    }
    if (wake || (!on_reader && surql_conn__ws_want_write(l->ws)))
        surql_conn__wake_reader(l);
    pthread_mutex_unlock(&l->mu);
    return SURQL_OK;
}

static const char *token_text(const surql_value *tok)
{
    const char *s = NULL;
    if (surql_value_get_string(tok, &s, NULL) == SURQL_OK)
        return s;
    if (surql_value_get_string(surql_value_object_get(tok, "access"), &s, NULL) == SURQL_OK)
        return s;
    return NULL;
}

static int call_http(surql_value **out, surql_conn_client *c, const char *method,
                     const surql_value *params, unsigned flags, int64_t deadline, int *sent)
{
    surql_conn__link *l = c->link;
    *sent = 0;
    const surql_value *session = (flags & SURQL_CONN__CALL_NO_SESSION) ? NULL : c->sess->id;
    surql_buf req = SURQL_BUF_INIT;
    int rc = surql_conn__encode_request(&req, l->proto, atomic_fetch_add(&l->next_id, 1), method,
                                        params, session, NULL, l->dialect);
    if (rc) {
        surql_buf_dispose(&req);
        return rc;
    }
    /* take a curl handle and a copy of the session's headers */
    pthread_mutex_lock(&l->mu);
    if (l->closed) {
        rc = surql_conn__latched_error(l);
        pthread_mutex_unlock(&l->mu);
        surql_buf_dispose(&req);
        return rc;
    }
    surql_conn__http_slot *slot = l->http_free;
    if (slot)
        l->http_free = slot->next;
    char *ns = c->sess->ns ? surql_strdup(c->sess->ns) : NULL;
    char *db = c->sess->db ? surql_strdup(c->sess->db) : NULL;
    const char *tt = token_text(c->sess->token);
    char *tok = tt ? surql_strdup(tt) : NULL;
    pthread_mutex_unlock(&l->mu);
    if (!slot) {
        surql_conn__http_opts ho = SURQL_CONN__HTTP_OPTS_INIT;
        surql_conn__tls_from_config(&ho.tls, l->cfg);
        ho.max_response = l->max_message;
        slot = calloc(1, sizeof *slot);
        if (!slot || (rc = surql_conn__http_new(&slot->h, l->url, &ho)) != 0) {
            if (!slot)
                rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
            free(slot);
            free(ns);
            free(db);
            free(tok);
            surql_buf_dispose(&req);
            return rc;
        }
        pthread_mutex_lock(&l->mu);
        l->http_total++;
        pthread_mutex_unlock(&l->mu);
    }
    surql_conn__http_auth auth = { ns, db, NULL, NULL, tok };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    rc = surql_conn__http_rpc(slot->h, l->proto, req.ptr, req.size, &auth, deadline, &resp);
    *sent = slot->used || !(rc == SURQL_CONN_ECONNECT || rc == SURQL_CONN_ETLS);
    if (rc == SURQL_CONN_ECONNECT && slot->used) {
        /* the kept-alive connection died; libcurl's reconnect failed too */
        char *m = surql_strdup(surql_error_last()->message);
        rc = surql_error_set(SURQL_CONN_ECLOSED, DOMAIN,
                             "RPC %s: connection to the server lost (the request may have been "
                             "processed); reconnecting failed: %s",
                             method, m ? m : "");
        free(m);
    }
    if (*sent)
        slot->used = 1;
    surql_buf_dispose(&req);
    free(ns);
    free(db);
    free(tok);

    pthread_mutex_lock(&l->mu);
    if (l->closed) {
        pthread_mutex_unlock(&l->mu);
        surql_conn__http_free(slot->h);
        free(slot);
    } else {
        slot->next = l->http_free;
        l->http_free = slot;
        pthread_mutex_unlock(&l->mu);
    }
    if (rc) {
        surql_conn__http_resp_clear(&resp);
        return rc;
    }
    surql_value *msg = NULL;
    rc = surql_conn__decode_message(&msg, l->proto, resp.body.ptr ? resp.body.ptr : "",
                                    resp.body.size, l->max_message);
    surql_conn__http_resp_clear(&resp);
    if (rc)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN, "RPC %s: malformed HTTP response: %s",
                               method, surql_error_last()->message);
    /* HTTP answers never carry an id: an id-less error is this call's error */
    return surql_conn__rpc_finish(out, l, method, msg, 0);
}

int surql_conn__call_once(surql_value **out, surql_conn_client *c, const char *method,
                          const surql_value *params, unsigned flags, int64_t deadline)
{
    int sent = 0;
    if (out)
        *out = NULL;
    if (c->link->websocket)
        return call_ws(out, c, method, params, flags, deadline, &sent);
    return call_http(out, c, method, params, flags, deadline, &sent);
}

static int call_retry(surql_value **out, surql_conn_client *c, const char *method,
                      const surql_value *params, unsigned flags, int64_t deadline)
{
    if (out)
        *out = NULL;
    surql_conn__link *l = c->link;
    int attempts = (flags & SURQL_CONN_CALL_NO_RETRY) || (l->flags & SURQL_CONN_CLIENT_NO_RETRY)
                       ? 1
                       : surql_conn_config_get_retry_max_attempts(l->cfg);
    int idem = (flags & SURQL_CONN_CALL_IDEMPOTENT) != 0;
    for (int a = 1;; a++) {
        int sent = 0;
        int rc = l->websocket ? call_ws(out, c, method, params, flags, deadline, &sent)
                              : call_http(out, c, method, params, flags, deadline, &sent);
        if (rc == 0 || a >= attempts || !surql_conn__retryable(rc, sent, idem))
            return rc;
        /* a lost WebSocket is retried only when it reconnects (issue 6) */
        if (l->websocket && rc == SURQL_CONN_ECLOSED && !surql_conn__may_reconnect(l))
            return rc;
        int64_t d = surql_conn__backoff_ms(l->cfg, a);
        surql_log(SURQL_LOG_INFO, DOMAIN, "RPC %s failed (%s), retrying in %lld ms", method,
                  surql_conn_status_name(rc), (long long)d);
        if (surql_conn__sleep_until(d, deadline) != 0)
            return rc;
    }
}

/* issue 6: an expired session/token ("The token has expired", "The session
 * has expired") on a call that is not itself an authentication call */
static int expired_auth(int rc, const char *method, unsigned flags)
{
    if (rc != SURQL_CONN_EAUTH || (flags & SURQL_CONN__CALL_REPLAY))
        return 0;
    static const char *const auth_methods[] = { "signin", "signup", "authenticate", "refresh",
                                                "invalidate", "reset", "attach", "detach" };
    for (size_t i = 0; i < sizeof auth_methods / sizeof *auth_methods; i++)
        if (!strcmp(method, auth_methods[i]))
            return 0;
    const char *m = surql_error_last()->message;
    return m && strstr(m, "expired") != NULL;
}

int surql_conn__call(surql_value **out, surql_conn_client *c, const char *method,
                     const surql_value *params, unsigned flags, int64_t deadline)
{
    int rc = call_retry(out, c, method, params, flags, deadline);
    if (!expired_auth(rc, method, flags))
        return rc;
    /* re-authenticate once; repeat the call only when it is safe to */
    surql_conn__saved_error orig;
    surql_conn__error_save(&orig);
    if (surql_conn__reauth(c->link, c->sess, deadline) != SURQL_OK) {
        surql_log(SURQL_LOG_INFO, DOMAIN, "RPC %s: the session expired and re-authenticating "
                  "failed: %s", method, surql_error_last()->message);
        return surql_conn__error_restore(&orig);
    }
    if (flags & SURQL_CONN_CALL_IDEMPOTENT) {
        surql_log(SURQL_LOG_INFO, DOMAIN, "RPC %s: the session had expired; re-authenticated, "
                  "repeating the call", method);
        surql_conn__error_restore(&orig);
        return call_retry(out, c, method, params, flags, deadline);
    }
    surql_buf t = SURQL_BUF_INIT;
    surql_buf_printf(&t, "RPC %s failed: %s; the session was re-authenticated, but the call "
                         "was not re-sent because it may not be safe to repeat (repeat it if "
                         "it is)",
                     method, orig.message ? orig.message : "the session expired");
    surql_conn__error_restore(&orig);
    rc = surql_error_set(SURQL_CONN_EAUTH, DOMAIN, "%s", t.ptr ? t.ptr : "session expired");
    surql_buf_dispose(&t);
    return rc;
}

/* Seam for the frame/response fuzzer (tests/fuzz/conn-ws-fuzz.c): what the
 * reader thread does with one complete message. Hidden like every
 * surql_conn__ symbol. */
