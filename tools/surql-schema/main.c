/* surql-schema: schema tooling over libsurql-schema: export, ddl, diff,
 * visualize, validate (offline), show and check (live.c: a database over
 * libsurql-conn). See docs/tools.md.
 *
 * Exit codes: 0 success / equal / valid, 1 differences or invalid schema,
 * 2 usage or I/O error; show/check add the connection codes of cli.h. */
#include "schema-tool.h"
#include "format.h"
#include "graphviz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

/* ---- options ------------------------------------------------------------ */

static opt *find_opt(opt *o, const char *name)
{
    for (; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

const char *opt_val(opt *o, const char *name)
{
    opt *x = find_opt(o, name);
    return x ? x->value : NULL;
}

int opts_parse(const char *cmd, int argc, char **argv, opt *o, surql_cli_conn_opts *conn)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return -1;
        char name[64];
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (strncmp(a, "--", 2) != 0 || nl >= sizeof name) {
            fprintf(stderr, "%s %s: error: unexpected argument '%s' (see %s %s --help)\n", TOOL,
                    cmd, a, TOOL, cmd);
            return EX_USAGE;
        }
        memcpy(name, a, nl);
        name[nl] = '\0';
        opt *x = find_opt(o, name);
        const char **slot = !x && conn ? surql_cli_conn_opt_slot(conn, name) : NULL;
        if (slot) {
            if (eq)
                *slot = eq + 1;
            else if (i + 1 < argc)
                *slot = argv[++i];
            else {
                fprintf(stderr, "%s %s: error: %s needs a value\n", TOOL, cmd, name);
                return EX_USAGE;
            }
            continue;
        }
        if (!x) {
            fprintf(stderr, "%s %s: error: unknown option '%s' (see %s %s --help)\n", TOOL, cmd,
                    name, TOOL, cmd);
            return EX_USAGE;
        }
        if (!x->has_arg) {
            if (eq) {
                fprintf(stderr, "%s %s: error: %s takes no value\n", TOOL, cmd, name);
                return EX_USAGE;
            }
            x->value = "1";
        } else if (eq) {
            x->value = eq + 1;
        } else if (i + 1 < argc) {
            x->value = argv[++i];
        } else {
            fprintf(stderr, "%s %s: error: %s needs a value\n", TOOL, cmd, name);
            return EX_USAGE;
        }
    }
    return 0;
}

int tool_usage_error(const char *cmd, const char *what)
{
    fprintf(stderr, "%s %s: error: %s (see %s %s --help)\n", TOOL, cmd, what, TOOL, cmd);
    return EX_USAGE;
}

const char schema_exit_help[] =
    "\nExit codes: 0 success (equal, valid), 1 differences or invalid schema,\n"
    "2 usage or I/O error.\n";

const char schema_source_help[] =
    "A schema PATH is a YAML (.yaml/.yml) or JSON (.json) schema file, a .surql DDL\n"
    "file, a shared object (.so) exporting surql_schema_register, or a directory of\n"
    "those (loaded in name order).\n";

/* ---- helpers ------------------------------------------------------------ */

/* exit code for a failed load/operation: I/O and usage problems are 2 */
int fail_code(void)
{
    switch (surql_error_last()->code) {
    case SURQL_EIO:
    case SURQL_ENOTFOUND:
    case SURQL_EINVAL:
    case SURQL_ENOMEM:
    case SURQL_ERANGE: return EX_USAGE;
    default: return EX_DIFF;
    }
}

int load_source(const char *cmd, const char *path, surql_schema **out)
{
    if (surql_schema_source_kind(path) == SURQL_SCHEMA_SOURCE_UNKNOWN) {
        fprintf(stderr,
                "%s %s: error: %s: unknown kind of schema source (expected .yaml, .yml, .json, "
                ".surql, .so or a directory)\n",
                TOOL, cmd, path);
        return EX_USAGE;
    }
    if (surql_schema_load(out, path, NULL) != SURQL_OK) {
        surql_cli_print_error(TOOL, NULL);
        return fail_code();
    }
    return EX_OK;
}

