/* WebSocket transport against the real dev server (tests/server/surreal-dev):
 * subprotocol negotiation (cbor, json), a JSON request over the json
 * subprotocol, a hand-encoded CBOR request over cbor, keepalive ping/pong,
 * close handshake, upgrade headers, and a server stopped mid-connection.
 * Each case starts its own server. */
#include "surql_test.h"
#include "surql_test_server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/conn.h>

#include "conn-internal.h"
#include "ws-internal.h"

static const char *msg(void)
{
    return surql_error_last()->message;
}

typedef struct env {
    st_server s;
    surql_conn__ws *ws;
} env;

/* start the server and connect with @p proto; 0 or -1 (failure recorded) */
static int setup(env *e, surql_conn_protocol proto, const char *const *headers)
{
    memset(e, 0, sizeof *e);
    if (surql_conn_global_init() < 1)
        return st_fail(__FILE__, __LINE__, "global init: %s", msg()) - 1;
    if (st_server_start(&e->s, "v3", NULL) != 0) {
        surql_conn_global_shutdown();
        return -1;
    }
    surql_conn__ws_opts o = SURQL_CONN__WS_OPTS_INIT;
    o.protocol = proto;
    o.headers = headers;
    int rc = surql_conn__ws_open(&e->ws, e->s.ws_url, &o, surql_conn__now_ms() + 10000);
    if (rc != 0) {
        st_fail(__FILE__, __LINE__, "ws_open(%s): %s: %s", e->s.ws_url,
                surql_conn_status_name(rc), msg());
        st_server_stop(&e->s);
        surql_conn_global_shutdown();
        return -1;
    }
    return 0;
}

static void teardown(env *e)
{
    surql_conn__ws_free(e->ws);
    e->ws = NULL;
    st_server_stop(&e->s);
    surql_conn_global_shutdown();
}

/* next data message within 10 s; 1 or the poll result */
static int next_msg(env *e, surql_conn__ws_msg *m)
{
    return surql_conn__ws_poll(e->ws, 10000, m);
}

ST_TEST(cbor_subprotocol)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_CBOR, NULL) != 0)
        return;
    int proto = surql_conn__ws_protocol(e.ws);
    int fb = surql_conn__ws_fallback(e.ws);
    int fd = surql_conn__ws_get_fd(e.ws);
    int open = surql_conn__ws_is_open(e.ws);
    teardown(&e);
    ST_EQ_INT(proto, SURQL_CONN_PROTOCOL_CBOR);
    ST_EQ_INT(fb, 0);
    ST_CHECK(fd >= 0);
    ST_EQ_INT(open, 1);
}

ST_TEST(json_subprotocol_version)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_JSON, NULL) != 0)
        return;
    int proto = surql_conn__ws_protocol(e.ws);
    int fb = surql_conn__ws_fallback(e.ws);
    const char *req = "{\"id\":1,\"method\":\"version\",\"params\":[]}";
    int rs = surql_conn__ws_send(e.ws, 0, req, strlen(req));
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = rs == 0 ? next_msg(&e, &m) : rs;
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_EQ_INT(proto, SURQL_CONN_PROTOCOL_JSON);
    ST_EQ_INT(fb, 0);
    ST_OK(rs);
    ST_CHECKF(r == 1, "poll: %d %s", r, err);
    st_note("version response: %s", (char *)m.data);
    ST_EQ_INT(m.binary, 0); /* JSON answers come as text frames */
    ST_CHECK(strstr((char *)m.data, "surrealdb-") != NULL);
    ST_CHECK(strstr((char *)m.data, "\"id\":1") != NULL);
    surql_conn__ws_msg_clear(&m);
}

