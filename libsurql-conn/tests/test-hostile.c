/* Bad input from the server: the client against tests/server/hostile.mjs, a
 * raw WebSocket/HTTP server that misbehaves on purpose (the scenario is the
 * first segment of the URL path, see the script's header). Each case asserts
 * the exact status, that the message says what happened, and that calls in
 * flight fail (at once, or at their deadline) instead of hanging. Leaks are
 * caught by ASan/LSan and valgrind (ctest -T memcheck). */
#include "surql_test.h"
#include "surql_test_server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <surql/conn.h>

/* One attempt, no reconnect: each case looks at one transport failing. */
#ifdef SURQL_CONN_CLIENT_NO_RECONNECT
#define FLAGS                                                                              \
    (SURQL_CONN_CLIENT_NO_SIGNIN | SURQL_CONN_CLIENT_NO_USE | SURQL_CONN_CLIENT_NO_RETRY | \
     SURQL_CONN_CLIENT_NO_RECONNECT)
#else
#define FLAGS (SURQL_CONN_CLIENT_NO_SIGNIN | SURQL_CONN_CLIENT_NO_USE | SURQL_CONN_CLIENT_NO_RETRY)
#endif

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct hx {
    st_hostile h;
    surql_conn_config *cfg;
    surql_conn_client *c;
    char url[256];
    int open_rc;
    char open_msg[1024];
} hx;

/* Start the hostile server and open a client on <scheme>://.../<path> with
 * @p timeout_ms for the open; @p call_timeout_ms (0 = the same) is the
 * handle's deadline for calls afterwards (short deadlines only for the
 * calls: the open must not depend on timing, under valgrind too).
 * Returns 0 when the server runs (the open outcome is in x->open_rc). */
static int hx_open(hx *x, const char *scheme, const char *path, surql_conn_protocol proto,
                   size_t max_message, int64_t timeout_ms, int64_t call_timeout_ms)
{
    memset(x, 0, sizeof *x);
    if (surql_conn_global_init() < 1)
        return st_fail(__FILE__, __LINE__, "global init failed") - 1;
    if (st_hostile_start(&x->h) != 0)
        return -1;
    snprintf(x->url, sizeof x->url, "%s://%s:%d/%s", scheme, x->h.host, x->h.port, path);
    if (surql_conn_config_new(&x->cfg) || surql_conn_config_set_url(x->cfg, x->url) ||
        surql_conn_config_set_protocol(x->cfg, proto) ||
        surql_conn_config_set_timeout_ms(x->cfg, timeout_ms))
        return st_fail(__FILE__, __LINE__, "config %s: %s", x->url,
                       surql_error_last()->message) - 1;
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.flags = FLAGS;
    o.max_message = max_message;
    x->open_rc = surql_conn_client_open(&x->c, x->cfg, &o);
    snprintf(x->open_msg, sizeof x->open_msg, "%s", surql_error_last()->message);
    if (x->open_rc)
        st_note("open %s: %s: %s", x->url, surql_conn_status_name(x->open_rc), x->open_msg);
    else if (call_timeout_ms)
        surql_conn_client_set_timeout_ms(x->c, call_timeout_ms);
    return 0;
}

static void hx_close(hx *x)
{
    surql_conn_client_free(x->c);
    x->c = NULL;
    surql_conn_config_free(x->cfg);
    x->cfg = NULL;
    st_hostile_stop(&x->h);
    surql_conn_global_shutdown();
}

/* ---- calls in flight ------------------------------------------------------ */

typedef struct call {
    surql_conn_client *c;
    int rc;
    char msg[1024];
    char result[64]; /* start of a string result */
    size_t result_len;
    int64_t ms;
} call;

static void *call_main(void *arg)
{
    call *k = arg;
    surql_value *r = NULL;
    int64_t t0 = now_ms();
    k->rc = surql_conn_client_call(&r, k->c, "ping", NULL, NULL);
    k->ms = now_ms() - t0;
    snprintf(k->msg, sizeof k->msg, "%s", k->rc ? surql_error_last()->message : "");
    const char *s = NULL;
    size_t n = 0;
    if (k->rc == 0 && surql_value_get_string(r, &s, &n) == SURQL_OK) {
        snprintf(k->result, sizeof k->result, "%s", s);
        k->result_len = n;
    }
    surql_value_unref(r);
    return NULL;
}

