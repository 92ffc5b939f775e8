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

/* What one scenario did: the calls after a good open. */
typedef struct outcome {
    char url[256];
    char version[64]; /* the server version the open saw */
    call k[8];        /* the calls run at once */
    int open_after;   /* surql_conn_client_is_open() after them */
    call again;       /* one more call after those, when asked for */
} outcome;

/* Open <scheme>://.../<path> (the open must succeed), run @p n calls at once
 * (@p call_timeout_ms: the handle's deadline for them, 0 = the open's 20 s), then @p again
 * one more. Returns 0 when the calls ran (results in *o). */
static int scenario(outcome *o, const char *scheme, const char *path, surql_conn_protocol proto,
                    size_t max_message, int64_t call_timeout_ms, int n, int again)
{
    memset(o, 0, sizeof *o);
    hx x;
    if (hx_open(&x, scheme, path, proto, max_message, 20000, call_timeout_ms) != 0) {
        hx_close(&x);
        return -1;
    }
    snprintf(o->url, sizeof o->url, "%s", x.url);
    int rc = x.open_rc;
    if (x.c) {
        snprintf(o->version, sizeof o->version, "%s", surql_conn_client_server_version(x.c));
        run_calls(&x, o->k, n);
        o->open_after = surql_conn_client_is_open(x.c);
        o->again.c = x.c;
        if (again)
            call_main(&o->again);
    }
    hx_close(&x);
    if (rc)
        return st_fail(__FILE__, __LINE__, "open %s failed: %s", o->url, x.open_msg) - 1;
    return 0;
}

/* ---- the cases that differ only in the scenario and the failure ----------- */

typedef enum {
    WS_FAILS,   /* the open works; `calls` calls in flight all fail with rc/text,
                   the connection is closed and a new call fails at once */
    OPEN_FAILS, /* the WebSocket open fails with rc/text (timeout_ms: the open's) */
    HTTP_FAILS  /* an HTTP /rpc call fails with rc/text (timeout_ms: the call's) */
} case_kind;

typedef struct hcase {
    const char *name; /* the ST_TEST */
    case_kind kind;
    const char *path; /* the hostile scenario */
    int calls;
    size_t max_message; /* client option; 0 = the default */
    int64_t timeout_ms;
    int rc;
    const char *text; /* what the message contains */
} hcase;

