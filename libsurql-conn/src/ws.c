/* WebSocket client transport: libcurl CONNECT_ONLY socket + own HTTP/1.1
 * upgrade + wslay framing. See ws-internal.h for the contract. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <wslay/wslay.h>

#include <surql/conn/error.h>
#include <surql/conn/version.h>
#include <surql/schema/buf.h>
#include <surql/schema/error.h>
#include <surql/schema/log.h>

#include "conn-internal.h"
#include "url-internal.h"
#include "ws-internal.h"

#define DOMAIN "surql-conn"

typedef struct msg_node {
    struct msg_node *next;
    surql_conn__ws_msg m;
} msg_node;

struct surql_conn__ws {
    CURL *curl;
    curl_socket_t fd;
    wslay_event_context_ptr ctx;
    char *what; /* "WebSocket <url>" for messages */
    surql_conn_protocol protocol;
    int fallback;
    size_t max_message;
    const atomic_int *cancel; /* during the open only (opts.cancel) */

    /* bytes read with the upgrade response that belong to the frame stream */
    unsigned char *pre;
    size_t pre_len, pre_off;
    size_t pre_chunk; /* memory transport: bytes per read, 0 = as many as asked */

    /* message assembly */
    int in_frame;   /* a frame header was seen, its end not yet */
    int cur_ctrl;   /* the current frame is a control frame */
    int cur_fin;
    int asm_active; /* a data message is being assembled */
    int asm_binary;
    unsigned char *asm_buf;
    size_t asm_len, asm_cap;

    msg_node *head, *tail;

    /* I/O state */
    int eof;
    CURLcode io_error;
    int oversized;
    uint64_t oversize_len; /* size the refused message would have had, at least */
    surql_conn__ws_sniff sniff; /* names protocol violations (ws-sniff.c) */
    int nomem;
    /* mask keys: drawn from the kernel CSPRNG 64 at a time instead of one
     * getrandom() per frame (RFC 6455 10.3 still holds: unpredictable keys) */
    uint8_t maskpool[256];
    size_t maskpos; /* next unused byte; sizeof maskpool = empty */
    int close_code;
    char *close_reason;
    int64_t last_pong, last_recv;

    int failed;
    int failed_code;
    char *failed_msg;
};

void surql_conn__ws_msg_clear(surql_conn__ws_msg *m)
{
    if (!m)
        return;
    free(m->data);
    m->data = NULL;
    m->len = 0;
    m->binary = 0;
}

/* ------------------------------------------------------------------------ */
/* failure latch                                                             */

