/* Token/session expiry while connected (landscape §4 item 7: idle clients
 * get "The token has expired" with no recovery), against the dev server.
 * A database user with DURATION FOR TOKEN 1s, FOR SESSION 1s signs in at
 * open with the config's credentials; after the session expired:
 *  - an idempotent call (select) re-authenticates once and is repeated: it
 *    returns the rows;
 *  - a call that is not safe to repeat (a query) is not re-sent: it fails
 *    with SURQL_CONN_EAUTH saying the session was re-authenticated and the
 *    call was not re-sent, and the engine holds no trace of it.
 * Over WebSocket and over HTTP (expiry_*, expiry_http_*). And on 3.x with a
 * record access defined WITH REFRESH (refresh_*): a client without any
 * credentials in its config signs in as a record user, gets {access,
 * refresh}, and after the expiry renews with the refresh token (the `refresh`
 * RPC; a sign-in again is impossible: no credentials), which the old refresh
 * token being refused afterwards proves (it is single-use). */
#include "client-fixture.h"

static int64_t count_of(fx *f, const char *sql)
{
    surql_value *r = fx_q(f->c, sql, NULL);
    const surql_value *v = NULL;
    int64_t n = -1;
    if (r && surql_query_result_at(r, 0, &v) == SURQL_OK)
        surql_value_get_int(surql_value_object_get(surql_value_array_at(v, 0), "n"), &n);
    surql_value_unref(r);
    return n;
}

/* The checks after the session of @p c expired (1 s durations): a select is
 * repeated and returns the one row of ex; a write is not re-sent and leaves
 * no trace. */
static void after_expiry(fx *f, surql_conn_client *c)
{
    /* idempotent: re-authenticated and repeated */
    fx_sleep_ms(2500);
    surql_value *tb = surql_value_table("ex");
    surql_value *rows = NULL;
    int rs = surql_conn_select(&rows, c, tb);
    char smsg[512];
    snprintf(smsg, sizeof smsg, "%s", rs ? fx_msg() : "");
    surql_value_unref(tb);
    size_t nrows = surql_value_length(rows);
    surql_value_unref(rows);
    st_note("select after expiry: %s %s (%zu rows)", surql_conn_status_name(rs), smsg, nrows);
    /* not idempotent: not re-sent, a clear error */
    fx_sleep_ms(2500);
    surql_value *r = NULL;
    int rq = surql_conn_query(&r, c, "CREATE ex:2 SET n = 2", NULL);
    char qmsg[1024];
    snprintf(qmsg, sizeof qmsg, "%s", rq ? fx_msg() : "");
    surql_value_unref(r);
    st_note("query after expiry: %s %s", surql_conn_status_name(rq), qmsg);
    ST_EQ_INT(rs, SURQL_OK);
    ST_EQ_INT(nrows, 1);
    ST_EQ_INT(rq, SURQL_CONN_EAUTH);
    ST_CHECK(strstr(qmsg, "expired") != NULL);
    ST_CHECK(strstr(qmsg, "re-authenticated") != NULL);
    ST_CHECK(strstr(qmsg, "not re-sent") != NULL);
    /* the write did not happen (read back as root) */
    ST_CHECK(count_of(f, "SELECT count() AS n FROM ex:2 GROUP ALL") < 1);
    ST_EQ_INT(count_of(f, "SELECT count() AS n FROM ex GROUP ALL"), 1);
}

static void expiry_body(fx *f)
{
    surql_value_unref(fx_q(f->c,
                           "DEFINE USER exp_user ON DATABASE PASSWORD 'exp-pass-1' ROLES EDITOR "
                           "DURATION FOR TOKEN 1s, FOR SESSION 1s; "
                           "DEFINE TABLE ex SCHEMALESS; CREATE ex:1 SET n = 1",
                           NULL));
    ST_BAIL_IF_FAILED();
    surql_conn_config *cfg = NULL;
    ST_OK(surql_conn_config_copy(&cfg, f->cfg));
    surql_conn_client *c = NULL;
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.auth_level = SURQL_CONN_AUTH_DATABASE;
    int rc = surql_conn_config_set_username(cfg, "exp_user");
    if (!rc)
        rc = surql_conn_config_set_password(cfg, "exp-pass-1");
    if (!rc)
        rc = surql_conn_client_open(&c, cfg, &o);
    surql_conn_config_free(cfg);
    if (rc) {
        st_fail(__FILE__, __LINE__, "open as exp_user: %s", fx_msg());
        return;
    }
    after_expiry(f, c);
    surql_conn_client_free(c);
}

