/* WebSocket client transport (internal to libsurql-conn).
 *
 * RFC 6455 client over a socket that libcurl opens with CURLOPT_CONNECT_ONLY
 * (so DNS, IPv6, proxies via CONNECT, TLS and certificate checks are
 * libcurl's). The HTTP/1.1 upgrade is done here over curl_easy_send/recv;
 * framing is wslay's event API (no buffering mode: messages are assembled
 * here so the size limit is enforced before memory is committed).
 *
 * Threading: a surql_conn__ws is used by one thread at a time.
 * Time: deadlines are absolute surql_conn__now_ms() values; <= 0 = none.
 *
 * Errors (all recorded with surql_error_set, domain "surql-conn"):
 *   SURQL_CONN_ECONNECT   DNS failure, refused, unreachable, connect deadline
 *   SURQL_CONN_ETLS       TLS handshake or certificate verification failure
 *   SURQL_CONN_EHTTP      upgrade answered with a status other than 101
 *                         (message has the status line and the start of the body)
 *   SURQL_CONN_EAUTH      upgrade answered 401/403
 *   SURQL_CONN_EPROTOCOL  bad 101 response (Upgrade/Connection headers,
 *                         Sec-WebSocket-Accept mismatch, unoffered or refused
 *                         subprotocol), invalid frame, message over the limit
 *   SURQL_CONN_ECLOSED    peer Close frame (code and reason in the message),
 *                         EOF/reset (mid-frame is said so), or already closed
 *   SURQL_ETIMEOUT        a deadline passed during the upgrade, a flush or close
 * Once a connection has failed every later call returns the same code and
 * message (the failure is latched); queued complete messages received before
 * the failure are still delivered first by _poll/_next.
 */
#ifndef SURQL_CONN_WS_INTERNAL_H
#define SURQL_CONN_WS_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <surql/conn/config.h>

/* TLS settings shared by the WS and HTTP transports (borrowed strings). */
typedef struct surql_conn__tls {
    int verify;            /* verify peer certificate and host name */
    const char *ca_file;   /* CURLOPT_CAINFO, NULL = system default */
    const char *ca_path;   /* CURLOPT_CAPATH */
    const char *cert_file; /* client certificate (PEM) */
    const char *key_file;  /* client key (PEM) */
} surql_conn__tls;

#define SURQL_CONN__TLS_INIT { 1, NULL, NULL, NULL, NULL }

/* Set @p t's verification, CA and client certificate options on a libcurl
 * easy handle (@p curl is a CURL *). */
void surql_conn__tls_apply(void *curl, const surql_conn__tls *t);

/* Fill @p tls from a config (strings borrowed from @p cfg). */
void surql_conn__tls_from_config(surql_conn__tls *tls, const surql_conn_config *cfg);

/* Default and hard limits of a received (and sent) message. */
#define SURQL_CONN__WS_MAX_MESSAGE_DEFAULT ((size_t)128 << 20)
/* Largest upgrade response header block accepted. */
#define SURQL_CONN__WS_MAX_HANDSHAKE 16384

typedef struct surql_conn__ws_opts {
    surql_conn_protocol protocol; /* subprotocol offered: "cbor" or "json" */
    int allow_json_fallback;      /* accept a 101 without Sec-WebSocket-Protocol
                                     (server fell back to JSON) when cbor was
                                     offered; otherwise that is EPROTOCOL */
    const char *const *headers;   /* extra request header lines "Name: value",
                                     NULL-terminated, or NULL (Authorization,
                                     Surreal-NS, Surreal-DB, Surreal-Id...) */
    size_t max_message;           /* 0 = SURQL_CONN__WS_MAX_MESSAGE_DEFAULT */
    surql_conn__tls tls;
    const char *user_agent;       /* NULL = "surql/<version>" */
    const atomic_int *cancel;     /* NULL, or a flag: nonzero aborts the open
                                     (connect and upgrade) within ~100 ms with
                                     SURQL_CONN_ECLOSED (a client closed while
                                     a reconnect attempt was in progress) */
} surql_conn__ws_opts;

#define SURQL_CONN__WS_OPTS_INIT \
    { SURQL_CONN_PROTOCOL_CBOR, 0, NULL, 0, SURQL_CONN__TLS_INIT, NULL, NULL }

