/* Connection URL parsing and validation. See url-internal.h for the rules. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <surql/conn/error.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>

#include "url-internal.h"

#define DOMAIN "surql-conn"

static const struct {
    const char *name;
    surql_conn__scheme scheme;
    int port;
} SCHEMES[] = {
    { "ws", SURQL_CONN__WS, 80 },
    { "wss", SURQL_CONN__WSS, 443 },
    { "http", SURQL_CONN__HTTP, 80 },
    { "https", SURQL_CONN__HTTPS, 443 },
};

const char *surql_conn__scheme_name(surql_conn__scheme s)
{
    for (size_t i = 0; i < sizeof SCHEMES / sizeof SCHEMES[0]; i++)
        if (SCHEMES[i].scheme == s)
            return SCHEMES[i].name;
    return "?";
}

void surql_conn__url_clear(surql_conn__url *u)
{
    if (!u)
        return;
    free(u->host);
    free(u->path);
    free(u->normalized);
    surql_conn__url init = SURQL_CONN__URL_INIT;
    *u = init;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int bad(const char *text, const char *why)
{
    return surql_error_set(SURQL_CONN_EURL, DOMAIN, "invalid URL '%s': %s", text, why);
}

/* host characters of a DNS name or IPv4 address (RFC 3986 unreserved, no %) */
static int host_char(int c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int valid_ipv6(const char *h, size_t len)
{
    /* optional zone id, RFC 6874: "%25" followed by unreserved characters */
    size_t addr_len = len;
    const char *pct = memchr(h, '%', len);
    if (pct) {
        addr_len = (size_t)(pct - h);
        size_t zl = len - addr_len;
        if (zl < 4 || strncmp(pct, "%25", 3) != 0)
            return 0;
        for (size_t i = 3; i < zl; i++)
            if (!host_char((unsigned char)pct[i]))
                return 0;
    }
    char tmp[64];
    if (addr_len == 0 || addr_len >= sizeof tmp)
        return 0;
    memcpy(tmp, h, addr_len);
    tmp[addr_len] = '\0';
    unsigned char bin[16];
    return inet_pton(AF_INET6, tmp, bin) == 1;
}

int surql_conn__url_parse(surql_conn__url *out, const char *text)
{
    if (!out || !text)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "URL is NULL");
    surql_conn__url u = SURQL_CONN__URL_INIT;
    size_t n = strlen(text);
    if (n == 0)
        return surql_error_set(SURQL_CONN_EURL, DOMAIN,
                               "URL is empty: expected ws://, wss://, http:// or https://");
    if (n > SURQL_CONN__URL_MAX)
        return surql_error_set(SURQL_CONN_EURL, DOMAIN, "URL is longer than %d bytes",
                               SURQL_CONN__URL_MAX);

    /* credentials: refuse before anything can echo the URL into a message */
    const char *sep = strstr(text, "://");
    const char *auth = sep ? sep + 3 : text;
    size_t auth_len = strcspn(auth, "/?#");
    if (memchr(auth, '@', auth_len))
        return surql_error_set(SURQL_CONN_EURL, DOMAIN,
                               "invalid URL: credentials (user:password@) in the URL are not "
                               "supported; set the username and password separately "
                               "(DB_USERNAME / DB_PASSWORD)");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c <= 0x20 || c >= 0x7f)
            return surql_error_set(SURQL_CONN_EURL, DOMAIN,
                                   "invalid URL: contains a space, control or non-ASCII character "
                                   "at byte %zu",
                                   i + 1);
    }

    /* scheme */
    if (!sep)
        return bad(text, "no scheme: expected ws://, wss://, http:// or https://");
    size_t slen = (size_t)(sep - text);
    int found = -1;
    for (size_t i = 0; i < sizeof SCHEMES / sizeof SCHEMES[0]; i++) {
        if (strlen(SCHEMES[i].name) != slen)
            continue;
        size_t k = 0;
        while (k < slen && lower((unsigned char)text[k]) == SCHEMES[i].name[k])
            k++;
        if (k == slen) {
            found = (int)i;
            break;
        }
    }
    if (found < 0) {
        if (slen == 0)
            return bad(text, "no scheme: expected ws://, wss://, http:// or https://");
        return surql_error_set(SURQL_CONN_EURL, DOMAIN,
                               "invalid URL '%s': unsupported scheme '%.*s' (allowed: ws, wss, "
                               "http, https)",
                               text, (int)(slen > 32 ? 32 : slen), text);
    }
    u.scheme = SCHEMES[found].scheme;
    u.secure = u.scheme == SURQL_CONN__WSS || u.scheme == SURQL_CONN__HTTPS;
    u.websocket = u.scheme == SURQL_CONN__WS || u.scheme == SURQL_CONN__WSS;
    u.port = SCHEMES[found].port;

    /* authority: host[:port] */
    const char *a = auth, *aend = auth + auth_len;
    if (a == aend)
        return bad(text, "missing host");
    const char *hs, *he, *p;
    if (*a == '[') {
        const char *close = memchr(a, ']', (size_t)(aend - a));
        if (!close)
            return bad(text, "IPv6 address without closing ']'");
        hs = a + 1;
        he = close;
        if (!valid_ipv6(hs, (size_t)(he - hs)))
            return bad(text, "invalid IPv6 address");
        u.ipv6 = 1;
        p = close + 1;
        if (p < aend && *p != ':')
            return bad(text, "unexpected characters after the IPv6 address");
    } else {
        hs = a;
        he = a;
        while (he < aend && *he != ':')
            he++;
        if (he == hs)
            return bad(text, "missing host");
        for (const char *c = hs; c < he; c++)
            if (!host_char((unsigned char)*c))
                return bad(text, "invalid character in host name");
        if (*hs == '.' || *hs == '-')
            return bad(text, "invalid host name");
        p = he;
    }
    if (p < aend) { /* ':' port */
        p++;
        if (p == aend)
            return bad(text, "empty port");
        long port = 0;
        for (const char *c = p; c < aend; c++) {
            if (!is_digit((unsigned char)*c))
                return bad(text, "port is not a number");
            port = port * 10 + (*c - '0');
            if (port > 65535)
                return bad(text, "port out of range (allowed 1-65535)");
        }
        if (port < 1)
            return bad(text, "port out of range (allowed 1-65535)");
        u.port = (int)port;
        u.port_explicit = 1;
    }

    /* path */
    const char *path = aend;
    const char *pend = text + n;
    if (memchr(path, '#', (size_t)(pend - path)))
        return bad(text, "fragments ('#') are not allowed");
    if (memchr(path, '?', (size_t)(pend - path)))
        return bad(text, "query strings ('?') are not allowed");
    size_t plen = (size_t)(pend - path);
    if (u.websocket) {
        if (plen == 0 || (plen == 1 && path[0] == '/')) {
            path = "/rpc";
            plen = 4;
        }
    } else {
        while (plen > 0 && path[plen - 1] == '/')
            plen--;
        if (plen >= 4 && memcmp(path + plen - 4, "/rpc", 4) == 0)
            plen -= 4;
        while (plen > 0 && path[plen - 1] == '/')
            plen--;
    }

    u.host = surql_strndup(hs, (size_t)(he - hs));
    u.path = surql_strndup(path, plen);
    if (!u.host || !u.path)
        goto nomem;
    surql_buf b = SURQL_BUF_INIT;
    int rc = surql_buf_puts(&b, SCHEMES[found].name);
    if (rc == 0)
        rc = surql_buf_puts(&b, "://");
    if (rc == 0)
        rc = surql_buf_printf(&b, u.ipv6 ? "[%s]" : "%s", u.host);
    if (rc == 0 && u.port_explicit)
        rc = surql_buf_printf(&b, ":%d", u.port);
    if (rc == 0)
        rc = surql_buf_puts(&b, u.path);
    if (rc != 0) {
        surql_buf_dispose(&b);
        goto nomem;
    }
    u.normalized = surql_buf_detach(&b);
    if (!u.normalized)
        goto nomem;
    *out = u;
    return SURQL_OK;
nomem:
    surql_conn__url_clear(&u);
    return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
}

int surql_conn__url_host_header(surql_buf *out, const surql_conn__url *u)
{
    int rc = surql_buf_printf(out, u->ipv6 ? "[%s]" : "%s", u->host);
    int def = u->secure ? 443 : 80;
    if (rc == 0 && u->port != def)
        rc = surql_buf_printf(out, ":%d", u->port);
    return rc;
}

int surql_conn__url_curl(surql_buf *out, const surql_conn__url *u, const char *endpoint)
{
    int rc = surql_buf_puts(out, u->secure ? "https://" : "http://");
    if (rc == 0)
        rc = surql_buf_printf(out, u->ipv6 ? "[%s]:%d" : "%s:%d", u->host, u->port);
    if (rc == 0)
        rc = surql_buf_puts(out, u->path);
    if (rc == 0 && endpoint)
        rc = surql_buf_puts(out, endpoint);
    return rc;
}