int dialect_opt(const char *cmd, const char *v, surql_dialect *d)
{
    *d = SURQL_DIALECT_DEFAULT;
    if (v && (strcmp(v, "v2") == 0 || strcmp(v, "v3") == 0)) {
        *d = v[1] == '2' ? SURQL_DIALECT_V2 : SURQL_DIALECT_V3;
        return 0;
    }
    if (v)
        return tool_usage_error(cmd, "--dialect must be v2 or v3");
    return 0;
}

int emit_output(const char *cmd, const char *path, const char *text, size_t len)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "%s %s: error: %s: cannot open for writing: %s\n", TOOL, cmd, path,
                strerror(errno));
        return EX_USAGE;
    }
    size_t w = fwrite(text, 1, len, f);
    int bad = w != len;
    if (path)
        bad |= fclose(f) != 0;
    else
        bad |= fflush(f) != 0;
    if (bad) {
        fprintf(stderr, "%s %s: error: %s: write failed\n", TOOL, cmd, path ? path : "stdout");
        return EX_USAGE;
    }
    return EX_OK;
}

/* ---- export / ddl ------------------------------------------------------- */

static int do_export(const char *cmd, int argc, char **argv, int ddl_only)
{
    opt o[] = { { "--schema", 1, NULL }, { "--format", 1, NULL }, { "--dialect", 1, NULL },
                { "--output", 1, NULL }, { "--overwrite", 0, NULL }, { "--if-not-exists", 0, NULL },
                { NULL, 0, NULL } };
    if (ddl_only)
        o[1].name = "--no-format";
    int rc = opts_parse(cmd, argc, argv, o, NULL);
    if (rc < 0) {
        printf("Usage: %s %s --schema PATH %s[--dialect v2|v3] [--output FILE]\n"
               "       [--overwrite | --if-not-exists]\n\n"
               "%s\n"
               "Options:\n"
               "  --schema PATH      the schema source (required)\n"
               "%s"
               "  --dialect v2|v3    DDL dialect (default v3)\n"
               "  --output FILE      write to FILE instead of stdout\n"
               "  --overwrite        DEFINE ... OVERWRITE (DDL only)\n"
               "  --if-not-exists    DEFINE ... IF NOT EXISTS (DDL only)\n\n%s%s",
               TOOL, cmd, ddl_only ? "" : "[--format surql|json|yaml] ",
               ddl_only ? "Render the schema as SurrealQL DDL (same as export --format surql)."
                        : "Export the schema as SurrealQL DDL, a JSON or a YAML schema file.",
               ddl_only ? "" : "  --format F         surql (default), json or yaml\n", schema_source_help,
               schema_exit_help);
        return EX_OK;
    }
    if (rc)
        return rc;
    const char *path = opt_val(o, "--schema"), *fmt = ddl_only ? NULL : opt_val(o, "--format");
    if (!path)
        return tool_usage_error(cmd, "--schema PATH is required");
    if (fmt && strcmp(fmt, "surql") != 0 && strcmp(fmt, "json") != 0 && strcmp(fmt, "yaml") != 0)
        return tool_usage_error(cmd, "--format must be surql, json or yaml");
    surql_schema_ddl_options d = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    if ((rc = dialect_opt(cmd, opt_val(o, "--dialect"), &d.dialect)))
        return rc;
    if (opt_val(o, "--overwrite") && opt_val(o, "--if-not-exists"))
        return tool_usage_error(cmd, "--overwrite and --if-not-exists exclude each other");
    d.mode = opt_val(o, "--overwrite")       ? SURQL_SCHEMA_DDL_OVERWRITE
             : opt_val(o, "--if-not-exists") ? SURQL_SCHEMA_DDL_IF_NOT_EXISTS
                                         : SURQL_SCHEMA_DDL_PLAIN;
    surql_schema *s = NULL;
    if ((rc = load_source(cmd, path, &s)))
        return rc;
    surql_buf out = SURQL_BUF_INIT;
    int r;
    if (fmt && strcmp(fmt, "json") == 0)
        r = surql_schema_to_json(&out, s);
    else if (fmt && strcmp(fmt, "yaml") == 0)
        r = surql_schema_to_yaml(&out, s);
    else
        r = surql_schema_to_ddl(&out, s, &d);
    if (r) {
        surql_cli_print_error(TOOL, NULL);
        rc = EX_DIFF;
    } else {
        rc = emit_output(cmd, opt_val(o, "--output"), surql_buf_cstr(&out), out.size);
    }
    surql_buf_dispose(&out);
    surql_schema_unref(s);
    return rc;
}

