/**
 * @file surql/conn/methods.h
 * @brief Typed RPC methods: use, info, version, ping, let/unset, query and
 * the CRUD methods (select ... run).
 *
 * Every function sends one RPC on the handle's session (and transaction,
 * see surql/conn/txn.h) with the handle's deadline, and returns
 * SURQL_OK or a status as listed in surql/conn/client.h. Results are
 * returned through `surql_value **out`: on success *out owns the value
 * (free with surql_value_unref()), on failure it is NULL. @p out may be
 * NULL when the result is not wanted. Arguments are borrowed.
 *
 * **Targets** (`what`): a string is a *table name* (as the server reads a
 * plain string); record ids, ranges of ids, table values (surql_value_table)
 * and arrays of those are used as they are. A string such as "person:1" is
 * NOT parsed: build a record id with surql_value_record_parse().
 *
 * **Transactions.** On a 3.x interactive transaction handle, update, patch,
 * relate and run are sent as equivalent `query` calls, because the server
 * ignores `txn` on those methods (protocol reference §7).
 *
 * **HTTP.** Over http(s):// every request is independent on the server:
 * the client keeps namespace, database, token and `let` variables itself
 * and sends them with each request (Surreal-NS/DB headers, a Bearer token,
 * variables merged into `query`; per-call variables win).
 *
 * Thread-safety: as the client (internally locked; call from any thread).
 */
#ifndef SURQL_CONN_METHODS_H
#define SURQL_CONN_METHODS_H

#include <surql/schema/value.h>
#include <surql/conn/export.h>
#include <surql/conn/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** `ping`: round trip without effect. Idempotent (retried). */
SURQL_CONN_API int surql_conn_ping(surql_conn_client *c);

/** `version` RPC: the server's version string value ("surrealdb-3.0.2"). */
SURQL_CONN_API int surql_conn_server_version(surql_value **out, surql_conn_client *c);

/** `info`: the record of the signed-in record user (`SELECT * FROM $auth`), or NONE. */
SURQL_CONN_API int surql_conn_info(surql_value **out, surql_conn_client *c);

/**
 * `use`: select namespace @p ns and database @p db. NULL leaves that one
 * unchanged (NONE on the wire). *@p out: NONE on 2.x, `{namespace, database}`
 * on 3.x (which also creates them when missing).
 */
SURQL_CONN_API int surql_conn_use(surql_value **out, surql_conn_client *c, const char *ns,
                                  const char *db);

/**
 * `let`: define session variable $@p name (without the `$`) as @p value
 * (NULL or NONE removes it). The protected names (access, auth, token,
 * session) are refused by the server. 2.x evaluates the value; 3.x stores
 * it as given.
 */
SURQL_CONN_API int surql_conn_let(surql_conn_client *c, const char *name,
                                  const surql_value *value);

/** `unset`: remove session variable $@p name. */
SURQL_CONN_API int surql_conn_unset(surql_conn_client *c, const char *name);

/**
 * `query`: run SurrealQL @p sql with variables @p vars (an object, or NULL).
 * *@p out is the array of per-statement entries `{status, time, result[,
 * type, kind, details]}` exactly as the server returned them (2.x and 3.x
 * count BEGIN/COMMIT differently: surql/query/result.h reads both). A
 * statement that failed does NOT make this call fail; use
 * surql_conn_query_checked() or surql_conn_query_check() for that. A query
 * that does not parse fails the whole call (SURQL_CONN_EQUERY).
 */
SURQL_CONN_API int surql_conn_query(surql_value **out, surql_conn_client *c, const char *sql,
                                    const surql_value *vars);

/**
 * Like surql_conn_query() but fails with SURQL_CONN_EQUERY when a statement
 * has status ERR: the message is "statement N: <server message>" (N from 0),
 * `server_kind` the 3.x kind and `detail_json` its details. *@p out is the
 * full per-statement array on success.
 */
SURQL_CONN_API int surql_conn_query_checked(surql_value **out, surql_conn_client *c,
                                            const char *sql, const surql_value *vars);

/**
 * Check a `query` response for failed statements: SURQL_OK, or
 * SURQL_CONN_EQUERY with the details above. Pure; thread-safe.
 */
SURQL_CONN_API int surql_conn_query_check(const surql_value *results);

/** `select`: the records of @p what (array; a single record id gives the record or NONE). */
SURQL_CONN_API int surql_conn_select(surql_value **out, surql_conn_client *c,
                                     const surql_value *what);

/** `create`: create @p what (table or record id) with @p data (object or NULL). */
SURQL_CONN_API int surql_conn_create(surql_value **out, surql_conn_client *c,
                                     const surql_value *what, const surql_value *data);

/** `insert`: insert @p data (object or array of objects) into @p table
 *  (string or table value; NULL lets the records' ids choose). Array result. */
SURQL_CONN_API int surql_conn_insert(surql_value **out, surql_conn_client *c,
                                     const surql_value *table, const surql_value *data);

/** `insert_relation`: insert edge records @p data (objects with `in` and `out`)
 *  into @p table (NULL: the records' ids choose). Array result. */
SURQL_CONN_API int surql_conn_insert_relation(surql_value **out, surql_conn_client *c,
                                              const surql_value *table, const surql_value *data);

/** `update`: replace the content of @p what with @p data (CONTENT). */
SURQL_CONN_API int surql_conn_update(surql_value **out, surql_conn_client *c,
                                     const surql_value *what, const surql_value *data);

/** `upsert`: create or replace @p what with @p data. */
SURQL_CONN_API int surql_conn_upsert(surql_value **out, surql_conn_client *c,
                                     const surql_value *what, const surql_value *data);

/** `merge`: merge @p data into @p what (MERGE). */
SURQL_CONN_API int surql_conn_merge(surql_value **out, surql_conn_client *c,
                                    const surql_value *what, const surql_value *data);

/**
 * `patch`: apply JSON-Patch operations @p patches (array of `{op, path,
 * value}`) to @p what. @p diff non-zero returns the applied diff instead of
 * the records.
 */
SURQL_CONN_API int surql_conn_patch(surql_value **out, surql_conn_client *c,
                                    const surql_value *what, const surql_value *patches, int diff);

/** `delete`: delete @p what; returns the deleted records (as they were). */
SURQL_CONN_API int surql_conn_delete(surql_value **out, surql_conn_client *c,
                                     const surql_value *what);

/**
 * `relate`: create edge(s) of table @p table (string or table value) from
 * @p from to @p to (record ids or arrays of them) with @p data (object or
 * NULL). An object when both ends are single records, else an array.
 */
SURQL_CONN_API int surql_conn_relate(surql_value **out, surql_conn_client *c,
                                     const surql_value *from, const surql_value *table,
                                     const surql_value *to, const surql_value *data);

/**
 * `run`: call function @p name ("fn::greet", "ml::model", built-ins such as
 * "string::len") with @p args (array or NULL) and, for ml models, @p version
 * (NULL otherwise). *@p out is the function's value.
 */
SURQL_CONN_API int surql_conn_run(surql_value **out, surql_conn_client *c, const char *name,
                                  const char *version, const surql_value *args);

#ifdef __cplusplus
}
#endif

#endif