/* Run @p n concurrent `ping` calls on x->c and wait for all of them. */
static void run_calls(hx *x, call *k, int n)
{
    pthread_t th[8];
    for (int i = 0; i < n; i++) {
        memset(&k[i], 0, sizeof k[i]);
        k[i].c = x->c;
        pthread_create(&th[i], NULL, call_main, &k[i]);
    }
    for (int i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        st_note("call %d: %s (%lld ms): %s%s", i, surql_conn_status_name(k[i].rc),
                (long long)k[i].ms, k[i].msg, k[i].result);
    }
}

/* Every one of @p n calls failed with @p rc and a message containing @p text
 * (the same for all of them), well before the 20 s connection timeout. */
static void all_failed(const call *k, int n, int rc, const char *text)
{
    for (int i = 0; i < n; i++) {
        ST_EQ_INT(k[i].rc, rc);
        ST_CHECKF(strstr(k[i].msg, text) != NULL, "call %d: '%s' lacks '%s'", i, k[i].msg, text);
        ST_CHECKF(k[i].ms < 10000, "call %d took %lld ms", i, (long long)k[i].ms);
    }
}

/* Scenario run after a good open: n calls in flight, all fail with rc/text;
 * afterwards the connection is closed and a new call fails at once. */
static void ws_fails(const char *path, int n, size_t max_message, int rc, const char *text)
{
    hx x;
    if (hx_open(&x, "ws", path, SURQL_CONN_PROTOCOL_CBOR, max_message, 20000, 0) != 0) {
        hx_close(&x);
        return;
    }
    ST_OK(x.open_rc);
    call k[8];
    if (x.c)
        run_calls(&x, k, n);
    int open_after = x.c ? surql_conn_client_is_open(x.c) : -1;
    call again;
    memset(&again, 0, sizeof again);
    again.c = x.c;
    if (x.c)
        call_main(&again);
    hx_close(&x);
    if (!x.open_rc) {
        all_failed(k, n, rc, text);
        ST_EQ_INT(open_after, 0);
        ST_EQ_INT(again.rc, rc); /* the failure is latched */
        ST_CHECK(strstr(again.msg, text) != NULL);
        ST_CHECK(again.ms < 1000);
    }
}

/* ---- WebSocket frames ------------------------------------------------------ */

ST_TEST(ok)
{
    hx x;
    if (hx_open(&x, "ws", "ok", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, 0) != 0) {
        hx_close(&x);
        return;
    }
    ST_OK(x.open_rc);
    const char *ver = x.c ? surql_conn_client_server_version(x.c) : NULL;
    char v[64];
    snprintf(v, sizeof v, "%s", ver ? ver : "");
    call k[2];
    if (x.c)
        run_calls(&x, k, 2);
    hx_close(&x);
    ST_EQ_STR(v, "surrealdb-3.0.2");
    for (int i = 0; i < 2; i++) {
        ST_OK(k[i].rc);
        ST_EQ_STR(k[i].result, "hostile-ok");
    }
}

ST_TEST(close_mid_frame)
{
    ws_fails("close-mid-frame/4", 4, 0, SURQL_CONN_ECLOSED,
             "/close-mid-frame/4: connection closed by the server in the middle of a frame");
}

ST_TEST(close_without_close_frame)
{
    ws_fails("close-no-frame/2", 2, 0, SURQL_CONN_ECLOSED,
             "/close-no-frame/2: connection closed by the server without a close frame");
}

ST_TEST(close_1011)
{
    ws_fails("close-1011/2", 2, 0, SURQL_CONN_ECLOSED,
             "/close-1011/2: connection closed by the server (code 1011 internal server error: "
             "hostile: internal failure)");
}

