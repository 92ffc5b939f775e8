/* Transport internals without a SurrealDB server: SHA-1/base64 and the
 * RFC 6455 accept key, upgrade-response checking, URL components, and the
 * WebSocket/HTTP clients against a scripted in-process fake server
 * (fragmentation, ping/pong, close handshake, size limit, mid-frame EOF,
 * non-101 answers, bad accept keys, exact HTTP request headers), plus
 * connect errors for unreachable hosts. */
#include "surql_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <surql/conn.h>

#include "conn-internal.h"
#include "http-internal.h"
#include "url-internal.h"
#include "ws-internal.h"

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

/* ------------------------------------------------------------------------ */
/* fake server                                                               */

enum scenario {
    S_FRAGMENTS,
    S_OVERSIZE,
    S_CLOSE,
    S_MIDFRAME,
    S_404,
    S_BADKEY,
    S_NOPROTO,
    S_PREBUF,
    S_LARGE_ECHO,
    S_SILENT,
    S_NOT_TLS,
    S_HTTP_OK,
    S_HTTP_401,
};

typedef struct fake {
    int lfd, port;
    pthread_t th;
    enum scenario sc;
    int fail;            /* server-side problem */
    char request[16384]; /* request head (+ body for HTTP) */
    size_t reqlen;
    int got_pong;
    char pong[126];
    int got_close;
    int close_code;
    int got_text;
    char text[256];
} fake;

static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(fd, (char *)buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = send(fd, (const char *)buf + off, n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    return 0;
}

/* server frame (never masked) */
static int send_frame(int fd, int fin, int opcode, const void *data, size_t len)
{
    unsigned char h[10];
    size_t hl = 2;
    h[0] = (unsigned char)((fin ? 0x80 : 0) | opcode);
    if (len < 126) {
        h[1] = (unsigned char)len;
    } else if (len < 65536) {
        h[1] = 126;
        h[2] = (unsigned char)(len >> 8);
        h[3] = (unsigned char)len;
        hl = 4;
    } else {
        h[1] = 127;
        for (int i = 0; i < 8; i++)
            h[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
        hl = 10;
    }
    if (write_all(fd, h, hl) != 0)
        return -1;
    return len ? write_all(fd, data, len) : 0;
}

/* read one client frame (must be masked); *data malloc'd */
static int recv_frame(int fd, int *opcode, int *fin, unsigned char **data, size_t *len)
{
    unsigned char h[2];
    if (read_full(fd, h, 2) != 0)
        return -1;
    *fin = h[0] >> 7;
    *opcode = h[0] & 0x0f;
    if (!(h[1] & 0x80))
        return -2; /* client frames must be masked */
    uint64_t n = h[1] & 0x7f;
    if (n == 126) {
        unsigned char e[2];
        if (read_full(fd, e, 2) != 0)
            return -1;
        n = (uint64_t)e[0] << 8 | e[1];
    } else if (n == 127) {
        unsigned char e[8];
        if (read_full(fd, e, 8) != 0)
            return -1;
        n = 0;
        for (int i = 0; i < 8; i++)
            n = n << 8 | e[i];
    }
    unsigned char mask[4];
    if (read_full(fd, mask, 4) != 0)
        return -1;
    unsigned char *p = malloc(n + 1);
    if (!p)
        return -1;
    if (n && read_full(fd, p, n) != 0) {
        free(p);
        return -1;
    }
    for (uint64_t i = 0; i < n; i++)
        p[i] ^= mask[i % 4];
    p[n] = 0;
    *data = p;
    *len = n;
    return 0;
}

/* read the request head; returns the header value of @p name in @p val */
static int header_value(const char *req, const char *name, char *val, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(req, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ')
                v++;
            const char *e = strstr(v, "\r\n");
            size_t l = (size_t)(e - v);
            if (l >= cap)
                l = cap - 1;
            memcpy(val, v, l);
            val[l] = 0;
            return 1;
        }
    }
    return 0;
}

static int read_head(fake *f, int fd)
{
    f->reqlen = 0;
    while (f->reqlen < sizeof f->request - 1) {
        ssize_t r = recv(fd, f->request + f->reqlen, 1, 0);
        if (r <= 0)
            return -1;
        f->reqlen++;
        f->request[f->reqlen] = 0;
        if (f->reqlen >= 4 && memcmp(f->request + f->reqlen - 4, "\r\n\r\n", 4) == 0)
            return 0;
    }
    return -1;
}

static int send_101(fake *f, int fd, const char *accept_override, int with_proto,
                    const void *extra, size_t extra_len)
{
    char key[128] = "", proto[64] = "", accept[29];
    header_value(f->request, "Sec-WebSocket-Key", key, sizeof key);
    header_value(f->request, "Sec-WebSocket-Protocol", proto, sizeof proto);
    surql_conn__ws_accept_key(key, accept);
    char resp[1024];
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n%s%s%s\r\n",
                     accept_override ? accept_override : accept,
                     with_proto ? "Sec-WebSocket-Protocol: " : "", with_proto ? proto : "",
                     with_proto ? "\r\n" : "");
    char all[2048];
    memcpy(all, resp, (size_t)n);
    if (extra_len)
        memcpy(all + n, extra, extra_len);
    return write_all(fd, all, (size_t)n + extra_len);
}