ST_TEST(cbor_ping_request)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_CBOR, NULL) != 0)
        return;
    /* {"id": 1, "method": "ping"} */
    static const unsigned char req[] = { 0xa2, 0x62, 'i', 'd', 0x01, 0x66, 'm', 'e', 't',
                                         'h',  'o',  'd', 0x64, 'p', 'i',  'n',  'g' };
    int rs = surql_conn__ws_send(e.ws, 1, req, sizeof req);
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = rs == 0 ? next_msg(&e, &m) : rs;
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_OK(rs);
    ST_CHECKF(r == 1, "poll: %d %s", r, err);
    ST_EQ_INT(m.binary, 1); /* CBOR answers come as binary frames */
    ST_CHECK(m.len >= 4);
    ST_CHECK((m.data[0] & 0xe0) == 0xa0); /* a map */
    /* it carries our id: text "id" followed by 1 */
    int found = 0;
    for (size_t i = 0; i + 3 < m.len; i++)
        if (m.data[i] == 0x62 && m.data[i + 1] == 'i' && m.data[i + 2] == 'd' &&
            m.data[i + 3] == 0x01)
            found = 1;
    ST_CHECK(found);
    surql_conn__ws_msg_clear(&m);
}

ST_TEST(several_requests_in_flight)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_JSON, NULL) != 0)
        return;
    int rs = 0;
    for (int i = 1; i <= 20 && rs == 0; i++) {
        char req[128];
        int n = snprintf(req, sizeof req, "{\"id\":%d,\"method\":\"ping\",\"params\":[]}", i);
        rs = surql_conn__ws_send(e.ws, 0, req, (size_t)n);
    }
    int got = 0, r = 1;
    int seen[21] = { 0 };
    while (rs == 0 && got < 20 && r == 1) {
        surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
        r = next_msg(&e, &m);
        if (r == 1) {
            const char *id = strstr((char *)m.data, "\"id\":");
            int v = id ? (int)strtol(id + 5, NULL, 10) : 0;
            if (v >= 1 && v <= 20)
                seen[v]++;
            got++;
        }
        surql_conn__ws_msg_clear(&m);
    }
    teardown(&e);
    ST_OK(rs);
    ST_EQ_INT(got, 20);
    for (int i = 1; i <= 20; i++)
        ST_EQ_INT(seen[i], 1);
}

ST_TEST(keepalive_ping_pong)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_CBOR, NULL) != 0)
        return;
    int64_t before = surql_conn__ws_last_pong_ms(e.ws);
    int rp = surql_conn__ws_ping(e.ws, "ka", 2);
    int64_t deadline = surql_conn__now_ms() + 5000;
    int r = 0;
    while (surql_conn__ws_last_pong_ms(e.ws) == before && surql_conn__now_ms() < deadline &&
           r >= 0) {
        surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
        r = surql_conn__ws_poll(e.ws, 200, &m);
        surql_conn__ws_msg_clear(&m);
    }
    int64_t after = surql_conn__ws_last_pong_ms(e.ws);
    int64_t last_recv = surql_conn__ws_last_recv_ms(e.ws);
    teardown(&e);
    ST_OK(rp);
    ST_CHECK(r >= 0);
    ST_EQ_INT(before, 0);
    ST_CHECK(after > 0);
    ST_CHECK(last_recv > 0);
}

ST_TEST(close_handshake)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_CBOR, NULL) != 0)
        return;
    int rc = surql_conn__ws_close(e.ws, 1000, "bye", surql_conn__now_ms() + 5000);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    int open = surql_conn__ws_is_open(e.ws);
    int rs = surql_conn__ws_send(e.ws, 1, "x", 1);
    teardown(&e);
    ST_CHECKF(rc == 0, "close: %d %s", rc, err);
    ST_EQ_INT(open, 0);
    ST_EQ_INT(rs, SURQL_CONN_ECLOSED);
}

ST_TEST(upgrade_with_auth_headers)
{
    /* Authorization and Surreal-NS/DB on the upgrade seed the session */
    static const char *const hdrs[] = { "Authorization: Basic cm9vdDpyb290",
                                        "Surreal-NS: conn_ws_test", "Surreal-DB: hdrs", NULL };
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_JSON, hdrs) != 0)
        return;
    const char *req = "{\"id\":7,\"method\":\"query\",\"params\":[\"RETURN session::ns() + "
                      "'/' + session::db()\"]}";
    int rs = surql_conn__ws_send(e.ws, 0, req, strlen(req));
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = rs == 0 ? next_msg(&e, &m) : rs;
    teardown(&e);
    ST_OK(rs);
    ST_EQ_INT(r, 1);
    st_note("query response: %s", (char *)m.data);
    ST_CHECK(strstr((char *)m.data, "conn_ws_test/hdrs") != NULL);
    surql_conn__ws_msg_clear(&m);
}