/* A complete received data message. */
typedef struct surql_conn__ws_msg {
    int binary;          /* 1 = binary (opcode 2), 0 = text (opcode 1) */
    unsigned char *data; /* owned; NUL-terminated (not counted in len) */
    size_t len;
} surql_conn__ws_msg;

#define SURQL_CONN__WS_MSG_INIT { 0, NULL, 0 }

/* Free the data of a message and reset it. NULL ok. */
void surql_conn__ws_msg_clear(surql_conn__ws_msg *m);

typedef struct surql_conn__ws surql_conn__ws;

/* Connect to a ws:// or wss:// URL, perform the upgrade and check the
 * response (status 101, Upgrade, Connection, Sec-WebSocket-Accept,
 * Sec-WebSocket-Protocol). Blocks until done or @p deadline_ms.
 * Requires surql_conn_global_init(). *out owned; NULL on failure. */
int surql_conn__ws_open(surql_conn__ws **out, const char *url, const surql_conn__ws_opts *opts,
                        int64_t deadline_ms);

/* A connection over memory, for tests and the fuzzer (no socket, no
 * libcurl): @p data (copied) is the server's byte stream right after an
 * upgrade that negotiated @p protocol, delivered at most @p chunk bytes per
 * read (0 = as much as asked, like a socket with everything buffered); when
 * it is used up the server has closed the TCP connection (EOF). Frames sent
 * are discarded. */
int surql_conn__ws_open_memory(surql_conn__ws **out, surql_conn_protocol protocol,
                               size_t max_message, const void *data, size_t len, size_t chunk);

/* Close the socket without a close handshake and free everything. NULL ok. */
void surql_conn__ws_free(surql_conn__ws *ws);

/* Negotiated wire format (what the server will speak). */
surql_conn_protocol surql_conn__ws_protocol(const surql_conn__ws *ws);
/* 1 when the server answered without Sec-WebSocket-Protocol (JSON fallback). */
int surql_conn__ws_fallback(const surql_conn__ws *ws);

/* Socket to poll (POLLIN always; POLLOUT when _want_write), -1 if closed. */
int surql_conn__ws_get_fd(const surql_conn__ws *ws);
/* 1 when queued output is waiting for the socket to become writable. */
int surql_conn__ws_want_write(const surql_conn__ws *ws);
/* 1 while the connection can still send and receive data messages. */
int surql_conn__ws_is_open(const surql_conn__ws *ws);

/* Queue a text (binary=0) or binary (binary=1) message (copied) and write
 * as much as the socket takes without blocking. Remaining output is sent by
 * _process/_poll/_flush. EPROTOCOL when len > max_message, ECLOSED. */
int surql_conn__ws_send(surql_conn__ws *ws, int binary, const void *data, size_t len);

/* Queue a message like _send without writing anything: the caller sends
 * several at once with _write (or lets _process/_poll/_flush do it). */
int surql_conn__ws_queue(surql_conn__ws *ws, int binary, const void *data, size_t len);

/* Write queued output as far as the socket takes it without blocking.
 * 0 or a (latched) error. */
int surql_conn__ws_write(surql_conn__ws *ws);

/* Queue a Ping (payload <= 125 bytes, may be NULL) for keepalive. */
int surql_conn__ws_ping(surql_conn__ws *ws, const void *payload, size_t len);

/* Non-blocking I/O step: read what is available (assembling messages,
 * answering Pings, handling Close) and write pending output. Never blocks.
 * Returns 0 or a (latched) error; complete messages are then taken with
 * _next. Call it when the fd is readable/writable (or periodically). */
int surql_conn__ws_process(surql_conn__ws *ws);

/* Pop the oldest complete message into @p msg (caller owns it; @p msg must
 * be cleared). Returns 1 with a message, 0 when none is queued. */
int surql_conn__ws_next(surql_conn__ws *ws, surql_conn__ws_msg *msg);

/* Blocking convenience: return a queued message, or wait up to
 * @p timeout_ms (0 = do not wait, < 0 = no limit) doing I/O until one is
 * complete. Returns 1 with a message, 0 on timeout, < 0 on error. */
int surql_conn__ws_poll(surql_conn__ws *ws, int64_t timeout_ms, surql_conn__ws_msg *msg);

/* Block until all queued output is written or @p deadline_ms (ETIMEOUT). */
int surql_conn__ws_flush(surql_conn__ws *ws, int64_t deadline_ms);

