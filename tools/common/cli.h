/* Shared plumbing of the surql-* tools: common options, exit codes, stderr
 * logger. Internal to tools/ (a static library), not part of any ABI. */
#ifndef SURQL_TOOLS_CLI_H
#define SURQL_TOOLS_CLI_H

#include <stdio.h>

/* Documented exit codes of every surql tool (docs/tools.md). */
enum {
    SURQL_EXIT_OK = 0,          /* success */
    SURQL_EXIT_FAILURE = 1,     /* the operation failed (details on stderr) */
    SURQL_EXIT_USAGE = 2,       /* bad command line */
    SURQL_EXIT_CONFIG = 3,      /* bad configuration (environment, .env, files) */
    SURQL_EXIT_CONNECT = 4,     /* server unreachable or authentication failed */
    SURQL_EXIT_QUERY = 5,       /* the server rejected a statement */
    SURQL_EXIT_CHECK = 6,       /* a check found problems (drift, validation, lint) */
    SURQL_EXIT_UNAVAILABLE = 69 /* command not available in this build */
};

typedef enum surql_cli_format {
    SURQL_FORMAT_TABLE = 0,
    SURQL_FORMAT_JSON = 1,
    SURQL_FORMAT_YAML = 2
} surql_cli_format;

/* A library a tool links, for --version. */
typedef struct surql_cli_libversion {
    const char *name;              /* "conn" */
    const char *(*version)(void);  /* surql_conn_version_string */
} surql_cli_libversion;

/* One subcommand of a tool, for --help and dispatch. */
typedef struct surql_cli_command {
    const char *name;
    const char *args;    /* e.g. "[--yes]" */
    const char *summary; /* one line */
    int (*run)(int argc, char **argv); /* NULL = not yet available */
} surql_cli_command;

typedef struct surql_cli_tool {
    const char *name;        /* "surql-db" */
    const char *summary;     /* one line */
    const surql_cli_libversion *libraries; /* printed by --version, NULL-name terminated */
    const surql_cli_command *commands; /* NULL-name terminated */
    const char *epilog;      /* extra --help text or NULL */
    const char *exit_codes;  /* the tool's own exit-code text for --help, or NULL (the table above) */
} surql_cli_tool;

/* Runs a tool: handles --help/-h, --version/-V, `help <cmd>`, dispatches to
 * the command, and maps the result to an exit code. */
int surql_cli_main(const surql_cli_tool *tool, int argc, char **argv);

/* Parse a --format value; returns 0 or -1 (and prints a usage error). */
int surql_cli_parse_format(const char *tool, const char *value, surql_cli_format *out);

/* Print the last surql error as "<tool>: error: <message>" plus a hint. */
void surql_cli_print_error(const char *tool, const char *context);

/* Print the library versions line used by every --version. */
void surql_cli_print_versions(FILE *out, const surql_cli_libversion *libraries);

/* Install the stderr logger at the given verbosity (0 = errors only). */
void surql_cli_install_logger(int verbosity);

#endif
