/* Schema files: YAML and JSON loading (every key, every error with
 * FILE:LINE:COL and the suggestion), export round trips, directories and
 * shared-object plugins. Golden files live in tests/data/files/. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <surql/schema.h>

static char *data_path(const char *name)
{
    static char path[1024];
    const char *dir = getenv("SURQL_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/libsurql-schema/tests/data/%s", dir ? dir : ".", name);
    return path;
}

static char *slurp(const char *name)
{
    return st_read_file(data_path(name));
}

static surql_schema *load(const char *name)
{
    surql_schema *s = NULL;
    if (surql_schema_load(&s, data_path(name), NULL) != SURQL_OK) {
        st_fail(__FILE__, __LINE__, "load %s: %s", name, surql_error_last()->message);
        return NULL;
    }
    return s;
}

static int same(const surql_schema *a, const surql_schema *b, const char *what)
{
    surql_schema_diff *d = NULL;
    if (surql_schema_diff_new(&d, a, b, NULL) != SURQL_OK)
        return st_fail(__FILE__, __LINE__, "%s: diff: %s", what, surql_error_last()->message);
    int ok = surql_schema_diff_count(d) == 0;
    for (size_t i = 0; i < surql_schema_diff_count(d); i++)
        st_fail(__FILE__, __LINE__, "%s: %s %s", what,
                surql_schema_change_kind_name(surql_schema_diff_kind(d, i)), surql_schema_diff_up(d, i));
    surql_schema_diff_free(d);
    return ok;
}

/* every key of the format, rendered for both dialects, equals the golden DDL */
ST_TEST(yaml_every_key_ddl)
{
    surql_schema *s = load("files/full.yaml");
    ST_CHECK(s);
    for (int d = 2; d <= 3; d++) {
        surql_buf b = SURQL_BUF_INIT;
        surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
        o.dialect = (surql_dialect)d;
        char *want = slurp(d == 2 ? "files/full.v2.surql" : "files/full.v3.surql");
        int rc = surql_schema_to_ddl(&b, s, &o);
        int ok = rc == SURQL_OK && want && strcmp(surql_buf_cstr(&b), want) == 0;
        if (!ok)
            st_fail(__FILE__, __LINE__, "dialect v%d:\n%s", d, surql_buf_cstr(&b));
        free(want);
        surql_buf_dispose(&b);
        ST_BAIL_IF_FAILED();
    }
    /* things the DDL does not show */
    const surql_schema_table *u = surql_schema_get_table(s, "user");
    ST_EQ_STR("nickname", surql_schema_field_renamed_from(surql_schema_table_get_field(u, "nick")));
    const surql_value *cfg = surql_schema_param_value_value(surql_schema_get_param(s, "cfg"));
    ST_EQ_INT(SURQL_VALUE_OBJECT, surql_value_type_of(cfg));
    ST_EQ_INT(1, surql_schema_table_is_edge(surql_schema_get_table(s, "tagged")));
    surql_schema_unref(s);
}

/* the same schema as JSON gives the same model */
ST_TEST(json_equals_yaml)
{
    surql_schema *a = load("files/full.yaml"), *b = load("files/full.json");
    ST_CHECK(a && b);
    same(a, b, "json vs yaml");
    surql_schema_unref(a);
    surql_schema_unref(b);
}

/* export: the golden YAML, and YAML/JSON that read back to an equal schema */
ST_TEST(export_round_trips)
{
    surql_schema *s = load("files/full.yaml");
    ST_CHECK(s);
    surql_buf y = SURQL_BUF_INIT, j = SURQL_BUF_INIT;
    ST_OK(surql_schema_to_yaml(&y, s));
    ST_OK(surql_schema_to_json(&j, s));
    char *want = slurp("files/full.export.yaml");
    ST_CHECK(want);
    ST_EQ_STR(want, surql_buf_cstr(&y));
    free(want);
    want = slurp("files/full.json");
    ST_EQ_STR(want, surql_buf_cstr(&j));
    free(want);
    surql_schema *y2 = NULL, *j2 = NULL;
    ST_OK(surql_schema_from_yaml(&y2, y.ptr, y.size, "export.yaml"));
    ST_OK(surql_schema_from_json(&j2, j.ptr, j.size, "export.json"));
    same(s, y2, "yaml export");
    same(s, j2, "json export");
    /* exporting again is stable */
    surql_buf y3 = SURQL_BUF_INIT;
    ST_OK(surql_schema_to_yaml(&y3, y2));
    ST_EQ_STR(surql_buf_cstr(&y), surql_buf_cstr(&y3));
    surql_buf_dispose(&y);
    surql_buf_dispose(&j);
    surql_buf_dispose(&y3);
    surql_schema_unref(y2);
    surql_schema_unref(j2);
    surql_schema_unref(s);
}