static int fail(surql_conn__ws *ws, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(surql_conn__ws *ws, int code, const char *fmt, ...)
{
    if (!ws->failed) {
        surql_buf b = SURQL_BUF_INIT;
        va_list ap;
        va_start(ap, fmt);
        int rc = surql_buf_vprintf(&b, fmt, ap);
        va_end(ap);
        ws->failed = 1;
        ws->failed_code = code;
        ws->failed_msg = rc == 0 ? surql_buf_detach(&b) : NULL;
        surql_buf_dispose(&b);
        surql_log(SURQL_LOG_DEBUG, DOMAIN, "%s", ws->failed_msg ? ws->failed_msg : "ws failed");
    }
    return surql_error_set(ws->failed_code, DOMAIN, "%s",
                           ws->failed_msg ? ws->failed_msg : "WebSocket connection failed");
}

static int latched(const surql_conn__ws *ws)
{
    return surql_error_set(ws->failed_code, DOMAIN, "%s",
                           ws->failed_msg ? ws->failed_msg : "WebSocket connection failed");
}

/* ------------------------------------------------------------------------ */
/* wslay callbacks                                                           */

static ssize_t cb_recv(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, int flags,
                       void *ud)
{
    surql_conn__ws *ws = ud;
    if (ws->pre_off < ws->pre_len) {
        size_t n = ws->pre_len - ws->pre_off;
        if (n > len)
            n = len;
        if (ws->pre_chunk && n > ws->pre_chunk)
            n = ws->pre_chunk;
        memcpy(buf, ws->pre + ws->pre_off, n);
        surql_conn__ws_sniff_feed(&ws->sniff, buf, n);
        ws->pre_off += n;
        if (ws->pre_off == ws->pre_len) {
            free(ws->pre);
            ws->pre = NULL;
            ws->pre_len = ws->pre_off = 0;
        }
        return (ssize_t)n;
    }
    if (!ws->curl) { /* memory transport: the input is exhausted */
        ws->eof = 1;
        wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
        return -1;
    }
    size_t got = 0;
    CURLcode cc = curl_easy_recv(ws->curl, buf, len, &got);
    if (cc == CURLE_AGAIN) {
        wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
        return -1;
    }
    if (cc != CURLE_OK) {
        ws->io_error = cc;
        wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
        return -1;
    }
    if (got == 0) {
        ws->eof = 1;
        wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
        return -1;
    }
    ws->last_recv = surql_conn__now_ms();
    surql_conn__ws_sniff_feed(&ws->sniff, buf, got);
    return (ssize_t)got;
}

static ssize_t cb_send(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags,
                       void *ud)
{
    surql_conn__ws *ws = ud;
    if (!ws->curl) /* memory transport: output is discarded */
        return (ssize_t)len;
    size_t sent = 0;
    CURLcode cc = curl_easy_send(ws->curl, data, len, &sent);
    if (cc == CURLE_AGAIN || (cc == CURLE_OK && sent == 0 && len > 0)) {
        wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
        return -1;
    }
    if (cc != CURLE_OK) {
        ws->io_error = cc;
        wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
        return -1;
    }
    return (ssize_t)sent;
}

static int cb_genmask(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, void *ud)
{
    surql_conn__ws *ws = ud;
    while (len > 0) {
        if (ws->maskpos >= sizeof ws->maskpool) {
            if (surql_conn__random(ws->maskpool, sizeof ws->maskpool) != 0) {
                wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
                return -1;
            }
            ws->maskpos = 0;
        }
        size_t n = sizeof ws->maskpool - ws->maskpos;
        if (n > len)
            n = len;
        memcpy(buf, ws->maskpool + ws->maskpos, n);
        /* a key is used once: wipe it from the pool */
        memset(ws->maskpool + ws->maskpos, 0, n);
        ws->maskpos += n;
        buf += n;
        len -= n;
    }
    return 0;
}

static void cb_frame_start(wslay_event_context_ptr ctx,
                           const struct wslay_event_on_frame_recv_start_arg *arg, void *ud)
{
    surql_conn__ws *ws = ud;
    ws->in_frame = 1;
    ws->cur_ctrl = (arg->opcode & 0x8) != 0;
    if (ws->cur_ctrl || ws->oversized || ws->nomem)
        return;
    ws->cur_fin = arg->fin;
    if (arg->opcode == WSLAY_TEXT_FRAME || arg->opcode == WSLAY_BINARY_FRAME) {
        ws->asm_active = 1;
        ws->asm_binary = arg->opcode == WSLAY_BINARY_FRAME;
        ws->asm_len = 0;
    }
    if (arg->payload_length > ws->max_message ||
        ws->asm_len + arg->payload_length > ws->max_message) {
        ws->oversized = 1;
        ws->oversize_len = arg->payload_length > UINT64_MAX - ws->asm_len
                               ? UINT64_MAX
                               : ws->asm_len + arg->payload_length;
        wslay_event_shutdown_read(ctx);
        return;
    }
    size_t need = ws->asm_len + (size_t)arg->payload_length + 1;
    if (need > ws->asm_cap) {
        size_t nc = ws->asm_cap ? ws->asm_cap * 2 : need;
        while (nc < need)
            nc *= 2;
        if (nc > ws->max_message + 1)
            nc = ws->max_message + 1;
        if (nc < need)
            nc = need;
        unsigned char *nb = realloc(ws->asm_buf, nc);
        if (!nb) {
            ws->nomem = 1;
            wslay_event_shutdown_read(ctx);
            return;
        }
        ws->asm_buf = nb;
        ws->asm_cap = nc;
    }
}

static void cb_frame_chunk(wslay_event_context_ptr ctx,
                           const struct wslay_event_on_frame_recv_chunk_arg *arg, void *ud)
{
    surql_conn__ws *ws = ud;
    if (ws->cur_ctrl || ws->oversized || ws->nomem || !ws->asm_active || arg->data_length == 0)
        return;
    /* room was reserved for the whole frame in cb_frame_start */
    if (ws->asm_len + arg->data_length + 1 > ws->asm_cap) {
        ws->nomem = 1;
        wslay_event_shutdown_read(ctx);
        return;
    }
    memcpy(ws->asm_buf + ws->asm_len, arg->data, arg->data_length);
    ws->asm_len += arg->data_length;
}

static void cb_frame_end(wslay_event_context_ptr ctx, void *ud)
{
    surql_conn__ws *ws = ud;
    ws->in_frame = 0;
    if (ws->cur_ctrl || ws->oversized || ws->nomem || !ws->asm_active || !ws->cur_fin)
        return;
    msg_node *n = calloc(1, sizeof *n);
    if (!n) {
        ws->nomem = 1;
        wslay_event_shutdown_read(ctx);
        return;
    }
    unsigned char *data = ws->asm_buf;
    if (!data) { /* empty message */
        data = malloc(1);
        if (!data) {
            free(n);
            ws->nomem = 1;
            wslay_event_shutdown_read(ctx);
            return;
        }
    }
    data[ws->asm_len] = '\0';
    n->m.binary = ws->asm_binary;
    n->m.data = data;
    n->m.len = ws->asm_len;
    if (ws->tail)
        ws->tail->next = n;
    else
        ws->head = n;
    ws->tail = n;
    ws->asm_buf = NULL;
    ws->asm_cap = 0;
    ws->asm_len = 0;
    ws->asm_active = 0;
}

static void cb_msg(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg *arg,
                   void *ud)
{
    surql_conn__ws *ws = ud;
    if (arg->opcode == WSLAY_PONG) {
        ws->last_pong = surql_conn__now_ms();
    } else if (arg->opcode == WSLAY_CONNECTION_CLOSE) {
        ws->close_code = arg->status_code ? arg->status_code : WSLAY_CODE_NO_STATUS_RCVD;
        free(ws->close_reason);
        ws->close_reason = NULL;
        if (arg->msg && arg->msg_length > 2)
            ws->close_reason = surql_strndup((const char *)arg->msg + 2, arg->msg_length - 2);
    }
    /* Ping: wslay queues the Pong itself; data messages: cb_frame_end */
}

/* ------------------------------------------------------------------------ */
/* I/O                                                                       */

/* wait for @p events on @p fd until @p deadline; 1 ready, 0 timeout, <0 error */
static int wait_fd(curl_socket_t fd, short events, int64_t timeout_ms)
{
    struct pollfd p = { fd, events, 0 };
    for (;;) {
        int t = timeout_ms < 0 ? -1 : (timeout_ms > 1 << 30 ? 1 << 30 : (int)timeout_ms);
        int r = poll(&p, 1, t);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        return r > 0;
    }
}

static int do_write(surql_conn__ws *ws)
{
    if (!wslay_event_want_write(ws->ctx))
        return SURQL_OK;
    int r = wslay_event_send(ws->ctx);
    if (r != 0) {
        if (r == WSLAY_ERR_NOMEM)
            return fail(ws, SURQL_ENOMEM, "%s: out of memory", ws->what);
        return fail(ws, SURQL_CONN_ECLOSED, "%s: connection lost while sending: %s", ws->what,
                    curl_easy_strerror(ws->io_error ? ws->io_error : CURLE_SEND_ERROR));
    }
    return SURQL_OK;
}

static const char *close_text(int code)
{
    switch (code) {
    case 1000: return "normal closure";
    case 1001: return "going away";
    case 1002: return "protocol error";
    case 1003: return "unsupported data";
    case 1005: return "no status code";
    case 1007: return "invalid payload data";
    case 1008: return "policy violation";
    case 1009: return "message too big";
    case 1011: return "internal server error";
    case 1013: return "try again later";
    default: return "";
    }
}

/* The server broke RFC 6455: say what it did when the sniffer saw it. */
static int fail_protocol(surql_conn__ws *ws)
{
    if (ws->sniff.what[0])
        return fail(ws, SURQL_CONN_EPROTOCOL, "%s: invalid WebSocket frame from the server: %s",
                    ws->what, ws->sniff.what);
    int code = (int)wslay_event_get_status_code_sent(ws->ctx);
    if (code == WSLAY_CODE_INVALID_FRAME_PAYLOAD_DATA)
        return fail(ws, SURQL_CONN_EPROTOCOL,
                    "%s: invalid WebSocket frame from the server: text message that is not "
                    "valid UTF-8 (connection failed with close code 1007)",
                    ws->what);
    return fail(ws, SURQL_CONN_EPROTOCOL,
                "%s: invalid WebSocket data from the server (connection failed with close "
                "code %d)",
                ws->what, code);
}

int surql_conn__ws_process(surql_conn__ws *ws)
{
    if (!ws)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "ws is NULL");
    if (ws->failed)
        return latched(ws);
    if (wslay_event_want_read(ws->ctx)) {
        int r = wslay_event_recv(ws->ctx);
        if (r != 0 && !ws->oversized && !ws->nomem) {
            if (r == WSLAY_ERR_NOMEM)
                return fail(ws, SURQL_ENOMEM, "%s: out of memory", ws->what);
            if (ws->eof) {
                if (ws->in_frame || ws->asm_active)
                    return fail(ws, SURQL_CONN_ECLOSED,
                                "%s: connection closed by the server in the middle of a %s",
                                ws->what, ws->in_frame ? "frame" : "fragmented message");
                return fail(ws, SURQL_CONN_ECLOSED,
                            "%s: connection closed by the server without a close frame",
                            ws->what);
            }
            if (r == WSLAY_ERR_PROTO || (!ws->io_error && ws->sniff.what[0])) {
                /* a frame header wslay refuses outright (e.g. a fragmented or
                 * oversized control frame): tell the server, best effort */
                wslay_event_queue_close(ws->ctx, WSLAY_CODE_PROTOCOL_ERROR, NULL, 0);
                wslay_event_send(ws->ctx);
                return fail_protocol(ws);
            }
            return fail(ws, SURQL_CONN_ECLOSED, "%s: connection lost: %s", ws->what,
                        curl_easy_strerror(ws->io_error ? ws->io_error : CURLE_RECV_ERROR));
        }
    }
    if (ws->oversized) {
        wslay_event_queue_close(ws->ctx, WSLAY_CODE_MESSAGE_TOO_BIG, NULL, 0);
        wslay_event_send(ws->ctx);
        return fail(ws, SURQL_CONN_EPROTOCOL,
                    "%s: the server sent a message of at least %llu bytes, more than the limit "
                    "of %zu bytes (client option max_message)",
                    ws->what, (unsigned long long)ws->oversize_len, ws->max_message);
    }
    if (ws->nomem)
        return fail(ws, SURQL_ENOMEM, "%s: out of memory receiving a message", ws->what);
    if (wslay_event_get_close_received(ws->ctx)) {
        /* best effort: answer the Close; the peer may already be gone */
        if (wslay_event_want_write(ws->ctx))
            wslay_event_send(ws->ctx);
        const char *t = close_text(ws->close_code);
        const char *reason = ws->close_reason ? ws->close_reason : "";
        return fail(ws, SURQL_CONN_ECLOSED,
                    "%s: connection closed by the server (code %d%s%s%s%s)", ws->what,
                    ws->close_code, *t ? " " : "", t, *reason ? ": " : "", reason);
    }
    int rc = do_write(ws);
    if (rc != 0)
        return rc;
    if (!wslay_event_get_read_enabled(ws->ctx))
        return fail_protocol(ws);
    return SURQL_OK;
}