/* a frame header announcing 1 TiB: refused at once, nothing allocated */
ST_TEST(oversized_frame)
{
    ws_fails("oversized/3", 3, 0, SURQL_CONN_EPROTOCOL,
             "/oversized/3: the server sent a message of at least 1099511627776 bytes, more than "
             "the limit of 134217728 bytes (client option max_message)");
}

/* continuation frames adding up to more than max_message */
ST_TEST(oversized_fragments)
{
    ws_fails("oversized-fragments", 1, 200000, SURQL_CONN_EPROTOCOL,
             "/oversized-fragments: the server sent a message of at least 262144 bytes, more "
             "than the limit of 200000 bytes (client option max_message)");
}

/* header for 100 bytes, 10 sent, then silence: the calls fail at their
 * deadline, never hang */
ST_TEST(truncated_frame)
{
    hx x;
    if (hx_open(&x, "ws", "truncated/2", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, 1500) != 0) {
        hx_close(&x);
        return;
    }
    ST_OK(x.open_rc);
    call k[2];
    if (x.c)
        run_calls(&x, k, 2);
    hx_close(&x);
    if (x.open_rc)
        return;
    char want[512];
    snprintf(want, sizeof want, "RPC ping on %s: no response before the deadline", x.url);
    for (int i = 0; i < 2; i++) {
        ST_EQ_INT(k[i].rc, SURQL_ETIMEOUT);
        ST_EQ_STR(k[i].msg, want);
        ST_CHECKF(k[i].ms >= 1000 && k[i].ms < 10000, "took %lld ms", (long long)k[i].ms);
    }
}

ST_TEST(reserved_bits)
{
    ws_fails("rsv/2", 2, 0, SURQL_CONN_EPROTOCOL,
             "/rsv/2: invalid WebSocket frame from the server: reserved bit RSV1 set (no "
             "extension was negotiated)");
}

ST_TEST(unknown_opcode)
{
    ws_fails("opcode", 1, 0, SURQL_CONN_EPROTOCOL,
             "/opcode: invalid WebSocket frame from the server: unknown opcode 0x3");
}

ST_TEST(masked_server_frame)
{
    ws_fails("masked", 1, 0, SURQL_CONN_EPROTOCOL,
             "/masked: invalid WebSocket frame from the server: masked binary frame (a server "
             "must not mask)");
}

ST_TEST(bad_close_code)
{
    ws_fails("bad-close-code", 1, 0, SURQL_CONN_EPROTOCOL,
             "/bad-close-code: invalid WebSocket frame from the server: Close frame with "
             "invalid status code 999");
}

ST_TEST(ping_too_long)
{
    ws_fails("ping-too-long", 1, 0, SURQL_CONN_EPROTOCOL,
             "/ping-too-long: invalid WebSocket frame from the server: Ping frame of 126 bytes "
             "(control frames carry at most 125)");
}

ST_TEST(fragmented_ping)
{
    ws_fails("fragmented-ping", 1, 0, SURQL_CONN_EPROTOCOL,
             "/fragmented-ping: invalid WebSocket frame from the server: fragmented Ping frame "
             "(control frames cannot be fragmented)");
}

ST_TEST(stray_continuation)
{
    ws_fails("stray-continuation", 1, 0, SURQL_CONN_EPROTOCOL,
             "/stray-continuation: invalid WebSocket frame from the server: continuation frame "
             "without a message to continue");
}

/* a valid response in continuation frames with Pings in between: it works,
 * and the server sends the last fragment only after both Pongs came back */
ST_TEST(fragmented_with_pings)
{
    hx x;
    if (hx_open(&x, "ws", "fragmented", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, 0) != 0) {
        hx_close(&x);
        return;
    }
    ST_OK(x.open_rc);
    call k[1];
    if (x.c)
        run_calls(&x, k, 1);
    int open_after = x.c ? surql_conn_client_is_open(x.c) : 0;
    hx_close(&x);
    if (x.open_rc)
        return;
    ST_OK(k[0].rc);
    ST_EQ_INT(k[0].result_len, 3003);
    ST_CHECK(strncmp(k[0].result, "xxxxxxxx", 8) == 0);
    ST_EQ_INT(open_after, 1);
}

