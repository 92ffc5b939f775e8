/* Executing CRUD helpers (surql/conn/crud.h) against the real engines: each
 * helper's effect is read back with a separate plain query. */
#include "records-fixture.h"

static const char *HOSTILE = "'; DELETE user; -- \\u27e9`\\\" $p1?";

static void crud(fx *f)
{
    surql_conn_client *c = f->c;
    surql_value *v = NULL, *d = NULL;

    /* create_record, explicit client */
    d = fx_v("{\"name\": \"Alice\", \"age\": 30}");
    ST_OK(surql_conn_record_create(&v, c, "user", d, SURQL_QUERY_RETURN_DEFAULT));
    surql_value_unref(d);
    ST_EQ_STR(rx_field(v, "name"), "Alice");
    ST_CHECK(surql_value_type_of(surql_value_object_get(v, "id")) == SURQL_VALUE_RECORD);
    surql_value_unref(v);
    ST_EQ_STR(rx_json(c, "SELECT VALUE name FROM user"), "[\"Alice\"]");

    /* the current client: none -> SURQL_ESTATE; then set for this thread */
    d = fx_v("{\"name\": \"Bob\", \"age\": 20}");
    ST_ERR(surql_conn_record_create(&v, NULL, "user", d, SURQL_QUERY_RETURN_DEFAULT),
           SURQL_ESTATE);
    ST_CHECK(v == NULL);
    ST_CHECK(strstr(fx_msg(), "create_record: no client given") != NULL);
    ST_OK(surql_conn_set_db(c));
    int rc = surql_conn_record_create(&v, NULL, "user", d, SURQL_QUERY_RETURN_NONE);
    surql_conn_set_db(NULL);
    surql_value_unref(d);
    ST_OK(rc);
    ST_CHECK(surql_value_type_of(v) == SURQL_VALUE_NONE);
    surql_value_unref(v);
    ST_EQ_STR(rx_json(c, "SELECT VALUE name FROM user ORDER BY name"), "[\"Alice\",\"Bob\"]");

    /* create_records */
    d = fx_v("[{\"name\": \"Carol\", \"age\": 40}, {\"name\": \"Dave\", \"age\": 50}]");
    ST_OK(surql_conn_records_create(&v, c, "user", d));
    surql_value_unref(d);
    ST_EQ_INT(surql_value_length(v), 2);
    ST_EQ_STR(rx_field(surql_value_array_at(v, 1), "name"), "Dave");
    surql_value_unref(v);
    ST_EQ_STR(rx_json(c, "SELECT VALUE name FROM user ORDER BY name"),
              "[\"Alice\",\"Bob\",\"Carol\",\"Dave\"]");

    /* upsert (creates user:eve), get_record, missing record */
    d = fx_v("{\"name\": \"Eve\", \"age\": 35}");
    ST_OK(surql_conn_record_upsert(&v, c, "user", "eve", d, SURQL_QUERY_RETURN_DEFAULT));
    surql_value_unref(d);
    surql_value_unref(v);
    ST_OK(surql_conn_record_get(&v, c, "user", "user:eve"));
    ST_EQ_STR(rx_field(v, "name"), "Eve");
    surql_value_unref(v);
    ST_EQ_STR(rx_json(c, "SELECT VALUE age FROM user:eve"), "[35]");
    ST_OK(surql_conn_record_get(&v, c, "user", "nobody"));
    ST_CHECK(surql_value_type_of(v) == SURQL_VALUE_NONE);
    surql_value_unref(v);

    /* query_records: age >= 30 ORDER BY name DESC LIMIT 2 START 1 */
    surql_query_expr *cond[1] = { surql_query_gte(surql_query_field("age"), surql_query_int(30)) };
    ST_OK(surql_conn_records_query(&v, c, "user", cond, 1, "name", 1, 2, 1));
    ST_EQ_INT(surql_value_length(v), 2);
    ST_EQ_STR(rx_field(surql_value_array_at(v, 0), "name"), "Dave");
    ST_EQ_STR(rx_field(surql_value_array_at(v, 1), "name"), "Carol");
    surql_value_unref(v);

    /* first / last */
    ST_OK(surql_conn_record_first(&v, c, "user",
                                  surql_query_lt(surql_query_field("age"), surql_query_int(45)),
                                  "age", 0));
    ST_EQ_STR(rx_field(v, "name"), "Bob");
    surql_value_unref(v);
    ST_OK(surql_conn_record_last(&v, c, "user",
                                 surql_query_lt(surql_query_field("age"), surql_query_int(45)),
                                 "age", 0));
    ST_EQ_STR(rx_field(v, "name"), "Carol");
    surql_value_unref(v);
    ST_OK(surql_conn_record_first(&v, c, "user",
                                  surql_query_gt(surql_query_field("age"), surql_query_int(99)),
                                  NULL, 0));
    ST_CHECK(surql_value_type_of(v) == SURQL_VALUE_NONE);
    surql_value_unref(v);

    /* update (replace: age goes), merge (name stays) */
    d = fx_v("{\"name\": \"Eve2\"}");
    ST_OK(surql_conn_record_update(&v, c, "user", "eve", d, SURQL_QUERY_RETURN_DEFAULT));
    surql_value_unref(d);
    ST_EQ_STR(rx_field(v, "name"), "Eve2");
    surql_value_unref(v);
    ST_EQ_STR(rx_json(c, "SELECT name, age FROM user:eve"), "[{\"age\":{\"$none\":true},\"name\":\"Eve2\"}]");
    d = fx_v("{\"status\": \"active\"}");
    ST_OK(surql_conn_record_merge(&v, c, "user", "eve", d, SURQL_QUERY_RETURN_DEFAULT));
    surql_value_unref(d);
    surql_value_unref(v);
    ST_EQ_STR(rx_json(c, "SELECT name, status FROM user:eve"),
              "[{\"name\":\"Eve2\",\"status\":\"active\"}]");

    /* exists / count */
    int ex = -1;
    ST_OK(surql_conn_record_exists(&ex, c, "user", "eve"));
    ST_EQ_INT(ex, 1);
    ST_OK(surql_conn_record_exists(&ex, c, "user", "nobody"));
    ST_EQ_INT(ex, 0);
    int64_t n = -1;
    ST_OK(surql_conn_records_count(&n, c, "user", NULL));
    ST_EQ_INT(n, 5);
    ST_OK(surql_conn_records_count(&n, c, "user",
                                   surql_query_gte(surql_query_field("age"), surql_query_int(40))));
    ST_EQ_INT(n, 2);
    ST_OK(surql_conn_query_checked(NULL, c, "DEFINE TABLE empty_table", NULL));
    ST_OK(surql_conn_records_count(&n, c, "empty_table", NULL));
    ST_EQ_INT(n, 0);

    /* delete_record (twice: a missing record is not an error) */
    ST_OK(surql_conn_record_delete(c, "user", "eve"));
    ST_OK(surql_conn_record_delete(c, "user", "eve"));
    ST_EQ_STR(rx_json(c, "SELECT * FROM user:eve"), "[]");
    /* delete_records with a condition, then all */
    ST_OK(surql_conn_records_delete(c, "user",
                                    surql_query_gte(surql_query_field("age"), surql_query_int(40))));
    ST_EQ_STR(rx_json(c, "SELECT VALUE name FROM user ORDER BY name"), "[\"Alice\",\"Bob\"]");
    ST_OK(surql_conn_records_delete(c, "user", NULL));
    ST_EQ_STR(rx_json(c, "SELECT * FROM user"), "[]");
}