int surql_conn__ws_next(surql_conn__ws *ws, surql_conn__ws_msg *msg)
{
    if (!ws || !msg || !ws->head)
        return 0;
    msg_node *n = ws->head;
    ws->head = n->next;
    if (!ws->head)
        ws->tail = NULL;
    *msg = n->m;
    free(n);
    return 1;
}

int surql_conn__ws_poll(surql_conn__ws *ws, int64_t timeout_ms, surql_conn__ws_msg *msg)
{
    if (!ws || !msg)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_poll: NULL argument");
    int64_t deadline = timeout_ms > 0 ? surql_conn__now_ms() + timeout_ms : 0;
    for (;;) {
        if (surql_conn__ws_next(ws, msg))
            return 1;
        if (ws->failed)
            return latched(ws);
        int rc = surql_conn__ws_process(ws);
        if (surql_conn__ws_next(ws, msg))
            return 1;
        if (rc != 0)
            return rc;
        int64_t left = timeout_ms < 0 ? -1 : (timeout_ms == 0 ? 0 : surql_conn__remaining_ms(deadline));
        if (left == 0)
            return 0;
        short ev = POLLIN;
        if (wslay_event_want_write(ws->ctx))
            ev |= POLLOUT;
        int w = wait_fd(ws->fd, ev, left);
        if (w < 0)
            return fail(ws, SURQL_CONN_ECLOSED, "%s: poll failed: %s", ws->what, strerror(errno));
        if (w == 0 && timeout_ms >= 0 && surql_conn__remaining_ms(deadline) == 0)
            return 0;
    }
}

