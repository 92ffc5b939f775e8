/**
 * @file surql/conn/live.h
 * @brief Live queries: callbacks or a pull queue, kill, and survival across
 *        reconnects (see docs/live-queries.md).
 *
 * A live query is started on a client handle (the root, or a 3.x session
 * handle) over a WebSocket, either from a table (`live` RPC, optionally in
 * diff mode) or from a `LIVE SELECT ...` statement (text plus bound
 * variables, or a surql_query_stmt). It returns a surql_conn_live handle that
 * receives events:
 *
 *  - CREATE / UPDATE / DELETE: a notification from the server, with the
 *    record id and the record (DELETE: as it was before deletion) or, in
 *    diff mode, a JSON-Patch array;
 *  - KILLED (3.x): the server ended the live query (a KILL statement, the
 *    table was removed); the handle ends;
 *  - GAP: the connection was lost and re-established; the live query was
 *    re-issued under a new server id (surql_conn_live_id() changes, the
 *    handle stays) and changes made between `gap_from_ms` and `gap_to_ms`
 *    (wall clock, Unix ms) may have been missed;
 *  - REPLAY: with SURQL_CONN_LIVE_REPLAY_GAP, after a GAP, one change read
 *    back from the table's changefeed (`SHOW CHANGES ... SINCE`); at least
 *    once: a replayed change may repeat one delivered live (on 2.x the
 *    replay starts where the changefeed ended at the start or at the
 *    previous replay, see docs/live-queries.md);
 *  - OVERFLOW: the handle's bounded queue was full; `dropped` events (the
 *    oldest) were discarded before this one;
 *  - ERROR: the live query could not be re-issued after a reconnect (for
 *    example the permissions changed); `message` says why; the handle ends.
 *
 * **Delivery.** Events of one handle are delivered in order and never
 * concurrently. With a callback (options.on_event) the callback runs on the
 * client's reader thread for notifications and on its supervisor thread for
 * GAP/REPLAY/ERROR events (those of a live query whose start raced a
 * reconnect: on the thread calling the start function, before it returns);
 * it must return quickly and must not make
 * blocking calls on the same connection. Without a callback the events wait
 * in a bounded queue (options.queue_capacity, default 4096) for
 * surql_conn_live_next(). The reader thread never blocks on a consumer: when
 * the queue is full the oldest event is dropped and an OVERFLOW event
 * carrying the count is delivered before the next event.
 *
 * **Threads.** Handles are refcounted and internally locked; every function
 * may be called from any thread. Only one thread should pull events from a
 * handle at a time (concurrent surql_conn_live_next() calls each get
 * distinct events).
 */
#ifndef SURQL_CONN_LIVE_H
#define SURQL_CONN_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema/value.h>
#include <surql/query/stmt.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque, refcounted live-query handle. */
typedef struct surql_conn_live surql_conn_live;

/** What an event reports. */
typedef enum surql_conn_live_action {
    SURQL_CONN_LIVE_CREATE = 1,
    SURQL_CONN_LIVE_UPDATE = 2,
    SURQL_CONN_LIVE_DELETE = 3,
    SURQL_CONN_LIVE_KILLED = 4,   /**< 3.x: the server ended the live query */
    SURQL_CONN_LIVE_GAP = 5,      /**< reconnected: changes in [gap_from_ms, gap_to_ms] may be missed */
    SURQL_CONN_LIVE_REPLAY = 6,   /**< one change read back from the changefeed after a GAP */
    SURQL_CONN_LIVE_OVERFLOW = 7, /**< the queue was full: `dropped` oldest events discarded */
    SURQL_CONN_LIVE_ERROR = 8     /**< re-issuing after a reconnect failed; the handle ended */
} surql_conn_live_action;

/** One event. All values are borrowed from the event (valid until it is freed
 *  or, in callback mode, until the callback returns); absent ones are NULL. */
typedef struct surql_conn_live_event {
    surql_conn_live_action action;
    const surql_value *query_id; /**< server id (uuid) of the live query it came from */
    const surql_value *record;   /**< record id (CREATE/UPDATE/DELETE/REPLAY) */
    const surql_value *result;   /**< record, JSON-Patch array (diff mode), or the
                                      changefeed entry (REPLAY) */
    const surql_value *session;  /**< 3.x session id the live query belongs to */
    int64_t gap_from_ms;         /**< GAP: connection lost at (Unix ms) */
    int64_t gap_to_ms;           /**< GAP: live query re-issued at (Unix ms) */
    uint64_t dropped;            /**< OVERFLOW: events discarded */
    const char *message;         /**< GAP/ERROR/OVERFLOW: human-readable text */
} surql_conn_live_event;

/** Event callback: @p ev is borrowed for the duration of the call. */
typedef void (*surql_conn_live_fn)(void *userdata, surql_conn_live *lq,
                                   const surql_conn_live_event *ev);

/** Flags of surql_conn_live_options. */
#define SURQL_CONN_LIVE_DIFF 0x1u       /**< table form: JSON-Patch diffs instead of records */
#define SURQL_CONN_LIVE_REPLAY_GAP 0x2u /**< after a GAP, read the changes made since the
                                             loss from the table's changefeed (the table
                                             must be defined with CHANGEFEED) */

