/* DDL rendering: exact output for every construct in both dialects. */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

static surql_schema_ddl_options opts(surql_dialect d, surql_schema_ddl_mode m)
{
    surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    o.dialect = d;
    o.mode = m;
    return o;
}

/* field DDL on table "user" for one dialect */
static char *field_ddl(const surql_schema_field *f, surql_dialect d)
{
    surql_buf b = SURQL_BUF_INIT;
    surql_schema_ddl_options o = opts(d, SURQL_SCHEMA_DDL_PLAIN);
    if (surql_schema_field_to_ddl(&b, "user", f, &o) != 0) {
        surql_buf_dispose(&b);
        return NULL;
    }
    return surql_buf_detach(&b);
}

#define FIELD_IS(f, d, want)                                                             \
    do {                                                                                 \
        char *got_ = field_ddl(f, d);                                                    \
        ST_CHECKF(got_ != NULL, "render failed: %s", surql_error_last()->message);       \
        int ok_ = strcmp(got_, want) == 0;                                               \
        if (!ok_)                                                                        \
            st_fail(__FILE__, __LINE__, "got  %s\nwant %s", got_, want);                 \
        surql_free(got_);                                                                \
        if (!ok_)                                                                        \
            return;                                                                      \
    } while (0)

ST_TEST(field_types)
{
    static const char *const types[] = { "string", "int", "float", "bool", "datetime", "duration",
                                         "decimal", "number", "object", "array", "record",
                                         "geometry", "any", NULL };
    for (size_t i = 0; types[i]; i++) {
        surql_schema_field *f = NULL;
        ST_OK(surql_schema_field_new(&f, "x", types[i]));
        char want[128];
        snprintf(want, sizeof want, "DEFINE FIELD x ON TABLE user TYPE %s;\n", types[i]);
        FIELD_IS(f, SURQL_DIALECT_V2, want);
        FIELD_IS(f, SURQL_DIALECT_V3, want);
        surql_schema_field_unref(f);
    }
    surql_schema_field *f = NULL;
    ST_OK(surql_schema_field_new(&f, "nick", "option<string>"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD nick ON TABLE user TYPE option<string>;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "tags", "array<string>"));
    FIELD_IS(f, SURQL_DIALECT_V2, "DEFINE FIELD tags ON TABLE user TYPE array<string>;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "author", "option<record<user>>"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD author ON TABLE user TYPE option<record<user>>;\n");
    surql_schema_field_unref(f);
    /* unions: none anywhere becomes option<...>; record lists keep their order */
    ST_OK(surql_schema_field_new(&f, "u", "string | none | int"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD u ON TABLE user TYPE option<string | int>;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "r", "record<post|`select`>"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD r ON TABLE user TYPE record<post | `select`>;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "g", "geometry<Point | polygon>"));
    FIELD_IS(f, SURQL_DIALECT_V2, "DEFINE FIELD g ON TABLE user TYPE geometry<point | polygon>;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "l", "'a' | \"b\" | 1"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD l ON TABLE user TYPE 'a' | 'b' | 1;\n");
    surql_schema_field_unref(f);
}

ST_TEST(field_clauses)
{
    surql_schema_field *f = NULL, *g = NULL;
    ST_OK(surql_schema_field_new(&f, "email", "string"));
    ST_OK(surql_schema_field_with_assert(&g, f, "string::is::email($value)"));
    FIELD_IS(g, SURQL_DIALECT_V2,
             "DEFINE FIELD email ON TABLE user TYPE string ASSERT string::is::email($value);\n");
    FIELD_IS(g, SURQL_DIALECT_V3,
             "DEFINE FIELD email ON TABLE user TYPE string ASSERT string::is_email($value);\n");
    surql_schema_field_unref(f);
    surql_schema_field_unref(g);

    ST_OK(surql_schema_field_new(&f, "created_at", "datetime"));
    ST_OK(surql_schema_field_with_default(&g, f, "time::now()", 0));
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_with_readonly(&f, g, 1));
    surql_schema_field_unref(g);
    FIELD_IS(f, SURQL_DIALECT_V3,
             "DEFINE FIELD created_at ON TABLE user TYPE datetime DEFAULT time::now() READONLY;\n");
    ST_OK(surql_schema_field_with_default(&g, f, "time::now()", 1));
    FIELD_IS(g, SURQL_DIALECT_V2, "DEFINE FIELD created_at ON TABLE user TYPE datetime DEFAULT "
                                  "ALWAYS time::now() READONLY;\n");
    surql_schema_field_unref(f);
    surql_schema_field_unref(g);

    /* a default given as a value is escaped */
    surql_value *v = surql_value_string("it's");
    ST_OK(surql_schema_field_new(&f, "status", "string"));
    ST_OK(surql_schema_field_with_default_value(&g, f, v, 0));
    FIELD_IS(g, SURQL_DIALECT_V3, "DEFINE FIELD status ON TABLE user TYPE string DEFAULT 'it\\'s';\n");
    surql_value_unref(v);
    surql_schema_field_unref(f);
    surql_schema_field_unref(g);

    /* value, flexible, comment, permissions (never delete) */
    ST_OK(surql_schema_field_new(&f, "meta", "object"));
    ST_OK(surql_schema_field_with_flexible(&g, f, 1));
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_with_comment(&f, g, "free-form"));
    surql_schema_field_unref(g);
    ST_OK(surql_schema_field_with_permission(&g, f, SURQL_SCHEMA_PERM_SELECT | SURQL_SCHEMA_PERM_CREATE, "WHERE $auth.id = id"));
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_with_permission(&f, g, SURQL_SCHEMA_PERM_UPDATE, "none"));
    surql_schema_field_unref(g);
    FIELD_IS(f, SURQL_DIALECT_V2,
             "DEFINE FIELD meta ON TABLE user TYPE object FLEXIBLE COMMENT 'free-form' PERMISSIONS "
             "FOR select, create WHERE $auth.id = id, FOR update NONE;\n");
    ST_ERR(surql_schema_field_with_permission(&g, f, SURQL_SCHEMA_PERM_DELETE, "NONE"), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "field 'meta': fields have no delete permission");
    ST_OK(surql_schema_field_with_permission(&g, f, SURQL_SCHEMA_PERM_ALL, "FULL"));
    FIELD_IS(g, SURQL_DIALECT_V3,
             "DEFINE FIELD meta ON TABLE user TYPE object FLEXIBLE COMMENT 'free-form' PERMISSIONS FULL;\n");
    surql_schema_field_unref(f);
    surql_schema_field_unref(g);

    ST_OK(surql_schema_field_new(&f, "slug", "string"));
    ST_OK(surql_schema_field_with_value(&g, f, "string::lowercase($value)"));
    FIELD_IS(g, SURQL_DIALECT_V3,
             "DEFINE FIELD slug ON TABLE user TYPE string VALUE string::lowercase($value);\n");
    surql_schema_field_unref(f);
    surql_schema_field_unref(g);
}