/* answer client frames until its Close (replying Close) or EOF */
static void drain_until_close(fake *f, int fd)
{
    for (;;) {
        int op, fin;
        unsigned char *d;
        size_t n;
        if (recv_frame(fd, &op, &fin, &d, &n) != 0)
            return;
        if (op == 0x8) {
            f->got_close = 1;
            f->close_code = n >= 2 ? (d[0] << 8 | d[1]) : 1005;
            send_frame(fd, 1, 0x8, d, n >= 2 ? 2 : 0);
            free(d);
            return;
        }
        if (op == 0xA) {
            f->got_pong = 1;
            snprintf(f->pong, sizeof f->pong, "%s", (char *)d);
        } else if (op == 0x1) {
            f->got_text = 1;
            snprintf(f->text, sizeof f->text, "%s", (char *)d);
            send_frame(fd, 1, 0x1, d, n); /* echo */
        }
        free(d);
    }
}

static void ws_scenario(fake *f, int fd)
{
    if (read_head(f, fd) != 0) {
        f->fail = 1;
        return;
    }
    switch (f->sc) {
    case S_FRAGMENTS: {
        send_101(f, fd, NULL, 1, NULL, 0);
        send_frame(fd, 0, 0x1, "Hel", 3);
        send_frame(fd, 1, 0x9, "pp", 2); /* ping between fragments */
        send_frame(fd, 0, 0x0, "lo, ", 4);
        send_frame(fd, 1, 0x0, "world", 5);
        unsigned char bin[3] = { 0, 1, 2 };
        send_frame(fd, 1, 0x2, bin, 3);
        send_frame(fd, 1, 0x2, NULL, 0); /* empty message */
        drain_until_close(f, fd);
        break;
    }
    case S_OVERSIZE: {
        send_101(f, fd, NULL, 1, NULL, 0);
        static unsigned char big[2000];
        send_frame(fd, 1, 0x2, big, 500);
        send_frame(fd, 0, 0x2, big, 600); /* fragmented: 600 + 600 > 1000 */
        send_frame(fd, 1, 0x0, big, 600);
        drain_until_close(f, fd);
        break;
    }
    case S_CLOSE: {
        send_101(f, fd, NULL, 1, NULL, 0);
        send_frame(fd, 1, 0x1, "last words", 10);
        unsigned char c[5] = { 0x03, 0xE9, 'b', 'y', 'e' }; /* 1001 "bye" */
        send_frame(fd, 1, 0x8, c, 5);
        int op, fin;
        unsigned char *d;
        size_t n;
        if (recv_frame(fd, &op, &fin, &d, &n) == 0) {
            f->got_close = op == 0x8;
            f->close_code = n >= 2 ? (d[0] << 8 | d[1]) : 1005;
            free(d);
        }
        break;
    }
    case S_MIDFRAME: {
        send_101(f, fd, NULL, 1, NULL, 0);
        unsigned char h[2] = { 0x82, 100 };
        write_all(fd, h, 2);
        write_all(fd, "0123456789", 10);
        break; /* close with 90 bytes missing */
    }
    case S_404: {
        const char *r = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                        "Content-Length: 9\r\n\r\nnot found";
        write_all(fd, r, strlen(r));
        break;
    }
    case S_BADKEY:
        send_101(f, fd, "dGhlIHNhbXBsZSBub25jZQ==", 1, NULL, 0);
        break;
    case S_NOPROTO:
        send_101(f, fd, NULL, 0, NULL, 0);
        drain_until_close(f, fd);
        break;
    case S_PREBUF: {
        unsigned char fr[7] = { 0x81, 5, 'e', 'a', 'r', 'l', 'y' };
        send_101(f, fd, NULL, 1, fr, sizeof fr); /* frame in the same packet */
        drain_until_close(f, fd);
        break;
    }
    case S_LARGE_ECHO: {
        send_101(f, fd, NULL, 1, NULL, 0);
        int op, fin;
        unsigned char *d;
        size_t n;
        if (recv_frame(fd, &op, &fin, &d, &n) != 0 || op != 0x2 || !fin) {
            f->fail = 1;
            return;
        }
        size_t third = n / 3;
        send_frame(fd, 0, 0x2, d, third);
        send_frame(fd, 0, 0x0, d + third, third);
        send_frame(fd, 1, 0x0, d + 2 * third, n - 2 * third);
        free(d);
        drain_until_close(f, fd);
        break;
    }
    case S_SILENT:
        drain_until_close(f, fd); /* never answers the upgrade */
        break;
    default:
        break;
    }
}

