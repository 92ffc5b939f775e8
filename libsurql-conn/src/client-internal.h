/* The RPC client of libsurql-conn (internal).
 *
 * Two layers:
 *
 *  - surql_conn__link: one connection to one server (a WebSocket with a
 *    reader thread, or a small set of libcurl handles for HTTP /rpc). It owns
 *    the table of requests in flight, matched by id, the latched failure,
 *    the session states (namespace/database/token/variables per session,
 *    kept for HTTP headers and, later, for replay after a reconnect) and the
 *    notification hook. Refcounted; every field is guarded by `mu` unless
 *    noted.
 *
 *  - surql_conn_client (public, opaque): a refcounted *view* of a link: the
 *    root handle returned by surql_conn_client_open(), or a handle bound to a
 *    3.x session (attach) or to an interactive transaction (txn). Every RPC
 *    goes through surql_conn__call() with the view's session and txn.
 *
 * I/O structure (ready for a poll API): everything the reader thread does is
 * one step, surql_conn__link_step(): poll-free "process what is readable and
 * dispatch complete messages". The thread only adds poll() on the socket and
 * a wake pipe. A future poll API exposes fd/events/timeout and calls the
 * same step from the application's loop instead of starting the thread.
 */
#ifndef SURQL_CONN_CLIENT_INTERNAL_H
#define SURQL_CONN_CLIENT_INTERNAL_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <surql/conn/client.h>
#include <surql/conn/config.h>
#include <surql/schema/buf.h>
#include <surql/schema/value.h>

#include "http-internal.h"
#include "ws-internal.h"

#define SURQL_CONN__DOMAIN "surql-conn"

/* ---- one request in flight ----------------------------------------------
 * A blocking call's pending lives on the caller's stack and is completed by
 * signalling `cond`. An asynchronous call's pending (`done_fn` set) is heap
 * allocated and completed by calling `done_fn` on the reader thread (or on
 * the thread that closes the connection), never under the link's lock. */
typedef struct surql_conn__pending {
    int64_t id;
    struct surql_conn__pending *next; /* hash chain / failed-async list */
    sem_t *sem; /* blocking calls only: the calling thread's semaphore (see
                   call_ws), posted exactly once after done is set */
    int done;
    surql_value *msg; /* the decoded response message (owned) */
    int err_code;     /* transport failure instead of a message */
    char *err_msg;    /* malloc'd */
    /* asynchronous calls */
    surql_conn_done_fn done_fn;
    void *done_ud;
    int64_t deadline; /* absolute ms, 0 = none */
    char method[32];  /* for error messages (truncated) */
} surql_conn__pending;

#define SURQL_CONN__BUCKETS 256

/* ---- state of one server-side session ----------------------------------- */
typedef struct surql_conn__sess {
    atomic_int refs;
    surql_value *id; /* uuid of an attached 3.x session; NULL = default */
    char *ns, *db;   /* last successful `use` (NULL = unset) */
    surql_value *token; /* last token from signin/signup/authenticate/refresh */
    surql_value *vars;  /* object of `let` variables (HTTP sends them with queries) */
    int attached;       /* attach succeeded, detach not yet sent */
    int config_auth;    /* the token comes from the sign-in with the config's
                           credentials at open (a reconnect may sign in again) */
} surql_conn__sess;

/* ---- HTTP handle stack ---------------------------------------------------- */
typedef struct surql_conn__http_slot {
    struct surql_conn__http_slot *next;
    surql_conn__http *h;
    int used; /* a request went out on this handle: a later "cannot connect"
                 may come from libcurl re-sending on a fresh connection after
                 the kept-alive one died mid-request, so it no longer proves
                 that the request was not sent */
} surql_conn__http_slot;

typedef enum surql_conn__view_kind {
    SURQL_CONN__VIEW_ROOT = 0,
    SURQL_CONN__VIEW_SESSION = 1,
    SURQL_CONN__VIEW_TXN = 2
} surql_conn__view_kind;