ST_TEST(field_computed_nested_reserved)
{
    surql_schema_field *f = NULL, *g = NULL;
    ST_OK(surql_schema_field_new(&f, "full_name", NULL));
    ST_OK(surql_schema_field_with_computed(&g, f, "string::concat(first, ' ', last)"));
    surql_schema_field_unref(f);
    FIELD_IS(g, SURQL_DIALECT_V2, "DEFINE FIELD full_name ON TABLE user VALUE <future> { "
                                  "string::concat(first, ' ', last) };\n");
    FIELD_IS(g, SURQL_DIALECT_V3, "DEFINE FIELD full_name ON TABLE user COMPUTED "
                                  "string::concat(first, ' ', last);\n");
    ST_ERR(surql_schema_field_with_readonly(&f, g, 1), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message,
              "field 'full_name': a computed field cannot also have VALUE, DEFAULT, READONLY, "
              "ASSERT or FLEXIBLE");
    surql_schema_field_unref(g);
    ST_OK(surql_schema_field_new(&f, "address.city", "string"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD address.city ON TABLE user TYPE string;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "tags.*", "string"));
    ST_EQ_STR(surql_schema_field_name(f), "tags[*]");
    FIELD_IS(f, SURQL_DIALECT_V2, "DEFINE FIELD tags[*] ON TABLE user TYPE string;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "value", "string"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD `value` ON TABLE user TYPE string;\n");
    surql_schema_field_unref(f);
    ST_OK(surql_schema_field_new(&f, "`first name`.x", "string"));
    FIELD_IS(f, SURQL_DIALECT_V3, "DEFINE FIELD `first name`.x ON TABLE user TYPE string;\n");
    surql_schema_field_unref(f);
}

