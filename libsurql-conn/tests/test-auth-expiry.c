/* Token/session expiry while connected (landscape §4 item 7: idle clients
 * get "The token has expired" with no recovery), against the dev server.
 * A database user with DURATION FOR TOKEN 1s, FOR SESSION 1s signs in at
 * open with the config's credentials; after the session expired:
 *  - an idempotent call (select) re-authenticates once and is repeated: it
 *    returns the rows;
 *  - a call that is not safe to repeat (a query) is not re-sent: it fails
 *    with SURQL_CONN_EAUTH saying the session was re-authenticated and the
 *    call was not re-sent, and the engine holds no trace of it. */
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
    surql_conn_client_free(c);
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

ST_TEST(expiry_v3) { fx_run("v3", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, expiry_body); }

ST_TEST(expiry_v2) { fx_run("v2", "ws", SURQL_CONN_PROTOCOL_CBOR, NULL, expiry_body); }

ST_MAIN(ST_CASE(expiry_v3), ST_CASE(expiry_v2))