int surql_conn__ws_flush(surql_conn__ws *ws, int64_t deadline_ms)
{
    if (!ws)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "ws is NULL");
    for (;;) {
        if (ws->failed)
            return latched(ws);
        int rc = do_write(ws);
        if (rc != 0)
            return rc;
        if (!wslay_event_want_write(ws->ctx))
            return SURQL_OK;
        int64_t left = surql_conn__remaining_ms(deadline_ms);
        if (left == 0)
            return surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                   "%s: output not written before the deadline", ws->what);
        if (wait_fd(ws->fd, POLLOUT, left) < 0)
            return fail(ws, SURQL_CONN_ECLOSED, "%s: poll failed: %s", ws->what, strerror(errno));
    }
}

int surql_conn__ws_send(surql_conn__ws *ws, int binary, const void *data, size_t len)
{
    if (!ws || (!data && len))
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_send: NULL argument");
    if (ws->failed)
        return latched(ws);
    if (len > ws->max_message)
        return surql_error_set(SURQL_CONN_EPROTOCOL, DOMAIN,
                               "%s: message of %zu bytes exceeds the limit of %zu bytes",
                               ws->what, len, ws->max_message);
    struct wslay_event_msg m = { (uint8_t)(binary ? WSLAY_BINARY_FRAME : WSLAY_TEXT_FRAME),
                                 data, len };
    int r = wslay_event_queue_msg(ws->ctx, &m);
    if (r == WSLAY_ERR_NOMEM)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "%s: out of memory", ws->what);
    if (r != 0)
        return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "%s: connection is closing", ws->what);
    return do_write(ws);
}

