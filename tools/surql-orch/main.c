/* surql-orch: multi-environment deployment (issue: libsurql-orch). */
#include "cli.h"

#include <surql/orch.h>

static const surql_cli_command commands[] = {
    { "deploy", "--env NAME [--strategy S]", "deploy migrations to environments", NULL },
    { "status", "[--format F]", "show environments and their versions", NULL },
    { "health", "[--env NAME]", "check environment health", NULL },
    { NULL, NULL, NULL, NULL }
};

static const surql_cli_libversion libraries[] = {
    { "schema", surql_schema_version_string },
    { "query", surql_query_version_string },
    { "conn", surql_conn_version_string },
    { "migrate", surql_migrate_version_string },
    { "orch", surql_orch_version_string },
    { NULL, NULL }
};

static const surql_cli_tool tool = {
    "surql-orch", "SurrealDB deployment orchestration", libraries,
    commands, NULL, NULL
};

int main(int argc, char **argv)
{
    return surql_cli_main(&tool, argc, argv);
}
