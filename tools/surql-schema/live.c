/* surql-schema show / check: the schema of a live database, read with
 * surql_conn_schema_fetch() (INFO FOR DB / INFO FOR TABLE), printed or
 * compared with a code schema (surql_schema_validate()). */
#include "schema-tool.h"
#include "format.h"

#include <stdio.h>
#include <string.h>

#include <surql/conn.h>

/* connect with the surql-db options and fetch the database's schema; an exit code */
static int fetch(const surql_cli_conn_opts *co, surql_schema **out, surql_dialect *dialect)
{
    if (surql_conn_global_init() < 0)
        return surql_cli_conn_fail(TOOL, surql_error_last()->code, "init");
    surql_conn_client *c = NULL;
    int ex = surql_cli_connect(TOOL, co, &c, 0);
    if (ex == EX_OK) {
        *dialect = (surql_dialect)surql_conn_client_dialect(c);
        int rc = surql_conn_schema_fetch(out, c);
        if (rc)
            ex = surql_cli_conn_fail(TOOL, rc, "reading the database schema");
    }
    surql_conn_client_free(c);
    surql_conn_global_shutdown();
    return ex;
}

/* `show --format table`: one row per table or edge */
static int summary(const surql_schema *s)
{
    surql_value *rows = surql_value_array();
    int rc = rows ? SURQL_OK : SURQL_ENOMEM;
    for (size_t i = 0; !rc && i < surql_schema_table_count(s); i++) {
        const surql_schema_table *t = surql_schema_table_at(s, i);
        surql_schema_table_mode m = surql_schema_table_get_mode(t);
        surql_value *r = surql_value_object();
        rc = r ? SURQL_OK : SURQL_ENOMEM;
        if (!rc)
            rc = surql_value_object_set_take(r, "table",
                                             surql_value_string(surql_schema_table_name(t)));
        if (!rc)
            rc = surql_value_object_set_take(
                r, "kind", surql_value_string(surql_schema_table_is_edge(t) ? "edge" : "table"));
        if (!rc)
            rc = surql_value_object_set_take(
                r, "mode",
                surql_value_string(m == SURQL_SCHEMA_SCHEMAFULL   ? "schemafull"
                                   : m == SURQL_SCHEMA_SCHEMALESS ? "schemaless"
                                                                  : "default"));
        if (!rc)
            rc = surql_value_object_set_take(
                r, "fields", surql_value_int((int64_t)surql_schema_table_field_count(t)));
        if (!rc)
            rc = surql_value_object_set_take(
                r, "indexes", surql_value_int((int64_t)surql_schema_table_index_count(t)));
        if (!rc)
            rc = surql_value_object_set_take(
                r, "events", surql_value_int((int64_t)surql_schema_table_event_count(t)));
        if (!rc)
            rc = surql_value_array_push_take(rows, r);
        else
            surql_value_unref(r);
    }
    if (!rc)
        rc = surql_cli_print_value(stdout, rows, SURQL_FORMAT_TABLE);
    surql_value_unref(rows);
    return rc;
}

/* Parse @p cmd's options @p o and the connection options into @p co. --help:
 * print @p help and return -1 (the caller exits EX_OK); else opts_parse(). */
static int live_opts(const char *cmd, int argc, char **argv, opt *o, surql_cli_conn_opts *co,
                     void (*help)(void))
{
    memset(co, 0, sizeof *co);
    int rc = opts_parse(cmd, argc, argv, o, co);
    if (rc < 0)
        help();
    return rc;
}

static void show_help(void)
{
    printf("Usage: %s show [--format surql|json|yaml|table] [--dialect v2|v3]\n"
           "       [--table NAME] [--output FILE] [connection options]\n\n"
           "Print the schema of the connected database, read with INFO FOR DB and\n"
           "INFO FOR TABLE: as SurrealQL DDL (default, in the server's dialect), as a\n"
           "JSON or YAML schema file (which the other commands read back), or as a\n"
           "table of the tables and edges with their field, index and event counts.\n\n"
           "Options:\n"
           "  --format F         surql (default), json, yaml or table\n"
           "  --dialect v2|v3    DDL dialect (default: the server's)\n"
           "  --table NAME       only this table or edge\n"
           "  --output FILE      write to FILE instead of stdout\n\n" SURQL_CLI_CONN_HELP
           "\nExit codes: 0 success, 1 the schema cannot be read or rendered (or no such\n"
           "--table), 2 usage or I/O error, 3 configuration error, 4 connection or\n"
           "authentication failure, 5 the server refused INFO.\n",
           TOOL);
}

