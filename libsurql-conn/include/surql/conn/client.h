/**
 * @file surql/conn/client.h
 * @brief The RPC client: one connection to SurrealDB, many requests in flight.
 *
 * A surql_conn_client is opened from a surql_conn_config. `ws://` / `wss://`
 * URLs use a WebSocket (one socket, requests matched by id, a reader thread
 * delivering responses and live notifications); `http://` / `https://` URLs
 * use HTTP `POST /rpc` (one request per HTTP exchange, libcurl handles kept
 * alive and reused, one per concurrent caller). The wire format is CBOR by
 * default; JSON is selectable (surql_conn_config_set_protocol()) and lossy,
 * see docs/connection.md "JSON mode".
 *
 * Opening: connect (with retries, see docs/connection.md "Retry"), probe the
 * server version (`version` RPC; `surrealdb-X.Y.Z` sets the dialect), sign in
 * with the config's username/password when both are set (root level unless
 * the options choose another level), then `use` the config's namespace and
 * database.
 *
 * **Handles.** A surql_conn_client pointer is a refcounted handle. The one
 * returned by surql_conn_client_open() is the *root*: when its last
 * reference goes, the connection is closed. Session handles
 * (surql_conn_session_attach(), surql/conn/txn.h) and the handle of an
 * interactive transaction share the root's connection and hold a reference
 * to the root, so the connection stays open until every handle is freed
 * (or surql_conn_client_close() closes it for all of them).
 *
 * **Threads.** Internally locked: every function may be called on any handle
 * from any number of threads at once, and calls from several threads
 * proceed concurrently on one connection (each waits only for its own
 * response). The notification callback runs on the client's reader thread
 * and must not make blocking calls on the same connection (it would wait for
 * itself); copy or ref what it needs and return.
 *
 * **Errors.** Functions return SURQL_OK or a negative status with details in
 * surql_error_last(). Errors reported by the server keep the server's
 * message verbatim, its error code in `server_code`, its kind in
 * `server_kind` (3.x kinds; for 2.x derived from the code) and its details
 * as JSON in `detail_json`. The status is chosen as in this table (see
 * docs/connection.md "Error mapping"):
 *  - SURQL_CONN_EAUTH: authentication/permission failures (3.x kind
 *    NotAllowed with Auth details or code -32002; 2.x "problem with
 *    authentication", "session has expired", "IAM error", ...);
 *  - SURQL_CONN_EQUERY: the query failed (parse errors, THROW, timeouts,
 *    transaction conflicts, a statement with status ERR in the checked
 *    helpers);
 *  - SURQL_CONN_ESERVER: every other server error (invalid params, method
 *    not found, internal, serialization, ...);
 *  - SURQL_CONN_EPROTOCOL: a malformed message, or an error without an id
 *    (the server could not decode one of our requests);
 *  - SURQL_CONN_ECONNECT / ETLS / EHTTP / ECLOSED / SURQL_ETIMEOUT:
 *    transport failures and deadlines.
 */
#ifndef SURQL_CONN_CLIENT_H
#define SURQL_CONN_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema/value.h>
#include <surql/conn/export.h>
#include <surql/conn/config.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque, refcounted client handle. Internally locked (see the file comment). */
typedef struct surql_conn_client surql_conn_client;

/**
 * Live-query notification hook: @p notification is the message's `result`
 * object `{id, action, record, result[, session]}` (borrowed for the
 * duration of the call; surql_value_ref() it to keep it). Runs on the
 * reader thread; must not block on the same connection.
 */
typedef void (*surql_conn_notify_fn)(void *userdata, const surql_value *notification);

/** Level of the sign-in done at open with the config's username/password. */
typedef enum surql_conn_auth_level {
    SURQL_CONN_AUTH_ROOT = 0,      /**< `{user, pass}` */
    SURQL_CONN_AUTH_NAMESPACE = 1, /**< `{ns, user, pass}` with the config's namespace */
    SURQL_CONN_AUTH_DATABASE = 2   /**< `{ns, db, user, pass}` with the config's ns/db */
} surql_conn_auth_level;

/** Option flags of surql_conn_client_options. */
#define SURQL_CONN_CLIENT_NO_SIGNIN 0x1u    /**< do not sign in at open */
#define SURQL_CONN_CLIENT_NO_USE 0x2u       /**< do not `use` the config's ns/db at open */
#define SURQL_CONN_CLIENT_NO_RETRY 0x4u     /**< one attempt only (open and calls) */
#define SURQL_CONN_CLIENT_JSON_FALLBACK 0x8u /**< accept a server that ignores the cbor
                                                  subprotocol and falls back to JSON */
#define SURQL_CONN_CLIENT_NO_RECONNECT 0x10u /**< a lost WebSocket stays closed (overrides
                                                  the config's reconnect setting) */

/** Current version of surql_conn_client_options. */
#define SURQL_CONN_CLIENT_OPTIONS_VERSION 1u