typedef struct surql_conn__link {
    atomic_int refs;
    pthread_mutex_t mu;
    pthread_condattr_t cattr; /* CLOCK_MONOTONIC */

    surql_conn_config *cfg; /* private copy */
    char *url;              /* normalised URL */
    int websocket;
    surql_conn_protocol proto;
    int dialect;     /* SURQL_DIALECT_V2 / V3 */
    char *version;   /* "surrealdb-3.0.2" */
    unsigned flags;  /* client option flags */
    size_t max_message;
    surql_conn_auth_level auth_level;

    /* WebSocket */
    surql_conn__ws *ws;
    pthread_t reader;
    int reader_started;
    int reader_exited;  /* issue 6: reader_main returned (the supervisor may join it) */
    int reader_closing; /* issue 6: the reader thread is closing the link from a
                           callback: the supervisor must neither join it nor
                           touch the transport (link_close owns both) */
    int wake[2];      /* self-pipe: [0] read end polled by the reader */
    int wake_pending; /* a byte is in the pipe */
    int stopping;

    /* HTTP */
    surql_conn__http_slot *http_free;
    int http_total;

    /* requests in flight */
    atomic_llong next_id;
    surql_conn__pending *buckets[SURQL_CONN__BUCKETS];
    size_t npending;
    size_t nasync;                   /* asynchronous ones among them */
    int64_t async_deadline;          /* earliest deadline of those (0 = none); may be
                                        stale-early, never late */
    surql_conn__pending *async_failed; /* failed async calls whose callbacks are due */

    /* latched failure (closed) */
    int closed;
    int fail_code;
    char *fail_msg;
    char *orphan_msg; /* last id-less error from the server (protocol error) */

    /* notifications (issue 6 plugs the live-query manager here) */
    surql_conn_notify_fn on_notify;
    void *notify_ud;
    uint64_t notifications; /* count delivered */

    surql_conn__sess *default_sess;

    /* issue 6 (reconnect.c, live.c): connection state, the supervisor thread
     * (keepalive, reconnect, session replay) and the live-query manager */
    int state;      /* surql_conn_state (guarded by mu) */
    int final;      /* closed for good: no reconnect */
    uint64_t epoch; /* transports opened so far (1 after open) */
    _Atomic int64_t last_rx_ms; /* monotonic time of the last received bytes */
    struct surql_conn__super *sup;     /* NULL for HTTP */
    struct surql_conn__live_mgr *live; /* created on the first live query */
} surql_conn__link;

struct surql_conn_client {
    atomic_int refs;
    surql_conn__view_kind kind;
    surql_conn__link *link; /* reference */
    surql_conn__sess *sess; /* reference */
    surql_value *txn;       /* uuid of an interactive transaction, or NULL */
    atomic_llong timeout_ms; /* 0 = config timeout, < 0 = none */
    struct surql_conn_client *parent; /* reference (session/txn views) */
    uint64_t epoch; /* link epoch at creation: a txn view dies on reconnect */
};

/* ---- link ------------------------------------------------------------------ */
void surql_conn__link_unref(surql_conn__link *l);
/* A session view (new session state with @p session_id) or a transaction
 * view (the parent's session, @p txn) of @p parent, holding a reference to
 * it. NULL on ENOMEM (error not set). */
surql_conn_client *surql_conn__view_new(surql_conn_client *parent, surql_conn__view_kind kind,
                                        const surql_value *session_id, const surql_value *txn);
surql_conn__sess *surql_conn__sess_new(const surql_value *id);
void surql_conn__sess_unref(surql_conn__sess *s);

/* Open the transport of @p l (l->cfg set) and start the reader thread. */
int surql_conn__link_connect(surql_conn__link *l, int64_t deadline_ms);
/* Close: fail pending calls with ECLOSED, stop the reader, close the socket.
 * Idempotent. */
void surql_conn__link_close(surql_conn__link *l, const char *why);
/* Decode, classify and route one complete message received on @p l's
 * WebSocket (response -> its pending call, notification -> the hook), as
 * the reader thread does. Used by the frame/response fuzzer. */
