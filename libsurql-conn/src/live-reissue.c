/* Live queries across a reconnect (supervisor thread, and a start that
 * raced a reconnect): re-issue under a new id with a GAP event, optional
 * changefeed replay (REPLAY events; on 2.x from a versionstamp cursor), end
 * all handles on a final close, deferred kills. */
#include <stdio.h>
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

/* append @p e to the list *qh..*qt */
static void append(live_ev **qh, live_ev **qt, live_ev *e)
{
    e->next = NULL;
    if (*qt)
        (*qt)->next = e;
    else
        *qh = e;
    *qt = e;
}

/* One `SHOW CHANGES FOR TABLE <h->table> SINCE <since> LIMIT <limit>` on
 * h's session: *sets = the change sets (owned). SURQL_OK or the error
 * (recorded; a statement error carries the server's message). */
static int show_changes(surql_value **sets, surql_conn_live *h, const char *since, int limit,
                        unsigned flags)
{
    *sets = NULL;
    surql_buf sql = SURQL_BUF_INIT;
    int rc = surql_buf_puts(&sql, "SHOW CHANGES FOR TABLE ");
    if (!rc)
        rc = surql_ident_escape(&sql, h->table);
    if (!rc)
        rc = surql_buf_printf(&sql, " SINCE %s LIMIT %d", since, limit);
    surql_value *s = rc ? NULL : surql_value_string(sql.ptr);
    surql_buf_dispose(&sql);
    surql_value *params = s ? surql_conn__params(1, (const surql_value *const *)&s) : NULL;
    surql_value_unref(s);
    if (!params)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_value *r = NULL;
    rc = surql_conn__call_once(&r, h->view, "query", params, flags,
                               surql_conn__deadline(h->view, 0));
    surql_value_unref(params);
    if (rc)
        return rc;
    const surql_value *first = surql_value_array_at(r, 0);
    const char *status = NULL;
    surql_value_get_string(surql_value_object_get(first, "status"), &status, NULL);
    const surql_value *res = surql_value_object_get(first, "result");
    if (!status || strcmp(status, "OK") != 0 || surql_value_type_of(res) != SURQL_VALUE_ARRAY) {
        const char *why = NULL;
        surql_value_get_string(res, &why, NULL);
        rc = surql_error_set(SURQL_CONN_EQUERY, DOMAIN, "%s", why ? why : "unexpected result");
        surql_value_unref(r);
        return rc;
    }
    *sets = surql_value_ref(res);
    surql_value_unref(r);
    return SURQL_OK;
}

/* SurrealDB 2.x: the SINCE value that follows change set @p set. A 2.x
 * versionstamp is 10 bytes (an 8-byte counter, then a 2-byte user version);
 * a change set shows it as one integer (counter << 16 | user), while
 * `SINCE n` takes the counter alone. 0 when @p set has none. */
static uint64_t v2_since_after(const surql_value *set)
{
    int64_t vs = -1;
    if (surql_value_get_int(surql_value_object_get(set, "versionstamp"), &vs) != SURQL_OK ||
        vs < 0)
        return 0;
    return ((uint64_t)vs >> 16) + 1;
}

#define CURSOR_PAGE 1000

int surql_conn__lq_cf_cursor(surql_conn_live *h)
{
    uint64_t since = 0;
    for (;;) {
        char txt[32];
        snprintf(txt, sizeof txt, "%llu", (unsigned long long)since);
        surql_value *sets = NULL;
        int rc = show_changes(&sets, h, txt, CURSOR_PAGE, 0);
        if (rc)
            return surql_error_set(rc, DOMAIN,
                                   "SURQL_CONN_LIVE_REPLAY_GAP on SurrealDB 2.x: reading where "
                                   "the changefeed of table %s ends failed: %s",
                                   h->table, surql_error_last()->message);
        size_t n = surql_value_length(sets);
        uint64_t next = n ? v2_since_after(surql_value_array_at(sets, n - 1)) : since;
        surql_value_unref(sets);
        if (next > since)
            since = next;
        if (n < CURSOR_PAGE || next == 0)
            break;
    }
    h->cf_since = since;
    return SURQL_OK;
}

