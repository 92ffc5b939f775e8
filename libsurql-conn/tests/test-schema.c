/* surql_conn_schema_fetch() against the dev server, both engines: DDL that
 * uses every construct the dialect supports (libsurql-schema's integration
 * source) plus tables with hostile names is applied through the client, and
 * the fetched model equals the parsed DDL. */
#include "client-fixture.h"

#include <surql/schema.h>

/* table names that must reach INFO FOR TABLE intact: bound on 3.x, escaped on 2.x */
static const char hostile[] =
    "DEFINE TABLE `we ird` SCHEMAFULL; DEFINE FIELD a ON `we ird` TYPE int;\n"
    "DEFINE TABLE `it\\`s 'odd'; INFO FOR DB` SCHEMALESS;"
    "DEFINE FIELD b ON `it\\`s 'odd'; INFO FOR DB` TYPE string;\n"
    "DEFINE TABLE `⟨uni⟩code` SCHEMAFULL; DEFINE FIELD c ON `⟨uni⟩code` TYPE bool;\n";

/* the schema the test applies: integration.surql (+ MTREE on 2.x) + hostile names */
static surql_schema *source(surql_dialect d)
{
    char *text = st_schema_data("integration.surql");
    surql_buf b = SURQL_BUF_INIT;
    surql_schema *s = NULL;
    if (!text) {
        st_fail(__FILE__, __LINE__, "integration.surql missing (SURQL_SOURCE_DIR)");
        return NULL;
    }
    surql_buf_puts(&b, text);
    surql_buf_puts(&b, hostile);
    if (d == SURQL_DIALECT_V2) /* MTREE exists only in 2.x */
        surql_buf_puts(&b, "DEFINE FIELD pts ON TABLE post TYPE array<float>;"
                           "DEFINE INDEX pts_mtree ON TABLE post FIELDS pts MTREE DIMENSION 3 "
                           "DIST MANHATTAN TYPE F32 CAPACITY 20;");
    if (surql_schema_parse(&s, b.ptr, b.size) != 0) {
        st_fail(__FILE__, __LINE__, "source: %s", fx_msg());
        s = NULL;
    }
    surql_buf_dispose(&b);
    free(text);
    return s;
}

static void expect_no_drift(const surql_schema *want, const surql_schema *got, surql_dialect d)
{
    surql_schema_diff *df = NULL;
    surql_schema_diff_options o = SURQL_SCHEMA_DIFF_OPTIONS_INIT;
    o.dialect = d;
    ST_OK(surql_schema_diff_new(&df, want, got, &o));
    for (size_t i = 0; i < surql_schema_diff_count(df); i++)
        st_fail(__FILE__, __LINE__, "drift %s: %s",
                surql_schema_change_kind_name(surql_schema_diff_kind(df, i)),
                surql_schema_diff_up(df, i));
    surql_schema_diff_free(df);
    surql_schema_validation *v = NULL;
    ST_OK(surql_schema_validate(&v, want, got));
    ST_EQ_INT(surql_schema_validation_count(v), 0);
    surql_schema_validation_free(v);
}

static void fetch(fx *f)
{
    surql_dialect d = (surql_dialect)surql_conn_client_dialect(f->c);
    surql_schema *got = NULL, *want = NULL;
    surql_buf ddl = SURQL_BUF_INIT;

    /* an empty database is an empty schema */
    ST_OK(surql_conn_schema_fetch(&got, f->c));
    ST_EQ_INT(surql_schema_table_count(got) + surql_schema_access_count(got) +
                  surql_schema_param_count(got) + surql_schema_function_count(got) +
                  surql_schema_analyzer_count(got),
              0);
    surql_schema_unref(got);
    got = NULL;

    /* the DDL rendered for the server's dialect, applied through the client */
    if (!(want = source(d)))
        goto out;
    surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    o.dialect = d;
    ST_OK(surql_schema_to_ddl(&ddl, want, &o));
    surql_value_unref(fx_q(f->c, surql_buf_cstr(&ddl), NULL));
    ST_BAIL_IF_FAILED();
    ST_OK(surql_conn_schema_fetch(&got, f->c));
    ST_BAIL_IF_FAILED();
    ST_EQ_INT(surql_schema_table_count(got), surql_schema_table_count(want));
    expect_no_drift(want, got, d);
    const surql_schema_table *odd = surql_schema_get_table(got, "it`s 'odd'; INFO FOR DB");
    ST_CHECK(odd != NULL);
    ST_EQ_INT(surql_schema_table_field_count(odd), 1);
    ST_CHECK(surql_schema_get_table(got, "we ird") != NULL);
    ST_CHECK(surql_schema_get_table(got, "⟨uni⟩code") != NULL);
    surql_schema_unref(got);
    got = NULL;

    /* a change on the server shows up in the next fetch */
    surql_value_unref(fx_q(f->c, "REMOVE FIELD a ON TABLE `we ird`", NULL));
    ST_OK(surql_conn_schema_fetch(&got, f->c));
    ST_EQ_INT(surql_schema_table_field_count(surql_schema_get_table(got, "we ird")), 0);
    surql_schema_unref(got);
    got = NULL;

    /* errors: arguments; DDL the model does not represent (a view) is refused,
     * naming the INFO key, and nothing partial is returned */
    ST_ERR(surql_conn_schema_fetch(NULL, f->c), SURQL_EINVAL);
    ST_ERR(surql_conn_schema_fetch(&got, NULL), SURQL_EINVAL);
    surql_value_unref(fx_q(f->c, "DEFINE TABLE recent AS SELECT * FROM post", NULL));
    got = (surql_schema *)1;
    ST_ERR(surql_conn_schema_fetch(&got, f->c), SURQL_EUNSUPPORTED);
    ST_CHECK(got == NULL);
    ST_CHECKF(strstr(fx_msg(), "recent") && strstr(fx_msg(), "views"), "message: %s", fx_msg());
out:
    surql_buf_dispose(&ddl);
    surql_schema_unref(want);
}

/* a session without the rights to read the schema: the server's refusal */
static void refused(fx *f)
{
    surql_value_unref(fx_q(f->c, "DEFINE TABLE t SCHEMAFULL; DEFINE ACCESS acc ON DATABASE TYPE "
                                 "RECORD SIGNUP (CREATE user SET n = $n) SIGNIN (SELECT * FROM "
                                 "user WHERE n = $n)",
                           NULL));
    ST_BAIL_IF_FAILED();
    surql_value *vars = fx_v("{\"n\": \"x\"}");
    ST_OK(surql_conn_signup_record(NULL, f->c, f->ns, f->db, "acc", vars));
    surql_value_unref(vars);
    ST_BAIL_IF_FAILED();
    surql_schema *got = (surql_schema *)1;
    ST_ERR(surql_conn_schema_fetch(&got, f->c), SURQL_CONN_EQUERY);
    ST_CHECK(got == NULL);
}

ST_TEST(fetch_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, fetch); }
ST_TEST(fetch_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, fetch); }
ST_TEST(fetch_http_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, fetch); }
ST_TEST(refused_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, refused); }
ST_TEST(refused_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, refused); }

ST_MAIN(ST_CASE(fetch_v3), ST_CASE(fetch_v2), ST_CASE(fetch_http_v3), ST_CASE(refused_v3),
        ST_CASE(refused_v2))
