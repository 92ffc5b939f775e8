/* HTTP transport against the real dev server: GET /health, GET /version,
 * POST /sql with Basic auth (and a wrong password -> 401 as EAUTH),
 * POST /rpc in JSON and CBOR, unreachable server, server stopped between
 * requests. Each case starts its own server. */
#include "surql_test.h"
#include "surql_test_server.h"

#include <stdio.h>
#include <string.h>

#include <surql/conn.h>

#include "conn-internal.h"
#include "http-internal.h"

static const char *msg(void)
{
    return surql_error_last()->message;
}

typedef struct env {
    st_server s;
    surql_conn__http *h;
} env;

static int setup(env *e)
{
    memset(e, 0, sizeof *e);
    if (surql_conn_global_init() < 1)
        return st_fail(__FILE__, __LINE__, "global init: %s", msg()) - 1;
    if (st_server_start(&e->s, "v3", NULL) != 0) {
        surql_conn_global_shutdown();
        return -1;
    }
    int rc = surql_conn__http_new(&e->h, e->s.url, NULL);
    if (rc != 0) {
        st_fail(__FILE__, __LINE__, "http_new(%s): %s", e->s.url, msg());
        st_server_stop(&e->s);
        surql_conn_global_shutdown();
        return -1;
    }
    return 0;
}

static void teardown(env *e)
{
    surql_conn__http_free(e->h);
    e->h = NULL;
    st_server_stop(&e->s);
    surql_conn_global_shutdown();
}

static int64_t dl(void)
{
    return surql_conn__now_ms() + 10000;
}

ST_TEST(health)
{
    env e;
    if (setup(&e) != 0)
        return;
    int rc = surql_conn__http_health(e.h, dl());
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_CHECKF(rc == 0, "%s", err);
}

ST_TEST(version)
{
    env e;
    if (setup(&e) != 0)
        return;
    surql_buf v = SURQL_BUF_INIT;
    int rc = surql_conn__http_version(e.h, &v, dl());
    char want[64];
    snprintf(want, sizeof want, "%s", e.s.version);
    teardown(&e);
    ST_OK(rc);
    st_note("version: %s", surql_buf_cstr(&v));
    ST_CHECK(strncmp(surql_buf_cstr(&v), "surrealdb-", 10) == 0);
    ST_EQ_STR(surql_buf_cstr(&v), want);
    surql_buf_dispose(&v);
}

ST_TEST(sql_basic_auth)
{
    env e;
    if (setup(&e) != 0)
        return;
    surql_conn__http_auth auth = { "conn_http", "sql", e.s.user, e.s.pass, NULL };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int rc = surql_conn__http_sql(e.h, "RETURN 40 + 2; RETURN session::ns();",
                                  SURQL_CONN_PROTOCOL_JSON, &auth, dl(), &resp);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_CHECKF(rc == 0, "%s", err);
    ST_EQ_INT(resp.status, 200);
    st_note("body: %s", surql_buf_cstr(&resp.body));
    ST_CHECK(resp.content_type && strncmp(resp.content_type, "application/json", 16) == 0);
    const char *b = surql_buf_cstr(&resp.body);
    ST_CHECK(b[0] == '[');
    ST_CHECK(strstr(b, "\"result\":42") != NULL);
    ST_CHECK(strstr(b, "conn_http") != NULL);
    ST_CHECK(strstr(b, "\"status\":\"OK\"") != NULL);
    surql_conn__http_resp_clear(&resp);
}

ST_TEST(sql_wrong_password)
{
    env e;
    if (setup(&e) != 0)
        return;
    surql_conn__http_auth auth = { "conn_http", "sql", e.s.user, "not-the-password", NULL };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int rc = surql_conn__http_sql(e.h, "RETURN 1", SURQL_CONN_PROTOCOL_JSON, &auth, dl(), &resp);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    long status = resp.status;
    surql_conn__http_resp_clear(&resp);
    teardown(&e);
    st_note("%s", err);
    ST_EQ_INT(rc, SURQL_CONN_EAUTH);
    ST_EQ_INT(status, 401);
    ST_CHECK(strstr(err, "/sql: HTTP/1.1 401") != NULL);
    ST_CHECK(strstr(err, "not-the-password") == NULL);
}

ST_TEST(rpc_json)
{
    env e;
    if (setup(&e) != 0)
        return;
    const char *req = "{\"id\":1,\"method\":\"version\",\"params\":[]}";
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int rc = surql_conn__http_rpc(e.h, SURQL_CONN_PROTOCOL_JSON, req, strlen(req), NULL, dl(),
                                  &resp);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_CHECKF(rc == 0, "%s", err);
    st_note("body: %s", surql_buf_cstr(&resp.body));
    ST_CHECK(strstr(surql_buf_cstr(&resp.body), "surrealdb-") != NULL);
    ST_CHECK(resp.content_type && strncmp(resp.content_type, "application/json", 16) == 0);
    surql_conn__http_resp_clear(&resp);
}

ST_TEST(rpc_cbor)
{
    env e;
    if (setup(&e) != 0)
        return;
    static const unsigned char req[] = { 0xa2, 0x62, 'i', 'd', 0x01, 0x66, 'm', 'e', 't',
                                         'h',  'o',  'd', 0x64, 'p', 'i',  'n',  'g' };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int rc = surql_conn__http_rpc(e.h, SURQL_CONN_PROTOCOL_CBOR, req, sizeof req, NULL, dl(),
                                  &resp);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_CHECKF(rc == 0, "%s", err);
    ST_EQ_INT(resp.status, 200);
    ST_CHECK(resp.content_type && strncmp(resp.content_type, "application/cbor", 16) == 0);
    ST_CHECK(resp.body.size >= 2);
    ST_CHECK(((unsigned char)resp.body.ptr[0] & 0xe0) == 0xa0); /* a map */
    surql_conn__http_resp_clear(&resp);
}

ST_TEST(reuses_connection)
{
    env e;
    if (setup(&e) != 0)
        return;
    int rc = 0;
    for (int i = 0; i < 5 && rc == 0; i++)
        rc = surql_conn__http_health(e.h, dl());
    teardown(&e);
    ST_OK(rc);
}

ST_TEST(unreachable)
{
    env e;
    if (setup(&e) != 0)
        return;
    st_server_stop(&e.s); /* same URL, nothing listening now */
    int64_t t0 = surql_conn__now_ms();
    int rc = surql_conn__http_health(e.h, t0 + 2000);
    int64_t el = surql_conn__now_ms() - t0;
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    st_note("%s", err);
    ST_EQ_INT(rc, SURQL_CONN_ECONNECT);
    ST_CHECK(strstr(err, "cannot connect") != NULL);
    ST_CHECK(el < 10000); /* no hang (bound loose for valgrind) */
}

ST_MAIN(ST_CASE(health), ST_CASE(version), ST_CASE(sql_basic_auth), ST_CASE(sql_wrong_password),
        ST_CASE(rpc_json), ST_CASE(rpc_cbor), ST_CASE(reuses_connection), ST_CASE(unreachable))
