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
#include "ws-priv.h"

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
    if (ws->roff == ws->rlen) {
        if (ws->rdrained) {
            /* the last read was short on a plain socket: it is empty; do not
             * spend a system call to hear EAGAIN (under TLS the library may
             * hold decrypted bytes poll cannot see, so there we always ask) */
            ws->rdrained = 0;
            wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
            return -1;
        }
        if (!ws->rbuf && !(ws->rbuf = malloc(SURQL_CONN__WS_RBUF))) {
            ws->nomem = 1;
            wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
            return -1;
        }
        size_t got = 0;
        CURLcode cc = curl_easy_recv(ws->curl, ws->rbuf, SURQL_CONN__WS_RBUF, &got);
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
        ws->rlen = got;
        ws->roff = 0;
        ws->rdrained = ws->plain && got < SURQL_CONN__WS_RBUF;
    }
    size_t n = ws->rlen - ws->roff;
    if (n > len)
        n = len;
    memcpy(buf, ws->rbuf + ws->roff, n);
    ws->roff += n;
    surql_conn__ws_sniff_feed(&ws->sniff, buf, n);
    return (ssize_t)n;
}

/* Write buffered output to the socket until it is empty or would block.
 * 0, or -1 with ws->io_error set. */
static int wbuf_flush(surql_conn__ws *ws)
{
    while (ws->woff < ws->wlen) {
        size_t sent = 0;
        CURLcode cc = curl_easy_send(ws->curl, ws->wbuf + ws->woff, ws->wlen - ws->woff, &sent);
        if (cc == CURLE_AGAIN || (cc == CURLE_OK && sent == 0))
            break;
        if (cc != CURLE_OK) {
            ws->io_error = cc;
            return -1;
        }
        ws->woff += sent;
    }
    if (ws->woff == ws->wlen)
        ws->woff = ws->wlen = 0;
    return 0;
}

/* wslay hands over each frame in pieces (header, then the masked payload
 * in chunks): collect them; do_write() sends the lot at once. */
static ssize_t cb_send(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags,
                       void *ud)
{
    (void)flags;
    surql_conn__ws *ws = ud;
    if (!ws->curl) /* memory transport: output is discarded */
        return (ssize_t)len;
    if (ws->wlen - ws->woff >= SURQL_CONN__WS_WBUF_HIGH) {
        if (wbuf_flush(ws) != 0) {
            wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
            return -1;
        }
        if (ws->wlen - ws->woff >= SURQL_CONN__WS_WBUF_HIGH) {
            wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
            return -1;
        }
    }
    if (ws->woff > 0 && ws->woff == ws->wlen)
        ws->woff = ws->wlen = 0;
    if (ws->wcap - ws->wlen < len) {
        if (ws->woff > 0) { /* reclaim what was sent */
            memmove(ws->wbuf, ws->wbuf + ws->woff, ws->wlen - ws->woff);
            ws->wlen -= ws->woff;
            ws->woff = 0;
        }
        if (ws->wcap - ws->wlen < len) {
            size_t nc = ws->wcap ? ws->wcap : 16384;
            while (nc - ws->wlen < len)
                nc *= 2;
            unsigned char *nb = realloc(ws->wbuf, nc);
            if (!nb) {
                ws->nomem = 1;
                wslay_event_set_error(ctx, WSLAY_ERR_NOMEM);
                return -1;
            }
            ws->wbuf = nb;
            ws->wcap = nc;
        }
    }
    memcpy(ws->wbuf + ws->wlen, data, len);
    ws->wlen += len;
    return (ssize_t)len;
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
int surql_conn__ws_wait_fd(curl_socket_t fd, short events, int64_t timeout_ms)
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
    if (wslay_event_want_write(ws->ctx)) {
        int r = wslay_event_send(ws->ctx);
        if (r == WSLAY_ERR_NOMEM)
            return fail(ws, SURQL_ENOMEM, "%s: out of memory", ws->what);
        if (r != 0)
            goto lost;
    }
    if (ws->curl && wbuf_flush(ws) != 0)
        goto lost;
    return SURQL_OK;
lost:
    return fail(ws, SURQL_CONN_ECLOSED, "%s: connection lost while sending: %s", ws->what,
                curl_easy_strerror(ws->io_error ? ws->io_error : CURLE_SEND_ERROR));
}

/* best effort (a close on a failing connection): queued frames to the socket */
static void send_now(surql_conn__ws *ws)
{
    wslay_event_send(ws->ctx);
    if (ws->curl)
        wbuf_flush(ws);
}

/* output waiting: queued in wslay or buffered here */
static int pending_output(const surql_conn__ws *ws)
{
    return wslay_event_want_write(ws->ctx) || ws->woff < ws->wlen;
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
                send_now(ws);
                return fail_protocol(ws);
            }
            return fail(ws, SURQL_CONN_ECLOSED, "%s: connection lost: %s", ws->what,
                        curl_easy_strerror(ws->io_error ? ws->io_error : CURLE_RECV_ERROR));
        }
    }
    if (ws->oversized) {
        wslay_event_queue_close(ws->ctx, WSLAY_CODE_MESSAGE_TOO_BIG, NULL, 0);
        send_now(ws);
        return fail(ws, SURQL_CONN_EPROTOCOL,
                    "%s: the server sent a message of at least %llu bytes, more than the limit "
                    "of %zu bytes (client option max_message)",
                    ws->what, (unsigned long long)ws->oversize_len, ws->max_message);
    }
    if (ws->nomem)
        return fail(ws, SURQL_ENOMEM, "%s: out of memory receiving a message", ws->what);
    if (wslay_event_get_close_received(ws->ctx)) {
        /* best effort: answer the Close; the peer may already be gone */
        if (pending_output(ws))
            send_now(ws);
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
        if (pending_output(ws))
            ev |= POLLOUT;
        int w = surql_conn__ws_wait_fd(ws->fd, ev, left);
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
        if (!pending_output(ws))
            return SURQL_OK;
        int64_t left = surql_conn__remaining_ms(deadline_ms);
        if (left == 0)
            return surql_error_set(SURQL_ETIMEOUT, DOMAIN,
                                   "%s: output not written before the deadline", ws->what);
        if (surql_conn__ws_wait_fd(ws->fd, POLLOUT, left) < 0)
            return fail(ws, SURQL_CONN_ECLOSED, "%s: poll failed: %s", ws->what, strerror(errno));
    }
}

int surql_conn__ws_queue(surql_conn__ws *ws, int binary, const void *data, size_t len)
{
    if (!ws || (!data && len))
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn__ws_queue: NULL argument");
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
    return SURQL_OK;
}

int surql_conn__ws_send(surql_conn__ws *ws, int binary, const void *data, size_t len)
{
    int rc = surql_conn__ws_queue(ws, binary, data, len);
    return rc ? rc : do_write(ws);
}

int surql_conn__ws_write(surql_conn__ws *ws)
{
    if (!ws)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "ws is NULL");
    if (ws->failed)
        return latched(ws);
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
        if (pending_output(ws))
            ev |= POLLOUT;
        if (surql_conn__ws_wait_fd(ws->fd, ev, left) < 0)
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

/* wslay context of a connection whose upgrade succeeded */
int surql_conn__ws_init_framing(surql_conn__ws *ws)
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
    free(ws->rbuf);
    free(ws->wbuf);
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
    return ws && ws->ctx && !ws->failed && pending_output(ws);
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