static const hcase cases[] = {
    /* ---- WebSocket frames ---- */
    { "close_mid_frame", WS_FAILS, "close-mid-frame/4", 4, 0, 0, SURQL_CONN_ECLOSED,
      "/close-mid-frame/4: connection closed by the server in the middle of a frame" },
    { "close_without_close_frame", WS_FAILS, "close-no-frame/2", 2, 0, 0, SURQL_CONN_ECLOSED,
      "/close-no-frame/2: connection closed by the server without a close frame" },
    { "close_1011", WS_FAILS, "close-1011/2", 2, 0, 0, SURQL_CONN_ECLOSED,
      "/close-1011/2: connection closed by the server (code 1011 internal server error: "
      "hostile: internal failure)" },
    /* a frame header announcing 1 TiB: refused at once, nothing allocated */
    { "oversized_frame", WS_FAILS, "oversized/3", 3, 0, 0, SURQL_CONN_EPROTOCOL,
      "/oversized/3: the server sent a message of at least 1099511627776 bytes, more than "
      "the limit of 134217728 bytes (client option max_message)" },
    /* continuation frames adding up to more than max_message */
    { "oversized_fragments", WS_FAILS, "oversized-fragments", 1, 200000, 0, SURQL_CONN_EPROTOCOL,
      "/oversized-fragments: the server sent a message of at least 262144 bytes, more "
      "than the limit of 200000 bytes (client option max_message)" },
    { "reserved_bits", WS_FAILS, "rsv/2", 2, 0, 0, SURQL_CONN_EPROTOCOL,
      "/rsv/2: invalid WebSocket frame from the server: reserved bit RSV1 set (no "
      "extension was negotiated)" },
    { "unknown_opcode", WS_FAILS, "opcode", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/opcode: invalid WebSocket frame from the server: unknown opcode 0x3" },
    { "masked_server_frame", WS_FAILS, "masked", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/masked: invalid WebSocket frame from the server: masked binary frame (a server "
      "must not mask)" },
    { "bad_close_code", WS_FAILS, "bad-close-code", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/bad-close-code: invalid WebSocket frame from the server: Close frame with "
      "invalid status code 999" },
    { "ping_too_long", WS_FAILS, "ping-too-long", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/ping-too-long: invalid WebSocket frame from the server: Ping frame of 126 bytes "
      "(control frames carry at most 125)" },
    { "fragmented_ping", WS_FAILS, "fragmented-ping", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/fragmented-ping: invalid WebSocket frame from the server: fragmented Ping frame "
      "(control frames cannot be fragmented)" },
    { "stray_continuation", WS_FAILS, "stray-continuation", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/stray-continuation: invalid WebSocket frame from the server: continuation frame "
      "without a message to continue" },
    { "interleaved_messages", WS_FAILS, "interleaved", 1, 0, 0, SURQL_CONN_EPROTOCOL,
      "/interleaved: invalid WebSocket frame from the server: new binary message while a "
      "fragmented message is incomplete" },
    { "text_not_utf8", WS_FAILS, "bad-utf8/2", 2, 0, 0, SURQL_CONN_EPROTOCOL,
      "/bad-utf8/2: invalid WebSocket frame from the server: text message that is not "
      "valid UTF-8 (connection failed with close code 1007)" },
    /* ---- the upgrade ---- */
    { "upgrade_500", OPEN_FAILS, "hs-500", 0, 0, 20000, SURQL_CONN_EHTTP,
      "/hs-500: server answered 'HTTP/1.1 500 Internal Server Error' instead of '101 "
      "Switching Protocols': hostile: upgrade refused" },
    { "upgrade_bad_accept", OPEN_FAILS, "hs-bad-accept", 0, 0, 20000, SURQL_CONN_EPROTOCOL,
      "/hs-bad-accept: bad Sec-WebSocket-Accept '" },
    { "upgrade_no_accept", OPEN_FAILS, "hs-no-accept", 0, 0, 20000, SURQL_CONN_EPROTOCOL,
      "/hs-no-accept: 101 response without Sec-WebSocket-Accept" },
    { "upgrade_no_subprotocol", OPEN_FAILS, "hs-no-protocol", 0, 0, 20000, SURQL_CONN_EPROTOCOL,
      "/hs-no-protocol: server did not accept subprotocol 'cbor' (no "
      "Sec-WebSocket-Protocol in the 101 response: it fell back to JSON)" },
    { "upgrade_other_subprotocol", OPEN_FAILS, "hs-other-protocol", 0, 0, 20000,
      SURQL_CONN_EPROTOCOL,
      "/hs-other-protocol: server selected subprotocol 'json', which was not offered "
      "(offered 'cbor')" },
    { "upgrade_garbage", OPEN_FAILS, "hs-garbage", 0, 0, 20000, SURQL_CONN_EPROTOCOL,
      "/hs-garbage: malformed status line 'SSH-2.0-OpenSSH_9.2p1 hostile'" },
    { "upgrade_huge_headers", OPEN_FAILS, "hs-huge", 0, 0, 20000, SURQL_CONN_EPROTOCOL,
      "/hs-huge: upgrade response headers larger than 16384 bytes" },
    { "upgrade_closed", OPEN_FAILS, "hs-close", 0, 0, 20000, SURQL_CONN_ECLOSED,
      "/hs-close: connection closed by the server during the upgrade" },
    { "upgrade_silent", OPEN_FAILS, "hs-silent", 0, 0, 1500, SURQL_ETIMEOUT,
      "/hs-silent: no upgrade response within" },
    /* ---- HTTP /rpc ---- */
    { "http_truncated_body", HTTP_FAILS, "http-truncated", 1, 0, 20000, SURQL_CONN_ECLOSED,
      "/http-truncated/rpc: connection lost: transfer closed with " },
    { "http_body_too_big", HTTP_FAILS, "http-too-big", 1, 100000, 20000, SURQL_CONN_EPROTOCOL,
      "/http-too-big/rpc: response larger than the limit of 100000 bytes" },
    { "http_wrong_content_type", HTTP_FAILS, "http-wrong-type", 1, 0, 20000,
      SURQL_CONN_EPROTOCOL,
      "/http-wrong-type/rpc: response has Content-Type 'text/html; charset=utf-8', "
      "expected 'application/cbor': <html><body>hostile: a proxy login page" },
    { "http_not_cbor", HTTP_FAILS, "http-not-cbor", 1, 0, 20000, SURQL_CONN_EPROTOCOL,
      "RPC ping: malformed HTTP response: " },
    { "http_500", HTTP_FAILS, "http-500", 1, 0, 20000, SURQL_CONN_ESERVER,
      "/http-500/rpc: HTTP/1.1 500 Internal Server Error: hostile: the engine crashed" },
    { "http_502", HTTP_FAILS, "http-502", 1, 0, 20000, SURQL_CONN_ESERVER,
      "/http-502/rpc: HTTP/1.1 502 Bad Gateway: <html>hostile: bad gateway</html>" },
    { "http_closed", HTTP_FAILS, "http-close", 1, 0, 20000, SURQL_CONN_ECLOSED,
      "/http-close/rpc: connection lost: " },
    { "http_silent", HTTP_FAILS, "http-silent", 1, 0, 1500, SURQL_ETIMEOUT,
      "/http-silent/rpc: timed out after " },
};

static void ws_fails(const hcase *t)
{
    outcome o;
    if (scenario(&o, "ws", t->path, SURQL_CONN_PROTOCOL_CBOR, t->max_message, 0, t->calls, 1))
        return;
    all_failed(o.k, t->calls, t->rc, t->text);
    ST_EQ_INT(o.open_after, 0);
    ST_EQ_INT(o.again.rc, t->rc); /* the failure is latched */
    ST_CHECK(strstr(o.again.msg, t->text) != NULL);
    ST_CHECK(o.again.ms < 1000);
}

static void open_fails(const hcase *t)
{
    hx x;
    if (hx_open(&x, "ws", t->path, SURQL_CONN_PROTOCOL_CBOR, 0, t->timeout_ms, 0) != 0) {
        hx_close(&x);
        return;
    }
    surql_conn_client *c = x.c;
    hx_close(&x);
    ST_EQ_INT(x.open_rc, t->rc);
    ST_CHECK(c == NULL);
    ST_CHECKF(strstr(x.open_msg, t->text) != NULL, "'%s' lacks '%s'", x.open_msg, t->text);
}

static void http_fails(const hcase *t)
{
    outcome o;
    if (scenario(&o, "http", t->path, SURQL_CONN_PROTOCOL_CBOR, t->max_message, t->timeout_ms,
                 1, 0))
        return;
    all_failed(o.k, 1, t->rc, t->text);
}

/* Run the row of table `cases` named @p name. */
static void run_case(const char *name)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const hcase *t = &cases[i];
        if (strcmp(t->name, name) != 0)
            continue;
        if (t->kind == WS_FAILS)
            ws_fails(t);
        else if (t->kind == OPEN_FAILS)
            open_fails(t);
        else
            http_fails(t);
        return;
    }
    st_fail(__FILE__, __LINE__, "no row for case %s in the table", name);
}

