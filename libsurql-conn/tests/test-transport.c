/* Transport internals without a SurrealDB server: SHA-1/base64 and the
 * RFC 6455 accept key, upgrade-response checking, URL components, and the
 * WebSocket/HTTP clients against a scripted in-process fake server (transport-fake.c)
 * (fragmentation, ping/pong, close handshake, size limit, mid-frame EOF,
 * non-101 answers, bad accept keys, exact HTTP request headers), plus
 * connect errors for unreachable hosts. */
#include "surql_test.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <surql/conn.h>

#include "conn-internal.h"
#include "http-internal.h"
#include "url-internal.h"
#include "ws-internal.h"

#include "transport-fake.h"

static const char *msg(void)
{
    return surql_error_last()->message;
}

static void hex(char *out, const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* ------------------------------------------------------------------------ */
/* pure helpers                                                              */

ST_TEST(sha1_vectors)
{
    unsigned char d[20];
    char h[41];
    surql_conn__sha1("abc", 3, d);
    hex(h, d, 20);
    ST_EQ_STR(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
    surql_conn__sha1("", 0, d);
    hex(h, d, 20);
    ST_EQ_STR(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const char *s = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    surql_conn__sha1(s, strlen(s), d);
    hex(h, d, 20);
    ST_EQ_STR(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    static unsigned char million[1000000];
    memset(million, 'a', sizeof million);
    surql_conn__sha1(million, sizeof million, d);
    hex(h, d, 20);
    ST_EQ_STR(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    /* 55/56/64-byte boundaries of the padding */
    char b[65];
    memset(b, 'x', sizeof b);
    surql_conn__sha1(b, 64, d);
    hex(h, d, 20);
    ST_EQ_STR(h, "bb2fa3ee7afb9f54c6dfb5d021f14b1ffe40c163");
}

ST_TEST(base64_and_accept_key)
{
    static const struct {
        const char *in, *out;
    } v[] = { { "", "" },         { "f", "Zg==" },         { "fo", "Zm8=" },
              { "foo", "Zm9v" },  { "foob", "Zm9vYg==" },  { "fooba", "Zm9vYmE=" },
              { "foobar", "Zm9vYmFy" } };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        surql_buf b = SURQL_BUF_INIT;
        ST_OK(surql_conn__base64(&b, v[i].in, strlen(v[i].in)));
        ST_EQ_STR(surql_buf_cstr(&b), v[i].out);
        surql_buf_dispose(&b);
    }
    /* RFC 6455 section 1.3: key "dGhlIHNhbXBsZSBub25jZQ==" */
    char accept[29];
    surql_conn__ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", accept);
    ST_EQ_STR(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    char k1[25], k2[25];
    ST_OK(surql_conn__ws_make_key(k1));
    ST_OK(surql_conn__ws_make_key(k2));
    ST_EQ_INT(strlen(k1), 24);
    ST_CHECK(strcmp(k1 + 22, "==") == 0);
    ST_CHECK(strcmp(k1, k2) != 0);
}

#define KEY "dGhlIHNhbXBsZSBub25jZQ=="
#define ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

static int check(const char *resp, surql_conn_protocol offered, int fallback_ok,
                 surql_conn__ws_upgrade *up)
{
    return surql_conn__ws_check_upgrade(up, resp, strlen(resp), KEY, offered, fallback_ok,
                                        "ws://h/rpc");
}

ST_TEST(upgrade_response_checks)
{
    surql_conn__ws_upgrade up;
    const char *ok_cbor = "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
                          "connection: keep-alive, Upgrade\r\nsec-websocket-accept: " ACCEPT
                          "\r\nSec-WebSocket-Protocol: cbor\r\n\r\n\x82\x01";
    ST_OK(check(ok_cbor, SURQL_CONN_PROTOCOL_CBOR, 0, &up));
    ST_EQ_INT(up.status, 101);
    ST_EQ_INT(up.protocol, SURQL_CONN_PROTOCOL_CBOR);
    ST_EQ_INT(up.fallback, 0);
    ST_EQ_INT(up.header_len, strlen(ok_cbor) - 2);

    const char *ok_json = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT "\r\n"
                          "Sec-WebSocket-Protocol: json\r\n\r\n";
    ST_OK(check(ok_json, SURQL_CONN_PROTOCOL_JSON, 0, &up));
    ST_EQ_INT(up.protocol, SURQL_CONN_PROTOCOL_JSON);

    const char *no_proto = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT "\r\n\r\n";
    ST_ERR(check(no_proto, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_EQ_STR(msg(), "WebSocket upgrade of ws://h/rpc: server did not accept subprotocol 'cbor' "
                     "(no Sec-WebSocket-Protocol in the 101 response: it fell back to JSON)");
    ST_OK(check(no_proto, SURQL_CONN_PROTOCOL_CBOR, 1, &up));
    ST_EQ_INT(up.fallback, 1);
    ST_EQ_INT(up.protocol, SURQL_CONN_PROTOCOL_JSON);
    ST_OK(check(no_proto, SURQL_CONN_PROTOCOL_JSON, 0, &up));
    ST_EQ_INT(up.fallback, 1);

    ST_ERR(check(ok_json, SURQL_CONN_PROTOCOL_CBOR, 1, &up), SURQL_CONN_EPROTOCOL);
    ST_EQ_STR(msg(), "WebSocket upgrade of ws://h/rpc: server selected subprotocol 'json', which "
                     "was not offered (offered 'cbor')");

    const char *bad_accept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
                             "Sec-WebSocket-Protocol: cbor\r\n\r\n";
    ST_ERR(check(bad_accept, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_EQ_STR(msg(), "WebSocket upgrade of ws://h/rpc: bad Sec-WebSocket-Accept "
                     "'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' (expected '" ACCEPT "')");

    const char *no_accept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\n\r\n";
    ST_ERR(check(no_accept, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_CHECK(strstr(msg(), "without Sec-WebSocket-Accept") != NULL);

    const char *no_upgrade = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: " ACCEPT "\r\n\r\n";
    ST_ERR(check(no_upgrade, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_CHECK(strstr(msg(), "without 'Upgrade: websocket'") != NULL);

    const char *no_conn = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Sec-WebSocket-Accept: " ACCEPT "\r\n\r\n";
    ST_ERR(check(no_conn, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_CHECK(strstr(msg(), "without 'Connection: Upgrade'") != NULL);

    const char *ext = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT "\r\n"
                      "Sec-WebSocket-Protocol: cbor\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
    ST_ERR(check(ext, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_CHECK(strstr(msg(), "extension 'permessage-deflate'") != NULL);

    const char *notfound = "HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\n\r\nno route\n";
    ST_ERR(check(notfound, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EHTTP);
    ST_EQ_STR(msg(), "WebSocket upgrade of ws://h/rpc: server answered 'HTTP/1.1 404 Not Found' "
                     "instead of '101 Switching Protocols': no route");
    ST_EQ_INT(up.status, 404);
    const char *unauth = "HTTP/1.1 401 Unauthorized\r\n\r\n";
    ST_ERR(check(unauth, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EAUTH);
    ST_EQ_STR(msg(), "WebSocket upgrade of ws://h/rpc: server answered 'HTTP/1.1 401 "
                     "Unauthorized' instead of '101 Switching Protocols'");
    const char *garbage = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
    ST_ERR(check(garbage, SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
    ST_EQ_STR(msg(), "WebSocket upgrade of ws://h/rpc: malformed status line 'SSH-2.0-OpenSSH_9.2'");
    ST_ERR(check("HTTP/1.1 101 OK\r\n", SURQL_CONN_PROTOCOL_CBOR, 0, &up), SURQL_CONN_EPROTOCOL);
}

ST_TEST(url_components)
{
    surql_conn__url u = SURQL_CONN__URL_INIT;
    ST_OK(surql_conn__url_parse(&u, "wss://[2001:db8::1]:9443"));
    ST_EQ_INT(u.scheme, SURQL_CONN__WSS);
    ST_EQ_INT(u.secure, 1);
    ST_EQ_INT(u.websocket, 1);
    ST_EQ_INT(u.ipv6, 1);
    ST_EQ_STR(u.host, "2001:db8::1");
    ST_EQ_INT(u.port, 9443);
    ST_EQ_STR(u.path, "/rpc");
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn__url_host_header(&b, &u));
    ST_EQ_STR(b.ptr, "[2001:db8::1]:9443");
    surql_buf_clear(&b);
    ST_OK(surql_conn__url_curl(&b, &u, NULL));
    ST_EQ_STR(b.ptr, "https://[2001:db8::1]:9443/rpc");
    surql_buf_clear(&b);
    surql_conn__url_clear(&u);

    ST_OK(surql_conn__url_parse(&u, "ws://example.com"));
    ST_EQ_INT(u.port, 80);
    ST_EQ_INT(u.port_explicit, 0);
    ST_OK(surql_conn__url_host_header(&b, &u));
    ST_EQ_STR(b.ptr, "example.com");
    surql_buf_clear(&b);
    surql_conn__url_clear(&u);

    ST_OK(surql_conn__url_parse(&u, "https://h/prefix/rpc"));
    ST_EQ_INT(u.port, 443);
    ST_EQ_STR(u.path, "/prefix");
    ST_OK(surql_conn__url_curl(&b, &u, "/sql"));
    ST_EQ_STR(b.ptr, "https://h:443/prefix/sql");
    surql_buf_dispose(&b);
    surql_conn__url_clear(&u);
    surql_conn__url_clear(NULL);

    ST_ERR(surql_conn__url_parse(&u, "ws://[::1]:0"), SURQL_CONN_EURL);
    ST_CHECK(u.host == NULL);
}

static int open_ws(surql_conn__ws **ws, fake *f, surql_conn__ws_opts *o)
{
    char url[64];
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", f->port);
    return surql_conn__ws_open(ws, url, o, surql_conn__now_ms() + 5000);
}

/* An HTTP client for <scheme>://127.0.0.1:<port><path>. */
static int http_at(surql_conn__http **h, const char *scheme, int port, const char *path,
                   const surql_conn__http_opts *o)
{
    char url[96];
    snprintf(url, sizeof url, "%s://127.0.0.1:%d%s", scheme, port, path);
    return surql_conn__http_new(h, url, o);
}

/* the client side of each scenario runs between init and shutdown */
#define WITH_FAKE(sc)                                                                 \
    fake f;                                                                           \
    ST_CHECK(surql_conn_global_init() >= 1);                                          \
    ST_CHECK(fake_start(&f, sc) == 0)

/* End the client side: free @p ws (after a Close when @p bye), wait for the fake,
 * shut the library down. */
static void finish(fake *f, surql_conn__ws *ws, int bye)
{
    if (bye && ws)
        surql_conn__ws_close(ws, 1000, NULL, surql_conn__now_ms() + 2000);
    surql_conn__ws_free(ws);
    fake_stop(f);
    surql_conn_global_shutdown();
}

/* A helper returning 0 (failure recorded) ends the case. */
#define CHECKED(ok)                                                                   \
    do {                                                                              \
        if (!(ok))                                                                    \
            return;                                                                   \
    } while (0)

/* Header @p name of the request the fake received is @p want (NULL: it is absent). */
static int header_is(const char *file, int line, const fake *f, const char *name,
                     const char *want)
{
    char v[256];
    int has = header_value(f->request, name, v, sizeof v);
    if (!want)
        return has ? st_fail(file, line, "header %s: %s, expected none", name, v) : 1;
    if (!has)
        return st_fail(file, line, "header %s is missing", name);
    return st_eq_str(file, line, name, want, v, want);
}
#define HEADER_IS(name, want) CHECKED(header_is(__FILE__, __LINE__, &f, (name), (want)))

/* @p got is the text @p fmt formats to (messages naming the fake's port). */
static int eq_fmt(const char *file, int line, const char *got, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int eq_fmt(const char *file, int line, const char *got, const char *fmt, ...)
{
    char want[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    return st_eq_str(file, line, "message", "expected", got, want);
}
#define EQ_FMT(got, ...) CHECKED(eq_fmt(__FILE__, __LINE__, (got), __VA_ARGS__))

ST_TEST(ws_fragments_ping_echo)
{
    WITH_FAKE(S_FRAGMENTS);
    surql_conn__ws *ws = NULL;
    surql_conn__ws_opts o = SURQL_CONN__WS_OPTS_INIT;
    const char *hdrs[] = { "Surreal-NS: test_ns", "Authorization: Bearer abc", NULL };
    o.headers = hdrs;
    int rc = open_ws(&ws, &f, &o);
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT, m2 = SURQL_CONN__WS_MSG_INIT,
                       m3 = SURQL_CONN__WS_MSG_INIT, e = SURQL_CONN__WS_MSG_INIT;
    int r1 = -100, r2 = -100, r3 = -100, r4 = -100, rs = -100, rc_close = -100;
    if (rc == 0) {
        r1 = surql_conn__ws_poll(ws, 5000, &m);
        r2 = surql_conn__ws_poll(ws, 5000, &m2);
        r3 = surql_conn__ws_poll(ws, 5000, &m3);
        rs = surql_conn__ws_send(ws, 0, "echo me", 7);
        r4 = surql_conn__ws_poll(ws, 5000, &e);
        rc_close = surql_conn__ws_close(ws, 1000, "done", surql_conn__now_ms() + 5000);
    }
    int after = ws ? surql_conn__ws_send(ws, 0, "x", 1) : 0;
    int open_after = surql_conn__ws_is_open(ws);
    finish(&f, ws, 0);
    ST_OK(rc);
    ST_EQ_INT(r1, 1);
    ST_EQ_INT(m.binary, 0);
    ST_EQ_STR((char *)m.data, "Hello, world");
    ST_EQ_INT(r2, 1);
    ST_EQ_INT(m2.binary, 1);
    ST_EQ_MEM(m2.data, m2.len, "\x00\x01\x02", 3);
    ST_EQ_INT(r3, 1);
    ST_EQ_INT(m3.len, 0);
    ST_OK(rs);
    ST_EQ_INT(r4, 1);
    ST_EQ_STR((char *)e.data, "echo me");
    ST_OK(rc_close);
    ST_EQ_INT(after, SURQL_CONN_ECLOSED);
    ST_EQ_INT(open_after, 0);
    surql_conn__ws_msg_clear(&m);
    surql_conn__ws_msg_clear(&m2);
    surql_conn__ws_msg_clear(&m3);
    surql_conn__ws_msg_clear(&e);
    ST_CHECK(!f.fail);
    ST_CHECK(f.got_pong);
    ST_EQ_STR(f.pong, "pp");
    ST_CHECK(f.got_close);
    ST_EQ_INT(f.close_code, 1000);
    /* the upgrade request */
    ST_CHECK(strncmp(f.request, "GET /rpc HTTP/1.1\r\n", 19) == 0);
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%d", f.port);
    HEADER_IS("Host", host);
    HEADER_IS("Sec-WebSocket-Protocol", "cbor");
    HEADER_IS("Sec-WebSocket-Version", "13");
    HEADER_IS("Surreal-NS", "test_ns");
    HEADER_IS("Authorization", "Bearer abc");
}

ST_TEST(ws_message_too_big)
{
    WITH_FAKE(S_OVERSIZE);
    surql_conn__ws *ws = NULL;
    surql_conn__ws_opts o = SURQL_CONN__WS_OPTS_INIT;
    o.max_message = 1000;
    int rc = open_ws(&ws, &f, &o);
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r1 = -100, r2 = -100, r3 = -100, send_big = -100;
    char m2[512] = "";
    if (rc == 0) {
        r1 = surql_conn__ws_poll(ws, 5000, &m); /* the 500-byte message */
        surql_conn__ws_msg_clear(&m);
        r2 = surql_conn__ws_poll(ws, 5000, &m);
        snprintf(m2, sizeof m2, "%s", msg());
        r3 = surql_conn__ws_poll(ws, 0, &m); /* latched */
        static char big[1001];
        send_big = surql_conn__ws_send(ws, 1, big, sizeof big);
    }
    finish(&f, ws, 0);
    ST_OK(rc);
    ST_EQ_INT(r1, 1);
    ST_EQ_INT(r2, SURQL_CONN_EPROTOCOL);
    EQ_FMT(m2,
           "WebSocket ws://127.0.0.1:%d/rpc: the server sent a message of at least 1200 "
           "bytes, more than the limit of 1000 bytes (client option max_message)",
           f.port);
    ST_EQ_INT(r3, SURQL_CONN_EPROTOCOL);
    ST_EQ_INT(send_big, SURQL_CONN_EPROTOCOL);
    ST_CHECK(f.got_close);
    ST_EQ_INT(f.close_code, 1009);
}

ST_TEST(ws_server_close_frame)
{
    WITH_FAKE(S_CLOSE);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r1 = -100, r2 = -100, code = 0, cl = -100;
    char m2[512] = "", reason[32] = "";
    if (rc == 0) {
        r1 = surql_conn__ws_poll(ws, 5000, &m);
        r2 = surql_conn__ws_poll(ws, 5000, &m);
        snprintf(m2, sizeof m2, "%s", msg());
        code = surql_conn__ws_close_code(ws);
        snprintf(reason, sizeof reason, "%s", surql_conn__ws_close_reason(ws));
        cl = surql_conn__ws_close(ws, 0, NULL, surql_conn__now_ms() + 1000);
    }
    finish(&f, ws, 0);
    ST_OK(rc);
    ST_EQ_INT(r1, 1); /* data sent before the Close is still delivered */
    ST_EQ_STR((char *)m.data, "last words");
    surql_conn__ws_msg_clear(&m);
    ST_EQ_INT(r2, SURQL_CONN_ECLOSED);
    EQ_FMT(m2,
           "WebSocket ws://127.0.0.1:%d/rpc: connection closed by the server (code 1001 going "
           "away: bye)",
           f.port);
    ST_EQ_INT(code, 1001);
    ST_EQ_STR(reason, "bye");
    ST_OK(cl);
    ST_CHECK(f.got_close); /* our automatic Close reply */
    ST_EQ_INT(f.close_code, 1001);
}

ST_TEST(ws_closed_mid_frame)
{
    WITH_FAKE(S_MIDFRAME);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = -100;
    char m2[512] = "";
    if (rc == 0) {
        r = surql_conn__ws_poll(ws, 5000, &m);
        snprintf(m2, sizeof m2, "%s", msg());
    }
    finish(&f, ws, 0);
    ST_OK(rc);
    ST_EQ_INT(r, SURQL_CONN_ECLOSED);
    ST_CHECK(strstr(m2, "connection closed by the server in the middle of a frame") != NULL);
}

ST_TEST(ws_upgrade_refused)
{
    WITH_FAKE(S_404);
    surql_conn__ws *ws = (surql_conn__ws *)&f;
    int rc = open_ws(&ws, &f, NULL);
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    finish(&f, NULL, 0);
    ST_EQ_INT(rc, SURQL_CONN_EHTTP);
    ST_CHECK(ws == NULL);
    EQ_FMT(m,
           "WebSocket upgrade of ws://127.0.0.1:%d/rpc: server answered 'HTTP/1.1 404 Not "
           "Found' instead of '101 Switching Protocols': not found",
           f.port);
}

ST_TEST(ws_bad_accept_key)
{
    WITH_FAKE(S_BADKEY);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    finish(&f, ws, 0);
    ST_EQ_INT(rc, SURQL_CONN_EPROTOCOL);
    ST_CHECK(strstr(m, "bad Sec-WebSocket-Accept 'dGhlIHNhbXBsZSBub25jZQ=='") != NULL);
}

ST_TEST(ws_json_fallback)
{
    /* refused by default */
    WITH_FAKE(S_NOPROTO);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    fake_stop(&f);
    ST_EQ_INT(rc, SURQL_CONN_EPROTOCOL);
    ST_CHECK(strstr(m, "did not accept subprotocol 'cbor'") != NULL);
    /* accepted and reported when allowed */
    ST_CHECK(fake_start(&f, S_NOPROTO) == 0);
    surql_conn__ws_opts o = SURQL_CONN__WS_OPTS_INIT;
    o.allow_json_fallback = 1;
    rc = open_ws(&ws, &f, &o);
    int proto = ws ? (int)surql_conn__ws_protocol(ws) : -1;
    int fb = surql_conn__ws_fallback(ws);
    finish(&f, ws, 1);
    ST_OK(rc);
    ST_EQ_INT(proto, SURQL_CONN_PROTOCOL_JSON);
    ST_EQ_INT(fb, 1);
}

/* The client side of S_PREBUF after an open that returned @p rc: the frame that came
 * in the same packet as the 101 is delivered. Ends the client side (finish()). */
static void early_frame(fake *f, surql_conn__ws *ws, int rc)
{
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = rc == 0 ? surql_conn__ws_poll(ws, 5000, &m) : rc;
    finish(f, ws, 1);
    ST_OK(rc);
    ST_EQ_INT(r, 1);
    ST_EQ_STR((char *)m.data, "early");
    surql_conn__ws_msg_clear(&m);
}

ST_TEST(ws_frame_in_upgrade_packet)
{
    WITH_FAKE(S_PREBUF);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    early_frame(&f, ws, rc);
}

ST_TEST(ws_ipv6_literal)
{
    fake f;
    ST_CHECK(surql_conn_global_init() >= 1);
    int st = fake_start6(&f, S_PREBUF);
    if (st == -2) {
        surql_conn_global_shutdown();
        st_note("no IPv6 loopback on this host: nothing to test");
        return;
    }
    ST_CHECK(st == 0);
    char url[64];
    snprintf(url, sizeof url, "ws://[::1]:%d", f.port); /* default path /rpc */
    surql_conn__ws *ws = NULL;
    int rc = surql_conn__ws_open(&ws, url, NULL, surql_conn__now_ms() + 5000);
    early_frame(&f, ws, rc);
    ST_BAIL_IF_FAILED();
    ST_CHECK(strncmp(f.request, "GET /rpc HTTP/1.1\r\n", 19) == 0);
    char want[64];
    snprintf(want, sizeof want, "[::1]:%d", f.port);
    HEADER_IS("Host", want);
}

ST_TEST(ws_large_message_roundtrip)
{
    WITH_FAKE(S_LARGE_ECHO);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    size_t n = (size_t)3 << 20; /* 3 MiB: several socket buffers */
    unsigned char *big = malloc(n);
    ST_CHECK(big != NULL);
    for (size_t i = 0; i < n; i++)
        big[i] = (unsigned char)(i * 7 + (i >> 12));
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int rs = -100, r = -100;
    if (rc == 0) {
        rs = surql_conn__ws_send(ws, 1, big, n);
        r = surql_conn__ws_poll(ws, 10000, &m); /* flushes while waiting */
        surql_conn__ws_close(ws, 1000, NULL, surql_conn__now_ms() + 2000);
    }
    finish(&f, ws, 0);
    int same = m.len == n && memcmp(m.data, big, n) == 0;
    free(big);
    surql_conn__ws_msg_clear(&m);
    ST_OK(rc);
    ST_OK(rs);
    ST_EQ_INT(r, 1);
    ST_CHECK(same);
    ST_CHECK(!f.fail);
}

ST_TEST(ws_upgrade_timeout)
{
    WITH_FAKE(S_SILENT);
    surql_conn__ws *ws = NULL;
    char url[64];
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", f.port);
    int64_t t0 = surql_conn__now_ms();
    int rc = surql_conn__ws_open(&ws, url, NULL, t0 + 1500);
    int64_t el = surql_conn__now_ms() - t0;
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    finish(&f, NULL, 0);
    ST_EQ_INT(rc, SURQL_ETIMEOUT);
    ST_CHECK(strstr(m, "no upgrade response within") != NULL);
    ST_CHECKF(el >= 1400 && el < 15000, "took %lld ms", (long long)el);
}

ST_TEST(tls_failures)
{
    WITH_FAKE(S_NOT_TLS);
    char url[64];
    snprintf(url, sizeof url, "wss://127.0.0.1:%d/rpc", f.port);
    surql_conn__ws *ws = NULL;
    int rc = surql_conn__ws_open(&ws, url, NULL, surql_conn__now_ms() + 5000);
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    fake_stop(&f);
    /* an unreadable CA bundle, through HTTP */
    surql_conn__http_opts o = SURQL_CONN__HTTP_OPTS_INIT;
    o.tls.ca_file = "/nonexistent/surql-ca.pem";
    surql_conn__http *h = NULL;
    int hn = fake_start(&f, S_NOT_TLS);
    if (hn == 0)
        hn = http_at(&h, "https", f.port, "", &o);
    int hr = hn == 0 ? surql_conn__http_health(h, surql_conn__now_ms() + 5000) : hn;
    char hm[512];
    snprintf(hm, sizeof hm, "%s", msg());
    surql_conn__http_free(h);
    /* unblock the fake server if curl never connected */
    int kick = loopback_connect(f.port, 0);
    send(kick, "x", 1, MSG_NOSIGNAL);
    fake_stop(&f);
    close(kick);
    surql_conn_global_shutdown();
    st_note("wss to plain server: %s", m);
    st_note("bad CA file: %s", hm);
    ST_EQ_INT(rc, SURQL_CONN_ETLS);
    ST_CHECK(strstr(m, "TLS failure") != NULL);
    ST_EQ_INT(hr, SURQL_CONN_ETLS);
    ST_CHECK(strstr(hm, "TLS failure") != NULL);
}

ST_TEST(ws_open_errors)
{
    surql_conn__ws *ws = NULL;
    ST_ERR(surql_conn__ws_open(&ws, "ws://127.0.0.1:1/rpc", NULL, 0), SURQL_ESTATE);
    ST_CHECK(strstr(msg(), "surql_conn_global_init") != NULL);
    ST_CHECK(surql_conn_global_init() >= 1);
    ST_ERR(surql_conn__ws_open(&ws, "http://127.0.0.1:1", NULL, 0), SURQL_CONN_EURL);
    ST_ERR(surql_conn__ws_open(&ws, "ws://", NULL, 0), SURQL_CONN_EURL);
    surql_conn__ws_opts o = SURQL_CONN__WS_OPTS_INIT;
    const char *evil[] = { "X-Evil: a\r\nInjected: b", NULL };
    o.headers = evil;
    ST_ERR(surql_conn__ws_open(&ws, "ws://127.0.0.1:1/rpc", &o, 0), SURQL_EINVAL);
    surql_conn_global_shutdown();
    surql_conn__ws_free(NULL);
    ST_EQ_INT(surql_conn__ws_get_fd(NULL), -1);
}

/* a port with nothing listening */
static int closed_port(void)
{
    int port = 0;
    int fd = loopback_socket(AF_INET, -1, &port);
    if (fd >= 0)
        close(fd);
    return port;
}

ST_TEST(connect_refused)
{
    ST_CHECK(surql_conn_global_init() >= 1);
    char url[64];
    int port = closed_port();
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", port);
    surql_conn__ws *ws = NULL;
    int rc = surql_conn__ws_open(&ws, url, NULL, surql_conn__now_ms() + 3000);
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    surql_conn__http *h = NULL;
    int hrc = http_at(&h, "http", port, "", NULL);
    int hr = hrc == 0 ? surql_conn__http_health(h, surql_conn__now_ms() + 3000) : hrc;
    char hm[512];
    snprintf(hm, sizeof hm, "%s", msg());
    surql_conn__http_free(h);
    surql_conn_global_shutdown();
    ST_EQ_INT(rc, SURQL_CONN_ECONNECT);
    ST_CHECKF(strstr(m, "cannot connect") != NULL, "%s", m);
    ST_OK(hrc);
    ST_EQ_INT(hr, SURQL_CONN_ECONNECT);
    ST_CHECKF(strstr(hm, "GET http://127.0.0.1:") != NULL && strstr(hm, "cannot connect"),
              "%s", hm);
}

/* A listener whose accept queue is full: further SYNs are dropped, so a
 * connect hangs like one to an unreachable host (outbound addresses are not
 * usable for this: sandboxes and proxies answer them). */
typedef struct blackhole {
    int lfd, filler[4], port;
} blackhole;

static int blackhole_start(blackhole *b)
{
    memset(b, 0, sizeof *b);
    b->lfd = loopback_socket(AF_INET, 0, &b->port);
    if (b->lfd < 0)
        return -1;
    for (int i = 0; i < 4; i++) /* fill the queue (non-blocking connects) */
        b->filler[i] = loopback_connect(b->port, SOCK_NONBLOCK);
    struct timespec ts = { 0, 100000000 };
    nanosleep(&ts, NULL);
    return 0;
}

static void blackhole_stop(blackhole *b)
{
    for (int i = 0; i < 4; i++)
        if (b->filler[i] > 0)
            close(b->filler[i]);
    close(b->lfd);
}

ST_TEST(connect_timeout)
{
    ST_CHECK(surql_conn_global_init() >= 1);
    blackhole bh;
    int bs = blackhole_start(&bh);
    char url[64];
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", bh.port);
    surql_conn__ws *ws = NULL;
    int64_t t0 = surql_conn__now_ms();
    int rc = surql_conn__ws_open(&ws, url, NULL, t0 + 1000);
    int64_t el = surql_conn__now_ms() - t0;
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    surql_conn__ws_free(ws);
    /* the same through HTTP */
    surql_conn__http *h = NULL;
    int hn = http_at(&h, "http", bh.port, "", NULL);
    t0 = surql_conn__now_ms();
    int hr = hn == 0 ? surql_conn__http_health(h, t0 + 1000) : hn;
    int64_t hel = surql_conn__now_ms() - t0;
    char hm[512];
    snprintf(hm, sizeof hm, "%s", msg());
    surql_conn__http_free(h);
    blackhole_stop(&bh);
    /* an unresolvable name */
    t0 = surql_conn__now_ms();
    int rc2 = surql_conn__ws_open(&ws, "ws://surql-test-host.invalid:80/rpc", NULL, t0 + 3000);
    int64_t el2 = surql_conn__now_ms() - t0;
    char m2[512];
    snprintf(m2, sizeof m2, "%s", msg());
    surql_conn_global_shutdown();
    st_note("ws: %s (%lld ms)", m, (long long)el);
    st_note("http: %s (%lld ms)", hm, (long long)hel);
    st_note("unresolvable: %s (%lld ms)", m2, (long long)el2);
    ST_EQ_INT(bs, 0);
    ST_EQ_INT(rc, SURQL_CONN_ECONNECT);
    ST_CHECK(strstr(m, "cannot connect: timed out after") != NULL);
    ST_CHECKF(el >= 900 && el < 15000, "took %lld ms", (long long)el);
    ST_EQ_INT(hr, SURQL_CONN_ECONNECT);
    ST_CHECK(strstr(hm, "cannot connect: timed out after") != NULL);
    ST_CHECKF(hel >= 900 && hel < 15000, "took %lld ms", (long long)hel);
    ST_EQ_INT(rc2, SURQL_CONN_ECONNECT);
    ST_CHECKF(el2 < 15000, "took %lld ms", (long long)el2);
    ST_CHECK(strstr(m2, "cannot resolve host") != NULL);
}

ST_TEST(http_request_headers)
{
    WITH_FAKE(S_HTTP_OK);
    surql_conn__http *h = NULL;
    int rc = http_at(&h, "ws", f.port, "/rpc", NULL); /* ws URL maps to http */
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    surql_conn__http_auth auth = { "ns1", "db1", "root", "root", NULL };
    static const unsigned char body[] = { 0xa2, 0x62, 'i', 'd', 0x01, 0x66, 'm', 'e', 't',
                                          'h',  'o',  'd', 0x64, 'p', 'i',  'n',  'g' };
    int r = rc == 0 ? surql_conn__http_rpc(h, SURQL_CONN_PROTOCOL_CBOR, body, sizeof body, &auth,
                                           surql_conn__now_ms() + 5000, &resp)
                    : rc;
    char base[128];
    snprintf(base, sizeof base, "%s", h ? surql_conn__http_base_url(h) : "");
    surql_conn__http_free(h);
    finish(&f, NULL, 0);
    ST_OK(rc);
    ST_OK(r);
    ST_EQ_INT(resp.status, 200);
    ST_EQ_STR(resp.content_type, "application/cbor");
    ST_EQ_MEM(resp.body.ptr, resp.body.size, "\xa1\x01\x02", 3);
    ST_EQ_STR(resp.status_line, "HTTP/1.1 200 OK");
    surql_conn__http_resp_clear(&resp);
    EQ_FMT(base, "http://127.0.0.1:%d", f.port);
    ST_CHECK(strncmp(f.request, "POST /rpc HTTP/1.1\r\n", 20) == 0);
    HEADER_IS("Accept", "application/cbor");
    HEADER_IS("Content-Type", "application/cbor");
    HEADER_IS("Surreal-NS", "ns1");
    HEADER_IS("Surreal-DB", "db1");
    HEADER_IS("Authorization", "Basic cm9vdDpyb290");
    HEADER_IS("Accept-Encoding", NULL);
    HEADER_IS("Expect", NULL);
    ST_CHECK(strstr(f.request, "*/*") == NULL);
    const char *b = strstr(f.request, "\r\n\r\n") + 4;
    ST_EQ_MEM(b, f.reqlen - (size_t)(b - f.request), body, sizeof body);
}

ST_TEST(http_get_has_no_accept)
{
    WITH_FAKE(S_HTTP_OK);
    surql_conn__http *h = NULL;
    int rc = http_at(&h, "http", f.port, "/", NULL);
    surql_conn__http_req req = { "GET", "/version", NULL, NULL, NULL, 0, NULL, NULL,
                                 surql_conn__now_ms() + 5000 };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int r = rc == 0 ? surql_conn__http_request(h, &req, &resp) : rc;
    surql_conn__http_resp_clear(&resp);
    surql_conn__http_free(h);
    finish(&f, NULL, 0);
    ST_OK(r);
    ST_CHECK(strncmp(f.request, "GET /version HTTP/1.1\r\n", 23) == 0);
    HEADER_IS("Accept", NULL);
    HEADER_IS("Authorization", NULL);
    HEADER_IS("Accept-Encoding", NULL);
}

ST_TEST(http_status_errors)
{
    WITH_FAKE(S_HTTP_401);
    surql_conn__http *h = NULL;
    int rc = http_at(&h, "http", f.port, "", NULL);
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    surql_conn__http_auth auth = { NULL, NULL, NULL, NULL, "tok.en" };
    int r = rc == 0 ? surql_conn__http_sql(h, "RETURN 1", SURQL_CONN_PROTOCOL_JSON, &auth,
                                           surql_conn__now_ms() + 5000, &resp)
                    : rc;
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    surql_conn__http_free(h);
    finish(&f, NULL, 0);
    ST_EQ_INT(r, SURQL_CONN_EAUTH);
    ST_EQ_INT(resp.status, 401);
    surql_conn__http_resp_clear(&resp);
    EQ_FMT(m,
           "POST http://127.0.0.1:%d/sql: HTTP/1.1 401 Unauthorized: There was a problem with "
           "authentication",
           f.port);
    HEADER_IS("Authorization", "Bearer tok.en");
    HEADER_IS("Accept", "application/json");

    /* status mapping */
    surql_conn__http_resp x = SURQL_CONN__HTTP_RESP_INIT;
    x.status = 500;
    ST_ERR(surql_conn__http_check(&x, "GET /health"), SURQL_CONN_ESERVER);
    ST_EQ_STR(msg(), "GET /health: HTTP 500");
    x.status = 415;
    ST_ERR(surql_conn__http_check(&x, "POST /rpc"), SURQL_CONN_EHTTP);
    x.status = 204;
    ST_OK(surql_conn__http_check(&x, "POST /rpc"));
}

ST_MAIN(ST_CASE(sha1_vectors), ST_CASE(base64_and_accept_key), ST_CASE(upgrade_response_checks),
        ST_CASE(url_components), ST_CASE(ws_fragments_ping_echo), ST_CASE(ws_message_too_big),
        ST_CASE(ws_server_close_frame), ST_CASE(ws_closed_mid_frame), ST_CASE(ws_upgrade_refused),
        ST_CASE(ws_bad_accept_key), ST_CASE(ws_json_fallback), ST_CASE(ws_frame_in_upgrade_packet), ST_CASE(ws_ipv6_literal),
        ST_CASE(ws_large_message_roundtrip), ST_CASE(ws_upgrade_timeout), ST_CASE(tls_failures), ST_CASE(ws_open_errors),
        ST_CASE(connect_refused), ST_CASE(connect_timeout),
        ST_CASE(http_request_headers), ST_CASE(http_get_has_no_accept),
        ST_CASE(http_status_errors))
