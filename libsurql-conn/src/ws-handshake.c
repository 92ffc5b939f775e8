/* WebSocket handshake helpers: SHA-1, base64, Sec-WebSocket-Key/Accept,
 * upgrade-response checking, libcurl error mapping, TLS options.
 *
 * SHA-1 is implemented here (FIPS 180-4) rather than taken from OpenSSL:
 * libcurl links a TLS library, but which one is a build choice of the
 * distribution, and the handshake needs 20 bytes of SHA-1, not a crypto
 * dependency. SHA-1 is used only for the RFC 6455 accept check. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include <curl/curl.h>

#include <surql/conn/error.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>

#include "ws-internal.h"

#define DOMAIN "surql-conn"

/* ------------------------------------------------------------------------ */
/* SHA-1                                                                     */

typedef struct sha1_ctx {
    uint32_t h[5];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
} sha1_ctx;

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void sha1_block(sha1_ctx *c, const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & cc) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ cc ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & cc) | (b & d) | (cc & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ cc ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = cc;
        cc = rol(b, 30);
        b = a;
        a = t;
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
    c->h[4] += e;
}

static void sha1_update(sha1_ctx *c, const unsigned char *p, size_t n)
{
    c->bytes += n;
    while (n > 0) {
        size_t take = 64 - c->fill < n ? 64 - c->fill : n;
        memcpy(c->block + c->fill, p, take);
        c->fill += take;
        p += take;
        n -= take;
        if (c->fill == 64) {
            sha1_block(c, c->block);
            c->fill = 0;
        }
    }
}

void surql_conn__sha1(const void *data, size_t len, unsigned char digest[20])
{
    sha1_ctx c = { { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u },
                   0, { 0 }, 0 };
    sha1_update(&c, data, len);
    uint64_t bits = c.bytes * 8;
    unsigned char pad = 0x80;
    sha1_update(&c, &pad, 1);
    unsigned char zero = 0;
    while (c.fill != 56)
        sha1_update(&c, &zero, 1);
    unsigned char lenb[8];
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1_update(&c, lenb, 8);
    for (int i = 0; i < 5; i++) {
        digest[4 * i] = (unsigned char)(c.h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(c.h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(c.h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)c.h[i];
    }
}

/* ------------------------------------------------------------------------ */
/* base64, keys                                                              */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_raw(char *out, const unsigned char *in, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = B64[(v >> 18) & 63];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? B64[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

int surql_conn__base64(surql_buf *out, const void *data, size_t len)
{
    size_t need = (len + 2) / 3 * 4;
    int rc = surql_buf_grow(out, need + 1);
    if (rc != 0)
        return rc;
    size_t w = b64_raw(out->ptr + out->size, data, len);
    out->size += w;
    return SURQL_OK;
}

void surql_conn__ws_accept_key(const char *key, char out[29])
{
    static const char GUID[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    size_t kl = strlen(key);
    unsigned char buf[128];
    unsigned char digest[20];
    if (kl > sizeof buf - (sizeof GUID - 1))
        kl = sizeof buf - (sizeof GUID - 1);
    memcpy(buf, key, kl);
    memcpy(buf + kl, GUID, sizeof GUID - 1);
    surql_conn__sha1(buf, kl + sizeof GUID - 1, digest);
    b64_raw(out, digest, 20);
}

int surql_conn__random(void *buf, size_t n)
{
    unsigned char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        got += (size_t)r;
    }
    if (got == n)
        return 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            close(fd);
            return -1;
        }
        got += (size_t)r;
    }
    close(fd);
    return 0;
}

int surql_conn__ws_make_key(char out[25])
{
    unsigned char raw[16];
    if (surql_conn__random(raw, sizeof raw) != 0)
        return surql_error_set(SURQL_EIO, DOMAIN, "no random source for the WebSocket key");
    b64_raw(out, raw, sizeof raw);
    return SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* upgrade response                                                          */

static const char *find_crlfcrlf(const char *p, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++)
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n')
            return p + i;
    return NULL;
}

/* copy printable text (max cap-1 bytes), newlines become spaces */
static void printable(char *dst, size_t cap, const char *src, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\r' || c == '\n' || c == '\t')
            c = ' ';
        if (c < 0x20 || c == 0x7f)
            c = '?';
        dst[o++] = (char)c;
    }
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = '\0';
}

static int token_in_list(const char *v, size_t n, const char *tok)
{
    size_t tl = strlen(tok);
    size_t i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t s = i;
        while (i < n && v[i] != ',')
            i++;
        size_t e = i;
        while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
            e--;
        if (e - s == tl && strncasecmp(v + s, tok, tl) == 0)
            return 1;
    }
    return 0;
}

