/* Live queries across a reconnect (supervisor thread): re-issue under a new
 * id with a GAP event, optional changefeed replay (REPLAY events), end all
 * handles on a final close, deferred kills. */
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
/* reconnect support (supervisor thread)                                     */

static void end_all_locked(surql_conn__live_mgr *m, const char *why)
{
    for (surql_conn_live *h = m->head; h; h = h->next)
        surql_conn__lq_end(h, why);
}

void surql_conn__live_end_all(surql_conn__link *l, const char *why)
{
    surql_conn__live_mgr *m = surql_conn__live_mgr_peek(l);
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    end_all_locked(m, why);
    pthread_mutex_unlock(&m->mu);
}

void surql_conn__live_run_deferred(surql_conn__link *l)
{
    surql_conn__live_mgr *m = surql_conn__live_mgr_peek(l);
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    deferred *d = m->dhead;
    m->dhead = NULL;
    pthread_mutex_unlock(&m->mu);
    while (d) {
        deferred *n = d->next;
        const surql_value *pv[1] = { d->id };
        surql_value *params = surql_conn__params(1, pv);
        if (!params || surql_conn__sess_call(NULL, l, d->sess, "kill", params,
                                             surql_conn__now_ms() + 5000) != SURQL_OK)
            surql_log(SURQL_LOG_DEBUG, DOMAIN, "deferred kill failed: %s",
                      surql_error_last()->message);
        surql_value_unref(d->id);
        surql_conn__sess_unref(d->sess);
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
        live_ev *e = surql_conn__lev_new(SURQL_CONN_LIVE_REPLAY);
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
            live_ev *e = surql_conn__lev_new(SURQL_CONN_LIVE_REPLAY);
            if (!e)
                continue;
            surql_conn__lev_set(e, h->idv, surql_value_object_get(body, "id"), ch, NULL);
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
    surql_conn__live_mgr *m = surql_conn__live_mgr_peek(l);
    if (!m)
        return SURQL_OK;
    surql_conn_live **v = NULL;
    size_t n = 0;
    pthread_mutex_lock(&l->mu);
    uint64_t epoch = l->epoch; /* already the new transport's */
    pthread_mutex_unlock(&l->mu);
    pthread_mutex_lock(&m->mu);
    m->snap_epoch = epoch; /* a start registering later re-issues by itself */
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
        int r = rc ? rc : surql_conn__lq_issue(&id, h, SURQL_CONN__CALL_REPLAY);
        if (r == SURQL_CONN_ECLOSED || r == SURQL_ETIMEOUT || r == SURQL_CONN_EPROTOCOL ||
            r == SURQL_ENOMEM) {
            if (!rc)
                rc = r; /* the attempt failed; the next one re-issues every handle */
            continue;
        }
        live_ev *qh = NULL, *qt = NULL;
        live_ev *gap = surql_conn__lev_new(r ? SURQL_CONN_LIVE_ERROR : SURQL_CONN_LIVE_GAP);
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
            surql_conn__lev_set(gap, id, NULL, NULL, NULL);
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
            surql_conn__lq_push(h, e);
            e = nx;
        }
        if (r) {
            surql_conn__lq_end(h, "re-issuing after a reconnect failed");
        } else if (!h->ended) {
            surql_value_unref(h->idv);
            h->idv = id;
            id = NULL;
            surql_conn__uuid_key(h->idv, h->id);
            h->has_id = 1;
            h->st.gaps++;
            surql_conn__lq_take_held(m, h);
        }
        surql_conn__lq_drain(h);
        pthread_mutex_unlock(&m->mu);
        surql_value_unref(id);
    }
    for (size_t i = 0; i < k; i++)
        surql_conn_live_free(v[i]);
    free(v);
    return rc;
}