ST_TEST(field_errors)
{
    surql_schema_field *f = NULL;
    ST_ERR(surql_schema_field_new(&f, "1bad", "string"), SURQL_EIDENT);
    ST_EQ_STR(surql_error_last()->message, "field: invalid name '1bad': cannot start with a digit");
    ST_ERR(surql_schema_field_new(&f, "a..b", "string"), SURQL_EIDENT);
    ST_EQ_STR(surql_error_last()->message,
              "field: invalid name 'a..b' at offset 1 (expected identifier, '.name', '[*]' or '.*')");
    ST_ERR(surql_schema_field_new(&f, "", "string"), SURQL_EIDENT);
    ST_EQ_STR(surql_error_last()->message, "field: name is empty");
    ST_ERR(surql_schema_field_new(&f, "x", "strin"), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "field 'x': invalid type 'strin': unknown type at 'strin'");
    ST_ERR(surql_schema_field_new(&f, "x", "option<string"), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "field 'x': invalid type 'option<string': expected '>' at the end");
    ST_OK(surql_schema_field_new(&f, "x", "int"));
    surql_schema_field *g = NULL;
    ST_ERR(surql_schema_field_with_flexible(&g, f, 1), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message,
              "field 'x': FLEXIBLE needs a type that contains object (type is int)");
    ST_CHECK(g == NULL);
    surql_schema_field_unref(f);
}

ST_TEST(tables_and_edges)
{
    surql_schema_table *t = NULL, *u = NULL;
    surql_buf b = SURQL_BUF_INIT;
    surql_schema_ddl_options o3 = opts(SURQL_DIALECT_V3, SURQL_SCHEMA_DDL_PLAIN);
    ST_OK(surql_schema_table_new(&t, "user"));
    ST_OK(surql_schema_table_define_to_ddl(&b, t, &o3));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE TABLE user SCHEMAFULL;\n");
    ST_OK(surql_schema_table_with_mode(&u, t, SURQL_SCHEMA_SCHEMALESS));
    surql_schema_table_unref(t);
    ST_OK(surql_schema_table_with_drop(&t, u, 1));
    surql_schema_table_unref(u);
    ST_OK(surql_schema_table_with_comment(&u, t, "it's"));
    surql_schema_table_unref(t);
    ST_OK(surql_schema_table_with_changefeed(&t, u, "7d", 1));
    surql_schema_table_unref(u);
    ST_OK(surql_schema_table_with_permission(&u, t, SURQL_SCHEMA_PERM_SELECT, "$auth.id = id"));
    surql_schema_table_unref(t);
    ST_OK(surql_schema_table_with_permission(&t, u, SURQL_SCHEMA_PERM_CREATE | SURQL_SCHEMA_PERM_UPDATE | SURQL_SCHEMA_PERM_DELETE, "FULL"));
    surql_schema_table_unref(u);
    surql_buf_clear(&b);
    ST_OK(surql_schema_table_define_to_ddl(&b, t, &o3));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE TABLE user DROP SCHEMALESS COMMENT 'it\\'s' CHANGEFEED 7d "
                                  "INCLUDE ORIGINAL PERMISSIONS FOR select WHERE $auth.id = id, FOR "
                                  "create, update, delete FULL;\n");
    surql_schema_table_unref(t);

    surql_schema_ddl_options ow = opts(SURQL_DIALECT_V2, SURQL_SCHEMA_DDL_OVERWRITE);
    surql_schema_ddl_options ine = opts(SURQL_DIALECT_V2, SURQL_SCHEMA_DDL_IF_NOT_EXISTS);
    ST_OK(surql_schema_edge_new(&t, "likes", SURQL_SCHEMA_EDGE_RELATION, "user", "post"));
    surql_buf_clear(&b);
    ST_OK(surql_schema_table_define_to_ddl(&b, t, &ow));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE TABLE OVERWRITE likes TYPE RELATION IN user OUT post;\n");
    const char *ins[] = { "user", "org" }, *outs[] = { "post" };
    ST_OK(surql_schema_table_with_relation(&u, t, ins, 2, outs, 1, 1));
    surql_buf_clear(&b);
    ST_OK(surql_schema_table_define_to_ddl(&b, u, &ine));
    ST_EQ_STR(surql_buf_cstr(&b),
              "DEFINE TABLE IF NOT EXISTS likes TYPE RELATION IN user | org OUT post ENFORCED;\n");
    surql_schema_table_unref(t);
    surql_schema_table_unref(u);
    ST_OK(surql_schema_edge_new(&t, "follows", SURQL_SCHEMA_EDGE_SCHEMAFULL, NULL, NULL));
    ST_CHECK(surql_schema_table_is_edge(t));
    surql_buf_clear(&b);
    ST_OK(surql_schema_table_define_to_ddl(&b, t, &o3));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE TABLE follows SCHEMAFULL;\n");
    surql_schema_table_unref(t);
    ST_ERR(surql_schema_edge_new(&t, "x", SURQL_SCHEMA_EDGE_SCHEMALESS, "a", NULL), SURQL_ESCHEMA);
    ST_ERR(surql_schema_table_new(&t, "user\n"), SURQL_EIDENT);
    surql_buf_dispose(&b);
}