ST_TEST(close_mid_frame) { run_case("close_mid_frame"); }
ST_TEST(close_without_close_frame) { run_case("close_without_close_frame"); }
ST_TEST(close_1011) { run_case("close_1011"); }
ST_TEST(oversized_frame) { run_case("oversized_frame"); }
ST_TEST(oversized_fragments) { run_case("oversized_fragments"); }
ST_TEST(reserved_bits) { run_case("reserved_bits"); }
ST_TEST(unknown_opcode) { run_case("unknown_opcode"); }
ST_TEST(masked_server_frame) { run_case("masked_server_frame"); }
ST_TEST(bad_close_code) { run_case("bad_close_code"); }
ST_TEST(ping_too_long) { run_case("ping_too_long"); }
ST_TEST(fragmented_ping) { run_case("fragmented_ping"); }
ST_TEST(stray_continuation) { run_case("stray_continuation"); }
ST_TEST(interleaved_messages) { run_case("interleaved_messages"); }
ST_TEST(text_not_utf8) { run_case("text_not_utf8"); }
ST_TEST(upgrade_500) { run_case("upgrade_500"); }
ST_TEST(upgrade_bad_accept) { run_case("upgrade_bad_accept"); }
ST_TEST(upgrade_no_accept) { run_case("upgrade_no_accept"); }
ST_TEST(upgrade_no_subprotocol) { run_case("upgrade_no_subprotocol"); }
ST_TEST(upgrade_other_subprotocol) { run_case("upgrade_other_subprotocol"); }
ST_TEST(upgrade_garbage) { run_case("upgrade_garbage"); }
ST_TEST(upgrade_huge_headers) { run_case("upgrade_huge_headers"); }
ST_TEST(upgrade_closed) { run_case("upgrade_closed"); }
ST_TEST(upgrade_silent) { run_case("upgrade_silent"); }
ST_TEST(http_truncated_body) { run_case("http_truncated_body"); }
ST_TEST(http_body_too_big) { run_case("http_body_too_big"); }
ST_TEST(http_wrong_content_type) { run_case("http_wrong_content_type"); }
ST_TEST(http_not_cbor) { run_case("http_not_cbor"); }
ST_TEST(http_500) { run_case("http_500"); }
ST_TEST(http_502) { run_case("http_502"); }
ST_TEST(http_closed) { run_case("http_closed"); }
ST_TEST(http_silent) { run_case("http_silent"); }

