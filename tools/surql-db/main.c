/* surql-db: database commands over libsurql-conn.
 *
 *   surql-db [connection options] init | ping | info | reset [--yes]
 *            | query "SQL" [--var name=value ...] | version
 *
 * Connection settings come from DB_* variables and .env files in the current
 * directory (see docs/connection.md), overridden by --url/--ns/--db/--user/--pass. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <surql/conn.h>

#include "cli.h"
#include "conn-opts.h"
#include "format.h"

typedef struct opts {
    surql_cli_conn_opts conn;
    surql_cli_format format;
    int yes;
    const char *sql;
    char *sql_owned;   /* text read by --file, owned */
    surql_value *vars; /* object, owned */
} opts;

static const char *const TOOL = "surql-db";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: error: ", TOOL);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see %s --help)\n", TOOL);
    return SURQL_EXIT_USAGE;
}

/* --var name=value: value is a SurrealQL literal (18, 1.5f, 'text', d"...",
 * user:alice, [1, 2], {a: 1}); text that is not a literal is a plain string. */
static int add_var(opts *o, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return usage_error("--var expects name=value, got '%s'", spec);
    char *name = surql_strndup(spec, (size_t)(eq - spec));
    if (!name)
        return SURQL_EXIT_FAILURE;
    if (surql_ident_validate(name, "variable name") != SURQL_OK || !surql_ident_is_plain(name)) {
        int rc = usage_error("--var name '%s' is not a plain identifier", name);
        surql_free(name);
        return rc;
    }
    surql_value *v = NULL;
    const char *text = eq + 1;
    if (surql_value_from_surql(&v, text, strlen(text)) != SURQL_OK) {
        surql_error_clear();
        v = surql_value_string(text);
    }
    if (!o->vars)
        o->vars = surql_value_object();
    int rc = (v && o->vars) ? surql_value_object_set_take(o->vars, name, v) : SURQL_ENOMEM;
    surql_free(name);
    if (rc) {
        surql_cli_print_error(TOOL, "--var");
        return SURQL_EXIT_FAILURE;
    }
    return SURQL_EXIT_OK;
}

/* --file PATH ("-" = stdin): the SurrealQL text of `query`. */
static int read_sql_file(opts *o, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: error: cannot open %s: %s\n", TOOL, path, strerror(errno));
        return SURQL_EXIT_USAGE;
    }
    surql_buf b = SURQL_BUF_INIT;
    char chunk[8192];
    size_t n;
    int rc = SURQL_OK;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = surql_buf_put(&b, chunk, n);
    int err = ferror(f);
    if (f != stdin)
        fclose(f);
    if (rc || err) {
        surql_buf_dispose(&b);
        fprintf(stderr, "%s: error: cannot read %s\n", TOOL, path);
        return SURQL_EXIT_USAGE;
    }
    o->sql_owned = surql_buf_detach(&b);
    o->sql = o->sql_owned;
    return o->sql ? SURQL_EXIT_OK : SURQL_EXIT_FAILURE;
}

/* Parses options after the command name; positional SQL for `query`
 * (after `--` everything is positional, for text that starts with "--"). */
static int parse_args(opts *o, const char *cmd, int argc, char **argv)
{
    int positional_only = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!positional_only && !strcmp(a, "--")) {
            positional_only = 1;
            continue;
        }
        if (positional_only) {
            if (strcmp(cmd, "query") != 0 || o->sql)
                return usage_error("unexpected argument '%s'", a);
            o->sql = a;
            continue;
        }
        if (!strcmp(a, "--file")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a);
            if (strcmp(cmd, "query") != 0 || o->sql)
                return usage_error("--file is only valid once, with %s", "query");
            int rc = read_sql_file(o, argv[++i]);
            if (rc)
                return rc;
            continue;
        }
        const char **slot = surql_cli_conn_opt_slot(&o->conn, a);
        if (slot || !strcmp(a, "--format") || !strcmp(a, "--var")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a);
            const char *val = argv[++i];
            if (slot)
                *slot = val;
            else if (!strcmp(a, "--format")) {
                if (surql_cli_parse_format(TOOL, val, &o->format))
                    return SURQL_EXIT_USAGE;
            } else {
                int rc = add_var(o, val);
                if (rc)
                    return rc;
            }
        } else if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
            o->yes = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!strcmp(cmd, "query") && !o->sql) {
            o->sql = a;
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
    }
    if (!strcmp(cmd, "query") && !o->sql)
        return usage_error("%s needs the SurrealQL text to run (an argument or --file PATH)",
                           "query");
    if (o->vars && strcmp(cmd, "query") != 0)
        return usage_error("--var is only valid with %s", "query");
    return SURQL_EXIT_OK;
}

static int fail(int rc, const char *context)
{
    return surql_cli_conn_fail(TOOL, rc, context);
}