void surql_conn__link_dispatch(surql_conn__link *l, surql_conn__ws_msg *raw);
/* A link as surql_conn_client_open() makes it (one reference, no transport,
 * nothing connected), NULL on ENOMEM. Used by the frame/response fuzzer,
 * which installs a memory transport (surql_conn__ws_open_memory). */
surql_conn__link *surql_conn__link_new(const surql_conn_config *cfg,
                                       const surql_conn_client_options *o);

/* ---- calls ----------------------------------------------------------------- */
/* Call flags (internal; the low bits are the public SURQL_CONN_CALL_*). */
#define SURQL_CONN__CALL_NO_SESSION 0x100u /* never send the view's session */
#define SURQL_CONN__CALL_NO_TXN 0x200u     /* never send the view's txn */
#define SURQL_CONN__CALL_REPLAY 0x400u     /* the reconnect's own calls: pass the
                                              gate while the link is reconnecting */

/* Absolute deadline for a call on @p c with @p timeout_ms (0 = the view's). */
int64_t surql_conn__deadline(const surql_conn_client *c, int64_t timeout_ms);

/* Send @p method with @p params (NULL = []) and wait for its response until
 * @p deadline (<= 0: none). On success *@p out (may be NULL) owns `result`.
 * Server errors are normalised into surql_error_last() (see rpc-error.c).
 * Retries per the config when the call may be repeated. */
int surql_conn__call(surql_value **out, surql_conn_client *c, const char *method,
                     const surql_value *params, unsigned flags, int64_t deadline);

/* One attempt, no retry. */
int surql_conn__call_once(surql_value **out, surql_conn_client *c, const char *method,
                          const surql_value *params, unsigned flags, int64_t deadline);

/* ---- state, reconnect, keepalive (reconnect.c) ------------------------ */
/* Hooks called by rpc.c. */
/* The transport failed (under mu, from latch()): RECONNECTING and wake the
 * supervisor when the link may reconnect, else CLOSED. */
void surql_conn__on_lost(surql_conn__link *l);
/* Before a call is sent (under mu): fails a transaction view whose
 * transaction died in a reconnect, and waits (until @p deadline) while the
 * link is reconnecting unless @p flags has CALL_REPLAY. SURQL_OK or an error
 * recorded. */
int surql_conn__gate(surql_conn__link *l, const surql_conn_client *c, unsigned flags,
                     int64_t deadline);
/* 1 when a failed call may be retried after a reconnect (under no lock). */
int surql_conn__may_reconnect(surql_conn__link *l);
/* Stop and join the supervisor (link_close, before the reader is joined). */
void surql_conn__super_stop(surql_conn__link *l);
/* Start the supervisor after a successful open (WebSocket only). */
int surql_conn__super_start(surql_conn__link *l);
/* Free the supervisor and the live manager (link_unref). */
void surql_conn__super_free(surql_conn__link *l);
/* Record a state change and deliver it to the state callback (no lock held). */
void surql_conn__state_set(surql_conn__link *l, int state, const char *why);
/* Sessions attached on the link (replayed after a reconnect). */
int surql_conn__sess_register(surql_conn__link *l, surql_conn__sess *s);
void surql_conn__sess_unregister(surql_conn__link *l, surql_conn__sess *s);
/* Fail the current transport (keepalive timeout): like a lost socket. */
void surql_conn__link_fail(surql_conn__link *l, int code, const char *why);
/* reconnect.c: re-authenticate session @p x after a call failed because its
 * session/token expired (3.x refresh token, else the config's credentials
 * when x was signed in with them); SURQL_OK or the error (recorded). */
int surql_conn__reauth(surql_conn__link *l, surql_conn__sess *x, int64_t deadline);
/* Restore one session after a reconnect: attach, use, let, auth. A transport
 * error stops it (returned); auth problems are logged and reported in *warn. */
int surql_conn__sess_replay(surql_conn__link *l, surql_conn__sess *x, int64_t dl, surql_buf *warn);
/* reconnect.c: the flag a close sets to abort a connect in progress (NULL
 * without a supervisor). */
