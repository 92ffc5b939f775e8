/* HTTP transport with libcurl. See http-internal.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include <surql/conn/error.h>
#include <surql/conn/version.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "conn-internal.h"
#include "http-internal.h"
#include "url-internal.h"

#define DOMAIN "surql-conn"

struct surql_conn__http {
    CURL *curl;
    surql_conn__url url; /* with the base prefix as path */
    char *base;          /* http(s)://host:port[/prefix] */
    int tls_verify;
    char *ca_file, *ca_path, *cert_file, *key_file;
    size_t max_response;
    char *user_agent;
};

const char *surql_conn__mime_type(surql_conn_protocol p)
{
    return p == SURQL_CONN_PROTOCOL_JSON ? "application/json" : "application/cbor";
}

void surql_conn__http_resp_clear(surql_conn__http_resp *r)
{
    if (!r)
        return;
    free(r->status_line);
    free(r->content_type);
    surql_buf_dispose(&r->body);
    r->status = 0;
    r->status_line = NULL;
    r->content_type = NULL;
}

void surql_conn__http_free(surql_conn__http *h)
{
    if (!h)
        return;
    if (h->curl)
        curl_easy_cleanup(h->curl);
    surql_conn__url_clear(&h->url);
    free(h->base);
    free(h->ca_file);
    free(h->ca_path);
    free(h->cert_file);
    free(h->key_file);
    free(h->user_agent);
    free(h);
}

static int dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = surql_strdup(src);
    return *dst ? 0 : -1;
}

int surql_conn__http_new(surql_conn__http **out, const char *url,
                         const surql_conn__http_opts *opts)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__http_new: out is NULL");
    *out = NULL;
    if (!url)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__http_new: url is NULL");
    int rc = surql_conn__check_init("HTTP client");
    if (rc != 0)
        return rc;
    surql_conn__http_opts defaults = SURQL_CONN__HTTP_OPTS_INIT;
    const surql_conn__http_opts *o = opts ? opts : &defaults;
    surql_conn__http *h = calloc(1, sizeof *h);
    if (!h)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    rc = surql_conn__url_parse(&h->url, url);
    if (rc != 0) {
        surql_conn__http_free(h);
        return rc;
    }
    if (h->url.websocket) {
        /* ws://host/rpc -> http://host ; the path minus a trailing /rpc is the prefix */
        size_t pl = strlen(h->url.path);
        while (pl > 0 && h->url.path[pl - 1] == '/')
            pl--;
        if (pl >= 4 && memcmp(h->url.path + pl - 4, "/rpc", 4) == 0)
            pl -= 4;
        h->url.path[pl] = '\0';
        h->url.scheme = h->url.secure ? SURQL_CONN__HTTPS : SURQL_CONN__HTTP;
        h->url.websocket = 0;
    }
    surql_buf b = SURQL_BUF_INIT;
    int fail = surql_conn__url_curl(&b, &h->url, NULL) != 0 || !(h->base = surql_buf_detach(&b));
    surql_buf_dispose(&b);
    h->tls_verify = o->tls.verify;
    fail |= dup_opt(&h->ca_file, o->tls.ca_file) | dup_opt(&h->ca_path, o->tls.ca_path) |
            dup_opt(&h->cert_file, o->tls.cert_file) | dup_opt(&h->key_file, o->tls.key_file);
    h->user_agent = surql_strdup(o->user_agent ? o->user_agent
                                               : "surql/" SURQL_CONN_VERSION_STRING);
    h->max_response = o->max_response ? o->max_response : SURQL_CONN__HTTP_MAX_RESPONSE_DEFAULT;
    h->curl = curl_easy_init();
    if (fail || !h->user_agent || !h->curl) {
        surql_conn__http_free(h);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    *out = h;
    return SURQL_OK;
}

const char *surql_conn__http_base_url(const surql_conn__http *h)
{
    return h ? h->base : NULL;
}

/* ------------------------------------------------------------------------ */

typedef struct xfer {
    surql_conn__http_resp *resp;
    size_t max;
    int too_big;
    int nomem;
} xfer;

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    if (x->resp->body.size + n > x->max) {
        x->too_big = 1;
        return 0;
    }
    if (surql_buf_put(&x->resp->body, data, n) != 0) {
        x->nomem = 1;
        return 0;
    }
    return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        size_t l = n;
        while (l > 0 && (data[l - 1] == '\r' || data[l - 1] == '\n'))
            l--;
        char *s = surql_strndup(data, l);
        if (!s) {
            x->nomem = 1;
            return 0;
        }
        free(x->resp->status_line);
        x->resp->status_line = s;
    }
    return n;
}

static int add_header(struct curl_slist **list, const char *line)
{
    struct curl_slist *n = curl_slist_append(*list, line);
    if (!n)
        return -1;
    *list = n;
    return 0;
}