static void http_scenario(fake *f, int fd)
{
    if (read_head(f, fd) != 0) {
        f->fail = 1;
        return;
    }
    char cl[32];
    if (header_value(f->request, "Content-Length", cl, sizeof cl)) {
        size_t n = (size_t)strtoul(cl, NULL, 10);
        if (n > sizeof f->request - f->reqlen - 1 ||
            read_full(fd, f->request + f->reqlen, n) != 0) {
            f->fail = 1;
            return;
        }
        f->reqlen += n;
        f->request[f->reqlen] = 0;
    }
    const char *r = f->sc == S_HTTP_OK
                        ? "HTTP/1.1 200 OK\r\nContent-Type: application/cbor\r\n"
                          "Content-Length: 3\r\nConnection: close\r\n\r\n\xa1\x01\x02"
                        : "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\n"
                          "Content-Length: 39\r\nConnection: close\r\n\r\n"
                          "There was a problem with authentication";
    write_all(fd, r, strlen(r) + (f->sc == S_HTTP_OK ? 0 : 0));
}

/* answers a TLS ClientHello with plain HTTP */
static void not_tls_scenario(fake *f, int fd)
{
    char buf[4096];
    if (recv(fd, buf, sizeof buf, 0) <= 0)
        f->fail = 1;
    const char *r = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    write_all(fd, r, strlen(r));
}

static void *fake_main(void *arg)
{
    fake *f = arg;
    struct pollfd p = { f->lfd, POLLIN, 0 };
    if (poll(&p, 1, 10000) != 1) {
        f->fail = 1;
        return NULL;
    }
    int fd = accept(f->lfd, NULL, NULL);
    if (fd < 0) {
        f->fail = 1;
        return NULL;
    }
    struct timeval tv = { 10, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (f->sc == S_NOT_TLS)
        not_tls_scenario(f, fd);
    else if (f->sc >= S_HTTP_OK)
        http_scenario(f, fd);
    else
        ws_scenario(f, fd);
    close(fd);
    return NULL;
}

static int fake_start(fake *f, enum scenario sc)
{
    memset(f, 0, sizeof *f);
    f->sc = sc;
    f->lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(f->lfd, 4) != 0 || getsockname(f->lfd, (struct sockaddr *)&a, &al) != 0)
        return -1;
    f->port = ntohs(a.sin_port);
    return pthread_create(&f->th, NULL, fake_main, f) == 0 ? 0 : -1;
}