/* DDL (what INFO reports) -> YAML -> model -> DDL: equal at every step */
ST_TEST(ddl_yaml_ddl)
{
    const char *srcs[] = { "integration.surql", "model.surql", "info-v3.surql", "info-v2.surql" };
    for (size_t k = 0; k < sizeof srcs / sizeof srcs[0]; k++) {
        surql_schema *s = load(srcs[k]), *back = NULL, *again = NULL;
        ST_CHECK(s);
        surql_buf y = SURQL_BUF_INIT, ddl = SURQL_BUF_INIT;
        surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
        o.dialect = strstr(srcs[k], "v2") ? SURQL_DIALECT_V2 : SURQL_DIALECT_V3;
        int rc = surql_schema_to_yaml(&y, s);
        if (!rc)
            rc = surql_schema_from_yaml(&back, y.ptr, y.size, srcs[k]);
        if (!rc)
            rc = surql_schema_to_ddl(&ddl, back, &o);
        if (!rc)
            rc = surql_schema_parse(&again, ddl.ptr, ddl.size);
        if (rc)
            st_fail(__FILE__, __LINE__, "%s: %s\n%s", srcs[k], surql_error_last()->message,
                    surql_buf_cstr(&y));
        else if (same(s, back, srcs[k]))
            same(s, again, srcs[k]);
        surql_buf_dispose(&y);
        surql_buf_dispose(&ddl);
        surql_schema_unref(s);
        surql_schema_unref(back);
        surql_schema_unref(again);
        ST_BAIL_IF_FAILED();
    }
}

/* ---- errors: exact messages with FILE:LINE:COL ----------------------------- */

typedef struct errcase {
    int json;
    const char *text;
    int code;
    const char *message;
} errcase;

