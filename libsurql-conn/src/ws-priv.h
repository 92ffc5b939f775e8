/* Private to the WebSocket transport (ws.c, ws-open.c): the connection
 * object and the helpers the two files share. Nothing else includes this. */
#ifndef SURQL_CONN_WS_PRIV_H
#define SURQL_CONN_WS_PRIV_H

#include <stdint.h>

#include <curl/curl.h>
#include <wslay/wslay.h>

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

    /* socket buffers (ws.c). One recv fills rbuf and wslay is served from
     * it (wslay itself asks for 4 KiB at a time); every frame wslay writes
     * is collected in wbuf and leaves in one send, header and payload
     * together, several messages together when they were queued together. */
    int plain;    /* ws:// without TLS: a short read means the socket is empty */
    int rdrained; /* the last read was short: the next one reports EAGAIN
                     without a system call (poll says when more arrives) */
    unsigned char *rbuf;
    size_t rlen, roff;
    unsigned char *wbuf;
    size_t wlen, woff, wcap;
};

/* Size of one socket read. */
#define SURQL_CONN__WS_RBUF ((size_t)64 << 10)
/* Output held before wslay is told the socket would block. */
#define SURQL_CONN__WS_WBUF_HIGH ((size_t)256 << 10)

/* poll @p fd for @p events up to @p timeout_ms (< 0 = no limit);
 * 1 ready, 0 timeout, -1 error (errno set) */
int surql_conn__ws_wait_fd(curl_socket_t fd, short events, int64_t timeout_ms);

/* wslay context of a connection whose upgrade succeeded (or of a memory
 * connection): callbacks, no buffering, size limit enforced by ws.c */
int surql_conn__ws_init_framing(surql_conn__ws *ws);

#endif