static int add_headerf(struct curl_slist **list, const char *name, const char *value)
{
    for (const char *c = value; *c; c++)
        if (*c == '\r' || *c == '\n')
            return -2;
    surql_buf b = SURQL_BUF_INIT;
    int rc = surql_buf_printf(&b, "%s: %s", name, value) == 0 ? add_header(list, b.ptr) : -1;
    surql_buf_dispose(&b);
    return rc;
}

static int valid_method(const char *m)
{
    return m && (strcmp(m, "GET") == 0 || strcmp(m, "POST") == 0);
}

int surql_conn__http_request(surql_conn__http *h, const surql_conn__http_req *req,
                             surql_conn__http_resp *resp)
{
    if (!h || !req || !resp || !req->endpoint || !valid_method(req->method) ||
        (!req->body && req->body_len))
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__http_request: invalid argument");
    surql_conn__http_resp_clear(resp);
    surql_buf url = SURQL_BUF_INIT, what = SURQL_BUF_INIT;
    struct curl_slist *hdrs = NULL;
    int post = strcmp(req->method, "POST") == 0;
    int rc = SURQL_OK;
    if (surql_buf_printf(&url, "%s%s", h->base, req->endpoint) != 0 ||
        surql_buf_printf(&what, "%s %s", req->method, url.ptr) != 0) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto done;
    }
    /* headers: exactly the Accept asked for (or none), no Expect */
    int hr = req->accept ? add_headerf(&hdrs, "Accept", req->accept) : add_header(&hdrs, "Accept:");
    if (hr == 0)
        hr = add_header(&hdrs, "Expect:");
    if (hr == 0 && post)
        hr = req->content_type ? add_headerf(&hdrs, "Content-Type", req->content_type)
                               : add_header(&hdrs, "Content-Type:");
    const surql_conn__http_auth *a = req->auth;
    if (hr == 0 && a && a->ns)
        hr = add_headerf(&hdrs, "Surreal-NS", a->ns);
    if (hr == 0 && a && a->db)
        hr = add_headerf(&hdrs, "Surreal-DB", a->db);
    if (hr == 0 && a && a->token) {
        surql_buf t = SURQL_BUF_INIT;
        hr = surql_buf_printf(&t, "Bearer %s", a->token) == 0
                 ? add_headerf(&hdrs, "Authorization", t.ptr)
                 : -1;
        surql_buf_dispose(&t);
    }
    for (const char *const *x = req->headers; hr == 0 && x && *x; x++) {
        if (strchr(*x, '\r') || strchr(*x, '\n') || !strchr(*x, ':'))
            hr = -2;
        else
            hr = add_header(&hdrs, *x);
    }
    if (hr != 0) {
        rc = hr == -2 ? surql_error_set(SURQL_EINVAL, DOMAIN,
                                        "%s: header value contains CR/LF or is malformed", what.ptr)
                      : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto done;
    }

    int64_t budget = surql_conn__remaining_ms(req->deadline_ms);
    if (budget == 0) {
        rc = surql_error_set(SURQL_ETIMEOUT, DOMAIN, "%s: deadline passed", what.ptr);
        goto done;
    }
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    xfer x = { resp, h->max_response, 0, 0 };
    CURL *c = h->curl;
    curl_easy_reset(c); /* keeps the connection cache */
    curl_easy_setopt(c, CURLOPT_URL, url.ptr);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, h->user_agent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
    surql_conn__tls t = { h->tls_verify, h->ca_file, h->ca_path, h->cert_file, h->key_file };
    surql_conn__tls_apply(c, &t);
    if (budget < (INT64_C(1) << 40)) {
        long ms = (long)(budget < 1 ? 1 : budget);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
    }
    if (a && !a->token && a->username) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, a->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, a->password ? a->password : "");
    }
    if (post) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body_len ? req->body : "");
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    CURLcode cc = curl_easy_perform(c);
    /* drop the credentials from the handle right away */
    curl_easy_setopt(c, CURLOPT_PASSWORD, NULL);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    if (x.too_big) {
        rc = surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                             "%s: response larger than the limit of %zu bytes", what.ptr, x.max);
        goto done;
    }
    if (x.nomem) {
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "%s: out of memory", what.ptr);
        goto done;
    }
    if (cc != CURLE_OK) {
        curl_off_t connect_us = 0;
        curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
        rc = surql_conn__curl_error((int)cc, errbuf, what.ptr, budget, connect_us > 0);
        goto done;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
    char *ct = NULL;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) {
        resp->content_type = surql_strdup(ct);
        if (!resp->content_type) {
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
            goto done;
        }
    }
    if (surql_buf_put(&resp->body, "", 0) != 0) { /* body.ptr is never NULL */
        rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
        goto done;
    }
    surql_log(SURQL_LOG_DEBUG, DOMAIN, "%s: HTTP %ld (%zu bytes)", what.ptr, resp->status,
              resp->body.size);
done:
    curl_slist_free_all(hdrs);
    surql_buf_dispose(&url);
    surql_buf_dispose(&what);
    return rc;
}

