/**
 * @file surql/conn.h
 * @brief Umbrella header of libsurql-conn: surrealDB client: WebSocket/HTTP transports, CBOR RPC, auth, sessions, live queries.
 *
 * Link with `pkg-config --cflags --libs surql-conn` or, in CMake,
 * `find_package(surql-conn)` and `Surql::conn`.
 */
#ifndef SURQL_CONN_H
#define SURQL_CONN_H

#include <surql/query.h>
#include <surql/conn/export.h>
#include <surql/conn/version.h>
#include <surql/conn/error.h>
#include <surql/conn/config.h>
#include <surql/conn/client.h>
#include <surql/conn/methods.h>
#include <surql/conn/auth.h>
#include <surql/conn/execute.h>
#include <surql/conn/txn.h>
#include <surql/conn/live.h>
#include <surql/conn/registry.h>
#include <surql/conn/crud.h>
#include <surql/conn/graph.h>
#include <surql/conn/batch.h>
#include <surql/conn/pool.h>
#include <surql/conn/schema.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Initialise libsurql-conn: calls surql_global_init() and, on the first
 * call, curl_global_init(CURL_GLOBAL_DEFAULT). Reference-counted and
 * thread-safe; call it before creating connections (they fail with
 * SURQL_ESTATE otherwise) and before starting threads that use the library.
 * Configuration functions (surql/conn/config.h) need no init.
 * @return the new init count (>= 1) or a negative status.
 */
SURQL_CONN_API int surql_conn_global_init(void);

/**
 * Balance one surql_conn_global_init(). The last call runs
 * curl_global_cleanup(); no connection may be alive then.
 * @return the remaining count (0 = shut down) or SURQL_ESTATE when called
 *         more often than init. Thread-safe.
 */
SURQL_CONN_API int surql_conn_global_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