int surql_conn__ws_check_upgrade(surql_conn__ws_upgrade *res, const char *resp, size_t len,
                                 const char *key, surql_conn_protocol offered,
                                 int allow_json_fallback, const char *what)
{
    memset(res, 0, sizeof *res);
    const char *end = find_crlfcrlf(resp, len);
    if (!end)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: incomplete response headers", what);
    res->header_len = (size_t)(end - resp) + 4;
    const char *eol = memchr(resp, '\r', (size_t)(end - resp) + 1);
    size_t sl_len = (size_t)(eol - resp);
    char status_line[160];
    printable(status_line, sizeof status_line, resp, sl_len);
    if (sl_len < 12 || strncmp(resp, "HTTP/1.", 7) != 0 || resp[8] != ' ' ||
        resp[9] < '1' || resp[9] > '5' || resp[10] < '0' || resp[10] > '9' || resp[11] < '0' ||
        resp[11] > '9' || (sl_len > 12 && resp[12] != ' '))
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: malformed status line '%s'", what,
                               status_line);
    res->status = (resp[9] - '0') * 100 + (resp[10] - '0') * 10 + (resp[11] - '0');
    if (res->status != 101) {
        char body[240];
        printable(body, sizeof body, resp + res->header_len, len - res->header_len);
        int code = (res->status == 401 || res->status == 403) ? SURQL_CONN_EAUTH
                                                                : SURQL_CONN_EHTTP;
        return surql_error_set(code, DOMAIN,
                               "WebSocket upgrade of %s: server answered '%s' instead of '101 "
                               "Switching Protocols'%s%s",
                               what, status_line, body[0] ? ": " : "", body);
    }

    int upgrade_ok = 0, connection_ok = 0;
    const char *accept = NULL, *proto = NULL, *ext = NULL;
    size_t accept_len = 0, proto_len = 0, ext_len = 0;
    const char *p = eol + 2;
    while (p < end + 2) {
        const char *le = p;
        while (le < end + 2 && !(le[0] == '\r' && le[1] == '\n'))
            le++;
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (!colon)
            return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                                   "WebSocket upgrade of %s: malformed header line", what);
        size_t nl = (size_t)(colon - p);
        const char *v = colon + 1;
        while (v < le && (*v == ' ' || *v == '\t'))
            v++;
        const char *ve = le;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        size_t vl = (size_t)(ve - v);
#define IS(name) (nl == sizeof(name) - 1 && strncasecmp(p, name, nl) == 0)
        if (IS("Upgrade"))
            upgrade_ok = vl == 9 && strncasecmp(v, "websocket", 9) == 0;
        else if (IS("Connection"))
            connection_ok = token_in_list(v, vl, "upgrade");
        else if (IS("Sec-WebSocket-Accept")) {
            accept = v;
            accept_len = vl;
        } else if (IS("Sec-WebSocket-Protocol")) {
            proto = v;
            proto_len = vl;
        } else if (IS("Sec-WebSocket-Extensions")) {
            ext = v;
            ext_len = vl;
        }