ST_TEST(wrong_path_is_http_error)
{
    env e;
    memset(&e, 0, sizeof e);
    ST_CHECK(surql_conn_global_init() >= 1);
    if (st_server_start(&e.s, "v3", NULL) != 0) {
        surql_conn_global_shutdown();
        return;
    }
    char url[160];
    snprintf(url, sizeof url, "ws://%s:%d/no-such-route", e.s.host, e.s.port);
    int rc = surql_conn__ws_open(&e.ws, url, NULL, surql_conn__now_ms() + 10000);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    st_note("%s", err);
    ST_EQ_INT(rc, SURQL_CONN_EHTTP);
    ST_CHECK(strstr(err, "instead of '101 Switching Protocols'") != NULL);
    ST_CHECK(strstr(err, "HTTP/1.1 ") != NULL);
}

ST_TEST(server_stopped_mid_connection)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_CBOR, NULL) != 0)
        return;
    st_server_stop(&e.s); /* SIGTERM, then reaped */
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int64_t t0 = surql_conn__now_ms();
    int r = 0;
    while (r >= 0 && surql_conn__now_ms() - t0 < 10000) {
        r = surql_conn__ws_poll(e.ws, 1000, &m);
        surql_conn__ws_msg_clear(&m);
    }
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    /* later calls report the same closed state */
    int rs = surql_conn__ws_send(e.ws, 1, "x", 1);
    teardown(&e);
    st_note("%s", err);
    ST_EQ_INT(r, SURQL_CONN_ECLOSED);
    ST_CHECK(strstr(err, "connection closed by the server") != NULL ||
             strstr(err, "connection lost") != NULL);
    ST_EQ_INT(rs, SURQL_CONN_ECLOSED);
}

ST_TEST(server_killed_mid_connection)
{
    env e;
    if (setup(&e, SURQL_CONN_PROTOCOL_CBOR, NULL) != 0)
        return;
    st_server_signal(&e.s, SIGKILL); /* no close frame at all */
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = surql_conn__ws_poll(e.ws, 10000, &m);
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    st_note("%s", err);
    ST_EQ_INT(r, SURQL_CONN_ECLOSED);
    ST_CHECK(strstr(err, "without a close frame") != NULL || strstr(err, "connection lost"));
}

ST_TEST(unreachable_port)
{
    env e;
    memset(&e, 0, sizeof e);
    ST_CHECK(surql_conn_global_init() >= 1);
    if (st_server_start(&e.s, "v3", NULL) != 0) {
        surql_conn_global_shutdown();
        return;
    }
    char url[160];
    snprintf(url, sizeof url, "ws://%s:%d/rpc", e.s.host, e.s.port);
    st_server_stop(&e.s); /* the port is free again */
    int64_t t0 = surql_conn__now_ms();
    int rc = surql_conn__ws_open(&e.ws, url, NULL, t0 + 2000);
    int64_t el = surql_conn__now_ms() - t0;
    char err[512];
    snprintf(err, sizeof err, "%s", msg());
    teardown(&e);
    ST_EQ_INT(rc, SURQL_CONN_ECONNECT);
    ST_CHECK(strstr(err, "cannot connect") != NULL);
    ST_CHECK(el < 10000); /* no hang (bound loose for valgrind) */
}

ST_MAIN(ST_CASE(cbor_subprotocol), ST_CASE(json_subprotocol_version), ST_CASE(cbor_ping_request),
        ST_CASE(several_requests_in_flight), ST_CASE(keepalive_ping_pong),
        ST_CASE(close_handshake), ST_CASE(upgrade_with_auth_headers),
        ST_CASE(wrong_path_is_http_error), ST_CASE(server_stopped_mid_connection),
        ST_CASE(server_killed_mid_connection), ST_CASE(unreachable_port))