static int print_or_fail(const surql_value *v, surql_cli_format f)
{
    if (surql_cli_print_value(stdout, v, f)) {
        surql_cli_print_error(TOOL, "output");
        return SURQL_EXIT_FAILURE;
    }
    return SURQL_EXIT_OK;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmd_ping(const opts *o, surql_conn_client *c)
{
    double t0 = now_ms();
    int rc = surql_conn_ping(c);
    if (rc)
        return fail(rc, "ping");
    double dt = now_ms() - t0;
    if (o->format == SURQL_FORMAT_TABLE) {
        printf("ok: %s answered ping in %.2f ms\n", surql_conn_client_server_version(c), dt);
        return SURQL_EXIT_OK;
    }
    surql_value *obj = surql_value_object();
    surql_value_object_set_take(obj, "ok", surql_value_bool(1));
    surql_value_object_set_take(obj, "version",
                                surql_value_string(surql_conn_client_server_version(c)));
    surql_value_object_set_take(obj, "round_trip_ms", surql_value_float(dt));
    rc = print_or_fail(obj, o->format);
    surql_value_unref(obj);
    return rc;
}

static int cmd_version(const opts *o, surql_conn_client *c)
{
    surql_value *v = NULL;
    int rc = surql_conn_server_version(&v, c);
    if (rc)
        return fail(rc, "version");
    rc = print_or_fail(v, o->format);
    surql_value_unref(v);
    return rc;
}

/* Runs SurrealQL; prints the per-statement results. Exit 5 if any statement failed. */
static int run_query(const opts *o, surql_conn_client *c, const char *sql, int print)
{
    surql_value *res = NULL;
    int rc = surql_conn_query(&res, c, sql, o->vars);
    if (rc)
        return fail(rc, "query");
    int failed = surql_conn_query_check(res);
    if (failed)
        surql_cli_print_error(TOOL, NULL);
    if (print && o->format != SURQL_FORMAT_TABLE) {
        rc = print_or_fail(res, o->format);
    } else if (print) {
        size_t n = surql_value_length(res);
        rc = SURQL_EXIT_OK;
        for (size_t i = 0; i < n && !rc; i++) {
            const surql_value *st = surql_value_array_at(res, i);
            const surql_value *status = surql_value_object_get(st, "status");
            const char *s = "";
            size_t sl = 0;
            if (status)
                surql_value_get_string(status, &s, &sl);
            if (n > 1)
                printf("-- statement %zu: %.*s\n", i + 1, (int)sl, s);
            const surql_value *r = surql_value_object_get(st, "result");
            if (r)
                rc = print_or_fail(r, o->format);
        }
    }
    surql_value_unref(res);
    if (failed)
        return SURQL_EXIT_QUERY;
    return rc;
}

static int cmd_info(const opts *o, surql_conn_client *c)
{
    surql_value *res = NULL;
    int rc = surql_conn_query_checked(&res, c, "INFO FOR DB", NULL);
    if (rc)
        return fail(rc, "INFO FOR DB");
    const surql_value *r = surql_value_object_get(surql_value_array_at(res, 0), "result");
    rc = r ? print_or_fail(r, o->format) : SURQL_EXIT_FAILURE;
    surql_value_unref(res);
    return rc;
}

static int cmd_init(const opts *o, surql_conn_client *c)
{
    surql_conn_config *cfg = NULL;
    int rc = surql_cli_conn_config(&o->conn, &cfg);
    if (rc) {
        surql_conn_config_free(cfg);
        return fail(rc, "configuration");
    }
    surql_buf sql = SURQL_BUF_INIT;
    const char *ns = surql_conn_config_get_namespace(cfg);
    const char *db = surql_conn_config_get_database(cfg);
    rc = surql_buf_puts(&sql, "DEFINE NAMESPACE IF NOT EXISTS ");
    if (!rc) rc = surql_ident_escape(&sql, ns);
    if (!rc) rc = surql_buf_puts(&sql, "; USE NS ");
    if (!rc) rc = surql_ident_escape(&sql, ns);
    if (!rc) rc = surql_buf_puts(&sql, "; DEFINE DATABASE IF NOT EXISTS ");
    if (!rc) rc = surql_ident_escape(&sql, db);
    if (!rc) rc = surql_buf_puts(&sql, ";");
    surql_value *res = NULL;
    if (!rc)
        rc = surql_conn_query_checked(&res, c, sql.ptr, NULL);
    if (!rc)
        rc = surql_conn_use(NULL, c, ns, db);
    surql_value_unref(res);
    surql_buf_dispose(&sql);
    if (rc) {
        surql_conn_config_free(cfg);
        return fail(rc, "init");
    }
    printf("ok: namespace %s and database %s exist\n", ns, db);
    surql_conn_config_free(cfg);
    return SURQL_EXIT_OK;
}

static int confirm_reset(const opts *o, const char *ns, const char *db)
{
    if (o->yes)
        return 1;
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr, "%s: error: refusing to reset %s/%s without confirmation: stdin is not a "
                        "terminal; pass --yes to confirm\n", TOOL, ns, db);
        return 0;
    }
    fprintf(stderr, "This removes every table of %s/%s and all their data. Type the database "
                    "name to confirm: ", ns, db);
    char line[256];
    if (!fgets(line, sizeof line, stdin))
        return 0;
    line[strcspn(line, "\r\n")] = '\0';
    return strcmp(line, db) == 0;
}

