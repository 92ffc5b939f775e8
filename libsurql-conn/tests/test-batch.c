/* Executing batch helpers (surql/conn/batch.h) against the real engines:
 * chunking, rows read back, failing chunks reported and not written. */
#include "records-fixture.h"

static surql_value *rows_n(long first, long n, const char *table)
{
    surql_value *a = surql_value_array();
    for (long i = first; i < first + n; i++) {
        surql_value *o = surql_value_object();
        if (table)
            surql_value_object_set_take(o, "id", surql_value_record_take(table, surql_value_int(i)));
        surql_value_object_set_take(o, "n", surql_value_int(i));
        surql_value_array_push_take(a, o);
    }
    return a;
}

static int64_t count_of(surql_conn_client *c, const char *table)
{
    int64_t n = -1;
    if (surql_conn_records_count(&n, c, table, NULL) != 0)
        st_fail(__FILE__, __LINE__, "count %s: %s", table, fx_msg());
    return n;
}

static void batch(fx *f)
{
    surql_conn_client *c = f->c;
    surql_value *v = NULL;
    surql_conn_batch_report rep;
    surql_conn_batch_options o = SURQL_CONN_BATCH_OPTIONS_INIT;
    o.report = &rep;
    o.chunk_size = 100;

    /* insert_many: 1050 rows in 11 chunks, two in flight (the default),
     * results in input order */
    surql_value *rows = rows_n(0, 1050, "item");
    ST_OK(surql_conn_batch_insert(&v, c, "item", rows, &o));
    ST_EQ_INT(rep.chunks, 11);
    ST_EQ_INT(rep.rows_written, 1050);
    ST_EQ_INT(rep.failed_chunk, SIZE_MAX);
    ST_EQ_INT(surql_value_length(v), 1050);
    int64_t last = -1;
    surql_value_get_int(surql_value_object_get(surql_value_array_at(v, 1049), "n"), &last);
    ST_EQ_INT(last, 1049);
    surql_value_unref(v);
    ST_EQ_INT(count_of(c, "item"), 1050);
    ST_EQ_STR(rx_json(c, "RETURN math::sum((SELECT VALUE n FROM item))"), "[550725]");

    /* a failing chunk: rows 1000..1299, where 1040 exists -> chunk 1 (rows 1000-1099) fails;
     * with in_flight 1 nothing after it is sent and nothing of it is written */
    o.in_flight = 1;
    surql_value *more = rows_n(1100, 300, "item");
    surql_value *dup = rows_n(1000, 100, "item"); /* overlaps 1000..1049 */
    surql_value *mix = surql_value_array();
    for (size_t i = 50; i < 100; i++) /* 1050..1099: new */
        surql_value_array_push(mix, surql_value_array_at(dup, i));
    for (size_t i = 0; i < 300; i++)
        surql_value_array_push(mix, surql_value_array_at(more, i));
    surql_value_array_push(mix, surql_value_array_at(dup, 40)); /* item:1040 again, row 350 */
    surql_value_unref(more);
    surql_value_unref(dup);
    ST_ERR(surql_conn_batch_insert(&v, c, "item", mix, &o), SURQL_CONN_EQUERY);
    ST_CHECK(v == NULL);
    st_note("%s", fx_msg());
    ST_CHECK(strstr(fx_msg(), "insert_many: chunk 4 of 4 (rows 300-350) failed and was not "
                              "written; written: chunks 1-3 (300 rows); not sent: chunks none")
             != NULL);
    ST_EQ_INT(rep.failed_chunk, 3);
    ST_EQ_INT(rep.failed_first_row, 300);
    ST_EQ_INT(rep.failed_rows, 51);
    ST_EQ_INT(rep.rows_written, 300);
    ST_EQ_INT(count_of(c, "item"), 1350);
    /* the failed chunk's other rows (1350..1399) were not written */
    int64_t hi = -1;
    ST_OK(surql_conn_records_count(&hi, c, "item",
                                   surql_query_gte(surql_query_field("n"), surql_query_int(1350))));
    ST_EQ_INT(hi, 0);
    surql_value_unref(mix);

    /* the failure in the middle: later chunks are not sent */
    mix = rows_n(5000, 250, "item");
    surql_value *again = rows_n(0, 1, "item");
    surql_value *m2 = surql_value_array();
    for (size_t i = 0; i < 150; i++)
        surql_value_array_push(m2, surql_value_array_at(mix, i));
    surql_value_array_push(m2, surql_value_array_at(again, 0)); /* row 150: item:0 exists */
    for (size_t i = 150; i < 250; i++)
        surql_value_array_push(m2, surql_value_array_at(mix, i));
    ST_ERR(surql_conn_batch_insert(NULL, c, "item", m2, &o), SURQL_CONN_EQUERY);
    ST_CHECK(strstr(fx_msg(), "chunk 2 of 3 (rows 100-199) failed and was not written; "
                              "written: chunks 1 (100 rows); not sent: chunks 3") != NULL);
    ST_EQ_INT(rep.chunks_not_sent, 1);
    ST_EQ_INT(count_of(c, "item"), 1450);
    surql_value_unref(mix);
    surql_value_unref(again);
    surql_value_unref(m2);

    /* invalid input anywhere: nothing sent */
    surql_value *bad = rows_n(9000, 250, NULL);
    surql_value *bad2 = surql_value_array();
    for (size_t i = 0; i < 250; i++)
        surql_value_array_push(bad2, surql_value_array_at(bad, i));
    surql_value_array_push_take(bad2, surql_value_int(7));
    ST_ERR(surql_conn_batch_insert(NULL, c, "item", bad2, &o), SURQL_ETYPE);
    ST_CHECK(strstr(fx_msg(), "chunk 3 of 3 (rows 200-250") != NULL);
    ST_CHECK(strstr(fx_msg(), "nothing was sent") != NULL);
    ST_EQ_INT(count_of(c, "item"), 1450);
    surql_value_unref(bad);
    surql_value_unref(bad2);
    ST_ERR(surql_conn_batch_insert(NULL, c, "item", NULL, &o), SURQL_ETYPE);
    surql_value *empty = surql_value_array();
    ST_ERR(surql_conn_batch_insert(NULL, c, "item", empty, &o), SURQL_QUERY_EARG);
    surql_value_unref(empty);
    o.chunk_size = SURQL_CONN_BATCH_MAX_CHUNK + 1;
    ST_ERR(surql_conn_batch_insert(NULL, c, "item", rows, &o), SURQL_EINVAL);
    o.chunk_size = 100;
    surql_value_unref(rows);

    /* upsert_many: ids and no ids, several chunks in flight */
    o.in_flight = 4;
    surql_value *up = rows_n(0, 300, "item"); /* existing: updated */
    ST_OK(surql_conn_batch_upsert(&v, c, "item", up, NULL, 0, &o));
    ST_EQ_INT(surql_value_length(v), 300);
    surql_value_unref(v);
    surql_value_unref(up);
    ST_EQ_INT(count_of(c, "item"), 1450);
    up = fx_v("[{\"name\": \"x\", \"n\": -1}, {\"id\": \"item:1\", \"n\": -2}]");
    ST_OK(surql_conn_batch_upsert(&v, c, "item", up, NULL, 0, &o));
    surql_value_unref(up);
    surql_value_unref(v);
    ST_EQ_INT(count_of(c, "item"), 1451);
    ST_EQ_STR(rx_json(c, "SELECT VALUE n FROM item:1"), "[-2]");
    /* conflict fields: match on `email` */
    ST_OK(surql_conn_query_checked(NULL, c, "CREATE person:a SET email = 'a@x', v = 1", NULL));
    up = fx_v("[{\"email\": \"a@x\", \"v\": 2}]");
    const char *conf[] = { "email" };
    ST_OK(surql_conn_batch_upsert(NULL, c, "person", up, conf, 1, &o));
    surql_value_unref(up);
    ST_EQ_STR(rx_json(c, "SELECT VALUE v FROM person"), "[2]");
    /* a failing upsert chunk is rolled back whole (one transaction) */
    ST_OK(surql_conn_query_checked(NULL, c, "DEFINE FIELD n ON strict TYPE int", NULL));
    up = fx_v("[{\"id\": \"strict:1\", \"n\": 1}, {\"id\": \"strict:2\", \"n\": \"two\"}]");
    o.in_flight = 1;
    ST_ERR(surql_conn_batch_upsert(NULL, c, "strict", up, NULL, 0, &o), SURQL_CONN_EQUERY);
    ST_CHECK(strstr(fx_msg(), "upsert_many: chunk 1 of 1 (rows 0-1) failed and was not written")
             != NULL);
    surql_value_unref(up);
    ST_EQ_STR(rx_json(c, "SELECT * FROM strict"), "[]");

    /* relate_many, in chunks, then delete_many */
    surql_value *pairs = fx_v("[[\"item:1\", \"item:2\"], [\"item:2\", \"item:3\", {\"w\": 5}],"
                              " [\"item:3\", \"item:1\"]]");
    surql_value *data = fx_v("{\"w\": 1}");
    o.chunk_size = 2;
    ST_OK(surql_conn_batch_relate(&v, c, "item", "link", "item", pairs, data, &o));
    ST_EQ_INT(surql_value_length(v), 3);
    surql_value_unref(v);
    surql_value_unref(pairs);
    surql_value_unref(data);
    ST_EQ_STR(rx_json(c, "RETURN math::sum((SELECT VALUE w FROM link))"), "[7]");
    pairs = fx_v("[[\"item:1\", \"person:a\"]]");
    ST_ERR(surql_conn_batch_relate(NULL, c, "item", "link", "item", pairs, NULL, &o), SURQL_EIDENT);
    surql_value_unref(pairs);
    surql_value *ids = fx_v("[\"1\", \"item:2\", \"3\", \"nope\"]");
    ST_OK(surql_conn_batch_delete(&v, c, "item", ids, &o));
    ST_EQ_INT(surql_value_length(v), 3); /* the deleted records as they were */
    surql_value_unref(v);
    surql_value_unref(ids);
    ST_EQ_INT(count_of(c, "item"), 1448);
    ids = fx_v("[\"item:x; DELETE item\"]");
    ST_ERR(surql_conn_batch_delete(NULL, c, "item", ids, &o), SURQL_EIDENT);
    surql_value_unref(ids);
    ST_EQ_INT(count_of(c, "item"), 1448);

    /* insert_many with out NULL: the chunks say RETURN NONE (no records
     * come back), every row is written */
    o.chunk_size = 100;
    o.in_flight = 0; /* insert_many's default: 2 at once */
    surql_value *quiet = rows_n(20000, 250, "item");
    ST_OK(surql_conn_batch_insert(NULL, c, "item", quiet, &o));
    surql_value_unref(quiet);
    ST_EQ_INT(rep.chunks, 3);
    ST_EQ_INT(rep.rows_written, 250);
    ST_EQ_INT(count_of(c, "item"), 1698);
    ST_EQ_STR(rx_json(c, "RETURN math::sum((SELECT VALUE n FROM item WHERE n >= 20000))"),
              "[5031125]");
}

ST_TEST(batch_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, batch); }
ST_TEST(batch_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, batch); }

ST_MAIN(ST_CASE(batch_v3), ST_CASE(batch_v2))
