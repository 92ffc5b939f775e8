/* surql-schema: schema files, DDL, diff and visualisation (issue: libsurql-schema). */
#include "cli.h"

#include <surql/schema.h>

static const surql_cli_command commands[] = {
    { "validate", "--schema PATH", "check schema files and report errors with file:line:col", NULL },
    { "ddl", "--schema PATH [--dialect v2|v3]", "render the schema as SurrealQL DDL", NULL },
    { "diff", "--from PATH --to PATH", "list the changes between two schemas", NULL },
    { "export", "--schema PATH [--format F]", "export the schema as YAML, JSON or DDL", NULL },
    { "show", "[--format F]", "show the schema of a live database", NULL },
    { "check", "--schema PATH", "compare code and database schemas (drift)", NULL },
    { "visualize", "--schema PATH [--as dot|mermaid|ascii]", "draw the schema graph", NULL },
    { NULL, NULL, NULL, NULL }
};

static const surql_cli_libversion libraries[] = {
    { "schema", surql_schema_version_string },
    { NULL, NULL }
};

static const surql_cli_tool tool = {
    "surql-schema", "SurrealDB schema tooling", libraries, commands, NULL
};

int main(int argc, char **argv)
{
    return surql_cli_main(&tool, argc, argv);
}