int surql_conn__ws_ping(surql_conn__ws *ws, const void *payload, size_t len)
{
    if (!ws || len > 125 || (!payload && len))
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_ping: invalid argument");
    if (ws->failed)
        return latched(ws);
    struct wslay_event_msg m = { WSLAY_PING, payload, len };
    int r = wslay_event_queue_msg(ws->ctx, &m);
    if (r == WSLAY_ERR_NOMEM)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "%s: out of memory", ws->what);
    if (r != 0)
        return surql_error_set(SURQL_CONN_ECLOSED, DOMAIN, "%s: connection is closing", ws->what);
    return do_write(ws);
}

int surql_conn__ws_close(surql_conn__ws *ws, int code, const char *reason, int64_t deadline_ms)
{
    if (!ws)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "ws is NULL");
    if (ws->failed) {
        if (ws->close_code)
            return SURQL_OK; /* the peer closed first: handshake already answered */
        return latched(ws);
    }
    size_t rl = reason ? strlen(reason) : 0;
    if (rl > 123)
        rl = 123;
    int r = wslay_event_queue_close(ws->ctx, (uint16_t)(code ? code : 1000),
                                    (const uint8_t *)reason, rl);
    if (r != 0 && r != WSLAY_ERR_NO_MORE_MSG)
        return surql_error_set(r == WSLAY_ERR_NOMEM ? SURQL_ENOMEM : SURQL_EINVAL, DOMAIN,
                               "%s: cannot queue the close frame", ws->what);
    int result = SURQL_OK;
    for (;;) {
        surql_conn__ws_process(ws);
        surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
        while (surql_conn__ws_next(ws, &m))
            surql_conn__ws_msg_clear(&m); /* data after our Close is discarded */
        if (wslay_event_get_close_received(ws->ctx) || ws->failed)
            break;
        int64_t left = surql_conn__remaining_ms(deadline_ms);
        if (left == 0) {
            result = surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                     "%s: the server did not answer the close frame in time",
                                     ws->what);
            break;
        }
        short ev = POLLIN;
        if (wslay_event_want_write(ws->ctx))
            ev |= POLLOUT;
        if (wait_fd(ws->fd, ev, left) < 0)
            break;
    }
    /* from now on every call reports a local close */
    free(ws->failed_msg);
    ws->failed = 1;
    ws->failed_code = SURQL_CONN_ECLOSED;
    surql_buf b = SURQL_BUF_INIT;
    if (surql_buf_printf(&b, "%s: connection closed", ws->what) == 0)
        ws->failed_msg = surql_buf_detach(&b);
    else
        ws->failed_msg = NULL;
    surql_buf_dispose(&b);
    if (ws->curl) {
        curl_easy_cleanup(ws->curl);
        ws->curl = NULL;
        ws->fd = CURL_SOCKET_BAD;
    }
    return result;
}