static int cmd_export(int argc, char **argv) { return do_export("export", argc, argv, 0); }
static int cmd_ddl(int argc, char **argv) { return do_export("ddl", argc, argv, 1); }

/* ---- diff --------------------------------------------------------------- */

static int cmd_diff(int argc, char **argv)
{
    opt o[] = { { "--from", 1, NULL }, { "--to", 1, NULL }, { "--dialect", 1, NULL },
                { "--format", 1, NULL }, { "--down", 0, NULL }, { "--output", 1, NULL },
                { NULL, 0, NULL } };
    int rc = opts_parse("diff", argc, argv, o, NULL);
    if (rc < 0) {
        printf("Usage: %s diff --from PATH --to PATH [--dialect v2|v3] [--format surql|json]\n"
               "       [--down] [--output FILE]\n\n"
               "The changes that turn the --from schema into the --to schema.\n\n"
               "Options:\n"
               "  --from PATH        the current schema\n"
               "  --to PATH          the target schema\n"
               "  --dialect v2|v3    DDL dialect (default v3)\n"
               "  --format F         surql (default): the up DDL; json: the list of changes\n"
               "                     with their up and down DDL\n"
               "  --down             with --format surql: print the down DDL instead\n"
               "  --output FILE      write to FILE instead of stdout\n\n%s"
               "\nExit codes: 0 the schemas are equal (nothing printed), 1 they differ,\n"
               "2 usage or I/O error (an invalid schema is 1).\n",
               TOOL, schema_source_help);
        return EX_OK;
    }
    if (rc)
        return rc;
    const char *from = opt_val(o, "--from"), *to = opt_val(o, "--to"), *fmt = opt_val(o, "--format");
    if (!from || !to)
        return tool_usage_error("diff", "--from PATH and --to PATH are required");
    if (fmt && strcmp(fmt, "surql") != 0 && strcmp(fmt, "json") != 0)
        return tool_usage_error("diff", "--format must be surql or json");
    surql_schema_diff_options dopt = SURQL_SCHEMA_DIFF_OPTIONS_INIT;
    if ((rc = dialect_opt("diff", opt_val(o, "--dialect"), &dopt.dialect)))
        return rc;
    surql_schema *a = NULL, *b = NULL;
    surql_schema_diff *d = NULL;
    surql_buf out = SURQL_BUF_INIT;
    if ((rc = load_source("diff", from, &a)) || (rc = load_source("diff", to, &b)))
        goto done;
    if (surql_schema_diff_new(&d, a, b, &dopt) != SURQL_OK) {
        surql_cli_print_error(TOOL, NULL);
        rc = fail_code();
        goto done;
    }
    size_t n = surql_schema_diff_count(d);
    int r = SURQL_OK;
    if (fmt && strcmp(fmt, "json") == 0) {
        surql_value *arr = surql_value_array();
        for (size_t i = 0; arr && !r && i < n; i++) {
            surql_value *c = surql_value_object();
            const char *t = surql_schema_diff_table(d, i), *old = surql_schema_diff_old_name(d, i);
            r = surql_value_object_set_take(
                c, "kind", surql_value_string(surql_schema_change_kind_name(surql_schema_diff_kind(d, i))));
            if (!r)
                r = surql_value_object_set_take(c, "table", t ? surql_value_string(t) : surql_value_null());
            if (!r)
                r = surql_value_object_set_take(c, "name", surql_value_string(surql_schema_diff_name(d, i)));
            if (!r && old)
                r = surql_value_object_set_take(c, "old_name", surql_value_string(old));
            if (!r)
                r = surql_value_object_set_take(c, "edge", surql_value_bool(surql_schema_diff_is_edge(d, i)));
            if (!r)
                r = surql_value_object_set_take(c, "up", surql_value_string(surql_schema_diff_up(d, i)));
            if (!r)
                r = surql_value_object_set_take(c, "down", surql_value_string(surql_schema_diff_down(d, i)));
            if (!r)
                r = surql_value_array_push_take(arr, c);
            else
                surql_value_unref(c);
        }
        if (!arr)
            r = SURQL_ENOMEM;
        if (!r)
            r = surql_value_to_json(arr, &out, SURQL_JSON_PRETTY);
        if (!r)
            r = surql_buf_putc(&out, '\n');
        surql_value_unref(arr);
    } else if (n) {
        r = opt_val(o, "--down") ? surql_schema_diff_down_ddl(&out, d) : surql_schema_diff_up_ddl(&out, d);
    }
    if (r) {
        surql_cli_print_error(TOOL, NULL);
        rc = EX_USAGE;
        goto done;
    }
    if (out.size || opt_val(o, "--output"))
        rc = emit_output("diff", opt_val(o, "--output"), surql_buf_cstr(&out), out.size);
    if (!rc)
        rc = n ? EX_DIFF : EX_OK;
done:
    surql_buf_dispose(&out);
    surql_schema_diff_free(d);
    surql_schema_unref(a);
    surql_schema_unref(b);
    return rc;
}