ST_TEST(interleaved_messages)
{
    ws_fails("interleaved", 1, 0, SURQL_CONN_EPROTOCOL,
             "/interleaved: invalid WebSocket frame from the server: new binary message while a "
             "fragmented message is incomplete");
}

ST_TEST(text_not_utf8)
{
    ws_fails("bad-utf8/2", 2, 0, SURQL_CONN_EPROTOCOL,
             "/bad-utf8/2: invalid WebSocket frame from the server: text message that is not "
             "valid UTF-8 (connection failed with close code 1007)");
}

/* ---- RPC messages ---------------------------------------------------------- */

/* Open <scheme>://.../<path>, run @p n calls; the open must succeed.
 * Returns 0 when the calls ran (results in k, URL in url). */
static int scenario(const char *scheme, const char *path, surql_conn_protocol proto,
                    size_t max_message, int64_t timeout_ms, call *k, int n, char *url,
                    size_t urlcap)
{
    hx x;
    if (hx_open(&x, scheme, path, proto, max_message, 20000, timeout_ms) != 0) {
        hx_close(&x);
        return -1;
    }
    snprintf(url, urlcap, "%s", x.url);
    int rc = x.open_rc;
    if (x.c)
        run_calls(&x, k, n);
    hx_close(&x);
    if (rc)
        return st_fail(__FILE__, __LINE__, "open %s failed: %s", url, x.open_msg) - 1;
    return 0;
}

