/* HTTP transport with libcurl (internal to libsurql-conn): POST /rpc,
 * POST /sql, GET /health, GET /version against a SurrealDB base URL.
 *
 * One handle keeps one CURL easy handle, so keep-alive connections are
 * reused between requests. One thread at a time per handle.
 * Requests never send libcurl's default wildcard Accept header (the Accept
 * header is exactly what the request asks for, or absent), never `Accept-Encoding`,
 * never `Expect: 100-continue`.
 */
#ifndef SURQL_CONN_HTTP_INTERNAL_H
#define SURQL_CONN_HTTP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <surql/conn/config.h>
#include <surql/schema/buf.h>

#include "ws-internal.h" /* surql_conn__tls */

#define SURQL_CONN__HTTP_MAX_RESPONSE_DEFAULT ((size_t)128 << 20)

typedef struct surql_conn__http_opts {
    surql_conn__tls tls;
    size_t max_response;    /* 0 = SURQL_CONN__HTTP_MAX_RESPONSE_DEFAULT */
    const char *user_agent; /* NULL = "surql/<version>" */
} surql_conn__http_opts;

#define SURQL_CONN__HTTP_OPTS_INIT { SURQL_CONN__TLS_INIT, 0, NULL }

/* Namespace/database headers and credentials for one request (borrowed). */
typedef struct surql_conn__http_auth {
    const char *ns;       /* Surreal-NS, NULL = omit */
    const char *db;       /* Surreal-DB, NULL = omit */
    const char *username; /* Basic auth when set (and no token) */
    const char *password;
    const char *token;    /* Authorization: Bearer <token>; wins over Basic */
} surql_conn__http_auth;

typedef struct surql_conn__http_req {
    const char *method;       /* "GET" or "POST" */
    const char *endpoint;     /* "/rpc", "/sql", "/health", "/version", ... */
    const char *content_type; /* NULL = no Content-Type */
    const char *accept;       /* NULL = no Accept header at all */
    const void *body;         /* POST body (may contain NUL bytes) */
    size_t body_len;
    const surql_conn__http_auth *auth; /* NULL = anonymous, no NS/DB */
    const char *const *headers;        /* extra "Name: value" lines, NULL-terminated */
    int64_t deadline_ms;               /* absolute surql_conn__now_ms(); <= 0 none */
} surql_conn__http_req;

typedef struct surql_conn__http_resp {
    long status;          /* HTTP status code */
    char *status_line;    /* "HTTP/1.1 401 Unauthorized" (no CRLF), owned */
    char *content_type;   /* Content-Type header or NULL, owned */
    surql_buf body;       /* response body (NUL-terminated after any write) */
} surql_conn__http_resp;

#define SURQL_CONN__HTTP_RESP_INIT { 0, NULL, NULL, SURQL_BUF_INIT }

void surql_conn__http_resp_clear(surql_conn__http_resp *r);

typedef struct surql_conn__http surql_conn__http;

/* Handle for the server at @p url: http(s)://host[:port][/prefix] (a
 * trailing /rpc is dropped), or a ws(s):// URL whose /rpc path is replaced
 * by the HTTP endpoints (ws -> http, wss -> https). Requires
 * surql_conn_global_init(). No I/O happens here. */
int surql_conn__http_new(surql_conn__http **out, const char *url,
                         const surql_conn__http_opts *opts);
void surql_conn__http_free(surql_conn__http *h); /* NULL ok */

/* Perform one request. SURQL_OK whenever a complete HTTP response arrived,
 * whatever its status (check resp->status or use _check). Errors:
 * ECONNECT, ETLS, ECLOSED (connection lost mid-request), SURQL_ETIMEOUT,
 * EPROTOCOL (response over the size limit). @p resp must be
 * SURQL_CONN__HTTP_RESP_INIT or cleared; the caller clears it in all cases. */
int surql_conn__http_request(surql_conn__http *h, const surql_conn__http_req *req,
                             surql_conn__http_resp *resp);

/* Map a response status to a status code: 2xx -> SURQL_OK; 401, 403 ->
 * EAUTH; 5xx -> ESERVER; others -> EHTTP. The message is
 * "<what>: <status line>: <start of the body>". */
int surql_conn__http_check(const surql_conn__http_resp *resp, const char *what);

/* GET /health: SURQL_OK on 200, else the transport or _check error. */
int surql_conn__http_health(surql_conn__http *h, int64_t deadline_ms);

/* GET /version: the trimmed body ("surrealdb-3.0.2") appended to @p out. */
int surql_conn__http_version(surql_conn__http *h, surql_buf *out, int64_t deadline_ms);

/* POST /sql with @p sql as the body, Accept application/cbor or
 * application/json per @p accept, the auth headers; non-2xx -> _check error
 * (resp still holds the response). */
int surql_conn__http_sql(surql_conn__http *h, const char *sql, surql_conn_protocol accept,
                         const surql_conn__http_auth *auth, int64_t deadline_ms,
                         surql_conn__http_resp *resp);

/* POST /rpc with an encoded request; Content-Type and Accept both
 * application/cbor or application/json per @p proto; non-2xx -> _check error;
 * a 2xx response with another Content-Type (a proxy's HTML page) -> EPROTOCOL
 * naming the type and the start of the body (no Content-Type is accepted). */
int surql_conn__http_rpc(surql_conn__http *h, surql_conn_protocol proto, const void *body,
                         size_t len, const surql_conn__http_auth *auth, int64_t deadline_ms,
                         surql_conn__http_resp *resp);

/* "http://host:port[/prefix]" (borrowed until _free). */
const char *surql_conn__http_base_url(const surql_conn__http *h);

/* MIME type of a protocol: "application/cbor" or "application/json". */
const char *surql_conn__mime_type(surql_conn_protocol p);

#endif
