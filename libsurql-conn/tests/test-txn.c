/* Transactions (3.x interactive; batched on 2.x, HTTP and on request) with
 * per-statement error attribution and auto-cancel, and 3.x sessions over
 * one socket. */
#include "client-fixture.h"

#include <surql/query.h>
#include <surql/query/result.h>

static int64_t count_of(surql_conn_client *c, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count() FROM %s GROUP ALL", table);
    surql_value *r = NULL;
    if (surql_conn_query_checked(&r, c, sql, NULL) != 0) {
        st_fail(__FILE__, __LINE__, "count: %s", fx_msg());
        return -1;
    }
    surql_value *n = NULL;
    int64_t v = 0;
    surql_query_extract_scalar(&n, r, "count", NULL);
    surql_value_get_int(n, &v);
    surql_value_unref(n);
    surql_value_unref(r);
    return v;
}

/* ------------------------------------------------------------------------ */

static void interactive(fx *f)
{
    surql_conn_client *c = f->c;
    surql_value *r = fx_q(c, "DEFINE TABLE acct SCHEMALESS; DEFINE TABLE knows SCHEMALESS", NULL);
    ST_BAIL_IF_FAILED();
    surql_value_unref(r);
    surql_conn_txn *t = NULL;
    ST_OK(surql_conn_txn_begin(&t, c, 0));
    ST_EQ_INT(surql_conn_txn_is_interactive(t), 1);
    surql_conn_client *tc = surql_conn_txn_client(t);
    ST_CHECK(tc != NULL);
    surql_value *a1 = surql_value_record_parse("acct:1"), *a2 = surql_value_record_parse("acct:2");
    surql_value *d = fx_v("{\"bal\": 100}");
    ST_OK(surql_conn_create(&r, tc, a1, d));
    r = surql_value_unref(r);
    ST_OK(surql_conn_create(&r, tc, a2, d));
    r = surql_value_unref(r);
    /* routed through query inside the transaction */
    surql_value *d2 = fx_v("{\"bal\": 50}");
    ST_OK(surql_conn_update(&r, tc, a1, d2));
    ST_EQ_INT(surql_value_type_of(r), SURQL_VALUE_OBJECT);
    r = surql_value_unref(r);
    surql_value *patch = fx_v("[{\"op\": \"add\", \"path\": \"/note\", \"value\": \"x\"}]");
    ST_OK(surql_conn_patch(&r, tc, a2, patch, 0));
    r = surql_value_unref(r);
    surql_value *knows = surql_value_string("knows");
    ST_OK(surql_conn_relate(&r, tc, a1, knows, a2, NULL));
    ST_EQ_INT(surql_value_type_of(r), SURQL_VALUE_OBJECT);
    r = surql_value_unref(r);
    surql_value *args = fx_v("[-3]");
    ST_OK(surql_conn_run(&r, tc, "math::abs", NULL, args));
    int64_t three = 0;
    ST_OK(surql_value_get_int(r, &three));
    ST_EQ_INT(three, 3);
    r = surql_value_unref(r);
    ST_OK(surql_conn_txn_query(&r, t, "UPDATE acct:2 SET bal += 50", NULL));
    r = surql_value_unref(r);
    /* not visible outside before commit */
    ST_EQ_INT(count_of(c, "acct"), 0);
    ST_OK(surql_conn_txn_commit(NULL, t));
    ST_ERR(surql_conn_txn_commit(NULL, t), SURQL_ESTATE);
    surql_conn_txn_free(t);
    t = NULL;
    ST_EQ_INT(count_of(c, "acct"), 2);
    ST_EQ_INT(count_of(c, "knows"), 1);
    r = fx_q(c, "SELECT VALUE bal FROM acct:1, acct:2", NULL);
    ST_BAIL_IF_FAILED();
    surql_value *want = fx_v("[50, 150]");
    const surql_value *got = NULL;
    surql_query_result_at(r, 0, &got);
    FX_EQ_VALUE(got, want);
    surql_value_unref(want);
    r = surql_value_unref(r);

    /* cancel: nothing stays */
    ST_OK(surql_conn_txn_begin(&t, c, 0));
    surql_value *a3 = surql_value_record_parse("acct:3");
    ST_OK(surql_conn_create(&r, surql_conn_txn_client(t), a3, d));
    r = surql_value_unref(r);
    ST_OK(surql_conn_txn_cancel(t));
    ST_OK(surql_conn_txn_cancel(t));
    ST_ERR(surql_conn_txn_query(&r, t, "RETURN 1", NULL), SURQL_ESTATE);
    surql_conn_txn_free(t);
    ST_EQ_INT(count_of(c, "acct"), 2);

    /* free of an open transaction cancels it */
    ST_OK(surql_conn_txn_begin(&t, c, 0));
    ST_OK(surql_conn_create(&r, surql_conn_txn_client(t), a3, d));
    r = surql_value_unref(r);
    surql_conn_txn_free(t);
    ST_EQ_INT(count_of(c, "acct"), 2);

    /* a statement error inside: checked query fails, the caller cancels */
    ST_OK(surql_conn_txn_begin(&t, c, 0));
    ST_ERR(surql_conn_txn_query(&r, t, "THROW 'no'", NULL), SURQL_CONN_EQUERY);
    surql_conn_txn_free(t);

    surql_value *vals[] = { a1, a2, a3, d, d2, patch, knows, args };
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++)
        surql_value_unref(vals[i]);
}

