/* Connection options shared by the tools that talk to a server (surql-db,
 * surql-schema show/check): --url/--ns/--db/--user/--pass/--env on top of
 * the DB_* environment and ./.env files, opening the client, and the exit
 * codes of connection failures. Internal to tools/ (static library
 * surql_cli_conn), not part of any ABI. */
#ifndef SURQL_TOOLS_CONN_OPTS_H
#define SURQL_TOOLS_CONN_OPTS_H

#include <surql/conn.h>

#include "cli.h"

typedef struct surql_cli_conn_opts {
    const char *url, *ns, *db, *user, *pass, *env; /* borrowed from argv; NULL = not given */
} surql_cli_conn_opts;

/* Help text of the connection options, for a tool's epilog. */
#define SURQL_CLI_CONN_HELP                                                              \
    "Connection options:\n"                                                              \
    "  --url URL  --ns NS  --db DB  --user USER  --pass PASS  --env NAME\n"             \
    "They override DB_URL, DB_NAMESPACE, DB_DATABASE, DB_USERNAME, DB_PASSWORD from the\n" \
    "environment and from ./.env and ./.env.<NAME> (see docs/connection.md).\n"

/* The slot of connection option @p name ("--url", ...) in @p o, or NULL when
 * @p name is not a connection option. */
const char **surql_cli_conn_opt_slot(surql_cli_conn_opts *o, const char *name);

/* The configuration: DB_* environment and ./.env[.<env>], then the options;
 * validated. A surql status (error recorded); *cfg is owned by the caller
 * even on failure (surql_conn_config_free(NULL) is fine). */
int surql_cli_conn_config(const surql_cli_conn_opts *o, surql_conn_config **cfg);

/* Exit code for a failed surql status: 3 configuration, 4 connection or
 * authentication, 5 statement rejected by the server, else 1. */
int surql_cli_conn_exit_code(int rc);

/* Print the last error as "<tool>: error: <context>: <message>" and return
 * surql_cli_conn_exit_code(rc). */
int surql_cli_conn_fail(const char *tool, int rc, const char *context);

/* Configure and open a client (@p flags: surql_conn_client_options.flags).
 * SURQL_EXIT_OK, or the exit code after printing the error. */
int surql_cli_connect(const char *tool, const surql_cli_conn_opts *o, surql_conn_client **cli,
                      unsigned flags);

#endif