/* ---- visualize ---------------------------------------------------------- */

static int cmd_visualize(int argc, char **argv)
{
    opt o[] = { { "--schema", 1, NULL }, { "--format", 1, NULL }, { "--output", 1, NULL },
                { "--no-fields", 0, NULL }, { "--no-edges", 0, NULL }, { "--tables", 1, NULL },
                { "--text", 0, NULL }, { NULL, 0, NULL } };
    int rc = opts_parse("visualize", argc, argv, o, NULL);
    if (rc < 0) {
        printf("Usage: %s visualize --schema PATH --format mermaid|graphviz|ascii\n"
               "       [--output FILE] [--no-fields] [--no-edges] [--tables a,b]\n\n"
               "Draw the schema: tables with their fields, relation edges and record links.\n\n"
               "Options:\n"
               "  --schema PATH      the schema source (required)\n"
               "  --format F         mermaid (erDiagram), graphviz (DOT, built with cgraph)\n"
               "                     or ascii (required)\n"
               "  --output FILE      write to FILE instead of stdout\n"
               "  --no-fields        hide field details\n"
               "  --no-edges         hide edges (relation tables and their links)\n"
               "  --tables a,b       only these tables and edges (and edges between them)\n"
               "  --text             graphviz: the library's DOT text instead of cgraph's\n\n%s%s",
               TOOL, schema_source_help, schema_exit_help);
        return EX_OK;
    }
    if (rc)
        return rc;
    const char *path = opt_val(o, "--schema"), *fmt = opt_val(o, "--format");
    if (!path)
        return tool_usage_error("visualize", "--schema PATH is required");
    if (!fmt)
        return tool_usage_error("visualize", "--format mermaid|graphviz|ascii is required");
    surql_schema_viz_options vo = SURQL_SCHEMA_VIZ_OPTIONS_INIT;
    if (surql_schema_viz_format_parse(&vo.format, fmt) != SURQL_OK)
        return tool_usage_error("visualize", "--format must be mermaid, graphviz or ascii");
    vo.show_fields = !opt_val(o, "--no-fields");
    vo.show_edges = !opt_val(o, "--no-edges");
    char *list = NULL;
    const char **names = NULL;
    size_t nn = 0;
    const char *tl = opt_val(o, "--tables");
    if (tl) {
        list = surql_strdup(tl);
        names = calloc(strlen(tl) + 1, sizeof *names);
        if (!list || !names) {
            free(list);
            free(names);
            return EX_USAGE;
        }
        for (char *p = list, *save = NULL, *tok; (tok = strtok_r(p, ",", &save)); p = NULL)
            if (*tok)
                names[nn++] = tok;
        if (!nn) {
            free(list);
            free(names);
            return tool_usage_error("visualize", "--tables needs at least one name");
        }
        vo.tables = names;
        vo.ntables = nn;
    }
    surql_schema *s = NULL;
    surql_buf out = SURQL_BUF_INIT;
    if ((rc = load_source("visualize", path, &s)))
        goto done;
    if (vo.format == SURQL_SCHEMA_VIZ_GRAPHVIZ && !opt_val(o, "--text")) {
        const char *op = opt_val(o, "--output");
        FILE *f = op ? fopen(op, "wb") : stdout;
        if (!f) {
            fprintf(stderr, "%s visualize: error: %s: cannot open for writing: %s\n", TOOL, op,
                    strerror(errno));
            rc = EX_USAGE;
            goto done;
        }
        int r = schema_write_graphviz(f, s, &vo);
        if (op && fclose(f) != 0 && !r)
            r = SURQL_EIO;
        if (!op)
            fflush(stdout);
        if (r) {
            surql_cli_print_error(TOOL, NULL);
            rc = surql_error_last()->code == SURQL_ENOTFOUND ? EX_USAGE : fail_code();
        }
        goto done;
    }
    if (surql_schema_visualize(&out, s, &vo) != SURQL_OK) {
        surql_cli_print_error(TOOL, NULL);
        rc = surql_error_last()->code == SURQL_ENOTFOUND ? EX_USAGE : fail_code();
        goto done;
    }
    rc = emit_output("visualize", opt_val(o, "--output"), surql_buf_cstr(&out), out.size);
done:
    surql_buf_dispose(&out);
    surql_schema_unref(s);
    free(list);
    free(names);
    return rc;
}

