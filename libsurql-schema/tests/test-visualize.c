/* Visualisation: Mermaid and ASCII golden files, DOT accepted by `dot -Tsvg`,
 * toggles and the table filter. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static surql_schema *full(void)
{
    surql_schema *s = NULL;
    if (surql_schema_load(&s, data_path("files/full.yaml"), NULL) != SURQL_OK)
        st_fail(__FILE__, __LINE__, "load: %s", surql_error_last()->message);
    return s;
}

static void golden(surql_schema_viz_format f, int fields, int edges, const char *const *tables,
                   size_t nt, const char *file)
{
    surql_schema *s = full();
    if (!s)
        return;
    surql_schema_viz_options o = SURQL_SCHEMA_VIZ_OPTIONS_INIT;
    o.format = f;
    o.show_fields = fields;
    o.show_edges = edges;
    o.tables = tables;
    o.ntables = nt;
    surql_buf b = SURQL_BUF_INIT;
    char *want = slurp(file);
    if (surql_schema_visualize(&b, s, &o) != SURQL_OK)
        st_fail(__FILE__, __LINE__, "%s: %s", file, surql_error_last()->message);
    else if (!want || strcmp(want, surql_buf_cstr(&b)) != 0)
        st_fail(__FILE__, __LINE__, "%s differs; got:\n%s", file, surql_buf_cstr(&b));
    free(want);
    surql_buf_dispose(&b);
    surql_schema_unref(s);
}

ST_TEST(mermaid_golden) { golden(SURQL_SCHEMA_VIZ_MERMAID, 1, 1, NULL, 0, "files/full.mmd"); }
ST_TEST(ascii_golden) { golden(SURQL_SCHEMA_VIZ_ASCII, 1, 1, NULL, 0, "files/full.ascii"); }
ST_TEST(mermaid_no_fields_no_edges)
{
    golden(SURQL_SCHEMA_VIZ_MERMAID, 0, 0, NULL, 0, "files/full.nofields-noedges.mmd");
}
ST_TEST(ascii_filtered)
{
    static const char *const t[] = { "user", "doc" };
    golden(SURQL_SCHEMA_VIZ_ASCII, 1, 1, t, 2, "files/full.user-doc.ascii");
}

ST_TEST(dot_accepted_by_graphviz)
{
    if (access("/usr/bin/dot", X_OK) != 0) {
        st_fail(__FILE__, __LINE__, "graphviz's dot is not installed (scripts/setup-debian.sh)");
        return;
    }
    surql_schema *s = full();
    ST_CHECK(s);
    for (int variant = 0; variant < 3; variant++) {
        surql_schema_viz_options o = SURQL_SCHEMA_VIZ_OPTIONS_INIT;
        o.format = SURQL_SCHEMA_VIZ_GRAPHVIZ;
        o.show_fields = variant != 1;
        o.show_edges = variant != 2;
        surql_buf b = SURQL_BUF_INIT;
        ST_OK(surql_schema_visualize(&b, s, &o));
        ST_CHECK(strncmp(b.ptr, "digraph schema {\n", 17) == 0);
        char path[256];
        snprintf(path, sizeof path, "/tmp/surql-viz-%d-%d.dot", (int)getpid(), variant);
        FILE *f = fopen(path, "wb");
        ST_CHECK(f);
        fputs(b.ptr, f);
        fclose(f);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "dot -Tsvg '%s' -o '%s.svg' 2>&1", path, path);
        int rc = system(cmd);
        if (rc != 0)
            st_fail(__FILE__, __LINE__, "dot -Tsvg rejected:\n%s", b.ptr);
        snprintf(cmd, sizeof cmd, "%s.svg", path);
        FILE *svg = fopen(cmd, "rb");
        char head[256] = "";
        if (svg) {
            size_t n = fread(head, 1, sizeof head - 1, svg);
            head[n] = '\0';
            fclose(svg);
        }
        ST_CHECK(strstr(head, "<svg") || strstr(head, "<?xml"));
        remove(path);
        remove(cmd);
        surql_buf_dispose(&b);
    }
    surql_schema_unref(s);
}

ST_TEST(graph_and_errors)
{
    surql_schema *s = full();
    ST_CHECK(s);
    surql_schema_graph *g = NULL;
    ST_OK(surql_schema_graph_new(&g, s, NULL));
    /* likes has fields, so it is a node too; follows is only a link */
    ST_EQ_INT(6, surql_schema_graph_node_count(g));
    ST_EQ_INT(3, surql_schema_graph_link_count(g));
    surql_schema_link_kind k;
    const char *from = NULL, *to = NULL, *label = NULL;
    int many = 0;
    ST_OK(surql_schema_graph_link(g, 2, &k, &from, &to, &label, NULL, &many));
    ST_EQ_INT(SURQL_SCHEMA_LINK_EDGE, k);
    ST_EQ_STR("follows", label);
    ST_ERR(surql_schema_graph_link(g, 3, &k, &from, &to, &label, NULL, NULL), SURQL_ERANGE);
    /* user draws 12 fields (tags[*] and in/out are engine-made) */
    ST_EQ_INT(12, surql_schema_graph_field_count(g, 0));
    surql_schema_graph_free(g);
    surql_schema_graph_free(NULL);
    static const char *const bad[] = { "nope" };
    surql_schema_viz_options o = SURQL_SCHEMA_VIZ_OPTIONS_INIT;
    o.tables = bad;
    o.ntables = 1;
    surql_buf b = SURQL_BUF_INIT;
    ST_ERR(surql_schema_visualize(&b, s, &o), SURQL_ENOTFOUND);
    ST_EQ_STR("no table or edge 'nope' in the schema", surql_error_last()->message);
    ST_EQ_INT(0, b.size);
    surql_schema_viz_format f;
    ST_OK(surql_schema_viz_format_parse(&f, "dot"));
    ST_EQ_INT(SURQL_SCHEMA_VIZ_GRAPHVIZ, f);
    ST_ERR(surql_schema_viz_format_parse(&f, "png"), SURQL_EINVAL);
    /* record links: option, array */
    surql_schema *r = NULL;
    const char *ddl = "DEFINE TABLE a; DEFINE TABLE b; DEFINE FIELD one ON a TYPE record<b>;"
                      "DEFINE FIELD opt ON a TYPE option<record<b>>;"
                      "DEFINE FIELD many ON a TYPE array<record<a | b>>;";
    ST_OK(surql_schema_parse(&r, ddl, strlen(ddl)));
    o.tables = NULL;
    o.ntables = 0;
    o.format = SURQL_SCHEMA_VIZ_MERMAID;
    o.show_fields = 0;
    ST_OK(surql_schema_visualize(&b, r, &o));
    ST_EQ_STR("erDiagram\n    a\n    b\n    a }o--|| b : one\n    a }o--o| b : opt\n"
              "    a }o--o{ a : many\n    a }o--o{ b : many\n",
              surql_buf_cstr(&b));
    surql_buf_dispose(&b);
    surql_schema_unref(r);
    surql_schema_unref(s);
}

ST_MAIN(ST_CASE(mermaid_golden), ST_CASE(ascii_golden), ST_CASE(mermaid_no_fields_no_edges),
        ST_CASE(ascii_filtered), ST_CASE(dot_accepted_by_graphviz), ST_CASE(graph_and_errors))