/** Options of a live query. Initialise with SURQL_CONN_LIVE_OPTIONS_INIT. */
typedef struct surql_conn_live_options {
    unsigned version;             /**< 1 */
    unsigned flags;               /**< SURQL_CONN_LIVE_* */
    surql_conn_live_fn on_event;  /**< callback mode, or NULL for the pull queue */
    void *userdata;
    size_t queue_capacity;        /**< pull mode: events kept (0 = 4096; 1..1048576) */
    const char *replay_table;     /**< REPLAY_GAP for a LIVE SELECT: the table whose
                                       changefeed to read (the table form uses its table) */
} surql_conn_live_options;

#define SURQL_CONN_LIVE_OPTIONS_INIT { 1u, 0u, NULL, NULL, 0, NULL }

/**
 * Start a live query on every record of @p table (`live` RPC) through @p c
 * (root or session handle; not a transaction handle).
 * @return SURQL_OK; SURQL_EINVAL (NULL, bad table name or options);
 *         SURQL_EUNSUPPORTED (HTTP connection: live queries need ws/wss);
 *         SURQL_ESTATE (transaction handle); server and transport errors as
 *         for any call. *out is owned: free with surql_conn_live_free().
 */
SURQL_CONN_API int surql_conn_live_start(surql_conn_live **out, surql_conn_client *c,
                                         const char *table, const surql_conn_live_options *opts);

/**
 * Start a live query from one `LIVE SELECT ...` statement @p sql with bound
 * @p vars (an object or NULL). The text must hold exactly one statement and
 * begin with LIVE. Same returns as surql_conn_live_start().
 */
SURQL_CONN_API int surql_conn_live_query(surql_conn_live **out, surql_conn_client *c,
                                         const char *sql, const surql_value *vars,
                                         const surql_conn_live_options *opts);

/** The same from a built statement (its text and variables). */
SURQL_CONN_API int surql_conn_live_stmt(surql_conn_live **out, surql_conn_client *c,
                                        const surql_query_stmt *stmt,
                                        const surql_conn_live_options *opts);

/**
 * Pull mode: wait up to @p timeout_ms (0 = do not wait, < 0 = no limit) for
 * the next event. *out is owned: free with surql_conn_live_event_free().
 * @return SURQL_OK; SURQL_ETIMEOUT (nothing yet); SURQL_ESTATE when the
 *         handle has ended (killed, KILLED, ERROR, or the client closed)
 *         and every queued event was taken; SURQL_EINVAL in callback mode.
 */
SURQL_CONN_API int surql_conn_live_next(surql_conn_live *lq, surql_conn_live_event **out,
                                        int64_t timeout_ms);

/** Free an event returned by surql_conn_live_next(). NULL ok. */
SURQL_CONN_API void surql_conn_live_event_free(surql_conn_live_event *ev);

/**
 * Kill the live query on the server and end the handle: queued events can
 * still be taken, then surql_conn_live_next() returns SURQL_ESTATE.
 * Idempotent (a second call, or a call on an ended handle, returns SURQL_OK).
 */
SURQL_CONN_API int surql_conn_live_kill(surql_conn_live *lq);

/** Add a reference (NULL gives NULL). */
SURQL_CONN_API surql_conn_live *surql_conn_live_ref(surql_conn_live *lq);

/**
 * Release a reference; the last one kills the live query on the server
 * (best effort; from a callback the kill is sent by the supervisor thread)
 * and frees the queue. NULL ok.
 */
SURQL_CONN_API void surql_conn_live_free(surql_conn_live *lq);

/** The current server id (uuid) of the live query: a new reference (it
 *  changes after a reconnect), or NULL once the handle has ended. */
SURQL_CONN_API surql_value *surql_conn_live_id(const surql_conn_live *lq);

/** 1 while the live query is running (not killed/ended), else 0. */
SURQL_CONN_API int surql_conn_live_is_active(const surql_conn_live *lq);

/** Counters of a live handle (one snapshot). */
typedef struct surql_conn_live_stats {
    uint64_t received;  /**< notifications received from the server */
    uint64_t delivered; /**< events delivered (callback) or taken (pull) */
    uint64_t dropped;   /**< events discarded by the overflow policy */
    uint64_t gaps;      /**< reconnects survived (GAP events) */
    size_t queued;      /**< events waiting in the queue */
} surql_conn_live_stats;

SURQL_CONN_API int surql_conn_live_get_stats(const surql_conn_live *lq,
                                             surql_conn_live_stats *out);

/* ---- the streaming manager of a connection ------------------------------ */

/**
 * The live queries running on @p c's connection (all sessions): *out is a
 * malloc'd array of @p *n new references (free each with
 * surql_conn_live_free(), then free() the array); NULL when there are none.
 */
SURQL_CONN_API int surql_conn_live_list(surql_conn_live ***out, size_t *n,
                                        surql_conn_client *c);

/** Kill every live query of @p c's connection (each as surql_conn_live_kill()).
 *  Returns the first error, after trying all. */
SURQL_CONN_API int surql_conn_live_kill_all(surql_conn_client *c);

/** Name of an action: "CREATE", ..., "ERROR"; "?" for an unknown value. */
SURQL_CONN_API const char *surql_conn_live_action_name(surql_conn_live_action a);

#ifdef __cplusplus
}
#endif

#endif