static int cmd_reset(const opts *o, surql_conn_client *c)
{
    surql_conn_config *cfg = NULL;
    int rc = surql_cli_conn_config(&o->conn, &cfg);
    if (rc) {
        surql_conn_config_free(cfg);
        return fail(rc, "configuration");
    }
    int ok = confirm_reset(o, surql_conn_config_get_namespace(cfg),
                           surql_conn_config_get_database(cfg));
    surql_conn_config_free(cfg);
    if (!ok) {
        fprintf(stderr, "%s: reset cancelled\n", TOOL);
        return SURQL_EXIT_USAGE;
    }
    surql_value *res = NULL;
    rc = surql_conn_query_checked(&res, c, "INFO FOR DB", NULL);
    if (rc)
        return fail(rc, "INFO FOR DB");
    const surql_value *info = surql_value_object_get(surql_value_array_at(res, 0), "result");
    const surql_value *tables = info ? surql_value_object_get(info, "tables") : NULL;
    surql_buf sql = SURQL_BUF_INIT;
    size_t n = tables ? surql_value_length(tables) : 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *name;
        const surql_value *def;
        if (surql_value_object_at(tables, i, &name, NULL, &def))
            continue;
        rc = surql_buf_puts(&sql, "REMOVE TABLE IF EXISTS ");
        if (!rc) rc = surql_ident_escape(&sql, name);
        if (!rc) rc = surql_buf_puts(&sql, ";\n");
    }
    surql_value *res2 = NULL;
    if (!rc && n)
        rc = surql_conn_query_checked(&res2, c, sql.ptr, NULL);
    surql_value_unref(res2);
    surql_value_unref(res);
    surql_buf_dispose(&sql);
    if (rc)
        return fail(rc, "reset");
    printf("ok: removed %zu table%s\n", n, n == 1 ? "" : "s");
    return SURQL_EXIT_OK;
}

static int run(const char *cmd, int argc, char **argv)
{
    opts o;
    memset(&o, 0, sizeof o);
    int ex = parse_args(&o, cmd, argc, argv);
    surql_conn_client *c = NULL;
    if (ex == SURQL_EXIT_OK && surql_conn_global_init() < 0)
        ex = fail(surql_error_last()->code, "init");
    else if (ex == SURQL_EXIT_OK) {
        /* ping/version need no namespace; init creates it before using it */
        unsigned flags = (!strcmp(cmd, "init")) ? SURQL_CONN_CLIENT_NO_USE : 0u;
        ex = surql_cli_connect(TOOL, &o.conn, &c, flags);
        if (ex == SURQL_EXIT_OK) {
            if (!strcmp(cmd, "ping"))
                ex = cmd_ping(&o, c);
            else if (!strcmp(cmd, "version"))
                ex = cmd_version(&o, c);
            else if (!strcmp(cmd, "info"))
                ex = cmd_info(&o, c);
            else if (!strcmp(cmd, "init"))
                ex = cmd_init(&o, c);
            else if (!strcmp(cmd, "reset"))
                ex = cmd_reset(&o, c);
            else
                ex = run_query(&o, c, o.sql, 1);
        }
        surql_conn_client_free(c);
        surql_conn_global_shutdown();
    }
    surql_value_unref(o.vars);
    surql_free(o.sql_owned);
    return ex;
}

static int run_init(int argc, char **argv) { return run("init", argc, argv); }
static int run_ping(int argc, char **argv) { return run("ping", argc, argv); }
static int run_info(int argc, char **argv) { return run("info", argc, argv); }
static int run_reset(int argc, char **argv) { return run("reset", argc, argv); }
static int run_query_cmd(int argc, char **argv) { return run("query", argc, argv); }
static int run_version(int argc, char **argv) { return run("version", argc, argv); }

static const surql_cli_command commands[] = {
    { "init", "", "create the namespace and database of the configuration", run_init },
    { "ping", "[--format F]", "check that the server answers, with the round trip", run_ping },
    { "info", "[--format F]", "show INFO FOR DB of the configured database", run_info },
    { "reset", "[--yes]", "remove every table of the database (asks first)", run_reset },
    { "query", "\"SQL\" | --file PATH [--var name=value ...] [--format F]",
      "run SurrealQL and print each statement's result", run_query_cmd },
    { "version", "[--format F]", "show the server version", run_version },
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
    SURQL_CLI_CONN_HELP
    "The connection options go after the command name.\n"
    "--format table|json|yaml (default table); json and yaml are lossless for SurrealDB\n"
    "types (record ids, datetimes, decimals, NONE ...).\n"
    "`query --file PATH` reads the SurrealQL from a file (- = stdin); `query -- TEXT` takes\n"
    "text that starts with \"--\".\n"
    "--var name=value binds $name for `query`; value is a SurrealQL literal (18, 'text',\n"
    "user:alice, d\"2024-01-01T00:00:00Z\", [1, 2]) or else a plain string.\n"
    "`reset` asks for the database name on a terminal; without one it needs --yes.",
    NULL
};

int main(int argc, char **argv)
{
    return surql_cli_main(&tool, argc, argv);
}