static char *index_ddl(const surql_schema_index *x, surql_dialect d, int *rc)
{
    surql_buf b = SURQL_BUF_INIT;
    surql_schema_ddl_options o = opts(d, SURQL_SCHEMA_DDL_PLAIN);
    *rc = surql_schema_index_to_ddl(&b, "doc", x, &o);
    return *rc ? (surql_buf_dispose(&b), (char *)NULL) : surql_buf_detach(&b);
}

#define INDEX_IS(x, d, want)                                                             \
    do {                                                                                 \
        int rc_;                                                                         \
        char *got_ = index_ddl(x, d, &rc_);                                              \
        ST_CHECKF(got_ != NULL, "render failed: %s", surql_error_last()->message);       \
        int ok_ = strcmp(got_, want) == 0;                                               \
        if (!ok_)                                                                        \
            st_fail(__FILE__, __LINE__, "got  %s\nwant %s", got_, want);                 \
        surql_free(got_);                                                                \
        if (!ok_)                                                                        \
            return;                                                                      \
    } while (0)

ST_TEST(indexes)
{
    surql_schema_index *x = NULL;
    const char *ab[] = { "a", "address.city" };
    ST_OK(surql_schema_index_new(&x, "idx", SURQL_SCHEMA_INDEX_STANDARD, ab, 2));
    INDEX_IS(x, SURQL_DIALECT_V3, "DEFINE INDEX idx ON TABLE doc FIELDS a, address.city;\n");
    surql_schema_index_unref(x);
    ST_OK(surql_schema_index_new(&x, "email_idx", SURQL_SCHEMA_INDEX_UNIQUE, ab, 1));
    INDEX_IS(x, SURQL_DIALECT_V2, "DEFINE INDEX email_idx ON TABLE doc FIELDS a UNIQUE;\n");
    surql_schema_index_unref(x);
    ST_ERR(surql_schema_index_new(&x, "u", SURQL_SCHEMA_INDEX_UNIQUE, NULL, 0), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "index 'u': a unique index needs at least one column");

    surql_schema_fulltext_options fo = SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT;
    fo.analyzer = "simple";
    fo.bm25 = 1;
    fo.bm25_k1 = 1.2;
    fo.bm25_b = 0.75;
    fo.highlights = 1;
    ST_OK(surql_schema_index_fulltext(&x, "ft", "body", &fo));
    INDEX_IS(x, SURQL_DIALECT_V2,
             "DEFINE INDEX ft ON TABLE doc FIELDS body SEARCH ANALYZER simple BM25(1.2,0.75) HIGHLIGHTS;\n");
    INDEX_IS(x, SURQL_DIALECT_V3,
             "DEFINE INDEX ft ON TABLE doc FIELDS body FULLTEXT ANALYZER simple BM25(1.2,0.75) HIGHLIGHTS;\n");
    surql_schema_index_unref(x);

    surql_schema_vector_options vo = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
    ST_ERR(surql_schema_index_hnsw(&x, "emb", "embedding", &vo), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "index 'emb': HNSW requires a dimension");
    vo.dimension = 1536;
    vo.distance = SURQL_SCHEMA_DIST_COSINE;
    vo.type = SURQL_SCHEMA_VEC_F32;
    vo.efc = 500;
    vo.m = 16;
    ST_OK(surql_schema_index_hnsw(&x, "emb", "embedding", &vo));
    INDEX_IS(x, SURQL_DIALECT_V3, "DEFINE INDEX emb ON TABLE doc FIELDS embedding HNSW DIMENSION "
                                  "1536 DIST COSINE TYPE F32 EFC 500 M 16;\n");
    INDEX_IS(x, SURQL_DIALECT_V2, "DEFINE INDEX emb ON TABLE doc FIELDS embedding HNSW DIMENSION "
                                  "1536 DIST COSINE TYPE F32 EFC 500 M 16;\n");
    surql_schema_index_unref(x);
    vo.m = 200;
    ST_ERR(surql_schema_index_hnsw(&x, "emb", "embedding", &vo), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "index 'emb': HNSW M must be at most 127 (got 200)");

    surql_schema_vector_options mo = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
    mo.dimension = 3;
    mo.distance = SURQL_SCHEMA_DIST_MINKOWSKI;
    mo.minkowski_order = 3;
    mo.capacity = 40;
    ST_OK(surql_schema_index_mtree(&x, "m", "v", &mo));
    INDEX_IS(x, SURQL_DIALECT_V2,
             "DEFINE INDEX m ON TABLE doc FIELDS v MTREE DIMENSION 3 DIST MINKOWSKI 3 CAPACITY 40;\n");
    int rc;
    ST_CHECK(index_ddl(x, SURQL_DIALECT_V3, &rc) == NULL);
    ST_EQ_INT(rc, SURQL_ESCHEMA_DIALECT);
    ST_EQ_STR(surql_error_last()->message,
              "index 'm' on table 'doc': MTREE has no equivalent in SurrealDB 3.x (use HNSW)");
    surql_schema_index_unref(x);
}