static const errcase errors[] = {
    /* unknown keys at every level, with the nearest valid key */
    { 0, "tabels: {}\n", SURQL_EPARSE,
      "f.yaml:1:1: unknown key 'tabels' in the schema document (did you mean 'tables'?)" },
    { 0, "tables:\n  user:\n    feilds: {}\n", SURQL_EPARSE,
      "f.yaml:3:5: unknown key 'feilds' in table 'user' (did you mean 'fields'?)" },
    { 0, "tables:\n  user:\n    fields:\n      a: {tpye: int}\n", SURQL_EPARSE,
      "f.yaml:4:11: unknown key 'tpye' in field 'a' of table 'user' (did you mean 'type'?)" },
    { 0, "tables:\n  user:\n    zzz: 1\n", SURQL_EPARSE,
      "f.yaml:3:5: unknown key 'zzz' in table 'user' (valid keys: type, mode, drop, from, to, "
      "enforced, changefeed, comment, permissions, fields, indexes, events)" },
    { 0, "tables:\n  t:\n    indexes:\n      i: {columns: [a], dimension: 3}\n", SURQL_EPARSE,
      "f.yaml:4:25: unknown key 'dimension' in index 'i' of table 't' (valid keys: type, columns, "
      "comment)" },
    { 0, "tables:\n  t:\n    indexes:\n      i: {type: hnsw, columns: [a], dimensoin: 3}\n",
      SURQL_EPARSE,
      "f.yaml:4:37: unknown key 'dimensoin' in index 'i' of table 't' (did you mean 'dimension'?)" },
    { 0, "tables:\n  t:\n    events:\n      e: {then: x, wehn: y}\n", SURQL_EPARSE,
      "f.yaml:4:20: unknown key 'wehn' in event 'e' of table 't' (did you mean 'when'?)" },
    { 0, "accesses:\n  a: {type: record, signin: x, sigup: y}\n", SURQL_EPARSE,
      "f.yaml:2:32: unknown key 'sigup' in access 'a' (did you mean 'signup'?)" },
    { 0, "params:\n  p: {value: 1, coment: x}\n", SURQL_EPARSE,
      "f.yaml:2:17: unknown key 'coment' in param 'p' (did you mean 'comment'?)" },
    { 0, "functions:\n  f: {body: x, return: int}\n", SURQL_EPARSE,
      "f.yaml:2:16: unknown key 'return' in function 'f' (did you mean 'returns'?)" },
    { 0, "analyzers:\n  a: {filter: [lowercase]}\n", SURQL_EPARSE,
      "f.yaml:2:7: unknown key 'filter' in analyzer 'a' (did you mean 'filters'?)" },
    { 0, "tables:\n  t:\n    permissions: {selct: FULL}\n", SURQL_EPARSE,
      "f.yaml:3:19: unknown key 'selct' in the permissions of table 't' (did you mean 'select'?)" },
    { 0, "tables:\n  t:\n    fields:\n      a: {type: int, permissions: {delete: NONE}}\n",
      SURQL_EPARSE,
      "f.yaml:4:36: unknown key 'delete' in the permissions of field 'a' of table 't' (valid keys: "
      "select, create, update)" },
    { 0, "tables:\n  t:\n    changefeed: {duraton: 1d}\n", SURQL_EPARSE,
      "f.yaml:3:18: unknown key 'duraton' in the changefeed of table 't' (did you mean "
      "'duration'?)" },
    /* wrong shapes and values */
    { 0, "tables: [a]\n", SURQL_EPARSE, "f.yaml:1:9: 'tables' must be a mapping of names (got a list)" },
    { 0, "tables:\n  t: x\n", SURQL_EPARSE, "f.yaml:2:6: table 't' must be a mapping (got a scalar)" },
    { 0, "tables:\n  t:\n    drop: maybe\n", SURQL_EPARSE,
      "f.yaml:3:11: 'drop' of table 't' must be true or false" },
    { 0, "tables:\n  t:\n    mode: schemaful\n", SURQL_EPARSE,
      "f.yaml:3:11: 'mode' of table 't': unknown value 'schemaful' (did you mean 'schemafull'?)" },
    { 0, "tables:\n  t:\n    indexes:\n      i: {type: hnsw, columns: [a], dimension: -3}\n",
      SURQL_EPARSE,
      "f.yaml:4:48: 'dimension' of index 'i' of table 't' must be a non-negative integer" },
    { 0, "tables:\n  t:\n    indexes:\n      i: {type: hnsw, columns: [a], dimension: 3, "
         "distance: cosin}\n",
      SURQL_EPARSE,
      "f.yaml:4:61: 'distance' of index 'i' of table 't': unknown value 'cosin' (did you mean "
      "'cosine'?)" },
    { 0, "tables:\n  t:\n    from: a\n", SURQL_ESCHEMA,
      "f.yaml:3:11: table 't': 'from', 'to' and 'enforced' need type relation" },
    { 0, "accesses:\n  a: {signin: x}\n", SURQL_EPARSE,
      "f.yaml:2:6: access 'a' needs a 'type' (record or jwt)" },
    { 0, "version: 2\n", SURQL_EUNSUPPORTED,
      "f.yaml:1:10: unsupported schema file version '2' (this library reads version 1)" },
    { 0, "tables:\n  t: {}\nedges:\n  t: {}\n", SURQL_ESCHEMA_CONFLICT,
      "f.yaml:4:3: 't' is defined both under 'tables' and under 'edges'" },
    /* model errors, located at the offending node */
    { 0, "tables:\n  t:\n    indexes:\n      v: {type: hnsw, columns: emb}\n", SURQL_ESCHEMA,
      "f.yaml:4:32: index 'v': HNSW requires a dimension" },
    { 0, "tables:\n  t:\n    fields:\n      x: {type: int, flexible: true}\n", SURQL_ESCHEMA,
      "f.yaml:4:32: field 'x': FLEXIBLE needs a type that contains object (type is int)" },
    { 0, "tables:\n  \"\": {}\n", SURQL_EIDENT, NULL },
    { 0, "tables:\n  t:\n    fields:\n      x: strng\n", SURQL_ESCHEMA, NULL },
    /* YAML syntax and refused features */
    { 0, "tables:\n  t: [\n", SURQL_EPARSE, NULL },
    { 0, "tables:\n  t: {}\n  t: {}\n", SURQL_EPARSE,
      "f.yaml:3:3: duplicate key 't' (first at line 2, column 3)" },
    { 0, "a: &x {}\nb: *x\n", SURQL_EPARSE, "f.yaml:2:4: YAML aliases are not supported" },
    { 0, "tables: !!map {}\n", SURQL_EPARSE, "f.yaml:1:9: YAML tags are not supported" },
    { 0, "tables: {}\n---\ntables: {}\n", SURQL_EPARSE,
      "f.yaml:2:1: a schema file holds one YAML document (found a second one)" },
    /* JSON: positions of keys and values, and the strict parser's errors */
    { 1, "{\n  \"tables\": {\n    \"user\": {\"feilds\": {}}\n  }\n}\n", SURQL_EPARSE,
      "f.json:3:14: unknown key 'feilds' in table 'user' (did you mean 'fields'?)" },
    { 1, "{\"tables\": {\"t\": {\"drop\": \"yes\"}}}", SURQL_EPARSE,
      "f.json:1:27: 'drop' of table 't' must be true or false" },
    { 1, "{\"tables\": {\"t\": {}},}", SURQL_EPARSE, "f.json:1:22: JSON: expected a string key" },
    { 1, "{\"a\": 1, \"a\": 2}", SURQL_EPARSE, NULL },
};

