/* WebSocket transport: opening a connection (libcurl CONNECT_ONLY socket,
 * HTTP/1.1 upgrade, checks of the 101 response) and the memory transport
 * used by tests and the fuzzer. See ws-internal.h for the contract. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/conn/error.h>
#include <surql/conn/version.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "conn-internal.h"
#include "url-internal.h"
#include "ws-priv.h"
/* ------------------------------------------------------------------------ */
/* open                                                                      */

static int cancelled(const surql_conn__ws *ws)
{
    return ws->cancel && atomic_load(ws->cancel);
}

/* surql_conn__ws_wait_fd() during the open: in slices of 100 ms, -2 when cancelled */
static int wait_open(surql_conn__ws *ws, short events, int64_t timeout_ms)
{
    if (!ws->cancel)
        return surql_conn__ws_wait_fd(ws->fd, events, timeout_ms);
    int64_t deadline = timeout_ms < 0 ? 0 : surql_conn__now_ms() + timeout_ms;
    for (;;) {
        if (cancelled(ws))
            return -2;
        int64_t left = timeout_ms < 0 ? 100 : surql_conn__remaining_ms(deadline);
        if (timeout_ms >= 0 && left == 0)
            return 0;
        int r = surql_conn__ws_wait_fd(ws->fd, events, left > 100 ? 100 : left);
        if (r != 0)
            return r;
    }
}

static int cancel_error(const surql_conn__ws *ws)
{
    return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN,
                           "%s: the connection attempt was abandoned (the client is closing)",
                           ws->what);
}

/* curl progress callback during the connect: nonzero aborts */
static int xfer_cancel(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    return cancelled(ud) ? 1 : 0;
}

/* An https:// proxy wraps even a ws:// connection in TLS (see cb_recv). */
static int tls_proxy(void)
{
    static const char *const vars[] = { "https_proxy", "HTTPS_PROXY", "http_proxy",
                                        "HTTP_PROXY",  "all_proxy",   "ALL_PROXY" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && strncasecmp(v, "https://", 8) == 0)
            return 1;
    }
    return 0;
}

static int send_all(surql_conn__ws *ws, const char *data, size_t len, int64_t deadline)
{
    size_t off = 0;
    while (off < len) {
        size_t n = 0;
        CURLcode cc = curl_easy_send(ws->curl, data + off, len - off, &n);
        if (cc == CURLE_OK && n > 0) {
            off += n;
            continue;
        }
        if (cc != CURLE_AGAIN && cc != CURLE_OK)
            return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN,
                                   "%s: connection lost sending the upgrade request: %s",
                                   ws->what, curl_easy_strerror(cc));
        int64_t left = surql_conn__remaining_ms(deadline);
        int w = left == 0 ? 0 : wait_open(ws, POLLOUT, left);
        if (w == -2)
            return cancel_error(ws);
        if (w <= 0)
            return surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                   "%s: timed out sending the upgrade request", ws->what);
    }
    return SURQL_OK;
}

static const char *find_end(const char *p, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++)
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n')
            return p + i;
    return NULL;
}

static int recv_response(surql_conn__ws *ws, surql_buf *resp, int64_t deadline, int64_t budget)
{
    char chunk[4096];
    for (;;) {
        size_t n = 0;
        CURLcode cc = curl_easy_recv(ws->curl, chunk, sizeof chunk, &n);
        if (cc == CURLE_OK && n == 0)
            return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN,
                                   "%s: connection closed by the server during the upgrade",
                                   ws->what);
        if (cc == CURLE_OK) {
            size_t scan_from = resp->size > 3 ? resp->size - 3 : 0;
            if (surql_buf_put(resp, chunk, n) != 0)
                return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
            const char *end = find_end(resp->ptr + scan_from, resp->size - scan_from);
            if (end && (size_t)(end - resp->ptr) + 4 <= SURQL_CONN__WS_MAX_HANDSHAKE)
                return SURQL_OK;
            if (resp->size > SURQL_CONN__WS_MAX_HANDSHAKE)
                return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                                       "%s: upgrade response headers larger than %d bytes",
                                       ws->what, SURQL_CONN__WS_MAX_HANDSHAKE);
            continue;
        }
        if (cc != CURLE_AGAIN)
            return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN,
                                   "%s: connection lost during the upgrade: %s", ws->what,
                                   curl_easy_strerror(cc));
        int64_t left = surql_conn__remaining_ms(deadline);
        int w = left == 0 ? 0 : wait_open(ws, POLLIN, left);
        if (w == -2)
            return cancel_error(ws);
        if (w == 0)
            return surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                   "%s: no upgrade response within %lld ms", ws->what,
                                   (long long)budget);
        if (w < 0)
            return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "%s: poll failed: %s", ws->what,
                                   strerror(errno));
    }
}