/* one request in flight: the undecodable message is taken as its answer */
ST_TEST(not_cbor)
{
    call k[1];
    char url[256];
    if (scenario("ws", "not-cbor", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, k, 1, url, sizeof url))
        return;
    char want[512];
    snprintf(want, sizeof want, "%s: undecodable message from the server: ", url);
    ST_EQ_INT(k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_CHECKF(strncmp(k[0].msg, want, strlen(want)) == 0, "%s", k[0].msg);
}

ST_TEST(not_json)
{
    call k[1];
    char url[256];
    if (scenario("ws", "not-cbor", SURQL_CONN_PROTOCOL_JSON, 0, 20000, k, 1, url, sizeof url))
        return;
    char want[512];
    snprintf(want, sizeof want, "%s: undecodable message from the server: ", url);
    ST_EQ_INT(k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_CHECKF(strncmp(k[0].msg, want, strlen(want)) == 0, "%s", k[0].msg);
}

/* several requests in flight: nobody can tell which one the undecodable
 * message answered; they fail at their deadline, naming what was received */
ST_TEST(not_cbor_two_in_flight)
{
    call k[2];
    char url[256];
    if (scenario("ws", "not-cbor/2", SURQL_CONN_PROTOCOL_CBOR, 0, 1500, k, 2, url, sizeof url))
        return;
    for (int i = 0; i < 2; i++) {
        ST_EQ_INT(k[i].rc, SURQL_ETIMEOUT);
        ST_CHECKF(strstr(k[i].msg, "no response before the deadline") != NULL, "%s", k[i].msg);
        ST_CHECKF(strstr(k[i].msg, "undecodable message from the server") != NULL, "%s",
                  k[i].msg);
    }
}

/* responses with unknown ids (number, string, none) are dropped; the real
 * answers still arrive */
ST_TEST(unknown_id)
{
    call k[2];
    char url[256];
    if (scenario("ws", "unknown-id/2", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, k, 2, url,
                 sizeof url))
        return;
    for (int i = 0; i < 2; i++) {
        ST_OK(k[i].rc);
        ST_EQ_STR(k[i].result, "hostile-ok");
    }
}

ST_TEST(unknown_id_json)
{
    call k[2];
    char url[256];
    if (scenario("ws", "unknown-id/2", SURQL_CONN_PROTOCOL_JSON, 0, 20000, k, 2, url,
                 sizeof url))
        return;
    for (int i = 0; i < 2; i++) {
        ST_OK(k[i].rc);
        ST_EQ_STR(k[i].result, "hostile-ok");
    }
}

/* an error without an id while one request is in flight: a protocol error
 * for that request, carrying the server's message and code */
ST_TEST(error_without_id)
{
    call k[1];
    char url[256];
    if (scenario("ws", "error-no-id", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, k, 1, url,
                 sizeof url))
        return;
    ST_EQ_INT(k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_CHECKF(strstr(k[0].msg, "RPC ping: the server answered with an error without a request "
                               "id (it could not decode a request): ") != NULL,
              "%s", k[0].msg);
    ST_CHECKF(strstr(k[0].msg, "hostile: parse error") != NULL, "%s", k[0].msg);
}

/* a response with an id but neither result nor error */
ST_TEST(bad_response)
{
    call k[1];
    char url[256];
    if (scenario("ws", "bad-response", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, k, 1, url,
                 sizeof url))
        return;
    char want[512];
    snprintf(want, sizeof want, "%s: undecodable message from the server: RPC "
                                "message has neither \"result\" nor \"error\"", url);
    ST_EQ_INT(k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_EQ_STR(k[0].msg, want);
}

/* ---- the upgrade ----------------------------------------------------------- */

static void open_fails(const char *path, int64_t timeout_ms, int rc, const char *text)
{
    hx x;
    if (hx_open(&x, "ws", path, SURQL_CONN_PROTOCOL_CBOR, 0, timeout_ms, 0) != 0) {
        hx_close(&x);
        return;
    }
    int64_t t0 = now_ms();
    surql_conn_client *c = x.c;
    hx_close(&x);
    (void)t0;
    ST_EQ_INT(x.open_rc, rc);
    ST_CHECK(c == NULL);
    ST_CHECKF(strstr(x.open_msg, text) != NULL, "'%s' lacks '%s'", x.open_msg, text);
}

ST_TEST(upgrade_500)
{
    open_fails("hs-500", 20000, SURQL_CONN_EHTTP,
               "/hs-500: server answered 'HTTP/1.1 500 Internal Server Error' instead of '101 "
               "Switching Protocols': hostile: upgrade refused");
}

ST_TEST(upgrade_bad_accept)
{
    open_fails("hs-bad-accept", 20000, SURQL_CONN_EPROTOCOL,
               "/hs-bad-accept: bad Sec-WebSocket-Accept '");
}

ST_TEST(upgrade_no_accept)
{
    open_fails("hs-no-accept", 20000, SURQL_CONN_EPROTOCOL,
               "/hs-no-accept: 101 response without Sec-WebSocket-Accept");
}

ST_TEST(upgrade_no_subprotocol)
{
    open_fails("hs-no-protocol", 20000, SURQL_CONN_EPROTOCOL,
               "/hs-no-protocol: server did not accept subprotocol 'cbor' (no "
               "Sec-WebSocket-Protocol in the 101 response: it fell back to JSON)");
}

ST_TEST(upgrade_other_subprotocol)
{
    open_fails("hs-other-protocol", 20000, SURQL_CONN_EPROTOCOL,
               "/hs-other-protocol: server selected subprotocol 'json', which was not offered "
               "(offered 'cbor')");
}

ST_TEST(upgrade_garbage)
{
    open_fails("hs-garbage", 20000, SURQL_CONN_EPROTOCOL,
               "/hs-garbage: malformed status line 'SSH-2.0-OpenSSH_9.2p1 hostile'");
}

ST_TEST(upgrade_huge_headers)
{
    open_fails("hs-huge", 20000, SURQL_CONN_EPROTOCOL,
               "/hs-huge: upgrade response headers larger than 16384 bytes");
}

ST_TEST(upgrade_closed)
{
    open_fails("hs-close", 20000, SURQL_CONN_ECLOSED,
               "/hs-close: connection closed by the server during the upgrade");
}

ST_TEST(upgrade_silent)
{
    open_fails("hs-silent", 1500, SURQL_ETIMEOUT, "/hs-silent: no upgrade response within");
}

/* ---- HTTP /rpc ------------------------------------------------------------- */

static void http_fails(const char *path, size_t max_message, int64_t timeout_ms, int rc,
                       const char *text)
{
    call k[1];
    char url[256];
    if (scenario("http", path, SURQL_CONN_PROTOCOL_CBOR, max_message, timeout_ms, k, 1, url,
                 sizeof url))
        return;
    ST_EQ_INT(k[0].rc, rc);
    ST_CHECKF(strstr(k[0].msg, text) != NULL, "'%s' lacks '%s'", k[0].msg, text);
    ST_CHECKF(k[0].ms < 10000, "took %lld ms", (long long)k[0].ms);
}

ST_TEST(http_ok)
{
    call k[1];
    char url[256];
    if (scenario("http", "http-ok", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, k, 1, url, sizeof url))
        return;
    ST_OK(k[0].rc);
    ST_EQ_STR(k[0].result, "hostile-ok");
}

ST_TEST(http_truncated_body)
{
    http_fails("http-truncated", 0, 20000, SURQL_CONN_ECLOSED,
               "/http-truncated/rpc: connection lost: transfer closed with ");
}

ST_TEST(http_body_too_big)
{
    http_fails("http-too-big", 100000, 20000, SURQL_CONN_EPROTOCOL,
               "/http-too-big/rpc: response larger than the limit of 100000 bytes");
}

ST_TEST(http_wrong_content_type)
{
    http_fails("http-wrong-type", 0, 20000, SURQL_CONN_EPROTOCOL,
               "/http-wrong-type/rpc: response has Content-Type 'text/html; charset=utf-8', "
               "expected 'application/cbor': <html><body>hostile: a proxy login page");
}

ST_TEST(http_not_cbor)
{
    http_fails("http-not-cbor", 0, 20000, SURQL_CONN_EPROTOCOL,
               "RPC ping: malformed HTTP response: ");
}

ST_TEST(http_500)
{
    http_fails("http-500", 0, 20000, SURQL_CONN_ESERVER,
               "/http-500/rpc: HTTP/1.1 500 Internal Server Error: hostile: the engine crashed");
}

ST_TEST(http_502)
{
    http_fails("http-502", 0, 20000, SURQL_CONN_ESERVER,
               "/http-502/rpc: HTTP/1.1 502 Bad Gateway: <html>hostile: bad gateway</html>");
}

ST_TEST(http_closed)
{
    http_fails("http-close", 0, 20000, SURQL_CONN_ECLOSED, "/http-close/rpc: connection lost: ");
}

ST_TEST(http_silent)
{
    http_fails("http-silent", 0, 1500, SURQL_ETIMEOUT, "/http-silent/rpc: timed out after ");
}

ST_MAIN(ST_CASE(ok), ST_CASE(close_mid_frame), ST_CASE(close_without_close_frame),
        ST_CASE(close_1011), ST_CASE(oversized_frame), ST_CASE(oversized_fragments),
        ST_CASE(truncated_frame), ST_CASE(reserved_bits), ST_CASE(unknown_opcode),
        ST_CASE(masked_server_frame), ST_CASE(bad_close_code), ST_CASE(ping_too_long),
        ST_CASE(fragmented_ping), ST_CASE(stray_continuation), ST_CASE(interleaved_messages),
        ST_CASE(text_not_utf8), ST_CASE(fragmented_with_pings),
        ST_CASE(not_cbor), ST_CASE(not_json), ST_CASE(not_cbor_two_in_flight),
        ST_CASE(unknown_id), ST_CASE(unknown_id_json), ST_CASE(error_without_id),
        ST_CASE(bad_response), ST_CASE(upgrade_500), ST_CASE(upgrade_bad_accept),
        ST_CASE(upgrade_no_accept), ST_CASE(upgrade_no_subprotocol),
        ST_CASE(upgrade_other_subprotocol), ST_CASE(upgrade_garbage),
        ST_CASE(upgrade_huge_headers), ST_CASE(upgrade_closed), ST_CASE(upgrade_silent),
        ST_CASE(http_ok), ST_CASE(http_truncated_body), ST_CASE(http_body_too_big),
        ST_CASE(http_wrong_content_type), ST_CASE(http_not_cbor), ST_CASE(http_500),
        ST_CASE(http_502), ST_CASE(http_closed), ST_CASE(http_silent))