#undef IS
        p = le + 2;
    }
    if (!upgrade_ok)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: 101 response without 'Upgrade: "
                               "websocket'",
                               what);
    if (!connection_ok)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: 101 response without 'Connection: "
                               "Upgrade'",
                               what);
    char want[29];
    surql_conn__ws_accept_key(key, want);
    if (!accept)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: 101 response without "
                               "Sec-WebSocket-Accept",
                               what);
    if (accept_len != 28 || memcmp(accept, want, 28) != 0) {
        char got[64];
        printable(got, sizeof got, accept, accept_len);
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: bad Sec-WebSocket-Accept '%s' (expected "
                               "'%s')",
                               what, got, want);
    }
    if (ext && ext_len) {
        char got[64];
        printable(got, sizeof got, ext, ext_len);
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: server enabled extension '%s' that was "
                               "not offered",
                               what, got);
    }
    const char *oname = surql_conn_protocol_name(offered);
    if (proto && proto_len) {
        if (proto_len != strlen(oname) || memcmp(proto, oname, proto_len) != 0) {
            char got[64];
            printable(got, sizeof got, proto, proto_len);
            return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                                   "WebSocket upgrade of %s: server selected subprotocol '%s', "
                                   "which was not offered (offered '%s')",
                                   what, got, oname);
        }
        res->protocol = offered;
        res->fallback = 0;
        return SURQL_OK;
    }
    res->fallback = 1;
    res->protocol = SURQL_CONN_PROTOCOL_JSON;
    if (offered != SURQL_CONN_PROTOCOL_JSON && !allow_json_fallback)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "WebSocket upgrade of %s: server did not accept subprotocol '%s' "
                               "(no Sec-WebSocket-Protocol in the 101 response: it fell back to "
                               "JSON)",
                               what, oname);
    return SURQL_OK;
}

/* ------------------------------------------------------------------------ */
/* libcurl errors, TLS options                                               */

int surql_conn__curl_error(int curlcode, const char *errbuf, const char *what,
                           int64_t timeout_ms, int connected)
{
    CURLcode cc = (CURLcode)curlcode;
    const char *text = errbuf && *errbuf ? errbuf : curl_easy_strerror(cc);
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return surql_error_set(SURQL_CONN_ECONNECT, DOMAIN, "%s: cannot resolve host: %s", what,
                               text);
    case CURLE_COULDNT_CONNECT:
        return surql_error_set(SURQL_CONN_ECONNECT, DOMAIN, "%s: cannot connect: %s", what, text);
    case CURLE_OPERATION_TIMEDOUT:
        if (!connected)
            return surql_error_set(SURQL_CONN_ECONNECT, DOMAIN,
                                   "%s: cannot connect: timed out after %lld ms (%s)", what,
                                   (long long)timeout_ms, text);
        return surql_error_set(SURQL_ETIMEOUT, DOMAIN, "%s: timed out after %lld ms (%s)", what,
                               (long long)timeout_ms, text);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
        if (cc == CURLE_PEER_FAILED_VERIFICATION)
            return surql_error_set(SURQL_CONN_ETLS, DOMAIN,
                                   "%s: TLS failure: %s (the server's certificate is not "
                                   "trusted or does not name this host: give its CA with "
                                   "DB_TLS_CA_FILE / DB_TLS_CA_PATH, or connect with the name "
                                   "the certificate was issued for)",
                                   what, text);
        return surql_error_set(SURQL_CONN_ETLS, DOMAIN, "%s: TLS failure: %s", what, text);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        if (connected)
            return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "%s: connection lost: %s", what,
                                   text);
        return surql_error_set(SURQL_CONN_ECONNECT, DOMAIN, "%s: cannot connect: %s", what, text);
    case CURLE_OUT_OF_MEMORY:
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "%s: out of memory", what);
    default:
        return surql_error_set(connected ? SURQL_CONN_EPROTOCOL : SURQL_CONN_ECONNECT, DOMAIN,
                               "%s: %s", what, text);
    }
}

void surql_conn__tls_from_config(surql_conn__tls *tls, const surql_conn_config *cfg)
{
    tls->verify = surql_conn_config_get_tls_verify(cfg);
    tls->ca_file = surql_conn_config_get_tls_ca_file(cfg);
    tls->ca_path = surql_conn_config_get_tls_ca_path(cfg);
    tls->cert_file = surql_conn_config_get_tls_cert_file(cfg);
    tls->key_file = surql_conn_config_get_tls_key_file(cfg);
}

/* TLS options of both transports (ws-internal.h) */
void surql_conn__tls_apply(void *curl, const surql_conn__tls *t)
{
    CURL *c = curl;
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, t->verify ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, t->verify ? 2L : 0L);
    if (t->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, t->ca_file);
    if (t->ca_path)
        curl_easy_setopt(c, CURLOPT_CAPATH, t->ca_path);
    if (t->cert_file)
        curl_easy_setopt(c, CURLOPT_SSLCERT, t->cert_file);
    if (t->key_file)
        curl_easy_setopt(c, CURLOPT_SSLKEY, t->key_file);
}
