/* surql-schema internals shared by main.c (offline commands) and live.c
 * (show/check against a database). */
#ifndef SURQL_TOOLS_SCHEMA_TOOL_H
#define SURQL_TOOLS_SCHEMA_TOOL_H

#include <stddef.h>

#include <surql/schema.h>

#include "cli.h"
#include "conn-opts.h"

#define TOOL "surql-schema"

/* exit codes of the offline commands; show/check add cli.h's 3, 4 and 5 */
enum { EX_OK = 0, EX_DIFF = 1, EX_USAGE = 2 };

typedef struct opt {
    const char *name;  /* "--schema" */
    int has_arg;
    const char *value; /* set when given (flags: "1") */
} opt;

/* Parse `--name value` / `--name=value` / flags into the NULL-name
 * terminated @p o; with @p conn, the connection options too. Returns -1 for
 * --help, 0 ok, EX_USAGE on error (message printed). */
int opts_parse(const char *cmd, int argc, char **argv, opt *o, surql_cli_conn_opts *conn);
/* the value of option @p name, NULL when not given */
const char *opt_val(opt *o, const char *name);
/* print "surql-schema CMD: error: WHAT (see ... --help)"; returns EX_USAGE */
int tool_usage_error(const char *cmd, const char *what);
/* exit code for a failed load/operation: I/O and usage problems are 2, else 1 */
int fail_code(void);
/* load a schema source (YAML, JSON, .surql, .so, directory); an exit code */
int load_source(const char *cmd, const char *path, surql_schema **out);
/* --dialect v2|v3 (NULL: the default); an exit code */
int dialect_opt(const char *cmd, const char *v, surql_dialect *d);
/* write text to --output FILE or stdout; EX_USAGE on I/O error */
int emit_output(const char *cmd, const char *path, const char *text, size_t len);
/* print a validation as a text report (@p report_flags), JSON or YAML; an exit code */
int validation_output(const char *cmd, const surql_schema_validation *v, surql_cli_format f,
                      unsigned report_flags);

extern const char schema_exit_help[];
extern const char schema_source_help[];

/* live.c */
int cmd_show(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