/** Options of surql_conn_client_open(). Initialise with SURQL_CONN_CLIENT_OPTIONS_INIT. */
typedef struct surql_conn_client_options {
    unsigned version;                 /**< SURQL_CONN_CLIENT_OPTIONS_VERSION */
    unsigned flags;                   /**< SURQL_CONN_CLIENT_* */
    surql_conn_auth_level auth_level; /**< level of the sign-in at open */
    surql_conn_notify_fn on_notify;   /**< notification hook, or NULL (dropped) */
    void *notify_userdata;
    size_t max_message;               /**< largest message accepted; 0 = 128 MiB */
} surql_conn_client_options;

#define SURQL_CONN_CLIENT_OPTIONS_INIT \
    { SURQL_CONN_CLIENT_OPTIONS_VERSION, 0u, SURQL_CONN_AUTH_ROOT, NULL, NULL, 0 }

/**
 * Open a client for @p cfg (copied; may be freed afterwards) with @p opts
 * (NULL = defaults). Requires surql_conn_global_init(). Blocks until the
 * connection is ready or the config's timeout passes (per attempt; attempts
 * and backoff from the config's retry settings; only transient failures are
 * retried: cannot connect, timeouts, 5xx, connection lost).
 * @return SURQL_OK; SURQL_ESTATE (no global init); SURQL_CONN_EURL;
 *         SURQL_CONN_ECONNECT / ETLS / EHTTP / EPROTOCOL / ECLOSED /
 *         SURQL_ETIMEOUT; SURQL_CONN_EAUTH (sign-in refused);
 *         SURQL_CONN_ESERVER / SURQL_EUNSUPPORTED (not a 2.x/3.x server);
 *         SURQL_ENOMEM. *out is owned (free with surql_conn_client_free()),
 *         NULL on failure.
 */
SURQL_CONN_API int surql_conn_client_open(surql_conn_client **out, const surql_conn_config *cfg,
                                          const surql_conn_client_options *opts);

/**
 * Add a reference to @p c (NULL gives NULL). Release it with
 * surql_conn_client_free(). Thread-safe.
 */
SURQL_CONN_API surql_conn_client *surql_conn_client_ref(surql_conn_client *c);

/**
 * Release a reference. When the last reference of the root handle goes the
 * connection is closed (pending calls fail with SURQL_CONN_ECLOSED); for a
 * session handle the session is detached (best effort); for a transaction
 * handle see surql/conn/txn.h. NULL ok. Thread-safe, but a handle must not
 * be used after its last reference is released.
 */
SURQL_CONN_API void surql_conn_client_free(surql_conn_client *c);

/**
 * Close the connection now, from any thread: calls in flight (on every
 * handle of the connection) fail with SURQL_CONN_ECLOSED and later calls
 * fail at once. The handles must still be freed. Idempotent.
 */
SURQL_CONN_API void surql_conn_client_close(surql_conn_client *c);

/** 1 while the connection is usable, 0 after a failure or close. Thread-safe. */
SURQL_CONN_API int surql_conn_client_is_open(const surql_conn_client *c);

/** Dialect of the server (SURQL_DIALECT_V2 or SURQL_DIALECT_V3), set at open. */
SURQL_CONN_API int surql_conn_client_dialect(const surql_conn_client *c);

/** Server version as reported at open ("surrealdb-3.0.2"). Borrowed: valid
 *  until the root handle is freed. Never NULL ("" for NULL). */
SURQL_CONN_API const char *surql_conn_client_server_version(const surql_conn_client *c);

/** Wire format in use (after a JSON fallback, JSON). */
SURQL_CONN_API surql_conn_protocol surql_conn_client_protocol(const surql_conn_client *c);

/** 1 for a WebSocket connection, 0 for HTTP. */
SURQL_CONN_API int surql_conn_client_is_websocket(const surql_conn_client *c);

/**
 * Default deadline of calls made through this handle: @p ms > 0, 0 = the
 * config's timeout (the default), < 0 = no deadline. Thread-safe.
 */
SURQL_CONN_API int surql_conn_client_set_timeout_ms(surql_conn_client *c, int64_t ms);

/** Effective per-call timeout of this handle in ms (< 0 = none). */
SURQL_CONN_API int64_t surql_conn_client_get_timeout_ms(const surql_conn_client *c);

/**
 * Replace the notification hook of the connection (NULL removes it). Calls
 * in progress on the reader thread finish with the old hook. Thread-safe.
 */
SURQL_CONN_API int surql_conn_client_set_notify(surql_conn_client *c, surql_conn_notify_fn fn,
                                                void *userdata);

/** State of a connection (see docs/live-queries.md "Reconnection"). */
typedef enum surql_conn_state {
    SURQL_CONN_STATE_CONNECTING = 0,   /**< opening */
    SURQL_CONN_STATE_CONNECTED = 1,    /**< usable */
    SURQL_CONN_STATE_RECONNECTING = 2, /**< the WebSocket was lost; re-opening and
                                            restoring sessions and live queries */
    SURQL_CONN_STATE_CLOSED = 3        /**< closed for good (by the client, or the
                                            connection failed and may not reconnect) */
} surql_conn_state;