/* a REPLAY event that only carries the text of @p t (replay failed or
 * incomplete); disposes @p t */
static void replay_note(live_ev **qh, live_ev **qt, surql_buf *t)
{
    live_ev *e = t->ptr ? surql_conn__lev_new(SURQL_CONN_LIVE_REPLAY) : NULL;
    if (e) {
        e->pub.message = e->message = surql_buf_detach(t);
        append(qh, qt, e);
    }
    surql_buf_dispose(t);
}

/* REPLAY events from the table's changefeed, carrying the new id @p id:
 * 3.x since @p from_wall - 1 s (a datetime); 2.x since the versionstamp
 * cursor of the handle (2.x maps a datetime to a versionstamp only through
 * the datastore's periodic tick, which the embedded engine never runs). */
static void replay_changes(surql_conn_live *h, const surql_value *id, int64_t from_wall,
                           unsigned flags, live_ev **qh, live_ev **qt)
{
    int v2 = h->link->dialect == SURQL_DIALECT_V2;
    surql_buf since = SURQL_BUF_INIT;
    int rc;
    if (v2) {
        pthread_mutex_lock(&h->mgr->mu);
        uint64_t c = h->cf_since;
        pthread_mutex_unlock(&h->mgr->mu);
        rc = surql_buf_printf(&since, "%llu", (unsigned long long)c);
    } else {
        int64_t ms = from_wall - 1000;
        surql_value *d = surql_value_datetime(ms / 1000, (uint32_t)(ms % 1000) * 1000000u);
        rc = d ? surql_value_to_surql(d, &since, 0) : SURQL_ENOMEM;
        surql_value_unref(d);
    }
    surql_value *sets = NULL;
    if (rc)
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    else
        rc = show_changes(&sets, h, since.ptr, REPLAY_LIMIT, flags);
    surql_buf_dispose(&since);
    if (rc) {
        const char *why = surql_error_last()->message;
        surql_log(SURQL_LOG_WARN, DOMAIN, "changefeed replay of table %s failed: %s", h->table,
                  why ? why : "");
        surql_buf t = SURQL_BUF_INIT;
        surql_buf_printf(&t, "changefeed replay failed: %s (is the table defined with "
                             "CHANGEFEED?)",
                         why ? why : "");
        replay_note(qh, qt, &t);
        return;
    }
    size_t nsets = surql_value_length(sets);
    for (size_t i = 0; i < nsets; i++) {
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
            surql_conn__lev_set(e, id, surql_value_object_get(body, "id"), ch, NULL);
            append(qh, qt, e);
        }
    }
    if (v2 && nsets) { /* the next gap replays from after what was read now */
        uint64_t next = v2_since_after(surql_value_array_at(sets, nsets - 1));
        pthread_mutex_lock(&h->mgr->mu);
        if (next > h->cf_since)
            h->cf_since = next;
        pthread_mutex_unlock(&h->mgr->mu);
    }
    if (nsets >= (size_t)REPLAY_LIMIT) {
        surql_buf t = SURQL_BUF_INIT;
        surql_buf_printf(&t, "changefeed replay of table %s stopped after %d change sets: later "
                             "changes were not read back",
                         h->table, REPLAY_LIMIT);
        replay_note(qh, qt, &t);
    }
    surql_value_unref(sets);
}

int surql_conn__lq_transient(int rc)
{
    return rc == SURQL_CONN_ECLOSED || rc == SURQL_ETIMEOUT || rc == SURQL_CONN_EPROTOCOL ||
           rc == SURQL_ENOMEM;
}