ST_TEST(interactive_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, interactive); }

/* ------------------------------------------------------------------------ */

static int work_ok(surql_conn_txn *t, void *ud)
{
    (void)ud;
    int rc = surql_conn_txn_query(NULL, t, "CREATE item:1 SET v = 1; CREATE item:2 SET v = 2",
                                  NULL);
    return rc;
}

static int work_fails(surql_conn_txn *t, void *ud)
{
    (void)ud;
    int rc = surql_conn_txn_query(NULL, t, "CREATE item:3 SET v = 3", NULL);
    if (rc)
        return rc;
    /* the caller's own failure: everything is cancelled */
    return surql_error_set(SURQL_EINVAL, "app", "validation failed in the caller");
}

static void run_helper(fx *f)
{
    surql_value *r = NULL;
    ST_OK(surql_conn_transaction_run(&r, f->c, 0, work_ok, NULL));
    surql_value_unref(r);
    ST_EQ_INT(count_of(f->c, "item"), 2);
    int rc = surql_conn_transaction_run(&r, f->c, 0, work_fails, NULL);
    ST_EQ_INT(rc, SURQL_EINVAL);
    ST_EQ_STR(fx_msg(), "validation failed in the caller");
    ST_EQ_INT(count_of(f->c, "item"), 2);
}

ST_TEST(run_helper_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, run_helper); }
ST_TEST(run_helper_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, run_helper); }

/* ------------------------------------------------------------------------ */

