/* Live queries: events, the bounded per-handle queue and its overflow
 * policy, callback delivery, the hold buffer for notifications of ids not
 * yet known, the per-connection manager and the routing of notifications
 * (called by the reader thread). See live.c for the locking rules. */
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
/* events                                                                     */

live_ev *surql_conn__lev_new(surql_conn_live_action a)
{
    live_ev *e = calloc(1, sizeof *e);
    if (e)
        e->pub.action = a;
    return e;
}

void surql_conn__lev_set(live_ev *e, const surql_value *qid, const surql_value *rec,
                   const surql_value *res, const surql_value *sess)
{
    e->pub.query_id = e->qid = qid ? surql_value_ref(qid) : NULL;
    e->pub.record = e->record = rec ? surql_value_ref(rec) : NULL;
    e->pub.result = e->result = res ? surql_value_ref(res) : NULL;
    e->pub.session = e->session = sess ? surql_value_ref(sess) : NULL;
}

void surql_conn__lev_free(live_ev *e)
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
    surql_conn__lev_free((live_ev *)(void *)ev);
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

int surql_conn__uuid_key(const surql_value *v, uint8_t out[16])
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

void surql_conn__lq_push(surql_conn_live *h, live_ev *e)
{
    if (h->n >= h->cap && h->qh) {
        /* overflow policy: drop the oldest, report the count before the next event */
        live_ev *old = h->qh;
        h->qh = old->next;
        if (!h->qh)
            h->qt = NULL;
        h->n--;
        surql_conn__lev_free(old);
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

live_ev *surql_conn__lq_pop(surql_conn_live *h)
{
    if (h->dropped_pending) {
        live_ev *o = surql_conn__lev_new(SURQL_CONN_LIVE_OVERFLOW);
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
void surql_conn__lq_drain(surql_conn_live *h)
{
    if (!h->fn || h->delivering)
        return;
    h->delivering = 1;
    atomic_fetch_add(&h->refs, 1);
    live_ev *e;
    while ((e = surql_conn__lq_pop(h)) != NULL) {
        pthread_mutex_unlock(&h->mgr->mu);
        h->fn(h->ud, h, &e->pub);
        surql_conn__lev_free(e);
        pthread_mutex_lock(&h->mgr->mu);
    }
    h->delivering = 0;
    surql_conn__live_mgr *m = h->mgr; /* h may be gone after the unref */
    pthread_mutex_unlock(&m->mu);
    surql_conn_live_free(h); /* may be the last reference */
    pthread_mutex_lock(&m->mu);
}

/* Note: surql_conn__lq_drain() may free h when the callback dropped the last reference;
 * callers must not touch h after it unless they hold their own reference. */

/* Move held notifications for h's id into its queue (under mgr->mu). */
void surql_conn__lq_take_held(surql_conn__live_mgr *m, surql_conn_live *h)
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
            surql_conn__lq_push(h, x->ev);
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
        surql_conn__lev_free(x->ev);
        free(x);
    }
    held *x = calloc(1, sizeof *x);
    if (!x) {
        surql_conn__lev_free(e);
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

surql_conn__live_mgr *surql_conn__live_mgr_get(surql_conn__link *l)
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

surql_conn__live_mgr *surql_conn__live_mgr_peek(surql_conn__link *l)
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
        surql_conn__lev_free(x->ev);
        free(x);
    }
    while (m->dhead) { /* kills never sent: the connection is gone, and so are they */
        deferred *d = m->dhead;
        m->dhead = d->next;
        surql_value_unref(d->id);
        surql_conn__sess_unref(d->sess);
        free(d);
    }
    pthread_condattr_destroy(&m->cattr);
    pthread_mutex_destroy(&m->mu);
    free(m);
    l->live = NULL;
}

void surql_conn__lq_unlist(surql_conn__live_mgr *m, surql_conn_live *h)
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

void surql_conn__lq_end(surql_conn_live *h, const char *why)
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
    surql_conn__live_mgr *m = surql_conn__live_mgr_peek(l);
    if (!m)
        return 0;
    uint8_t id[16];
    if (!msg->live_id || surql_conn__uuid_key(msg->live_id, id) != 0 || !msg->action)
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
    live_ev *e = surql_conn__lev_new(a);
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
    surql_conn__lev_set(e, qid, rec, res, msg->session);
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
    surql_conn__lq_push(h, e);
    if (a == SURQL_CONN_LIVE_KILLED)
        surql_conn__lq_end(h, "the server killed the live query (KILLED)");
    surql_conn__lq_drain(h);
    pthread_mutex_unlock(&m->mu);
    return 1;
}