/* the start of a response body as one printable line */
static void body_text(char *body, size_t cap, const surql_conn__http_resp *resp)
{
    size_t o = 0;
    const char *p = resp->body.ptr ? resp->body.ptr : "";
    for (size_t i = 0; i < resp->body.size && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\r' || c == '\n' || c == '\t')
            c = ' ';
        body[o++] = (char)(c < 0x20 || c == 0x7f ? '?' : c);
    }
    while (o > 0 && body[o - 1] == ' ')
        o--;
    body[o] = '\0';
}

int surql_conn__http_check(const surql_conn__http_resp *resp, const char *what)
{
    if (resp->status >= 200 && resp->status < 300)
        return SURQL_OK;
    char body[320];
    body_text(body, sizeof body, resp);
    int code = SURQL_CONN_EHTTP;
    if (resp->status == 401 || resp->status == 403)
        code = SURQL_CONN_EAUTH;
    else if (resp->status >= 500)
        code = SURQL_CONN_ESERVER;
    char sl[64];
    if (resp->status_line)
        snprintf(sl, sizeof sl, "%s", resp->status_line);
    else
        snprintf(sl, sizeof sl, "HTTP %ld", resp->status);
    return surql_error_set(code, DOMAIN, "%s: %s%s%s", what, sl, body[0] ? ": " : "", body);
}

static int request_checked(surql_conn__http *h, const surql_conn__http_req *req,
                           surql_conn__http_resp *resp)
{
    int rc = surql_conn__http_request(h, req, resp);
    if (rc != 0)
        return rc;
    surql_buf what = SURQL_BUF_INIT;
    if (surql_buf_printf(&what, "%s %s%s", req->method, h->base, req->endpoint) != 0) {
        surql_buf_dispose(&what);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    rc = surql_conn__http_check(resp, what.ptr);
    surql_buf_dispose(&what);
    return rc;
}

int surql_conn__http_health(surql_conn__http *h, int64_t deadline_ms)
{
    surql_conn__http_req req = { "GET", "/health", NULL, NULL, NULL, 0, NULL, NULL, deadline_ms };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int rc = request_checked(h, &req, &resp);
    if (rc == 0 && resp.status != 200) {
        rc = surql_error_set(SURQL_CONN_ESERVER, DOMAIN, "GET %s/health: HTTP %ld", h->base,
                             resp.status);
    }
    surql_conn__http_resp_clear(&resp);
    return rc;
}

int surql_conn__http_version(surql_conn__http *h, surql_buf *out, int64_t deadline_ms)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__http_version: out is NULL");
    surql_conn__http_req req = { "GET", "/version", NULL, NULL, NULL, 0, NULL, NULL,
                                 deadline_ms };
    surql_conn__http_resp resp = SURQL_CONN__HTTP_RESP_INIT;
    int rc = request_checked(h, &req, &resp);
    if (rc == 0) {
        const char *s = resp.body.ptr;
        size_t n = resp.body.size;
        while (n > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\r' || s[0] == '\t')) {
            s++;
            n--;
        }
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
                         s[n - 1] == '\t'))
            n--;
        if (surql_buf_put(out, s, n) != 0)
            rc = surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    surql_conn__http_resp_clear(&resp);
    return rc;
}

int surql_conn__http_sql(surql_conn__http *h, const char *sql, surql_conn_protocol accept,
                         const surql_conn__http_auth *auth, int64_t deadline_ms,
                         surql_conn__http_resp *resp)
{
    if (!sql)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__http_sql: sql is NULL");
    surql_conn__http_req req = { "POST",      "/sql", "text/plain; charset=utf-8",
                                 surql_conn__mime_type(accept), sql, strlen(sql), auth, NULL,
                                 deadline_ms };
    return request_checked(h, &req, resp);
}

int surql_conn__http_rpc(surql_conn__http *h, surql_conn_protocol proto, const void *body,
                         size_t len, const surql_conn__http_auth *auth, int64_t deadline_ms,
                         surql_conn__http_resp *resp)
{
    const char *mime = surql_conn__mime_type(proto);
    surql_conn__http_req req = { "POST", "/rpc", mime, mime, body, len, auth, NULL, deadline_ms };
    int rc = request_checked(h, &req, resp);
    if (rc != 0 || !resp->content_type)
        return rc;
    /* a 2xx answer in another format (a proxy's login page, an HTML error):
     * say so instead of reporting undecodable CBOR */
    const char *ct = resp->content_type;
    size_t n = strcspn(ct, ";");
    while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    if (n == strlen(mime) && strncasecmp(ct, mime, n) == 0)
        return SURQL_OK;
    char text[200];
    body_text(text, sizeof text, resp);
    return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                           "POST %s/rpc: response has Content-Type '%s', expected '%s'%s%s",
                           h->base, ct, mime, text[0] ? ": " : "", text);
}