static void batched(fx *f, unsigned flags)
{
    surql_conn_client *c = f->c;
    int d = surql_conn_client_dialect(c);
    surql_value *r0 = fx_q(c, "DEFINE TABLE person SCHEMALESS", NULL); /* 3.x: tables must exist */
    ST_BAIL_IF_FAILED();
    surql_value_unref(r0);
    surql_conn_txn *t = NULL;
    ST_OK(surql_conn_txn_begin(&t, c, flags));
    ST_EQ_INT(surql_conn_txn_is_interactive(t), 0);
    ST_CHECK(surql_conn_txn_client(t) == NULL);
    surql_value *vars = fx_v("{\"who\": \"ann\"}");
    ST_OK(surql_conn_txn_query(NULL, t, "CREATE person:ann SET name = $who; "
                                        "CREATE person:bo SET name = 'bo'",
                               vars));
    surql_query_stmt *s = NULL;
    surql_value *data = fx_v("{\"name\": \"cy\"}");
    ST_OK(surql_query_crud_upsert(&s, d, "person", "cy", data, SURQL_QUERY_RETURN_DEFAULT));
    ST_OK(surql_conn_txn_execute(NULL, t, s));
    surql_query_stmt_unref(s);
    ST_OK(surql_query_crud_merge(&s, d, "person", "bo", data, SURQL_QUERY_RETURN_DEFAULT));
    ST_OK(surql_conn_txn_execute(NULL, t, s)); /* $pN of both renumbered */
    surql_query_stmt_unref(s);
    /* a raw variable bound again with another value */
    surql_value *vars2 = fx_v("{\"who\": \"other\"}");
    ST_ERR(surql_conn_txn_query(NULL, t, "RETURN $who", vars2), SURQL_EINVAL);
    surql_value_unref(vars2);
    ST_EQ_INT(count_of(c, "person"), 0);
    surql_value *r = NULL;
    ST_OK(surql_conn_txn_commit(&r, t));
    ST_EQ_INT(surql_value_length(r), 4);
    ST_OK(surql_conn_query_check(r));
    r = surql_value_unref(r);
    surql_conn_txn_free(t);
    ST_EQ_INT(count_of(c, "person"), 3);

    /* a failing statement: rolled back, attributed to its statement */
    ST_OK(surql_conn_txn_begin(&t, c, flags));
    ST_OK(surql_conn_txn_query(NULL, t, "CREATE person:dee SET name = 'dee'", NULL));
    ST_OK(surql_conn_txn_query(NULL, t,
                               "CREATE person:eve SET name = 'eve'; CREATE person:ann SET x = 1",
                               NULL));
    ST_OK(surql_conn_txn_query(NULL, t, "CREATE person:fay", NULL));
    int rc = surql_conn_txn_commit(&r, t);
    const surql_error *e = surql_error_last();
    st_note("failed batch: %s kind %s: %s", surql_conn_status_name(rc), e->server_kind,
            e->message);
    ST_EQ_INT(rc, SURQL_CONN_EQUERY);
    ST_CHECK(strstr(e->message, "transaction statement 2 (item 1)") != NULL);
    ST_CHECK(strstr(e->message, "already exists") != NULL);
    ST_CHECK(r == NULL);
    surql_conn_txn_free(t);
    ST_EQ_INT(count_of(c, "person"), 3);

    /* an empty batch commits to [] */
    ST_OK(surql_conn_txn_begin(&t, c, flags));
    ST_OK(surql_conn_txn_commit(&r, t));
    ST_EQ_INT(surql_value_length(r), 0);
    surql_value_unref(r);
    surql_conn_txn_free(t);
    surql_value_unref(vars);
    surql_value_unref(data);
}

static void batched_default(fx *f) { batched(f, 0); }
static void batched_forced(fx *f) { batched(f, SURQL_CONN_TXN_BATCH); }

ST_TEST(batched_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, batched_default); }
ST_TEST(batched_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, batched_forced); }
ST_TEST(batched_http_v3)
{
    fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, batched_default);
}

/* ------------------------------------------------------------------------ */