/* ---- the other cases -------------------------------------------------------- */

ST_TEST(ok)
{
    outcome o;
    if (scenario(&o, "ws", "ok", SURQL_CONN_PROTOCOL_CBOR, 0, 0, 2, 0))
        return;
    ST_EQ_STR(o.version, "surrealdb-3.0.2");
    for (int i = 0; i < 2; i++) {
        ST_OK(o.k[i].rc);
        ST_EQ_STR(o.k[i].result, "hostile-ok");
    }
}

/* header for 100 bytes, 10 sent, then silence: the calls fail at their
 * deadline, never hang */
ST_TEST(truncated_frame)
{
    outcome o;
    if (scenario(&o, "ws", "truncated/2", SURQL_CONN_PROTOCOL_CBOR, 0, 1500, 2, 0))
        return;
    char want[512];
    snprintf(want, sizeof want, "RPC ping on %s: no response before the deadline", o.url);
    for (int i = 0; i < 2; i++) {
        ST_EQ_INT(o.k[i].rc, SURQL_ETIMEOUT);
        ST_EQ_STR(o.k[i].msg, want);
        ST_CHECKF(o.k[i].ms >= 1000 && o.k[i].ms < 10000, "took %lld ms", (long long)o.k[i].ms);
    }
}

/* a valid response in continuation frames with Pings in between: it works,
 * and the server sends the last fragment only after both Pongs came back */
