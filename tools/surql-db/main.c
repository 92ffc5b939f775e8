/* surql-db: database commands (issue: libsurql-conn core). */
#include "cli.h"

#include <surql/conn.h>

static const surql_cli_command commands[] = {
    { "init", "", "create the namespace and database from the configuration", NULL },
    { "ping", "", "check that the server answers", NULL },
    { "info", "[--format F]", "show namespace/database information", NULL },
    { "reset", "[--yes]", "remove every table of the database", NULL },
    { "query", "\"SQL\" [--var name=value ...]", "run SurrealQL and print the results", NULL },
    { "version", "", "show the server version", NULL },
    { NULL, NULL, NULL, NULL }
};

static const surql_cli_libversion libraries[] = {
    { "schema", surql_schema_version_string },
    { "query", surql_query_version_string },
    { "conn", surql_conn_version_string },
    { NULL, NULL }
};

static const surql_cli_tool tool = {
    "surql-db", "SurrealDB database commands", libraries, commands,
    "Connection options (all commands): --url URL --ns NS --db DB --user USER --pass PASS,\n"
    "overriding SURQL_URL / DB_URL style environment variables and .env files."
};

int main(int argc, char **argv)
{
    return surql_cli_main(&tool, argc, argv);
}