/* Close handshake: send Close(@p code, @p reason) and wait for the peer's
 * Close until @p deadline_ms; then the socket is closed. Data messages that
 * arrive meanwhile are discarded. SURQL_OK when the peer answered (or had
 * already closed), SURQL_ETIMEOUT when it did not in time. The handle must
 * still be freed with _free. code 0 = 1000 (normal closure). */
int surql_conn__ws_close(surql_conn__ws *ws, int code, const char *reason, int64_t deadline_ms);

/* Monotonic ms of the last Pong received (0 = none) and of the last bytes
 * received (the RPC layer's half-open detection uses these). */
int64_t surql_conn__ws_last_pong_ms(const surql_conn__ws *ws);
int64_t surql_conn__ws_last_recv_ms(const surql_conn__ws *ws);

/* Close code received from the peer (0 = none) and its reason ("" = none;
 * borrowed until _free). */
int surql_conn__ws_close_code(const surql_conn__ws *ws);
const char *surql_conn__ws_close_reason(const surql_conn__ws *ws);

/* ---- frame sniffer (ws-sniff.c) ------------------------------------------ */

/* Follows the frame headers of the byte stream received from the server
 * (the same bytes wslay parses) and records the first RFC 6455 violation as
 * text, so a protocol failure can say what was wrong: reserved bits, unknown
 * opcode, masked frame, fragmented or oversized control frame, stray
 * continuation, interleaved data message, invalid close code. Payloads are
 * skipped, not copied. Zero-initialise; `what` stays "" while all is well. */
typedef struct surql_conn__ws_sniff {
    unsigned char hdr[14];
    size_t hlen;
    uint64_t left;         /* payload bytes of the current frame still to come */
    unsigned opcode;       /* of the current frame */
    int in_msg;            /* a fragmented data message is open */
    unsigned char close_code[2];
    size_t close_got;
    char what[128];        /* first violation, "" = none */
} surql_conn__ws_sniff;

void surql_conn__ws_sniff_feed(surql_conn__ws_sniff *s, const unsigned char *p, size_t n);

/* ---- handshake helpers (pure; unit-tested) ----------------------------- */

/* SHA-1 of @p len bytes into @p digest (20 bytes). Local implementation:
 * libsurql-conn does not link OpenSSL directly. */
void surql_conn__sha1(const void *data, size_t len, unsigned char digest[20]);

/* Standard base64 (with padding) of @p len bytes, appended to @p out. */
int surql_conn__base64(surql_buf *out, const void *data, size_t len);

/* Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
 * @p out receives 28 characters plus NUL. */
void surql_conn__ws_accept_key(const char *key, char out[29]);

/* Fill @p n bytes from the kernel CSPRNG (getrandom, /dev/urandom). 0 or -1. */
int surql_conn__random(void *buf, size_t n);

/* A fresh random Sec-WebSocket-Key (base64 of 16 random bytes, 24 chars + NUL). */
int surql_conn__ws_make_key(char out[25]);

/* Result of checking an upgrade response. */
typedef struct surql_conn__ws_upgrade {
    int status;                  /* HTTP status code */
    surql_conn_protocol protocol;/* negotiated */
    int fallback;                /* no Sec-WebSocket-Protocol header */
    size_t header_len;           /* bytes of the header block incl. CRLFCRLF */
} surql_conn__ws_upgrade;

/* Check a complete upgrade response (@p len bytes, starting with the status
 * line and containing the terminating CRLFCRLF; body bytes may follow) for
 * @p key and the @p offered protocol. @p what names the URL in messages.
 * Returns SURQL_OK or EHTTP/EAUTH/EPROTOCOL as for _open. */
int surql_conn__ws_check_upgrade(surql_conn__ws_upgrade *res, const char *resp, size_t len,
                                 const char *key, surql_conn_protocol offered,
                                 int allow_json_fallback, const char *what);

/* Map a libcurl failure to a status with a message "<what>: <curl text>".
 * @p errbuf is CURLOPT_ERRORBUFFER (may be ""); @p curlcode is a CURLcode
 * (int to keep curl out of this header). Resolve/connect failures and a
 * timeout before the connection was made (@p connected 0) -> ECONNECT; TLS
 * failures -> ETLS; send/receive failures after connecting -> ECLOSED;
 * other timeouts -> SURQL_ETIMEOUT; the rest -> ECONNECT. */
int surql_conn__curl_error(int curlcode, const char *errbuf, const char *what,
                           int64_t timeout_ms, int connected);

#endif