/**
 * State callback: @p state is the new state, @p reason a short text (why the
 * connection was lost, which attempt reconnected, ...), borrowed. Calls are
 * in order and never concurrent; they run on the thread that caused the
 * change (the supervisor thread for losses and reconnects, the closing
 * thread for a close). The callback may call client functions but must not
 * wait for a reconnect to finish.
 */
typedef void (*surql_conn_state_fn)(void *userdata, surql_conn_state state, const char *reason);

/** Set (or, with NULL, remove) the state callback of @p c's connection. Thread-safe. */
SURQL_CONN_API int surql_conn_client_set_state_callback(surql_conn_client *c,
                                                        surql_conn_state_fn fn, void *userdata);

/** Current state of @p c's connection (CLOSED for NULL). Thread-safe. */
SURQL_CONN_API surql_conn_state surql_conn_client_state(const surql_conn_client *c);

/** "connecting", "connected", "reconnecting", "closed" ("?" otherwise). */
SURQL_CONN_API const char *surql_conn_state_name(surql_conn_state s);

/** Flags of surql_conn_call_options. */
#define SURQL_CONN_CALL_IDEMPOTENT 0x1u /**< the call is safe to repeat: retry it on
                                             transient failures even when it may
                                             have reached the server */
#define SURQL_CONN_CALL_NO_RETRY 0x2u   /**< one attempt only */

/** Options of one call. Initialise with SURQL_CONN_CALL_OPTIONS_INIT. */
typedef struct surql_conn_call_options {
    unsigned version;   /**< 1 */
    unsigned flags;     /**< SURQL_CONN_CALL_* */
    int64_t timeout_ms; /**< deadline of this call; 0 = the handle's, < 0 = none */
} surql_conn_call_options;

#define SURQL_CONN_CALL_OPTIONS_INIT { 1u, 0u, 0 }

/**
 * Generic RPC: send @p method with @p params (an array, or NULL for `[]`)
 * on the handle's session and transaction, and wait for the response.
 * @p opts may be NULL. On success *@p out (if @p out is not NULL) owns the
 * `result` value (free with surql_value_unref()); NONE results are returned
 * as NONE. Without SURQL_CONN_CALL_IDEMPOTENT a call is retried only when it
 * certainly did not reach the server.
 * @return SURQL_OK or a status per the file comment. Thread-safe.
 */
SURQL_CONN_API int surql_conn_client_call(surql_value **out, surql_conn_client *c,
                                          const char *method, const surql_value *params,
                                          const surql_conn_call_options *opts);

/**
 * Completion of an asynchronous call (surql_conn_client_call_async()).
 * @p status is SURQL_OK or a negative status as for surql_conn_client_call();
 * on failure surql_error_last() holds the details for the duration of the
 * callback. @p result is the call's `result` value, owned by the callback
 * (release it with surql_value_unref()), or NULL on failure.
 *
 * Runs on the client's reader thread, or, when the connection fails or is
 * closed, on the thread that notices it (the reader thread, or the thread
 * calling surql_conn_client_close()/_free()). Never runs under the client's
 * lock: it may submit further asynchronous calls, but must not make
 * blocking calls on the same connection (it would wait for itself).
 */
typedef void (*surql_conn_done_fn)(void *userdata, int status, surql_value *result);

/**
 * Asynchronous RPC: send @p method with @p params (an array, or NULL for
 * `[]`) on the handle's session and transaction and return at once; @p done
 * is called exactly once with the outcome (see surql_conn_done_fn). This is
 * the low-overhead path: completions run on the reader thread, so many
 * requests in flight cost no thread switch per response (docs/connection.md
 * "Asynchronous calls"). WebSocket connections only. Asynchronous calls are
 * never retried. The deadline is @p opts->timeout_ms (0 = the handle's,
 * < 0 = none); a call that passes it completes with SURQL_ETIMEOUT.
 * @return SURQL_OK when the request was sent (then, and only then, @p done
 *         will be called); otherwise SURQL_EINVAL (NULL arguments),
 *         SURQL_EUNSUPPORTED (HTTP connection), SURQL_CONN_ECLOSED (closed,
 *         or being re-established after a loss: never waits), SURQL_ESTATE
 *         (the handle's transaction was lost in a reconnect), a transport
 *         status, SURQL_ENOMEM, and @p done is not called.
 *         Thread-safe.
 */
SURQL_CONN_API int surql_conn_client_call_async(surql_conn_client *c, const char *method,
                                                const surql_value *params,
                                                const surql_conn_call_options *opts,
                                                surql_conn_done_fn done, void *userdata);

/** Statistics of a connection (one snapshot). */
typedef struct surql_conn_client_stats {
    unsigned version;        /**< 1 */
    size_t in_flight;        /**< requests waiting for a response */
    uint64_t notifications;  /**< notifications delivered to the hook so far */
    uint64_t reconnects;     /**< transports re-opened after a loss */
} surql_conn_client_stats;

/** Snapshot of @p c's connection statistics into @p out. */
SURQL_CONN_API int surql_conn_client_get_stats(const surql_conn_client *c,
                                               surql_conn_client_stats *out);

#ifdef __cplusplus
}
#endif

#endif
