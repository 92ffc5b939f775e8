/**
 * @file surql/conn/pool.h
 * @brief A pool of up to `max_connections` clients, borrowed and returned
 * with a timeout, safe from any number of threads.
 *
 * Each pooled connection is an ordinary surql_conn_client opened from the
 * pool's config (a copy) and options, so it has everything a client has
 * (retries, sign-in and `use` at open, session-state replay on reconnect
 * when the client does it); the pool adds no state of its own to a client.
 *
 * **Size.** `max_connections` from the options, else the config's
 * max_connections (DB_MAX_CONNECTIONS / SURQL_<NAME>_MAX_CONNECTIONS,
 * default 10, 1-100). **Lazy** by default: a client is opened when a borrow
 * finds no idle one and the pool is below its size (the opening runs in the
 * borrowing thread, outside the pool's lock). With SURQL_CONN_POOL_EAGER
 * every client is opened by surql_conn_pool_open(), which fails when one
 * cannot be opened.
 *
 * **Borrow / return.** surql_conn_pool_borrow() hands out an idle client
 * (most recently returned first), opens a new one, or waits until one is
 * returned or the timeout passes (SURQL_ETIMEOUT, message with the pool's
 * size and how many are borrowed). The borrowed handle belongs to the pool:
 * give it back with surql_conn_pool_return() (never surql_conn_client_free()).
 *
 * **Broken clients.** A client whose connection is no longer usable
 * (surql_conn_client_is_open() == 0) is discarded instead of being reused,
 * both when it is returned and when it is found idle at a borrow; its slot
 * is freed and the next borrow opens a replacement. A caller that knows a
 * client is bad may give it back with surql_conn_pool_discard().
 *
 * **Close.** surql_conn_pool_close() stops lending (borrows fail with
 * SURQL_CONN_ECLOSED "pool is closed", waiting borrowers are woken with the
 * same error), waits up to a deadline for borrowed clients to come back and
 * then closes every client (a client still borrowed has its calls fail with
 * SURQL_CONN_ECLOSED; returning it later is accepted).
 * surql_conn_pool_free() closes without waiting; the memory is released
 * when the last borrowed client has been returned, so a late return is
 * always safe.
 *
 * Thread-safety: internally locked; every function may be called from any
 * thread at any time (surql_conn_pool_free() once, by the owner).
 */
#ifndef SURQL_CONN_POOL_H
#define SURQL_CONN_POOL_H

#include <stddef.h>
#include <stdint.h>
#include <surql/conn/export.h>
#include <surql/conn/config.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque pool. Internally locked. */
typedef struct surql_conn_pool surql_conn_pool;

/** Open every client at surql_conn_pool_open() instead of on demand. */
#define SURQL_CONN_POOL_EAGER 0x1u

/** Options of surql_conn_pool_open(). Initialise with SURQL_CONN_POOL_OPTIONS_INIT. */
typedef struct surql_conn_pool_options {
    unsigned version;                         /**< 1 */
    unsigned flags;                           /**< SURQL_CONN_POOL_* */
    int max_connections;                      /**< 0 = the config's max_connections; else 1-100 */
    int64_t borrow_timeout_ms;                /**< default borrow wait: 0 = the config's timeout,
                                                   < 0 = wait forever */
    const surql_conn_client_options *client;  /**< options of each client (copied), or NULL */
} surql_conn_pool_options;

#define SURQL_CONN_POOL_OPTIONS_INIT { 1u, 0u, 0, 0, NULL }

/**
 * Create a pool for @p cfg (copied) and @p opts (NULL = defaults). With
 * SURQL_CONN_POOL_EAGER, opens every client now (SURQL_CONN_* open errors,
 * with "pool client N of M: " in front). Requires surql_conn_global_init().
 * *@p out is owned: release with surql_conn_pool_free().
 */
SURQL_CONN_API int surql_conn_pool_open(surql_conn_pool **out, const surql_conn_config *cfg,
                                        const surql_conn_pool_options *opts);

/**
 * Borrow a client into *@p out, waiting at most @p timeout_ms (0 = the
 * pool's default, < 0 = forever). @return SURQL_OK; SURQL_ETIMEOUT;
 * SURQL_CONN_ECLOSED (the pool is closed); the open errors of
 * surql_conn_client_open() when a new client was needed and could not be
 * opened (the slot stays free for a later attempt).
 */
SURQL_CONN_API int surql_conn_pool_borrow(surql_conn_client **out, surql_conn_pool *p,
                                          int64_t timeout_ms);

/**
 * Give back a client borrowed from @p p. Broken clients are discarded (see
 * the file comment). SURQL_EINVAL when @p c is not a client borrowed from @p p.
 */
SURQL_CONN_API int surql_conn_pool_return(surql_conn_pool *p, surql_conn_client *c);

/** Give back a borrowed client and discard it (it is closed; its slot frees up). */
SURQL_CONN_API int surql_conn_pool_discard(surql_conn_pool *p, surql_conn_client *c);

/**
 * Borrow a client (waiting at most @p timeout_ms as for
 * surql_conn_pool_borrow()), make it the calling thread's current client
 * (surql_conn_override_push(), so the executing helpers called with a NULL
 * client use it), run @p fn(client, @p userdata), pop the override and
 * return the client. @return @p fn's status (its error kept), or the borrow
 * status.
 */
SURQL_CONN_API int surql_conn_pool_run(surql_conn_pool *p, int64_t timeout_ms,
                                       int (*fn)(surql_conn_client *c, void *userdata),
                                       void *userdata);

/** Pool statistics (one snapshot). */
typedef struct surql_conn_pool_stats {
    unsigned version;         /**< set by the caller: 1 */
    size_t max_connections;   /**< the pool's size */
    size_t open;              /**< clients that exist (idle + borrowed) */
    size_t idle;              /**< clients waiting in the pool */
    size_t borrowed;          /**< clients lent out */
    size_t waiting;           /**< threads waiting in surql_conn_pool_borrow() */
    uint64_t borrows;         /**< successful borrows so far */
    uint64_t timeouts;        /**< borrows that timed out */
    uint64_t opened;          /**< clients opened so far */
    uint64_t open_failures;   /**< failed attempts to open a client */
    uint64_t discarded;       /**< clients discarded as broken (or by surql_conn_pool_discard()) */
} surql_conn_pool_stats;

/** Snapshot of @p p's statistics into @p out (out->version must be 1). */
SURQL_CONN_API int surql_conn_pool_get_stats(const surql_conn_pool *p,
                                             surql_conn_pool_stats *out);

/**
 * Close: stop lending, wake waiting borrowers (SURQL_CONN_ECLOSED), wait up
 * to @p wait_ms (< 0: forever) for borrowed clients to be returned, then
 * close every client. @return SURQL_OK when every client was back in time,
 * SURQL_ETIMEOUT (message: how many were still borrowed; they were closed)
 * otherwise. Idempotent.
 */
SURQL_CONN_API int surql_conn_pool_close(surql_conn_pool *p, int64_t wait_ms);

/**
 * Close without waiting (as surql_conn_pool_close(p, 0)) and release the
 * owner's reference; the memory goes when the last borrowed client has been
 * returned. NULL ok.
 */
SURQL_CONN_API void surql_conn_pool_free(surql_conn_pool *p);

#ifdef __cplusplus
}
#endif

#endif
