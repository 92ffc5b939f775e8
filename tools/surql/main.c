/* surql: the dispatcher. `surql migrate up` runs `surql-migrate up`.
 * The tool is looked up next to this executable first, then on PATH. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#include <surql/schema.h>

static const char *const tools[][2] = {
    { "db", "database commands: init, ping, info, reset, query, version" },
    { "schema", "schema files, DDL, diff, drift, visualisation" },
    { "migrate", "migrations: create, generate, up, down, status, history, squash" },
    { "orch", "multi-environment deployments and health checks" },
};
#define NTOOLS (sizeof tools / sizeof tools[0])

static void usage(FILE *out)
{
    fputs("surql - SurrealDB toolkit\n\nUsage: surql <tool> [arguments...]\n"
          "       surql --version | --help\n\nTools:\n", out);
    for (size_t i = 0; i < NTOOLS; i++)
        fprintf(out, "  %-8s %s (runs surql-%s)\n", tools[i][0], tools[i][1], tools[i][0]);
    fputs("\n`surql <tool> --help` shows a tool's commands. Exit status is the tool's.\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return SURQL_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return SURQL_EXIT_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("surql %s\n", SURQL_TOOLS_VERSION);
        {
            static const surql_cli_libversion libs[] = { { "schema", surql_schema_version_string },
                                                         { NULL, NULL } };
            surql_cli_print_versions(stdout, libs);
        }
        return SURQL_EXIT_OK;
    }
    size_t i;
    for (i = 0; i < NTOOLS; i++)
        if (strcmp(argv[1], tools[i][0]) == 0)
            break;
    if (i == NTOOLS) {
        fprintf(stderr, "surql: error: unknown tool '%s' (known: db, schema, migrate, orch)\n",
                argv[1]);
        return SURQL_EXIT_USAGE;
    }
    char name[32];
    snprintf(name, sizeof name, "surql-%s", tools[i][0]);
    argv[1] = name;

    /* next to this executable first, so a build tree runs its own tools */
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            char path[PATH_MAX + 40];
            int w = snprintf(path, sizeof path, "%.*s/%s", (int)(slash - self), self, name);
            if (w > 0 && (size_t)w < sizeof path && access(path, X_OK) == 0) {
                execv(path, argv + 1);
                fprintf(stderr, "surql: error: cannot run %s: %s\n", path, strerror(errno));
                return SURQL_EXIT_FAILURE;
            }
        }
    }
    execvp(name, argv + 1);
    fprintf(stderr, "surql: error: cannot run %s: %s (is it installed and on PATH?)\n", name,
            strerror(errno));
    return SURQL_EXIT_UNAVAILABLE;
}
