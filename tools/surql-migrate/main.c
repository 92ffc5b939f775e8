/* surql-migrate: migrations (issue: libsurql-migrate). */
#include "cli.h"

#include <surql/migrate.h>

static const surql_cli_command commands[] = {
    { "create", "DESCRIPTION", "create an empty migration file", NULL },
    { "generate", "DESCRIPTION --schema PATH", "generate a migration from a schema diff", NULL },
    { "up", "[--steps N] [--dry-run]", "apply pending migrations", NULL },
    { "down", "--steps N [--dry-run]", "roll back applied migrations", NULL },
    { "status", "[--format F]", "show applied and pending migrations", NULL },
    { "history", "[--format F]", "show the migration history table", NULL },
    { "validate", "", "verify checksums and file syntax", NULL },
    { "squash", "FROM TO", "squash a range of migrations", NULL },
    { NULL, NULL, NULL, NULL }
};

static const surql_cli_libversion libraries[] = {
    { "schema", surql_schema_version_string },
    { "query", surql_query_version_string },
    { "conn", surql_conn_version_string },
    { "migrate", surql_migrate_version_string },
    { NULL, NULL }
};

static const surql_cli_tool tool = {
    "surql-migrate", "SurrealDB schema migrations", libraries, commands, NULL, NULL
};

int main(int argc, char **argv)
{
    return surql_cli_main(&tool, argc, argv);
}