live_ev *surql_conn__lq_reissue_events(surql_conn_live *h, int r, const surql_value *id,
                                       int64_t from, int64_t to, unsigned flags)
{
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
        if (!r) {
            gap->pub.gap_from_ms = from <= to ? from : to;
            gap->pub.gap_to_ms = to;
        }
        gap->pub.message = gap->message = surql_buf_detach(&t);
        surql_conn__lev_set(gap, r ? NULL : id, NULL, NULL, NULL);
        append(&qh, &qt, gap);
    }
    surql_buf_dispose(&t);
    if (!r && (h->flags & SURQL_CONN_LIVE_REPLAY_GAP) && h->table)
        replay_changes(h, id, from, flags, &qh, &qt);
    return qh;
}

void surql_conn__lq_reissued(surql_conn__live_mgr *m, surql_conn_live *h, int r, live_ev *evs,
                             surql_value **id)
{
    for (live_ev *e = evs; e;) {
        live_ev *nx = e->next;
        surql_conn__lq_push(h, e);
        e = nx;
    }
    h->gap_from = 0;
    if (r) {
        surql_conn__lq_end(h, "re-issuing after a reconnect failed");
    } else if (!h->ended) {
        surql_value_unref(h->idv);
        h->idv = *id;
        *id = NULL;
        surql_conn__uuid_key(h->idv, h->id);
        h->has_id = 1;
        h->st.gaps++;
        surql_conn__lq_take_held(m, h);
    }
    surql_conn__lq_drain(h);
}

int surql_conn__live_reissue(surql_conn__link *l, int64_t from_wall, int64_t to_wall)
{
    surql_conn__live_mgr *m = surql_conn__live_mgr_peek(l);
    if (!m)
        return SURQL_OK;
    surql_conn_live **v = NULL;
    int64_t *from = NULL;
    size_t n = 0;
    pthread_mutex_lock(&l->mu);
    uint64_t epoch = l->epoch; /* already the new transport's */
    pthread_mutex_unlock(&l->mu);
    pthread_mutex_lock(&m->mu);
    m->snap_epoch = epoch; /* a start registering later re-issues by itself */
    m->snap_count++;
    m->snap_from = from_wall;
    for (surql_conn_live *h = m->head; h; h = h->next)
        n++;
    v = n ? calloc(n, sizeof *v) : NULL;
    from = n ? calloc(n, sizeof *from) : NULL;
    size_t k = 0;
    for (surql_conn_live *h = m->head; v && from && h; h = h->next) {
        h->has_id = 0; /* the old id died with the old connection */
        if (h->ended)
            continue;
        /* a GAP is owed since the loss, or since an earlier instant when one
         * was owed already (a start that raced an earlier reconnect, an
         * attempt that failed before this handle got its GAP) */
        if (!h->gap_from || h->gap_from > from_wall)
            h->gap_from = from_wall;
        from[k] = h->gap_from;
        v[k++] = surql_conn_live_ref(h);
    }
    pthread_mutex_unlock(&m->mu);
    if (n && (!v || !from)) {
        free(v);
        free(from);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    int rc = SURQL_OK;
    for (size_t i = 0; i < k; i++) {
        surql_conn_live *h = v[i];
        surql_value *id = NULL;
        int r = rc ? rc : surql_conn__lq_issue(&id, h, SURQL_CONN__CALL_REPLAY);
        if (surql_conn__lq_transient(r)) {
            if (!rc)
                rc = r; /* the attempt failed; the next one re-issues every handle */
            continue;
        }
        int64_t to = surql_conn__wall_ms();
        if (to < to_wall)
            to = to_wall;
        live_ev *evs = surql_conn__lq_reissue_events(h, r, id, from[i], to,
                                                     SURQL_CONN__CALL_REPLAY);
        pthread_mutex_lock(&m->mu);
        surql_conn__lq_reissued(m, h, r, evs, &id);
        pthread_mutex_unlock(&m->mu);
        surql_value_unref(id);
    }
    for (size_t i = 0; i < k; i++)
        surql_conn_live_free(v[i]);
    free(v);
    free(from);
    return rc;
}