/* ---- validate ----------------------------------------------------------- */

int validation_output(const char *cmd, const surql_schema_validation *v, surql_cli_format f,
                      unsigned report_flags)
{
    surql_buf out = SURQL_BUF_INIT;
    surql_value *val = NULL;
    int r = f == SURQL_FORMAT_TABLE ? surql_schema_validation_report(&out, v, report_flags)
                                    : surql_schema_validation_to_json(&out, v);
    if (!r && f == SURQL_FORMAT_YAML) {
        /* the same results as YAML: the JSON array re-read and printed as YAML */
        r = surql_value_from_json(&val, out.ptr, out.size, 0);
        if (!r)
            r = surql_cli_print_value(stdout, val, SURQL_FORMAT_YAML);
        if (!r && fflush(stdout) != 0)
            r = surql_error_set(SURQL_EIO, TOOL, "stdout: write failed");
    }
    int rc = EX_OK;
    if (r) {
        surql_cli_print_error(TOOL, NULL);
        rc = EX_USAGE;
    } else if (f != SURQL_FORMAT_YAML) {
        rc = emit_output(cmd, NULL, surql_buf_cstr(&out), out.size);
    }
    surql_value_unref(val);
    surql_buf_dispose(&out);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    opt o[] = { { "--schema", 1, NULL }, { "--against", 1, NULL }, { "--dialect", 1, NULL },
                { "--format", 1, NULL }, { "--info", 0, NULL }, { "--strict", 0, NULL },
                { NULL, 0, NULL } };
    int rc = opts_parse("validate", argc, argv, o, NULL);
    if (rc < 0) {
        printf("Usage: %s validate --schema PATH [--dialect v2|v3] [--against PATH]\n"
               "       [--format table|json] [--info] [--strict]\n\n"
               "Check a schema source: it loads (errors name FILE:LINE:COLUMN and, for unknown\n"
               "keys, the nearest valid key) and, with --dialect, renders for that dialect.\n"
               "With --against, compare it with another schema (the database's, e.g. an\n"
               "export of INFO FOR DB) and report the differences by severity.\n\n"
               "Options:\n"
               "  --schema PATH      the code schema (required)\n"
               "  --dialect v2|v3    also check that every construct exists in the dialect\n"
               "  --against PATH     the database schema to validate against\n"
               "  --format F         table (default: text report) or json (with --against)\n"
               "  --info             include INFO results in the text report\n"
               "  --strict           with --against: warnings fail too\n\n%s"
               "\nExit codes: 0 valid (no ERROR result), 1 invalid schema or ERROR results\n"
               "(or warnings with --strict), 2 usage or I/O error.\n",
               TOOL, schema_source_help);
        return EX_OK;
    }
    if (rc)
        return rc;
    const char *path = opt_val(o, "--schema"), *against = opt_val(o, "--against"), *fmt = opt_val(o, "--format");
    if (!path)
        return tool_usage_error("validate", "--schema PATH is required");
    surql_cli_format f = SURQL_FORMAT_TABLE;
    if (fmt && (surql_cli_parse_format(TOOL, fmt, &f) != 0 || f == SURQL_FORMAT_YAML))
        return tool_usage_error("validate", "--format must be table or json");
    surql_schema *s = NULL, *db = NULL;
    surql_schema_validation *v = NULL;
    surql_buf out = SURQL_BUF_INIT;
    if ((rc = load_source("validate", path, &s)))
        goto done;
    if (opt_val(o, "--dialect")) {
        surql_schema_ddl_options d = SURQL_SCHEMA_DDL_OPTIONS_INIT;
        if ((rc = dialect_opt("validate", opt_val(o, "--dialect"), &d.dialect)))
            goto done;
        if (surql_schema_to_ddl(&out, s, &d) != SURQL_OK) {
            surql_cli_print_error(TOOL, path);
            rc = EX_DIFF;
            goto done;
        }
        surql_buf_clear(&out);
    }
    if (!against) {
        printf("%s: valid (%zu tables and edges, %zu accesses, %zu params, %zu functions, "
               "%zu analyzers)\n",
               path, surql_schema_table_count(s), surql_schema_access_count(s),
               surql_schema_param_count(s), surql_schema_function_count(s),
               surql_schema_analyzer_count(s));
        goto done;
    }
    if ((rc = load_source("validate", against, &db)))
        goto done;
    if (surql_schema_validate(&v, s, db) != SURQL_OK) {
        surql_cli_print_error(TOOL, NULL);
        rc = EX_USAGE;
        goto done;
    }
    rc = validation_output("validate", v, f,
                           opt_val(o, "--info") ? SURQL_SCHEMA_REPORT_INFO : 0);
    if (!rc && (surql_schema_validation_has_errors(v) ||
                (opt_val(o, "--strict") &&
                 surql_schema_validation_count_severity(v, SURQL_SCHEMA_SEVERITY_WARNING))))
        rc = EX_DIFF;
done:
    surql_buf_dispose(&out);
    surql_schema_validation_free(v);
    surql_schema_unref(s);
    surql_schema_unref(db);
    return rc;
}