ST_TEST(expiry_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, expiry_body); }

ST_TEST(expiry_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, expiry_body); }

ST_TEST(expiry_http_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, expiry_body); }

ST_TEST(expiry_http_v2) { fx_run("v2", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, expiry_body); }

/* ---- 3.x refresh token (record access WITH REFRESH) ------------------------ */

static void refresh_body(fx *f)
{
    surql_value_unref(fx_q(f->c,
                           "DEFINE TABLE person SCHEMALESS PERMISSIONS FOR select WHERE id = "
                           "$auth; "
                           "DEFINE ACCESS acc ON DATABASE TYPE RECORD "
                           "SIGNIN (SELECT * FROM person WHERE name = $name AND "
                           "crypto::argon2::compare(pass, $pass)) "
                           "WITH REFRESH DURATION FOR GRANT 1h, FOR TOKEN 1s, FOR SESSION 1s; "
                           "CREATE person:ann SET name = 'ann', "
                           "pass = crypto::argon2::generate('ann-pass-1'); "
                           "DEFINE TABLE ex SCHEMALESS PERMISSIONS FULL; CREATE ex:1 SET n = 1",
                           NULL));
    ST_BAIL_IF_FAILED();
    /* a client without credentials: nothing to sign in again with */
    surql_conn_config *cfg = NULL;
    ST_OK(surql_conn_config_copy(&cfg, f->cfg));
    int rc = surql_conn_config_set_username(cfg, NULL);
    if (!rc)
        rc = surql_conn_config_set_password(cfg, NULL);
    surql_conn_client *c = NULL;
    if (!rc)
        rc = surql_conn_client_open(&c, cfg, NULL);
    surql_conn_config_free(cfg);
    if (rc) {
        st_fail(__FILE__, __LINE__, "open without credentials: %s", fx_msg());
        return;
    }
    surql_value *vars = surql_value_object();
    surql_value_object_set_take(vars, "name", surql_value_string("ann"));
    surql_value_object_set_take(vars, "pass", surql_value_string("ann-pass-1"));
    surql_value *tok = NULL;
    rc = surql_conn_signin_record(&tok, c, f->ns, f->db, "acc", vars);
    surql_value_unref(vars);
    if (rc || !surql_value_object_get(tok, "refresh")) {
        st_fail(__FILE__, __LINE__, "record signin: %s: %s", surql_conn_status_name(rc),
                rc ? fx_msg() : "no refresh token");
        surql_value_unref(tok);
        surql_conn_client_free(c);
        return;
    }
    after_expiry(f, c);
    /* renewed with the refresh token: the one of the sign-in is spent */
    surql_value *r = NULL;
    int rr = surql_conn_refresh(&r, c, tok);
    st_note("the sign-in's refresh token again: %s: %s", surql_conn_status_name(rr),
            rr ? fx_msg() : "");
    surql_value_unref(r);
    ST_EQ_INT(rr, SURQL_CONN_EAUTH);
    /* and the session is the record user's */
    surql_value *who = NULL;
    int rw = surql_conn_query(&who, c, "RETURN <string> $auth.id", NULL);
    const surql_value *v = NULL;
    const char *id = NULL;
    if (!rw && surql_query_result_at(who, 0, &v) == SURQL_OK)
        surql_value_get_string(v, &id, NULL);
    char ids[64];
    snprintf(ids, sizeof ids, "%s", id ? id : "(none)");
    surql_value_unref(who);
    surql_value_unref(tok);
    surql_conn_client_free(c);
    ST_EQ_INT(rw, SURQL_OK);
    ST_EQ_STR(ids, "person:ann");
}

ST_TEST(refresh_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, refresh_body); }

ST_TEST(refresh_http_v3) { fx_run("v3", "http", SURQL_CONN_PROTOCOL_CBOR, NULL, refresh_body); }

ST_MAIN(ST_CASE(expiry_v3), ST_CASE(expiry_v2), ST_CASE(expiry_http_v3), ST_CASE(expiry_http_v2),
        ST_CASE(refresh_v3), ST_CASE(refresh_http_v3))
