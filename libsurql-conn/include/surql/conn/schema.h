/**
 * @file surql/conn/schema.h
 * @brief Reading the schema of the connected database into the schema model
 * of libsurql-schema (surql/schema/model.h).
 *
 * The comparison of a code schema with the database (surql_schema_diff_new(),
 * surql_schema_validate()) is pure and lives in libsurql-schema; this is the
 * part that needs a connection: it asks the server with `INFO FOR DB` and
 * `INFO FOR TABLE` and parses the canonical DEFINE strings the engine
 * returns (surql_schema_from_info()), for SurrealDB 2.x and 3.x alike.
 *
 * Thread-safety: as the client (surql/conn/client.h); the returned schema is
 * immutable and may be shared between threads.
 */
#ifndef SURQL_CONN_SCHEMA_H
#define SURQL_CONN_SCHEMA_H

#include <surql/schema/model.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Fetch the schema of the database the client uses (its namespace and
 * database): tables and edges with their fields, indexes and events, plus
 * the database's accesses, params, functions and analyzers.
 *
 * Runs `INFO FOR DB`, then one `INFO FOR TABLE` per table in a single
 * request. Table names come from the server; each is checked with
 * surql_ident_validate() and reaches the server as a bound parameter (3.x)
 * or through the identifier escaping routine (2.x, which does not accept a
 * parameter there).
 *
 * *@p out receives a new reference (surql_schema_unref()); NULL on error.
 * Errors: the client's errors (SURQL_CONN_ECONNECT, SURQL_CONN_EAUTH,
 * SURQL_CONN_EQUERY when the server refuses INFO, e.g. without a selected
 * database or sufficient rights, ...); SURQL_CONN_EPROTOCOL when an INFO
 * result does not have the documented shape; the schema parser's errors
 * (SURQL_EPARSE, SURQL_EUNSUPPORTED for DDL the model does not represent,
 * such as views), with a message naming the INFO key. Never partial.
 */
SURQL_CONN_API int surql_conn_schema_fetch(surql_schema **out, surql_conn_client *c);

#ifdef __cplusplus
}
#endif

#endif
