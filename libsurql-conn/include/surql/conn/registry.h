/**
 * @file surql/conn/registry.h
 * @brief Named clients with a default, and a per-thread "current client".
 *
 * **Registry** (process-wide, internally locked): clients registered under
 * names (1-64 letters, digits, '_', '-', '.'). The first client registered
 * becomes the default unless surql_conn_registry_set_default() picks
 * another. The registry holds a reference to each client; call
 * surql_conn_registry_clear() before surql_conn_global_shutdown().
 *
 * **Current client** (per thread): surql_conn_get_db() returns, in order,
 * the innermost override of the calling thread (surql_conn_override_push()
 * / _pop(), or the scope of surql_conn_with_db()), the client set for the
 * thread with surql_conn_set_db(), or the registry's default. These are the
 * spec's `get_db`, `set_db` and `connection_override`. References held for
 * a thread are released when the thread exits.
 *
 * Every function is thread-safe.
 */
#ifndef SURQL_CONN_REGISTRY_H
#define SURQL_CONN_REGISTRY_H

#include <surql/schema/value.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Register @p c under @p name (a reference is taken). SURQL_EEXISTS when
 *  the name is taken, SURQL_EINVAL for a bad name. */
SURQL_CONN_API int surql_conn_registry_add(const char *name, surql_conn_client *c);

/**
 * Open a client for @p cfg (surql_conn_client_open()) and register it under
 * @p name. *@p out (may be NULL) receives a new reference.
 */
SURQL_CONN_API int surql_conn_registry_open(surql_conn_client **out, const char *name,
                                            const surql_conn_config *cfg,
                                            const surql_conn_client_options *opts);

/** A new reference to the client named @p name (NULL = the default).
 *  SURQL_ENOTFOUND when there is none. */
SURQL_CONN_API int surql_conn_registry_get(surql_conn_client **out, const char *name);

/** Unregister @p name (dropping the registry's reference; the client closes
 *  when no other reference remains). When it was the default, the default
 *  becomes unset. SURQL_ENOTFOUND. */
SURQL_CONN_API int surql_conn_registry_remove(const char *name);

/** Make @p name the default. SURQL_ENOTFOUND. */
SURQL_CONN_API int surql_conn_registry_set_default(const char *name);

/** The default's name as a new string value in *@p out, or NONE when unset. */
SURQL_CONN_API int surql_conn_registry_default_name(surql_value **out);

/** Array of the registered names (registration order). */
SURQL_CONN_API int surql_conn_registry_list(surql_value **out);

/** Unregister every client, and release the calling thread's current
 *  client and overrides (other threads release theirs when they exit). */
SURQL_CONN_API void surql_conn_registry_clear(void);

/** The calling thread's current client (see the file comment) as a new
 *  reference. SURQL_ENOTFOUND when there is none. */
SURQL_CONN_API int surql_conn_get_db(surql_conn_client **out);

/** Set (@p c, a reference is taken) or clear (NULL) the calling thread's client. */
SURQL_CONN_API int surql_conn_set_db(surql_conn_client *c);

/** Push an override for the calling thread (a reference is taken); at most
 *  64 deep (SURQL_ERANGE). */
SURQL_CONN_API int surql_conn_override_push(surql_conn_client *c);

/** Pop the calling thread's innermost override. SURQL_ESTATE when none. */
SURQL_CONN_API int surql_conn_override_pop(void);

/** Run @p fn(@p userdata) with @p c as the calling thread's current client,
 *  restoring the previous one afterwards. Returns @p fn's status. */
SURQL_CONN_API int surql_conn_with_db(surql_conn_client *c, int (*fn)(void *userdata),
                                      void *userdata);

#ifdef __cplusplus
}
#endif

#endif