ST_TEST(events_access_db_objects)
{
    surql_buf b = SURQL_BUF_INIT;
    surql_schema_ddl_options o3 = opts(SURQL_DIALECT_V3, SURQL_SCHEMA_DDL_PLAIN);
    surql_schema_event *e = NULL;
    ST_OK(surql_schema_event_new(&e, "email_changed", "$before.email != $after.email",
                                 "CREATE audit_log SET user = $value.id"));
    ST_OK(surql_schema_event_to_ddl(&b, "user", e, &o3));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE EVENT email_changed ON TABLE user WHEN $before.email != "
                                  "$after.email THEN CREATE audit_log SET user = $value.id;\n");
    surql_schema_event_unref(e);
    ST_ERR(surql_schema_event_new(&e, "e", NULL, " "), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message, "event 'e': THEN is required");

    surql_schema_access *a = NULL, *a2 = NULL;
    ST_OK(surql_schema_access_record(&a, "account", "CREATE user SET email = $email",
                                     "SELECT * FROM user WHERE email = $email"));
    ST_OK(surql_schema_access_with_durations(&a2, a, "15m", "12h"));
    surql_buf_clear(&b);
    ST_OK(surql_schema_access_to_ddl(&b, a2, &o3));
    ST_EQ_STR(surql_buf_cstr(&b),
              "DEFINE ACCESS account ON DATABASE TYPE RECORD SIGNUP (CREATE user SET email = "
              "$email) SIGNIN (SELECT * FROM user WHERE email = $email) DURATION FOR TOKEN 15m, "
              "FOR SESSION 12h;\n");
    surql_schema_access_unref(a);
    surql_schema_access_unref(a2);
    ST_OK(surql_schema_access_jwt(&a, "api", NULL, "it's", NULL));
    surql_buf_clear(&b);
    ST_OK(surql_schema_access_to_ddl(&b, a, &o3));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'it\\'s';\n");
    ST_ERR(surql_schema_access_with_issuer_key(&a2, a, "k"), SURQL_ESCHEMA);
    surql_schema_access_unref(a);
    ST_ERR(surql_schema_access_jwt(&a, "api", "RS256", "k", "https://x"), SURQL_ESCHEMA);
    ST_OK(surql_schema_access_jwt(&a, "api", NULL, NULL, "https://x/jwks"));
    surql_buf_clear(&b);
    ST_OK(surql_schema_access_to_ddl(&b, a, &o3));
    ST_EQ_STR(surql_buf_cstr(&b), "DEFINE ACCESS api ON DATABASE TYPE JWT URL 'https://x/jwks';\n");
    surql_schema_access_unref(a);

    surql_schema_param *p = NULL, *p2 = NULL;
    surql_value *v = surql_value_string("x'y");
    ST_OK(surql_schema_param_new_value(&p, "$name", v));
    ST_OK(surql_schema_param_with_permission(&p2, p, "$auth.admin = true"));
    surql_buf_clear(&b);
    ST_OK(surql_schema_param_to_ddl(&b, p2, &o3));
    ST_EQ_STR(surql_buf_cstr(&b),
              "DEFINE PARAM $name VALUE 'x\\'y' PERMISSIONS WHERE $auth.admin = true;\n");
    surql_value_unref(v);
    surql_schema_param_unref(p);
    surql_schema_param_unref(p2);

    surql_schema_function *f = NULL, *f2 = NULL;
    ST_OK(surql_schema_function_new(&f, "fn::greet", "{ RETURN 'Hello ' + $name; }"));
    ST_OK(surql_schema_function_with_arg(&f2, f, "name", "string"));
    surql_schema_function_unref(f);
    ST_OK(surql_schema_function_with_returns(&f, f2, "string"));
    surql_schema_function_unref(f2);
    surql_buf_clear(&b);
    ST_OK(surql_schema_function_to_ddl(&b, f, &o3));
    ST_EQ_STR(surql_buf_cstr(&b),
              "DEFINE FUNCTION fn::greet($name: string) -> string { RETURN 'Hello ' + $name; };\n");
    surql_schema_function_unref(f);

    surql_schema_analyzer *an = NULL, *an2 = NULL;
    const char *tok[] = { "blank", "Class" }, *fil[] = { "lowercase", "snowball(english)" };
    ST_OK(surql_schema_analyzer_new(&an, "simple"));
    ST_OK(surql_schema_analyzer_with_tokenizers(&an2, an, tok, 2));
    surql_schema_analyzer_unref(an);
    ST_OK(surql_schema_analyzer_with_filters(&an, an2, fil, 2));
    surql_schema_analyzer_unref(an2);
    surql_buf_clear(&b);
    ST_OK(surql_schema_analyzer_to_ddl(&b, an, &o3));
    ST_EQ_STR(surql_buf_cstr(&b),
              "DEFINE ANALYZER simple TOKENIZERS BLANK, CLASS FILTERS LOWERCASE, SNOWBALL(ENGLISH);\n");
    const char *bad[] = { "stemmer" };
    ST_ERR(surql_schema_analyzer_with_filters(&an2, an, bad, 1), SURQL_ESCHEMA);
    ST_EQ_STR(surql_error_last()->message,
              "analyzer 'simple': unknown filter 'stemmer' (ascii, lowercase, uppercase, "
              "edgengram(min,max), ngram(min,max), snowball(language), mapper('path'))");
    surql_schema_analyzer_unref(an);
    surql_buf_dispose(&b);
}

