/* Shared plumbing of the surql-* tools. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <surql/schema.h>

static void print_help(FILE *out, const surql_cli_tool *t)
{
    fprintf(out, "%s - %s\n\nUsage: %s [--help] [--version] <command> [options]\n\nCommands:\n",
            t->name, t->summary, t->name);
    for (const surql_cli_command *c = t->commands; c && c->name; c++)
        fprintf(out, "  %-10s %-28s %s%s\n", c->name, c->args ? c->args : "", c->summary,
                c->run ? "" : " (not yet available)");
    fputs("\nCommon options:\n"
          "  -h, --help       show this help (or `help <command>`)\n"
          "  -V, --version    show the tool and library versions\n",
          out);
    if (t->epilog)
        fprintf(out, "\n%s\n", t->epilog);
    fputs(t->exit_codes ? t->exit_codes
                        : "\nExit codes:\n"
                          "  0 success, 1 operation failed, 2 usage error, 3 configuration error,\n"
                          "  4 connection/authentication failure, 5 statement rejected by the "
                          "server,\n"
                          "  6 check found problems, 69 command not available in this build.\n",
          out);
}

void surql_cli_print_versions(FILE *out, const surql_cli_libversion *libraries)
{
    const char *sep = "";
    for (const surql_cli_libversion *l = libraries; l && l->name; l++) {
        fprintf(out, "%slibsurql-%s %s", sep, l->name, l->version());
        sep = ", ";
    }
    fputc('\n', out);
}

int surql_cli_parse_format(const char *tool, const char *value, surql_cli_format *out)
{
    if (value && strcmp(value, "table") == 0)
        *out = SURQL_FORMAT_TABLE;
    else if (value && strcmp(value, "json") == 0)
        *out = SURQL_FORMAT_JSON;
    else if (value && strcmp(value, "yaml") == 0)
        *out = SURQL_FORMAT_YAML;
    else {
        fprintf(stderr, "%s: error: --format must be table, json or yaml (got '%s')\n", tool,
                value ? value : "");
        return -1;
    }
    return 0;
}

void surql_cli_print_error(const char *tool, const char *context)
{
    const surql_error *e = surql_error_last();
    fprintf(stderr, "%s: error: %s%s%s", tool, context ? context : "", context ? ": " : "",
            e->message[0] ? e->message : surql_status_name(e->code));
    if (e->line) {
        /* messages that already carry "LINE:COL:" (e.g. "file.yaml:4:5: ...") need no suffix */
        char at[64];
        snprintf(at, sizeof at, "%zu:%zu:", e->line, e->column);
        const char *p = strstr(e->message, at);
        if (!p || (p != e->message && p[-1] != ':'))
            fprintf(stderr, " (line %zu, column %zu)", e->line, e->column);
    }
    if (e->server_kind && e->server_code)
        fprintf(stderr, " [server: %s, code %ld]", e->server_kind, e->server_code);
    else if (e->server_kind)
        fprintf(stderr, " [server: %s]", e->server_kind);
    fputc('\n', stderr);
}

static int g_verbosity;
static void stderr_logger(void *ud, int level, const char *domain, const char *msg)
{
    (void)ud;
    fprintf(stderr, "[%s] %s: %s\n", surql_log_level_name(level), domain, msg);
}

void surql_cli_install_logger(int verbosity)
{
    g_verbosity = verbosity;
    surql_log_set_handler(stderr_logger, NULL, SURQL_LOG_WARN + verbosity);
}

int surql_cli_main(const surql_cli_tool *t, int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr, t);
        return SURQL_EXIT_USAGE;
    }
    const char *a = argv[1];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        print_help(stdout, t);
        return SURQL_EXIT_OK;
    }
    if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
        printf("%s %s\n", t->name, SURQL_TOOLS_VERSION);
        surql_cli_print_versions(stdout, t->libraries);
        return SURQL_EXIT_OK;
    }
    if (strcmp(a, "help") == 0) {
        print_help(stdout, t);
        return SURQL_EXIT_OK;
    }
    for (const surql_cli_command *c = t->commands; c && c->name; c++) {
        if (strcmp(c->name, a) != 0)
            continue;
        if (!c->run) {
            fprintf(stderr, "%s: %s is not available in this build yet\n", t->name, c->name);
            return SURQL_EXIT_UNAVAILABLE;
        }
        return c->run(argc - 1, argv + 1);
    }
    fprintf(stderr, "%s: error: unknown command '%s' (see %s --help)\n", t->name, a, t->name);
    return SURQL_EXIT_USAGE;
}
