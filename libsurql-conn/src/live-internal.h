/* Live-query manager and supervisor internals shared by live.c and
 * reconnect.c (the hooks rpc.c calls are declared in client-internal.h). */
#ifndef SURQL_CONN_LIVE_INTERNAL_H
#define SURQL_CONN_LIVE_INTERNAL_H

#include <stdint.h>

#include "client-internal.h"

/* Wall clock in Unix milliseconds (GAP instants). */
int64_t surql_conn__wall_ms(void);

/* reconnect.c */
int surql_conn__super_init(surql_conn__link *l); /* 0 or -1 (ENOMEM, not recorded) */
void surql_conn__super_kick(surql_conn__link *l); /* run deferred work (kills) */
int surql_conn__on_super_thread(surql_conn__link *l);
uint64_t surql_conn__reconnects(surql_conn__link *l);
/* One call on session @p x of @p l with CALL_REPLAY (params consumed). */
int surql_conn__sess_call(surql_value **out, surql_conn__link *l, surql_conn__sess *x,
                          const char *method, surql_value *params, int64_t deadline);

/* live.c */
/* Supervisor, during a reconnect (state RECONNECTING, new transport up):
 * re-issue every running live query with CALL_REPLAY, queue a GAP event
 * [from_wall, to_wall] (and changefeed REPLAY events when asked) before
 * any notification of the new id. A transport failure is returned (the
 * attempt fails); a refusal ends that handle with an ERROR event. */
int surql_conn__live_reissue(surql_conn__link *l, int64_t from_wall, int64_t to_wall);
/* Supervisor, after the state went back to CONNECTED. */
void surql_conn__live_after_reconnect(surql_conn__link *l);
/* The link closed for good: end every handle (pullers wake up). */
void surql_conn__live_end_all(surql_conn__link *l, const char *why);
/* Kill live queries whose handles were freed on the reader thread. */
void surql_conn__live_run_deferred(surql_conn__link *l);
/* link_unref */
void surql_conn__live_mgr_free(surql_conn__link *l);

/* ---- live handles (live-queue.c, live.c, live-reissue.c) ---------------- */
#include <pthread.h>
#include <surql/conn/live.h>

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

typedef struct deferred { /* a kill for the supervisor: holds the session,
                             not a client handle, so it never keeps the
                             connection open */
    struct deferred *next;
    surql_conn__sess *sess;
    surql_value *id;
} deferred;

typedef struct surql_conn__live_mgr {
    pthread_mutex_t mu;
    pthread_condattr_t cattr;
    struct surql_conn_live *head;
    held *hhead, *htail;
    size_t nheld;
    deferred *dhead;
    uint64_t snap_epoch; /* link epoch of the last re-issue snapshot (live_reissue):
                            a handle registered after it was not re-issued */
    uint64_t snap_count; /* re-issue snapshots so far */
    int64_t snap_from;   /* the loss instant (wall ms) of the last snapshot */
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
    int64_t gap_from; /* a GAP is owed: changes since this instant (wall ms) may
                         have been missed; 0 = none. Set by a re-issue
                         snapshot or by a start that raced a reconnect,
                         cleared when the GAP (or an ERROR) is queued. */
    uint64_t cf_since; /* 2.x REPLAY_GAP: the `SHOW CHANGES ... SINCE` value
                          of the next replay (a versionstamp counter) */
    pthread_cond_t cond;
    surql_conn_live_stats st;
};


/* events (live-queue.c) */
live_ev *surql_conn__lev_new(surql_conn_live_action a);
void surql_conn__lev_set(live_ev *e, const surql_value *qid, const surql_value *rec,
                         const surql_value *res, const surql_value *sess);
void surql_conn__lev_free(live_ev *e);
/* 16 uuid bytes of a uuid value or uuid text; 0 or -1 */
int surql_conn__uuid_key(const surql_value *v, uint8_t out[16]);
/* queue of a handle (under mgr->mu): push with the overflow policy, pop
 * (an OVERFLOW event first when events were dropped) */
void surql_conn__lq_push(surql_conn_live *h, live_ev *e);
live_ev *surql_conn__lq_pop(surql_conn_live *h);
/* callback mode: deliver the queue (called and returns with mgr->mu held);
 * may free h when a callback drops the last reference */
void surql_conn__lq_drain(surql_conn_live *h);
/* move held notifications for h's id into its queue (under mgr->mu) */
void surql_conn__lq_take_held(surql_conn__live_mgr *m, surql_conn_live *h);
void surql_conn__lq_unlist(surql_conn__live_mgr *m, surql_conn_live *h);
/* end a handle (under mgr->mu): no id, pullers wake up */
void surql_conn__lq_end(surql_conn_live *h, const char *why);
/* the link's manager: created on demand (NULL on ENOMEM) / as it is */
surql_conn__live_mgr *surql_conn__live_mgr_get(surql_conn__link *l);
surql_conn__live_mgr *surql_conn__live_mgr_peek(surql_conn__link *l);
/* live.c: send the live query of h (its RPC or LIVE SELECT); *id = new uuid */
int surql_conn__lq_issue(surql_value **id, surql_conn_live *h, unsigned flags);
int surql_conn__lq_send_kill(surql_conn_client *view, const surql_value *id);
/* live-reissue.c: 1 when a failed (re-)issue is a transport failure (the
 * next reconnect re-issues the handle), 0 for a refusal by the server */
int surql_conn__lq_transient(int rc);
/* live-reissue.c: the events a re-issue queues for @p h (a list linked by
 * `next`, NULL on ENOMEM): when @p r is SURQL_OK, a GAP [from, to] carrying
 * the new id @p id, then with SURQL_CONN_LIVE_REPLAY_GAP the changes read
 * back from the changefeed (one blocking `query` with call @p flags: no
 * lock may be held); else an ERROR with the recorded error's message. */
live_ev *surql_conn__lq_reissue_events(surql_conn_live *h, int r, const surql_value *id,
                                       int64_t from, int64_t to, unsigned flags);
/* live-reissue.c, SurrealDB 2.x with SURQL_CONN_LIVE_REPLAY_GAP, before the
 * live query is sent (h not yet visible): find where the table's changefeed
 * ends (h->cf_since), the start of the next replay. SURQL_OK or the error. */
int surql_conn__lq_cf_cursor(surql_conn_live *h);
/* live-reissue.c, under mgr->mu: queue @p evs (consumed) on @p h; when @p r is
 * SURQL_OK install the new id @p *id (taken: *id becomes NULL) and count the
 * gap, else end the handle; then deliver (callback mode). */
void surql_conn__lq_reissued(surql_conn__live_mgr *m, surql_conn_live *h, int r, live_ev *evs,
                             surql_value **id);

/* Tests only (the internal static library; not exported): called by a live
 * start between sending the live query and registering its handle, to
 * force a reconnect into that window. NULL otherwise. */
extern void (*surql_conn__live_start_hook)(void *ud);
extern void *surql_conn__live_start_hook_ud;

#endif