ST_TEST(schema_order_and_element_overwrite)
{
    surql_schema *s = NULL, *s2 = NULL;
    surql_schema_table *user = NULL, *likes = NULL, *t = NULL;
    surql_schema_field *f[3] = { NULL, NULL, NULL }, *g = NULL;
    surql_schema_index *x = NULL;
    surql_schema_analyzer *an = NULL;
    ST_OK(surql_schema_new(&s));
    ST_OK(surql_schema_edge_new(&likes, "likes", SURQL_SCHEMA_EDGE_RELATION, "user", "post"));
    ST_OK(surql_schema_with_table(&s2, s, likes));
    surql_schema_unref(s);
    ST_OK(surql_schema_table_new(&t, "user"));
    ST_OK(surql_schema_field_new(&f[0], "tags", "array<string>"));
    ST_OK(surql_schema_field_new(&g, "tags[*]", "string"));
    ST_OK(surql_schema_field_with_assert(&f[1], g, "string::len($value) > 1"));
    surql_schema_field_unref(g);
    ST_OK(surql_schema_field_new(&f[2], "name", "string"));
    ST_OK(surql_schema_table_with_fields(&user, t, (const surql_schema_field *const *)f, 3));
    surql_schema_table_unref(t);
    const char *col = "name";
    ST_OK(surql_schema_index_new(&x, "name_idx", SURQL_SCHEMA_INDEX_UNIQUE, &col, 1));
    ST_OK(surql_schema_table_with_indexes(&t, user, (const surql_schema_index *const *)&x, 1));
    ST_EQ_INT(surql_schema_table_field_count(user), 3); /* the input is unchanged */
    ST_EQ_INT(surql_schema_table_index_count(user), 0);
    ST_CHECK(surql_schema_table_field_at(t, 0) == surql_schema_table_field_at(user, 0)); /* shared */
    ST_OK(surql_schema_with_table(&s, s2, t));
    surql_schema_unref(s2);
    ST_OK(surql_schema_analyzer_new(&an, "simple"));
    ST_OK(surql_schema_with_analyzer(&s2, s, an));
    surql_buf b = SURQL_BUF_INIT;
    surql_schema_ddl_options o = opts(SURQL_DIALECT_V3, SURQL_SCHEMA_DDL_IF_NOT_EXISTS);
    ST_OK(surql_schema_to_ddl(&b, s2, &o));
    ST_EQ_STR(surql_buf_cstr(&b),
              "DEFINE ANALYZER IF NOT EXISTS simple;\n"
              "DEFINE TABLE IF NOT EXISTS user SCHEMAFULL;\n"
              "DEFINE FIELD IF NOT EXISTS tags ON TABLE user TYPE array<string>;\n"
              "DEFINE FIELD OVERWRITE tags[*] ON TABLE user TYPE string ASSERT string::len($value) > 1;\n"
              "DEFINE FIELD IF NOT EXISTS name ON TABLE user TYPE string;\n"
              "DEFINE INDEX IF NOT EXISTS name_idx ON TABLE user FIELDS name UNIQUE;\n"
              "DEFINE TABLE IF NOT EXISTS likes TYPE RELATION IN user OUT post;\n");
    surql_buf_dispose(&b);
    for (int i = 0; i < 3; i++)
        surql_schema_field_unref(f[i]);
    surql_schema_index_unref(x);
    surql_schema_analyzer_unref(an);
    surql_schema_table_unref(user);
    surql_schema_table_unref(likes);
    surql_schema_table_unref(t);
    surql_schema_unref(s);
    surql_schema_unref(s2);
}