int cmd_show(int argc, char **argv)
{
    opt o[] = { { "--format", 1, NULL }, { "--dialect", 1, NULL }, { "--table", 1, NULL },
                { "--output", 1, NULL }, { NULL, 0, NULL } };
    surql_cli_conn_opts co;
    int rc = live_opts("show", argc, argv, o, &co, show_help);
    if (rc)
        return rc < 0 ? EX_OK : rc;
    const char *fmt = opt_val(o, "--format"), *table = opt_val(o, "--table");
    if (fmt && strcmp(fmt, "surql") && strcmp(fmt, "json") && strcmp(fmt, "yaml") &&
        strcmp(fmt, "table"))
        return tool_usage_error("show", "--format must be surql, json, yaml or table");
    if (fmt && !strcmp(fmt, "table") && opt_val(o, "--output"))
        return tool_usage_error("show", "--output is not available with --format table");
    surql_schema_ddl_options d = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    if ((rc = dialect_opt("show", opt_val(o, "--dialect"), &d.dialect)))
        return rc;
    surql_schema *s = NULL, *one = NULL;
    surql_dialect server = SURQL_DIALECT_V3;
    if ((rc = fetch(&co, &s, &server)))
        return rc;
    if (!opt_val(o, "--dialect"))
        d.dialect = server;
    if (table) {
        const surql_schema_table *t = surql_schema_get_table(s, table);
        if (!t) {
            fprintf(stderr, "%s show: error: the database has no table or edge '%s'\n", TOOL,
                    table);
            surql_schema_unref(s);
            return EX_DIFF;
        }
        surql_schema *empty = NULL;
        int r = surql_schema_new(&empty);
        if (!r)
            r = surql_schema_with_table(&one, empty, t);
        surql_schema_unref(empty);
        surql_schema_unref(s);
        if (r) {
            surql_cli_print_error(TOOL, NULL);
            return EX_DIFF;
        }
        s = one;
    }
    surql_buf out = SURQL_BUF_INIT;
    int r;
    if (fmt && !strcmp(fmt, "table"))
        r = summary(s);
    else if (fmt && !strcmp(fmt, "json"))
        r = surql_schema_to_json(&out, s);
    else if (fmt && !strcmp(fmt, "yaml"))
        r = surql_schema_to_yaml(&out, s);
    else
        r = surql_schema_to_ddl(&out, s, &d);
    if (r) {
        surql_cli_print_error(TOOL, NULL);
        rc = EX_DIFF;
    } else if (!fmt || strcmp(fmt, "table") != 0) {
        rc = emit_output("show", opt_val(o, "--output"), surql_buf_cstr(&out), out.size);
    }
    surql_buf_dispose(&out);
    surql_schema_unref(s);
    return rc;
}

static void check_help(void)
{
    printf("Usage: %s check --schema PATH [--format table|json|yaml] [connection options]\n\n"
           "Compare the code schema with the schema of the connected database (drift):\n"
           "every difference is listed with its severity (ERROR: the database lacks what\n"
           "the code needs; WARNING: a definition differs or exists only in the\n"
           "database; INFO: e.g. an index only in the database or a different comment).\n\n"
           "Options:\n"
           "  --schema PATH      the code schema (required)\n"
           "  --format F         table (default: text report), json or yaml\n\n"
           "%s\n" SURQL_CLI_CONN_HELP
           "\nExit codes: 0 the database matches the schema, 1 drift (any difference) or\n"
           "a schema that cannot be loaded or read, 2 usage or I/O error, 3 configuration\n"
           "error, 4 connection or authentication failure, 5 the server refused INFO.\n",
           TOOL, schema_source_help);
}

int cmd_check(int argc, char **argv)
{
    opt o[] = { { "--schema", 1, NULL }, { "--format", 1, NULL }, { NULL, 0, NULL } };
    surql_cli_conn_opts co;
    int rc = live_opts("check", argc, argv, o, &co, check_help);
    if (rc)
        return rc < 0 ? EX_OK : rc;
    const char *path = opt_val(o, "--schema"), *fmt = opt_val(o, "--format");
    if (!path)
        return tool_usage_error("check", "--schema PATH is required");
    surql_cli_format f = SURQL_FORMAT_TABLE;
    if (fmt && surql_cli_parse_format(TOOL, fmt, &f) != 0)
        return EX_USAGE;
    surql_schema *code = NULL, *db = NULL;
    surql_schema_validation *v = NULL;
    surql_dialect server = SURQL_DIALECT_V3;
    if ((rc = load_source("check", path, &code)) || (rc = fetch(&co, &db, &server)))
        goto done;
    if (surql_schema_validate(&v, code, db) != SURQL_OK) {
        surql_cli_print_error(TOOL, NULL);
        rc = fail_code();
        goto done;
    }
    rc = validation_output("check", v, f, SURQL_SCHEMA_REPORT_INFO);
    if (!rc && surql_schema_validation_count(v))
        rc = EX_DIFF;
done:
    surql_schema_validation_free(v);
    surql_schema_unref(code);
    surql_schema_unref(db);
    return rc;
}