static void sessions(fx *f)
{
    surql_conn_client *c = f->c;
    surql_conn_client *s1 = NULL, *s2 = NULL;
    ST_OK(surql_conn_session_attach(&s1, c));
    ST_OK(surql_conn_session_attach(&s2, c));
    ST_CHECK(surql_conn_client_session_id(c) == NULL);
    ST_EQ_INT(surql_value_type_of(surql_conn_client_session_id(s1)), SURQL_VALUE_UUID);
    surql_value *list = NULL;
    ST_OK(surql_conn_sessions(&list, c));
    ST_EQ_INT(surql_value_length(list), 2);
    surql_value_unref(list);
    /* each session has its own auth, ns/db and variables */
    surql_value *r = NULL;
    int rc = surql_conn_query(&r, s1, "RETURN 1", NULL);
    st_note("fresh session query: %s %s", surql_conn_status_name(rc), fx_msg());
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_OK(surql_conn_signin_root(NULL, s1, "root", "root"));
    ST_OK(surql_conn_signin_root(NULL, s2, "root", "root"));
    ST_OK(surql_conn_use(NULL, s1, f->ns, "one"));
    ST_OK(surql_conn_use(NULL, s2, f->ns, "two"));
    surql_value *one = surql_value_int(1), *two = surql_value_int(2);
    ST_OK(surql_conn_let(s1, "v", one));
    ST_OK(surql_conn_let(s2, "v", two));
    r = fx_q(s1, "CREATE x:1 SET v = $v; RETURN [$v, $session.db]", NULL);
    ST_BAIL_IF_FAILED();
    char *j = fx_json(surql_value_array_at(r, 1));
    st_note("s1: %s", j);
    free(j);
    r = surql_value_unref(r);
    r = fx_q(s2, "DEFINE TABLE x SCHEMALESS; RETURN [$v, (SELECT * FROM x)]", NULL);
    ST_BAIL_IF_FAILED();
    const surql_value *res = NULL;
    surql_query_result_at(r, 1, &res);
    FX_EQ_VALUE(surql_value_array_at(res, 0), two);
    ST_EQ_INT(surql_value_length(surql_value_array_at(res, 1)), 0);
    r = surql_value_unref(r);
    /* the default session is untouched */
    r = fx_q(c, "RETURN $v", NULL);
    ST_BAIL_IF_FAILED();
    surql_query_result_at(r, 0, &res);
    ST_CHECK(surql_value_is_nullish(res));
    r = surql_value_unref(r);
    /* an interactive transaction inside a session */
    surql_conn_txn *t = NULL;
    ST_OK(surql_conn_txn_begin(&t, s1, 0));
    ST_OK(surql_conn_txn_query(NULL, t, "CREATE x:2", NULL));
    ST_OK(surql_conn_txn_commit(NULL, t));
    surql_conn_txn_free(t);
    r = fx_q(s1, "SELECT count() FROM x GROUP ALL", NULL);
    ST_BAIL_IF_FAILED();
    surql_value *n = NULL;
    surql_query_extract_scalar(&n, r, "count", NULL);
    int64_t cnt = 0;
    surql_value_get_int(n, &cnt);
    ST_EQ_INT(cnt, 2);
    surql_value_unref(n);
    r = surql_value_unref(r);
    /* detach: later calls fail with the server's error */
    ST_OK(surql_conn_session_detach(s2));
    rc = surql_conn_ping(s2);
    st_note("detached: %s kind %s: %s", surql_conn_status_name(rc),
            surql_error_last()->server_kind, fx_msg());
    ST_CHECK(rc != 0);
    ST_CHECK(strstr(fx_msg(), "ession") != NULL);
    surql_conn_client_free(s2);
    surql_conn_client_free(s1); /* detaches */
    ST_OK(surql_conn_sessions(&list, c));
    ST_EQ_INT(surql_value_length(list), 0);
    surql_value_unref(list);
    surql_value_unref(one);
    surql_value_unref(two);
}

ST_TEST(sessions_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, sessions); }

static void no_sessions(fx *f)
{
    surql_conn_client *s = NULL;
    ST_ERR(surql_conn_session_attach(&s, f->c), SURQL_EUNSUPPORTED);
    ST_CHECK(s == NULL);
    surql_value *l = NULL;
    if (surql_conn_client_dialect(f->c) == 2)
        ST_ERR(surql_conn_sessions(&l, f->c), SURQL_EUNSUPPORTED);
}

ST_TEST(no_sessions_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, no_sessions); }
ST_TEST(no_sessions_http_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, no_sessions); }

ST_MAIN(ST_CASE(interactive_v3), ST_CASE(run_helper_v3), ST_CASE(run_helper_v2),
        ST_CASE(batched_v2), ST_CASE(batched_v3), ST_CASE(batched_http_v3), ST_CASE(sessions_v3),
        ST_CASE(no_sessions_v2), ST_CASE(no_sessions_http_v3))