ST_TEST(dialect_names_and_rewrites)
{
    surql_dialect d;
    ST_OK(surql_dialect_parse(&d, "surrealdb-2.6.0"));
    ST_EQ_INT(d, SURQL_DIALECT_V2);
    ST_OK(surql_dialect_parse(&d, "v3"));
    ST_EQ_INT(d, SURQL_DIALECT_V3);
    ST_ERR(surql_dialect_parse(&d, "1.5.0"), SURQL_EINVAL);
    ST_EQ_STR(surql_dialect_name(SURQL_DIALECT_V2), "v2");
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_schema_expr_for_dialect(&b, "type::is::string($v) AND rand::guid() != 'string::is::email'", SURQL_DIALECT_V3));
    ST_EQ_STR(surql_buf_cstr(&b), "type::is_string($v) AND rand::id() != 'string::is::email'");
    surql_buf_clear(&b);
    ST_OK(surql_schema_expr_for_dialect(&b, "string::is_email($value) -- string::is_url", SURQL_DIALECT_V2));
    ST_EQ_STR(surql_buf_cstr(&b), "string::is::email($value) -- string::is_url");
    surql_buf_dispose(&b);
}

ST_MAIN(ST_CASE(field_types), ST_CASE(field_clauses), ST_CASE(field_computed_nested_reserved),
        ST_CASE(field_errors), ST_CASE(tables_and_edges), ST_CASE(indexes),
        ST_CASE(events_access_db_objects), ST_CASE(schema_order_and_element_overwrite),
        ST_CASE(dialect_names_and_rewrites))