static int valid_header_line(const char *h)
{
    const char *colon = strchr(h, ':');
    if (!colon || colon == h)
        return 0;
    for (const char *c = h; *c; c++)
        if (*c == '\r' || *c == '\n')
            return 0;
    return 1;
}

static int build_request(surql_buf *req, const surql_conn__url *u, const char *key,
                         const surql_conn__ws_opts *o)
{
    int rc = surql_buf_printf(req, "GET %s HTTP/1.1\r\nHost: ", u->path);
    if (rc == 0)
        rc = surql_conn__url_host_header(req, u);
    if (rc == 0)
        rc = surql_buf_printf(req,
                              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Protocol: %s\r\nUser-Agent: %s\r\n",
                              key, surql_conn_protocol_name(o->protocol),
                              o->user_agent ? o->user_agent : "surql/" SURQL_CONN_VERSION_STRING);
    for (const char *const *h = o->headers; rc == 0 && h && *h; h++)
        rc = surql_buf_printf(req, "%s\r\n", *h);
    if (rc == 0)
        rc = surql_buf_puts(req, "\r\n");
    return rc;
}


int surql_conn__ws_open_memory(surql_conn__ws **out, surql_conn_protocol protocol,
                               size_t max_message, const void *data, size_t len, size_t chunk)
{
    if (!out || (!data && len))
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_open_memory: NULL argument");
    *out = NULL;
    surql_conn__ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    ws->fd = CURL_SOCKET_BAD;
    ws->maskpos = sizeof ws->maskpool;
    ws->protocol = protocol;
    ws->max_message = max_message ? max_message : SURQL_CONN__WS_MAX_MESSAGE_DEFAULT;
    ws->pre_chunk = chunk;
    ws->what = surql_strdup("WebSocket memory");
    if (len) {
        ws->pre = malloc(len);
        if (ws->pre) {
            memcpy(ws->pre, data, len);
            ws->pre_len = len;
        }
    }
    int rc = !ws->what || (len && !ws->pre) ? surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory")
                                            : surql_conn__ws_init_framing(ws);
    if (rc != 0) {
        surql_conn__ws_free(ws);
        return rc;
    }
    *out = ws;
    return SURQL_OK;
}