/* ------------------------------------------------------------------------ */
/* open                                                                      */

static int cancelled(const surql_conn__ws *ws)
{
    return ws->cancel && atomic_load(ws->cancel);
}

/* wait_fd() during the open: in slices of 100 ms, -2 when cancelled */
static int wait_open(surql_conn__ws *ws, short events, int64_t timeout_ms)
{
    if (!ws->cancel)
        return wait_fd(ws->fd, events, timeout_ms);
    int64_t deadline = timeout_ms < 0 ? 0 : surql_conn__now_ms() + timeout_ms;
    for (;;) {
        if (cancelled(ws))
            return -2;
        int64_t left = timeout_ms < 0 ? 100 : surql_conn__remaining_ms(deadline);
        if (timeout_ms >= 0 && left == 0)
            return 0;
        int r = wait_fd(ws->fd, events, left > 100 ? 100 : left);
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

static void apply_tls(CURL *c, const surql_conn__tls *t)
{
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

/* wslay context of a connection whose upgrade succeeded */
static int init_framing(surql_conn__ws *ws)
{
    struct wslay_event_callbacks cbs = { cb_recv,        cb_send,        cb_genmask, cb_frame_start,
                                         cb_frame_chunk, cb_frame_end,   cb_msg };
    if (wslay_event_context_client_init(&ws->ctx, &cbs, ws) != 0) {
        ws->ctx = NULL;
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    wslay_event_config_set_no_buffering(ws->ctx, 1);
    /* the size limit is enforced in cb_frame_start (clear error message);
     * wslay's own per-frame check would only queue a 1009 close */
    wslay_event_config_set_max_recv_msg_length(ws->ctx, UINT64_MAX);
    ws->last_recv = surql_conn__now_ms();
    return SURQL_OK;
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
                                            : init_framing(ws);
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
    apply_tls(c, &o->tls);
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

    rc = init_framing(ws);
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

void surql_conn__ws_free(surql_conn__ws *ws)
{
    if (!ws)
        return;
    if (ws->ctx)
        wslay_event_context_free(ws->ctx);
    if (ws->curl)
        curl_easy_cleanup(ws->curl);
    msg_node *n = ws->head;
    while (n) {
        msg_node *next = n->next;
        free(n->m.data);
        free(n);
        n = next;
    }
    free(ws->asm_buf);
    free(ws->pre);
    free(ws->close_reason);
    free(ws->failed_msg);
    free(ws->what);
    free(ws);
}

surql_conn_protocol surql_conn__ws_protocol(const surql_conn__ws *ws)
{
    return ws ? ws->protocol : SURQL_CONN_PROTOCOL_CBOR;
}

int surql_conn__ws_fallback(const surql_conn__ws *ws)
{
    return ws ? ws->fallback : 0;
}

int surql_conn__ws_get_fd(const surql_conn__ws *ws)
{
    return ws && ws->curl && !ws->failed ? (int)ws->fd : -1;
}

int surql_conn__ws_want_write(const surql_conn__ws *ws)
{
    return ws && ws->ctx && !ws->failed && wslay_event_want_write(ws->ctx);
}

int surql_conn__ws_is_open(const surql_conn__ws *ws)
{
    return ws && ws->ctx && !ws->failed && !wslay_event_get_close_sent(ws->ctx) &&
           !wslay_event_get_close_received(ws->ctx);
}

int64_t surql_conn__ws_last_pong_ms(const surql_conn__ws *ws)
{
    return ws ? ws->last_pong : 0;
}

int64_t surql_conn__ws_last_recv_ms(const surql_conn__ws *ws)
{
    return ws ? ws->last_recv : 0;
}

int surql_conn__ws_close_code(const surql_conn__ws *ws)
{
    return ws ? ws->close_code : 0;
}

const char *surql_conn__ws_close_reason(const surql_conn__ws *ws)
{
    return ws && ws->close_reason ? ws->close_reason : "";
}