ST_TEST(fragmented_with_pings)
{
    outcome o;
    if (scenario(&o, "ws", "fragmented", SURQL_CONN_PROTOCOL_CBOR, 0, 0, 1, 0))
        return;
    ST_OK(o.k[0].rc);
    ST_EQ_INT(o.k[0].result_len, 3003);
    ST_CHECK(strncmp(o.k[0].result, "xxxxxxxx", 8) == 0);
    ST_EQ_INT(o.open_after, 1);
}

/* one request in flight: the undecodable message is taken as its answer */
static void undecodable(surql_conn_protocol proto)
{
    outcome o;
    if (scenario(&o, "ws", "not-cbor", proto, 0, 20000, 1, 0))
        return;
    char want[512];
    snprintf(want, sizeof want, "%s: undecodable message from the server: ", o.url);
    ST_EQ_INT(o.k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_CHECKF(strncmp(o.k[0].msg, want, strlen(want)) == 0, "%s", o.k[0].msg);
}

ST_TEST(not_cbor) { undecodable(SURQL_CONN_PROTOCOL_CBOR); }
ST_TEST(not_json) { undecodable(SURQL_CONN_PROTOCOL_JSON); }

/* several requests in flight: nobody can tell which one the undecodable
 * message answered; they fail at their deadline, naming what was received */
ST_TEST(not_cbor_two_in_flight)
{
    outcome o;
    if (scenario(&o, "ws", "not-cbor/2", SURQL_CONN_PROTOCOL_CBOR, 0, 1500, 2, 0))
        return;
    for (int i = 0; i < 2; i++) {
        ST_EQ_INT(o.k[i].rc, SURQL_ETIMEOUT);
        ST_CHECKF(strstr(o.k[i].msg, "no response before the deadline") != NULL, "%s",
                  o.k[i].msg);
        ST_CHECKF(strstr(o.k[i].msg, "undecodable message from the server") != NULL, "%s",
                  o.k[i].msg);
    }
}

/* @p n calls on <scheme>://.../<path> all answered "hostile-ok" */
static void all_ok(const char *scheme, const char *path, surql_conn_protocol proto, int n)
{
    outcome o;
    if (scenario(&o, scheme, path, proto, 0, 20000, n, 0))
        return;
    for (int i = 0; i < n; i++) {
        ST_OK(o.k[i].rc);
        ST_EQ_STR(o.k[i].result, "hostile-ok");
    }
}

/* responses with unknown ids (number, string, none) are dropped; the real
 * answers still arrive */
ST_TEST(unknown_id) { all_ok("ws", "unknown-id/2", SURQL_CONN_PROTOCOL_CBOR, 2); }
ST_TEST(unknown_id_json) { all_ok("ws", "unknown-id/2", SURQL_CONN_PROTOCOL_JSON, 2); }
ST_TEST(http_ok) { all_ok("http", "http-ok", SURQL_CONN_PROTOCOL_CBOR, 1); }

/* an error without an id while one request is in flight: a protocol error
 * for that request, carrying the server's message and code */
ST_TEST(error_without_id)
{
    outcome o;
    if (scenario(&o, "ws", "error-no-id", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, 1, 0))
        return;
    ST_EQ_INT(o.k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_CHECKF(strstr(o.k[0].msg, "RPC ping: the server answered with an error without a request "
                                 "id (it could not decode a request): ") != NULL,
              "%s", o.k[0].msg);
    ST_CHECKF(strstr(o.k[0].msg, "hostile: parse error") != NULL, "%s", o.k[0].msg);
}

/* a response with an id but neither result nor error */
ST_TEST(bad_response)
{
    outcome o;
    if (scenario(&o, "ws", "bad-response", SURQL_CONN_PROTOCOL_CBOR, 0, 20000, 1, 0))
        return;
    char want[512];
    snprintf(want, sizeof want, "%s: undecodable message from the server: RPC "
                                "message has neither \"result\" nor \"error\"", o.url);
    ST_EQ_INT(o.k[0].rc, SURQL_CONN_EPROTOCOL);
    ST_EQ_STR(o.k[0].msg, want);
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