int surql_conn__ws_open(surql_conn__ws **out, const char *url, const surql_conn__ws_opts *opts,
                        int64_t deadline_ms)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_open: out is NULL");
    *out = NULL;
    if (!url)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_open: url is NULL");
    int rc = surql_conn__check_init("WebSocket connect");
    if (rc != 0)
        return rc;
    surql_conn__ws_opts defaults = SURQL_CONN__WS_OPTS_INIT;
    const surql_conn__ws_opts *o = opts ? opts : &defaults;
    if (o->protocol != SURQL_CONN_PROTOCOL_CBOR && o->protocol != SURQL_CONN_PROTOCOL_JSON)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "unknown protocol %d", (int)o->protocol);
    for (const char *const *h = o->headers; h && *h; h++)
        if (!valid_header_line(*h))
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "invalid extra header (expected 'Name: value' without CR/LF)");

    surql_conn__url u = SURQL_CONN__URL_INIT;
    rc = surql_conn__url_parse(&u, url);
    if (rc != 0)
        return rc;
    if (!u.websocket) {
        surql_conn__url_clear(&u);
        return surql_error_set(SURQL_CONN_EURL, DOMAIN,
                               "WebSocket connect: '%s' is not a ws:// or wss:// URL", url);
    }

    surql_buf curl_url = SURQL_BUF_INIT, req = SURQL_BUF_INIT, resp = SURQL_BUF_INIT,
              what = SURQL_BUF_INIT;
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    surql_conn__ws *ws = calloc(1, sizeof *ws);
    if (!ws) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto done;
    }
    ws->fd = CURL_SOCKET_BAD;
    ws->maskpos = sizeof ws->maskpool; /* empty: filled at the first frame */
    ws->max_message = o->max_message ? o->max_message : SURQL_CONN__WS_MAX_MESSAGE_DEFAULT;
    if (surql_buf_printf(&what, "WebSocket %s", u.normalized) != 0 ||
        surql_conn__url_curl(&curl_url, &u, NULL) != 0 || !(ws->what = surql_buf_detach(&what))) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto done;
    }
    ws->curl = curl_easy_init();
    if (!ws->curl) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "curl_easy_init failed");
        goto done;
    }
    int64_t budget = surql_conn__remaining_ms(deadline_ms);
    if (budget == 0) {
        rc = surql_error_set(SURQL_CONN_ECONNECT, DOMAIN, "%s: cannot connect: deadline passed",
                             ws->what);
        goto done;
    }
    CURL *c = ws->curl;
    curl_easy_setopt(c, CURLOPT_URL, curl_url.ptr);
    curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(c, CURLOPT_HTTPPROXYTUNNEL, 1L);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (budget < (INT64_C(1) << 40))
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(budget < 1 ? 1 : budget));
    surql_conn__tls_apply(c, &o->tls);
    ws->cancel = o->cancel;
    if (o->cancel) {
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, xfer_cancel);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, ws);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }
    CURLcode cc = curl_easy_perform(c);
    if (cc == CURLE_ABORTED_BY_CALLBACK) {
        rc = cancel_error(ws);
        goto done;
    }
    if (cc != CURLE_OK) {
        rc = surql_conn__curl_error((int)cc, errbuf, ws->what, budget, 0);
        goto done;
    }
    curl_socket_t sock = CURL_SOCKET_BAD;
    cc = curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &sock);
    if (cc != CURLE_OK || sock == CURL_SOCKET_BAD) {
        rc = surql_error_set(SURQL_CONN_ECONNECT, DOMAIN, "%s: no socket after connect",
                             ws->what);
        goto done;
    }
    ws->fd = sock;
    ws->plain = !u.secure && !tls_proxy();

    char key[25];
    rc = surql_conn__ws_make_key(key);
    if (rc != 0)
        goto done;
    if (build_request(&req, &u, key, o) != 0) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto done;
    }
    rc = send_all(ws, req.ptr, req.size, deadline_ms);
    if (rc == 0)
        rc = recv_response(ws, &resp, deadline_ms, budget);
    if (rc != 0)
        goto done;
    surql_conn__ws_upgrade up;
    rc = surql_conn__ws_check_upgrade(&up, resp.ptr, resp.size, key, o->protocol,
                                      o->allow_json_fallback, u.normalized);
    if (rc != 0)
        goto done;
    ws->protocol = up.protocol;
    ws->fallback = up.fallback;
    if (up.fallback)
        surql_log(SURQL_LOG_WARN, DOMAIN,
                  "%s: server sent no Sec-WebSocket-Protocol: using JSON (fallback)", ws->what);
    if (resp.size > up.header_len) {
        ws->pre_len = resp.size - up.header_len;
        ws->pre = malloc(ws->pre_len);
        if (!ws->pre) {
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
            goto done;
        }
        memcpy(ws->pre, resp.ptr + up.header_len, ws->pre_len);
    }

    rc = surql_conn__ws_init_framing(ws);
    if (rc != 0)
        goto done;
    surql_log(SURQL_LOG_DEBUG, DOMAIN, "%s: connected (subprotocol %s%s)", ws->what,
              surql_conn_protocol_name(ws->protocol), ws->fallback ? ", fallback" : "");
    rc = SURQL_OK;
done:
    surql_conn__url_clear(&u);
    surql_buf_dispose(&curl_url);
    surql_buf_dispose(&req);
    surql_buf_dispose(&resp);
    surql_buf_dispose(&what);
    if (rc != 0) {
        surql_conn__ws_free(ws);
        return rc;
    }
    ws->cancel = NULL; /* the flag is only looked at during the open */
    if (o->cancel)
        curl_easy_setopt(ws->curl, CURLOPT_NOPROGRESS, 1L);
    *out = ws;
    return SURQL_OK;
}