ST_TEST(errors_located)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        const errcase *e = &errors[i];
        surql_schema *s = NULL;
        int rc = e->json ? surql_schema_from_json(&s, e->text, strlen(e->text), "f.json")
                         : surql_schema_from_yaml(&s, e->text, strlen(e->text), "f.yaml");
        const surql_error *err = surql_error_last();
        if (rc != e->code)
            st_fail(__FILE__, __LINE__, "case %zu: code %s, want %s (%s)\n%s", i,
                    surql_status_name(rc), surql_status_name(e->code), err->message, e->text);
        else if (e->message && strcmp(err->message, e->message) != 0)
            st_fail(__FILE__, __LINE__, "case %zu:\n got: %s\nwant: %s", i, err->message, e->message);
        else if (!err->line || strncmp(err->message, e->json ? "f.json:" : "f.yaml:", 7) != 0)
            st_fail(__FILE__, __LINE__, "case %zu: no location: %s", i, err->message);
        surql_schema_unref(s);
        ST_CHECK(s == NULL || rc == SURQL_OK);
    }
}

ST_TEST(empty_documents)
{
    surql_schema *s = NULL;
    ST_OK(surql_schema_from_yaml(&s, "", 0, NULL));
    ST_EQ_INT(0, surql_schema_table_count(s));
    surql_schema_unref(s);
    ST_OK(surql_schema_from_yaml(&s, "# only a comment\n", 17, NULL));
    surql_schema_unref(s);
    ST_OK(surql_schema_from_json(&s, "{}", 2, NULL));
    surql_schema_unref(s);
    ST_ERR(surql_schema_from_json(&s, "[]", 2, "x.json"), SURQL_EPARSE);
    ST_EQ_STR("x.json:1:1: a schema document must be a mapping (got a list)",
              surql_error_last()->message);
}

/* ---- directories and sources ---------------------------------------------- */

static char tmpdir[256];

