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

#endif