/* the same on [::1]; -2 when the host has no IPv6 loopback */
static int fake_start6(fake *f, enum scenario sc)
{
    memset(f, 0, sizeof *f);
    f->sc = sc;
    f->lfd = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    socklen_t al = sizeof a;
    if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (f->lfd >= 0)
            close(f->lfd);
        return -2;
    }
    if (listen(f->lfd, 4) != 0 || getsockname(f->lfd, (struct sockaddr *)&a, &al) != 0)
        return -1;
    f->port = ntohs(a.sin6_port);
    return pthread_create(&f->th, NULL, fake_main, f) == 0 ? 0 : -1;
}

static void fake_stop(fake *f)
{
    pthread_join(f->th, NULL);
    close(f->lfd);
}

static int open_ws(surql_conn__ws **ws, fake *f, surql_conn__ws_opts *o)
{
    char url[64];
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", f->port);
    return surql_conn__ws_open(ws, url, o, surql_conn__now_ms() + 5000);
}

/* the client side of each scenario runs between init and shutdown */
#define WITH_FAKE(sc)                                                                 \
    fake f;                                                                           \
    ST_CHECK(surql_conn_global_init() >= 1);                                          \
    ST_CHECK(fake_start(&f, sc) == 0)

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
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
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
    char v[256];
    ST_CHECK(strncmp(f.request, "GET /rpc HTTP/1.1\r\n", 19) == 0);
    ST_CHECK(header_value(f.request, "Host", v, sizeof v));
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%d", f.port);
    ST_EQ_STR(v, host);
    ST_CHECK(header_value(f.request, "Sec-WebSocket-Protocol", v, sizeof v));
    ST_EQ_STR(v, "cbor");
    ST_CHECK(header_value(f.request, "Sec-WebSocket-Version", v, sizeof v));
    ST_EQ_STR(v, "13");
    ST_CHECK(header_value(f.request, "Surreal-NS", v, sizeof v));
    ST_EQ_STR(v, "test_ns");
    ST_CHECK(header_value(f.request, "Authorization", v, sizeof v));
    ST_EQ_STR(v, "Bearer abc");
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
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(rc);
    ST_EQ_INT(r1, 1);
    ST_EQ_INT(r2, SURQL_CONN_EPROTOCOL);
    char want[256];
    snprintf(want, sizeof want,
             "WebSocket ws://127.0.0.1:%d/rpc: the server sent a message of at least 1200 "
             "bytes, more than the limit of 1000 bytes (client option max_message)",
             f.port);
    ST_EQ_STR(m2, want);
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
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(rc);
    ST_EQ_INT(r1, 1); /* data sent before the Close is still delivered */
    ST_EQ_STR((char *)m.data, "last words");
    surql_conn__ws_msg_clear(&m);
    ST_EQ_INT(r2, SURQL_CONN_ECLOSED);
    char want[256];
    snprintf(want, sizeof want,
             "WebSocket ws://127.0.0.1:%d/rpc: connection closed by the server (code 1001 going "
             "away: bye)",
             f.port);
    ST_EQ_STR(m2, want);
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
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
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
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_EQ_INT(rc, SURQL_CONN_EHTTP);
    ST_CHECK(ws == NULL);
    char want[256];
    snprintf(want, sizeof want,
             "WebSocket upgrade of ws://127.0.0.1:%d/rpc: server answered 'HTTP/1.1 404 Not "
             "Found' instead of '101 Switching Protocols': not found",
             f.port);
    ST_EQ_STR(m, want);
}

ST_TEST(ws_bad_accept_key)
{
    WITH_FAKE(S_BADKEY);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
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
    if (ws)
        surql_conn__ws_close(ws, 1000, NULL, surql_conn__now_ms() + 2000);
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(rc);
    ST_EQ_INT(proto, SURQL_CONN_PROTOCOL_JSON);
    ST_EQ_INT(fb, 1);
}