static void put_file(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void rm_dir(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        st_note("could not remove %s", tmpdir);
}

ST_TEST(directory_in_name_order)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/surql-files-%d", (int)getpid());
    ST_CHECK(mkdir(tmpdir, 0700) == 0);
    put_file("b.json", "{\"tables\": {\"post\": {\"fields\": {\"title\": \"string\"}}}}");
    put_file("a.yaml", "tables:\n  user:\n    fields:\n      name: string\n");
    put_file("c.surql", "DEFINE TABLE tag SCHEMALESS;");
    put_file("notes.txt", "ignored");
    put_file(".hidden.yaml", "not: [valid");
    surql_schema *s = NULL;
    int rc = surql_schema_load(&s, tmpdir, NULL);
    if (rc == SURQL_OK) {
        ST_EQ_INT(3, surql_schema_table_count(s));
        ST_EQ_STR("user", surql_schema_table_name(surql_schema_table_at(s, 0)));
        ST_EQ_STR("post", surql_schema_table_name(surql_schema_table_at(s, 1)));
        ST_EQ_STR("tag", surql_schema_table_name(surql_schema_table_at(s, 2)));
        ST_EQ_INT(SURQL_SCHEMA_SOURCE_DIR, surql_schema_source_kind(tmpdir));
    } else {
        st_fail(__FILE__, __LINE__, "%s", surql_error_last()->message);
    }
    surql_schema_unref(s);
    s = NULL;
    /* a second definition of a table names both files */
    put_file("d.yaml", "tables:\n  post: {}\n");
    rc = surql_schema_load(&s, tmpdir, NULL);
    char want[800];
    snprintf(want, sizeof want, "%s/d.yaml: table 'post' is already defined in %s/b.json", tmpdir,
             tmpdir);
    if (rc != SURQL_ESCHEMA_CONFLICT || strcmp(surql_error_last()->message, want) != 0)
        st_fail(__FILE__, __LINE__, "conflict: %s %s", surql_status_name(rc),
                surql_error_last()->message);
    /* errors inside a .surql file carry its name and position */
    put_file("d.yaml", "tables: {}\n");
    put_file("e.surql", "DEFINE TABLE x;\nDEFINE FIELD ON x;\n");
    rc = surql_schema_load(&s, tmpdir, NULL);
    if (rc != SURQL_EPARSE || !strstr(surql_error_last()->message, "/e.surql:2:") ||
        surql_error_last()->line != 2)
        st_fail(__FILE__, __LINE__, "surql error: %s %s", surql_status_name(rc),
                surql_error_last()->message);
    rm_dir();
    ST_ERR(surql_schema_load(&s, "/nonexistent/x.yaml", NULL), SURQL_ENOTFOUND);
    ST_ERR(surql_schema_load(&s, data_path("files/full.mmd"), NULL), SURQL_EUNSUPPORTED);
}

/* ---- shared objects ------------------------------------------------------- */

ST_TEST(plugin_registers)
{
    const char *so = getenv("SURQL_TEST_PLUGIN");
    ST_CHECK(so);
    surql_schema *s = NULL;
    ST_OK(surql_schema_load(&s, so, NULL));
    ST_EQ_INT(2, surql_schema_table_count(s));
    ST_CHECK(surql_schema_get_table(s, "plugin_user") != NULL);
    ST_EQ_STR("string", surql_schema_field_type(surql_schema_table_get_field(
                            surql_schema_get_table(s, "plugin_user"), "name")));
    surql_schema_unref(s);
    /* refused when plugins are disabled */
    surql_schema_load_options o = SURQL_SCHEMA_LOAD_OPTIONS_INIT;
    o.flags = SURQL_SCHEMA_LOAD_NO_PLUGINS;
    ST_ERR(surql_schema_load(&s, so, &o), SURQL_EUNSUPPORTED);
    /* the plugin's own error travels up with the path in front */
    setenv("SURQL_TEST_PLUGIN_FAIL", "1", 1);
    ST_ERR(surql_schema_load_plugin(&s, so), SURQL_ESCHEMA);
    ST_CHECK(strstr(surql_error_last()->message, "plugin refused on purpose") != NULL);
    ST_CHECK(strncmp(surql_error_last()->message, so, strlen(so)) == 0);
    unsetenv("SURQL_TEST_PLUGIN_FAIL");
    /* a library that is not a plugin */
    const char *bad = getenv("SURQL_TEST_NOT_PLUGIN");
    ST_CHECK(bad);
    ST_ERR(surql_schema_load_plugin(&s, bad), SURQL_EUNSUPPORTED);
    ST_CHECK(strstr(surql_error_last()->message, "not a surql schema plugin") != NULL);
    ST_ERR(surql_schema_load_plugin(&s, "/nonexistent/x.so"), SURQL_EIO);
}

ST_MAIN(ST_CASE(yaml_every_key_ddl), ST_CASE(json_equals_yaml), ST_CASE(export_round_trips),
        ST_CASE(ddl_yaml_ddl), ST_CASE(errors_located), ST_CASE(empty_documents),
        ST_CASE(directory_in_name_order), ST_CASE(plugin_registers))