/* bad input: clear errors, nothing sent, nothing changed; hostile values stay values */
static void bad_input(fx *f)
{
    surql_conn_client *c = f->c;
    surql_value *v = NULL;
    surql_value *d = fx_v("{\"name\": \"keep\"}");
    ST_OK(surql_conn_record_upsert(&v, c, "user", "keep", d, SURQL_QUERY_RETURN_NONE));
    surql_value_unref(v);
    /* invalid table names */
    ST_ERR(surql_conn_record_create(&v, c, "", d, SURQL_QUERY_RETURN_DEFAULT), SURQL_EIDENT);
    ST_ERR(surql_conn_record_create(&v, c, "us\x01er", d, SURQL_QUERY_RETURN_DEFAULT),
           SURQL_EIDENT);
    ST_CHECK(strstr(fx_msg(), "table") != NULL);
    ST_CHECK(v == NULL);
    /* an id with trailing text is refused, nothing deleted */
    ST_ERR(surql_conn_record_delete(c, "user", "keep; DELETE user"), SURQL_EIDENT);
    ST_ERR(surql_conn_record_get(&v, c, "user", "post:1"), SURQL_EIDENT);
    surql_value_unref(d);
    ST_EQ_STR(rx_json(c, "SELECT VALUE name FROM user"), "[\"keep\"]");
    /* a hostile string is stored and read back verbatim */
    char json[256];
    snprintf(json, sizeof json, "{\"name\": \"%s\"}", HOSTILE);
    d = fx_v(json);
    ST_OK(surql_conn_record_upsert(&v, c, "user", "h", d, SURQL_QUERY_RETURN_DEFAULT));
    surql_value_unref(v);
    ST_OK(surql_conn_record_get(&v, c, "user", "h"));
    FX_EQ_VALUE(surql_value_object_get(v, "name"), surql_value_object_get(d, "name"));
    surql_value_unref(v);
    surql_value_unref(d);
    int64_t n = 0;
    ST_OK(surql_conn_records_count(&n, c, "user", NULL));
    ST_EQ_INT(n, 2);
    /* a statement the server rejects: SURQL_CONN_EQUERY with its message */
    ST_OK(surql_conn_query_checked(NULL, c, "DEFINE FIELD age ON user TYPE int", NULL));
    d = fx_v("{\"age\": \"not a number\"}");
    ST_ERR(surql_conn_record_merge(&v, c, "user", "keep", d, SURQL_QUERY_RETURN_DEFAULT),
           SURQL_CONN_EQUERY);
    surql_value_unref(d);
    ST_CHECK(v == NULL);
    ST_EQ_STR(rx_json(c, "SELECT VALUE age FROM user:keep"), "[{\"$none\":true}]");
}

ST_TEST(crud_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, crud); }
ST_TEST(crud_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, crud); }
ST_TEST(crud_http_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, crud); }
ST_TEST(bad_input_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, bad_input); }
ST_TEST(bad_input_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, bad_input); }

ST_MAIN(ST_CASE(crud_v3), ST_CASE(crud_v2), ST_CASE(crud_http_v3), ST_CASE(bad_input_v3),
        ST_CASE(bad_input_v2))