const atomic_int *surql_conn__connect_cancel(surql_conn__link *l);
/* reconnect.c: the reader thread is about to return (wakes the supervisor). */
void surql_conn__reader_exit(surql_conn__link *l);
/* A notification (reader thread, no lock): route it to its live handle.
 * Returns 1 when a live handle (or the hold buffer) took it. */
struct surql_conn__rpc_msg;
int surql_conn__live_dispatch(surql_conn__link *l, const struct surql_conn__rpc_msg *m);

/* ---- errors (rpc-error.c) ------------------------------------------------ */
/* Record the server error carried by a classified message; returns the
 * mapped status (EAUTH / EQUERY / ESERVER / EPROTOCOL). */
struct surql_conn__rpc_msg;
int surql_conn__server_error(const struct surql_conn__rpc_msg *m, int dialect,
                             const char *method);
/* Map a query-layer SURQL_QUERY_ESTATEMENT in the error slot to
 * SURQL_CONN_EQUERY (keeping message, kind, code and details); other codes
 * are returned unchanged. */
int surql_conn__restatus_query(int rc);
/* Kind of a 2.x statement error (which has none), derived from its message. */
const char *surql_conn__statement_kind(const char *msg);

/* ---- codec helpers (rpc-codec.c) ---------------------------------------- */
/* Encode a request in the link's wire format. */
int surql_conn__encode_request(surql_buf *out, surql_conn_protocol proto, int64_t id,
                               const char *method, const surql_value *params,
                               const surql_value *session, const surql_value *txn, int dialect);
/* Decode one incoming message in the link's wire format. */
int surql_conn__decode_message(surql_value **out, surql_conn_protocol proto, const void *data,
                               size_t len, size_t max_size);
/* Classify; in JSON mode a notification's uuid is a string. */
int surql_conn__classify(const surql_value *msg, surql_conn_protocol proto,
                         struct surql_conn__rpc_msg *m);

/* ---- retry (retry.c) ----------------------------------------------------- */
/* 1 when @p rc may be retried for a call that was not (or may not have
 * been) sent; @p idempotent tells whether the call is safe to repeat. */
int surql_conn__retryable(int rc, int sent, int idempotent);
/* Delay before attempt @p attempt (1 = the first retry) under @p cfg. */
int64_t surql_conn__backoff_ms(const surql_conn_config *cfg, int attempt);
/* Sleep @p ms (not past @p deadline); 0, or ETIMEOUT when the deadline is
 * too close. */
int surql_conn__sleep_until(int64_t ms, int64_t deadline);

/* ---- state hooks used by methods/auth ------------------------------------ */
int surql_conn__set_sess_use(surql_conn_client *c, const char *ns, const char *db);
int surql_conn__set_sess_token(surql_conn_client *c, const surql_value *token);
int surql_conn__set_sess_var(surql_conn_client *c, const char *name, const surql_value *v);
void surql_conn__reset_sess(surql_conn_client *c, int all);

/* A copy of the calling thread's error slot, to keep a failure visible
 * across cleanup code that may record errors of its own. */
typedef struct surql_conn__saved_error {
    int code;
    long server_code;
    char *message, *kind, *detail_json;
} surql_conn__saved_error;
void surql_conn__error_save(surql_conn__saved_error *s);
/* Restore (when @p s holds an error) and free; returns the saved code. */
int surql_conn__error_restore(surql_conn__saved_error *s);

/* Helpers */
int surql_conn__is_v3(const surql_conn_client *c);
/* EUNSUPPORTED unless the server is 3.x (and, when @p ws_only, a WebSocket). */
int surql_conn__need_v3(const surql_conn_client *c, const char *what, int ws_only);
/* A new array holding refs of @p n values (NULL entries become NONE). */
surql_value *surql_conn__params(size_t n, const surql_value *const *v);
/* Strings are table names for the CRUD methods: copy a string as a table
 * value (so it binds correctly inside `query`), ref anything else. */
surql_value *surql_conn__what(const surql_value *what);

/* Count the top-level statements of SurrealQL @p text (';' outside strings,
 * comments and brackets; empty statements are not counted). */
size_t surql_conn__count_statements(const char *text);

#endif
