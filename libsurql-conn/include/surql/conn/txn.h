/**
 * @file surql/conn/txn.h
 * @brief Transactions (3.x interactive, 2.x batched) and 3.x sessions.
 *
 * **Transactions.** surql_conn_txn_begin() picks the mode:
 *  - *interactive* (SurrealDB 3.x over a WebSocket): `begin` returns a
 *    transaction id; every call through surql_conn_txn_client() (and
 *    surql_conn_txn_query()/_execute()) runs inside the transaction and
 *    returns its result at once; `commit` / `cancel` end it. update, patch,
 *    relate and run are sent as `query` (the server ignores `txn` on them).
 *    The server drops open transactions when the socket closes.
 *  - *batched* (2.x, HTTP, or SURQL_CONN_TXN_BATCH): statements are queued
 *    and surql_conn_txn_commit() sends them as ONE `query` request
 *    `BEGIN TRANSACTION; ...; COMMIT TRANSACTION;`. Bound variables of
 *    query-layer statements are renumbered so they do not collide; a
 *    variable name bound twice by raw statements with different values is
 *    SURQL_EINVAL. When a statement fails the whole transaction is rolled
 *    back by the server and commit fails with SURQL_CONN_EQUERY naming the
 *    statement that caused it: "transaction statement N (item I): <server
 *    message>" (N counts the statements of the batch from 0, I the queued
 *    items), with the server's kind and details.
 *
 * Auto-cancel: surql_conn_transaction_run() begins, calls the caller's
 * function, and commits when it returns SURQL_OK or cancels when it fails
 * (the function's error is kept in surql_error_last()).
 * surql_conn_txn_free() cancels a transaction that is still open.
 *
 * **Sessions** (3.x over a WebSocket): surql_conn_session_attach() returns a
 * new client handle bound to a fresh server-side session on the same
 * connection, with its own namespace, database, authentication and
 * variables. Freeing the handle detaches the session.
 *
 * Thread-safety: a surql_conn_txn is internally locked; its calls may come
 * from several threads (the server orders them). Session handles are
 * client handles (internally locked).
 */
#ifndef SURQL_CONN_TXN_H
#define SURQL_CONN_TXN_H

#include <surql/query/stmt.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque transaction. Internally locked. */
typedef struct surql_conn_txn surql_conn_txn;

/** Flag of surql_conn_txn_begin(): batch mode even where interactive is available. */
#define SURQL_CONN_TXN_BATCH 0x1u

/**
 * Begin a transaction on @p c (its session). Interactive on 3.x over a
 * WebSocket unless @p flags has SURQL_CONN_TXN_BATCH; batched otherwise
 * (no request is sent until commit). *@p out is owned (free with
 * surql_conn_txn_free()).
 */
SURQL_CONN_API int surql_conn_txn_begin(surql_conn_txn **out, surql_conn_client *c,
                                        unsigned flags);

/** 1 for an interactive transaction, 0 for a batched one. */
SURQL_CONN_API int surql_conn_txn_is_interactive(const surql_conn_txn *t);

/**
 * The client handle that runs calls inside interactive transaction @p t
 * (every function of surql/conn/methods.h, execute.h accepts it). Borrowed:
 * valid until surql_conn_txn_free(). NULL for a batched transaction (only
 * surql_conn_txn_query()/_execute() queue statements there).
 */
SURQL_CONN_API surql_conn_client *surql_conn_txn_client(surql_conn_txn *t);

/**
 * Run (interactive: now, *@p out = the per-statement array, statement
 * errors checked as in surql_conn_query_checked()) or queue (batched:
 * *@p out = NULL) SurrealQL @p sql with @p vars. SURQL_ESTATE after commit
 * or cancel.
 */
SURQL_CONN_API int surql_conn_txn_query(surql_value **out, surql_conn_txn *t, const char *sql,
                                        const surql_value *vars);

/** As surql_conn_txn_query() for a query-layer statement (interactive:
 *  *@p out = the shaped result as surql_conn_execute()). */
SURQL_CONN_API int surql_conn_txn_execute(surql_value **out, surql_conn_txn *t,
                                          const surql_query_stmt *stmt);

/**
 * Commit. Interactive: `commit` (*@p out = NONE); a conflict fails with
 * SURQL_CONN_EQUERY (3.x code -32009). Batched: send the batch; *@p out =
 * the per-statement entries of the queued statements (BEGIN/COMMIT entries
 * removed) in queue order. The transaction is finished either way.
 */
SURQL_CONN_API int surql_conn_txn_commit(surql_value **out, surql_conn_txn *t);

/** Cancel (interactive: `cancel`; batched: drop the queue). Idempotent after
 *  the end of the transaction. */
SURQL_CONN_API int surql_conn_txn_cancel(surql_conn_txn *t);

/** Free; cancels the transaction if it is still open (best effort). NULL ok. */
SURQL_CONN_API void surql_conn_txn_free(surql_conn_txn *t);

/** Work run inside a transaction: return SURQL_OK to commit, else a status. */
typedef int (*surql_conn_txn_fn)(surql_conn_txn *t, void *userdata);

/**
 * Begin a transaction with @p flags, run @p fn(t, @p userdata), commit when
 * it returns SURQL_OK, cancel otherwise. @return @p fn's status (its error
 * kept in surql_error_last()), or the begin/commit status. *@p out (may be
 * NULL) receives the commit's result.
 */
SURQL_CONN_API int surql_conn_transaction_run(surql_value **out, surql_conn_client *c,
                                              unsigned flags, surql_conn_txn_fn fn,
                                              void *userdata);

/**
 * Attach a new session (3.x, WebSocket) on @p c's connection: *@p out is a
 * new client handle for it (free with surql_conn_client_free(), which
 * detaches). The new session starts without namespace, database or
 * authentication. SURQL_EUNSUPPORTED on 2.x or HTTP.
 */
SURQL_CONN_API int surql_conn_session_attach(surql_conn_client **out, surql_conn_client *c);

/** Detach @p s's session now (its live queries end); later calls through
 *  @p s fail with the server's "session not found". */
SURQL_CONN_API int surql_conn_session_detach(surql_conn_client *s);

/** `sessions` (3.x): array of the uuids of the connection's attached sessions. */
SURQL_CONN_API int surql_conn_sessions(surql_value **out, surql_conn_client *c);

/** The session uuid of @p c (borrowed, valid while @p c is), NULL for the default session. */
SURQL_CONN_API const surql_value *surql_conn_client_session_id(const surql_conn_client *c);

#ifdef __cplusplus
}
#endif

#endif
