/* A minimal test-only SurrealDB client for the libsurql-query integration tests: one
 * `query` RPC per call over HTTP POST /rpc in CBOR, with root credentials and the
 * Surreal-NS / Surreal-DB headers on every request (the server builds a fresh default
 * session from them each time). The credentials are the root token of one `signin`
 * (root:root): Basic auth would make the server hash the password on every request. Built from libsurql-conn's internal pieces
 * (surql_conn_internal) until the public connection API exists: switching to it touches
 * only this file and engine-client.c. One thread at a time per client. */
#ifndef SURQL_QUERY_TEST_ENGINE_CLIENT_H
#define SURQL_QUERY_TEST_ENGINE_CLIENT_H

#include <stddef.h>
#include <surql/query.h>

typedef struct eng_client eng_client;

/* Client for the server at @p url ("http://127.0.0.1:PORT") using namespace @p ns and
 * database @p db (copied). @p dialect (SURQL_DIALECT_V2 / V3) picks the CBOR flavour (2.x
 * has no set tag). Calls surql_conn_global_init(); eng_close() balances it. */
int eng_open(eng_client **out, const char *url, const char *ns, const char *db, int dialect);
void eng_close(eng_client *c); /* NULL ok */

/* Run the `query` RPC with @p text and @p vars (NULL: none). On success *@p response owns
 * the RPC result: the array of per-statement entries {status, time, result, ...}. An RPC
 * error (a parse error, a refused call) or a transport failure is a negative code with the
 * message in surql_error_last() and *@p response NULL. */
int eng_query(eng_client *c, surql_value **response, const char *text, const surql_value *vars);

/* eng_query() with a built statement's text and variables. */
int eng_exec(eng_client *c, surql_value **response, const surql_query_stmt *s);

/* eng_exec() then surql_query_stmt_read(): *@p out is the value the statement's shape
 * promises. A failed statement is SURQL_QUERY_ESTATEMENT. */
int eng_run(eng_client *c, surql_value **out, const surql_query_stmt *s);

/* Trusted SurrealQL for fixtures: run @p text (no vars); every statement must succeed. */
int eng_sql(eng_client *c, const char *text);

#endif