ST_TEST(ws_frame_in_upgrade_packet)
{
    WITH_FAKE(S_PREBUF);
    surql_conn__ws *ws = NULL;
    int rc = open_ws(&ws, &f, NULL);
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = rc == 0 ? surql_conn__ws_poll(ws, 5000, &m) : -100;
    if (ws)
        surql_conn__ws_close(ws, 1000, NULL, surql_conn__now_ms() + 2000);
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(rc);
    ST_EQ_INT(r, 1);
    ST_EQ_STR((char *)m.data, "early");
    surql_conn__ws_msg_clear(&m);
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
    surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
    int r = rc == 0 ? surql_conn__ws_poll(ws, 5000, &m) : rc;
    if (ws)
        surql_conn__ws_close(ws, 1000, NULL, surql_conn__now_ms() + 2000);
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(rc);
    ST_EQ_INT(r, 1);
    ST_EQ_STR((char *)m.data, "early");
    surql_conn__ws_msg_clear(&m);
    char v[128], want[64];
    ST_CHECK(strncmp(f.request, "GET /rpc HTTP/1.1\r\n", 19) == 0);
    ST_CHECK(header_value(f.request, "Host", v, sizeof v));
    snprintf(want, sizeof want, "[::1]:%d", f.port);
    ST_EQ_STR(v, want);
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
    surql_conn__ws_free(ws);
    fake_stop(&f);
    surql_conn_global_shutdown();
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
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_EQ_INT(rc, SURQL_ETIMEOUT);
    ST_CHECK(strstr(m, "no upgrade response within") != NULL);
    ST_CHECKF(el >= 1400 && el < 4000, "took %lld ms", (long long)el);
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
    snprintf(url, sizeof url, "https://127.0.0.1:%d", f.port);
    if (hn == 0)
        hn = surql_conn__http_new(&h, url, &o);
    int hr = hn == 0 ? surql_conn__http_health(h, surql_conn__now_ms() + 5000) : hn;
    char hm[512];
    snprintf(hm, sizeof hm, "%s", msg());
    surql_conn__http_free(h);
    /* unblock the fake server if curl never connected */
    int kick = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)f.port);
    connect(kick, (struct sockaddr *)&a, sizeof a);
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
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    bind(fd, (struct sockaddr *)&a, sizeof a);
    getsockname(fd, (struct sockaddr *)&a, &al);
    close(fd);
    return ntohs(a.sin_port);
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
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    int hrc = surql_conn__http_new(&h, url, NULL);
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
    b->lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (b->lfd < 0 || bind(b->lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(b->lfd, 0) != 0 ||
        getsockname(b->lfd, (struct sockaddr *)&a, &al) != 0)
        return -1;
    b->port = ntohs(a.sin_port);
    for (int i = 0; i < 4; i++) { /* fill the queue (non-blocking connects) */
        b->filler[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(b->filler[i], (struct sockaddr *)&a, sizeof a);
    }
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
    snprintf(url, sizeof url, "http://127.0.0.1:%d", bh.port);
    surql_conn__http *h = NULL;
    int hn = surql_conn__http_new(&h, url, NULL);
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
    ST_CHECKF(el >= 900 && el < 2500, "took %lld ms", (long long)el);
    ST_EQ_INT(hr, SURQL_CONN_ECONNECT);
    ST_CHECK(strstr(hm, "cannot connect: timed out after") != NULL);
    ST_CHECKF(hel >= 900 && hel < 2500, "took %lld ms", (long long)hel);
    ST_EQ_INT(rc2, SURQL_CONN_ECONNECT);
    ST_CHECKF(el2 < 4500, "took %lld ms", (long long)el2);
    ST_CHECK(strstr(m2, "cannot resolve host") != NULL);
}

ST_TEST(http_request_headers)
{
    WITH_FAKE(S_HTTP_OK);
    surql_conn__http *h = NULL;
    char url[64];
    snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", f.port); /* ws URL maps to http */
    int rc = surql_conn__http_new(&h, url, NULL);
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
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(rc);
    ST_OK(r);
    ST_EQ_INT(resp.status, 200);
    ST_EQ_STR(resp.content_type, "application/cbor");
    ST_EQ_MEM(resp.body.ptr, resp.body.size, "\xa1\x01\x02", 3);
    ST_EQ_STR(resp.status_line, "HTTP/1.1 200 OK");
    surql_conn__http_resp_clear(&resp);
    char want[64];
    snprintf(want, sizeof want, "http://127.0.0.1:%d", f.port);
    ST_EQ_STR(base, want);
    char v[256];
    ST_CHECK(strncmp(f.request, "POST /rpc HTTP/1.1\r\n", 20) == 0);
    ST_CHECK(header_value(f.request, "Accept", v, sizeof v));
    ST_EQ_STR(v, "application/cbor");
    ST_CHECK(header_value(f.request, "Content-Type", v, sizeof v));
    ST_EQ_STR(v, "application/cbor");
    ST_CHECK(header_value(f.request, "Surreal-NS", v, sizeof v));
    ST_EQ_STR(v, "ns1");
    ST_CHECK(header_value(f.request, "Surreal-DB", v, sizeof v));
    ST_EQ_STR(v, "db1");
    ST_CHECK(header_value(f.request, "Authorization", v, sizeof v));
    ST_EQ_STR(v, "Basic cm9vdDpyb290");
    ST_CHECK(!header_value(f.request, "Accept-Encoding", v, sizeof v));
    ST_CHECK(!header_value(f.request, "Expect", v, sizeof v));
    ST_CHECK(strstr(f.request, "*/*") == NULL);
    const char *b = strstr(f.request, "\r\n\r\n") + 4;
    ST_EQ_MEM(b, f.reqlen - (size_t)(b - f.request), body, sizeof body);
}

ST_TEST(http_get_has_no_accept)
{
    WITH_FAKE(S_HTTP_OK);
    surql_conn__http *h = NULL;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", f.port);
    int rc = surql_conn__http_new(&h, url, NULL);
    surql_conn__http_req req = { "GET", "/version", NULL, NULL, NULL, 0, NULL, NULL,
                                 surql_conn__now_ms() + 5000 };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int r = rc == 0 ? surql_conn__http_request(h, &req, &resp) : rc;
    surql_conn__http_resp_clear(&resp);
    surql_conn__http_free(h);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_OK(r);
    char v[256];
    ST_CHECK(strncmp(f.request, "GET /version HTTP/1.1\r\n", 23) == 0);
    ST_CHECK(!header_value(f.request, "Accept", v, sizeof v));
    ST_CHECK(!header_value(f.request, "Authorization", v, sizeof v));
    ST_CHECK(!header_value(f.request, "Accept-Encoding", v, sizeof v));
}

ST_TEST(http_status_errors)
{
    WITH_FAKE(S_HTTP_401);
    surql_conn__http *h = NULL;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", f.port);
    int rc = surql_conn__http_new(&h, url, NULL);
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    surql_conn__http_auth auth = { NULL, NULL, NULL, NULL, "tok.en" };
    int r = rc == 0 ? surql_conn__http_sql(h, "RETURN 1", SURQL_CONN_PROTOCOL_JSON, &auth,
                                           surql_conn__now_ms() + 5000, &resp)
                    : rc;
    char m[512];
    snprintf(m, sizeof m, "%s", msg());
    surql_conn__http_free(h);
    fake_stop(&f);
    surql_conn_global_shutdown();
    ST_EQ_INT(r, SURQL_CONN_EAUTH);
    ST_EQ_INT(resp.status, 401);
    surql_conn__http_resp_clear(&resp);
    char want[256];
    snprintf(want, sizeof want,
             "POST http://127.0.0.1:%d/sql: HTTP/1.1 401 Unauthorized: There was a problem with "
             "authentication",
             f.port);
    ST_EQ_STR(m, want);
    char v[256];
    ST_CHECK(header_value(f.request, "Authorization", v, sizeof v));
    ST_EQ_STR(v, "Bearer tok.en");
    ST_CHECK(header_value(f.request, "Accept", v, sizeof v));
    ST_EQ_STR(v, "application/json");

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