static const surql_cli_command commands[] = {
    { "export", "--schema PATH [--format F]", "export the schema as SurrealQL, JSON or YAML", cmd_export },
    { "ddl", "--schema PATH [--dialect v2|v3]", "render the schema as SurrealQL DDL", cmd_ddl },
    { "diff", "--from PATH --to PATH", "the changes between two schemas (exit 1: differ)", cmd_diff },
    { "visualize", "--schema PATH --format F", "draw the schema (mermaid, graphviz, ascii)", cmd_visualize },
    { "validate", "--schema PATH [--against PATH]", "check a schema (file:line:col errors, drift)", cmd_validate },
    { "show", "[--format F]", "show the schema of a live database", cmd_show },
    { "check", "--schema PATH", "compare code and database schemas (drift)", cmd_check },
    { NULL, NULL, NULL, NULL }
};

static const surql_cli_libversion libraries[] = {
    { "schema", surql_schema_version_string },
    { "query", surql_query_version_string },
    { "conn", surql_conn_version_string },
    { NULL, NULL }
};

static const surql_cli_tool tool = {
    TOOL, "SurrealDB schema tooling", libraries, commands,
    "Run `surql-schema <command> --help` for a command's options. show and check read\n"
    "a live database (connection options as surql-db's).",
    "\nExit codes:\n"
    "  0 success, equal or valid; 1 differences (drift) or an invalid schema;\n"
    "  2 usage or I/O error; show/check: 3 configuration error, 4 connection or\n"
    "  authentication failure, 5 the server refused INFO.\n"
};

int main(int argc, char **argv)
{
    return surql_cli_main(&tool, argc, argv);
}
