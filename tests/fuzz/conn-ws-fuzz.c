/* libFuzzer target for the WebSocket frame/response path of libsurql-conn:
 * arbitrary bytes are the server's byte stream right after a successful
 * upgrade, and go through what the reader thread does with a real socket:
 * wslay's frame parser with the client's callbacks (ws.c: reassembly, size
 * limit, Ping/Close handling, the frame sniffer of ws-sniff.c), then decode
 * (CBOR or JSON), classification and dispatch (rpc.c) to requests in flight
 * and to the notification hook, and the completion of those requests
 * (finish: result or normalised server error). No network: the transport is
 * the memory one (surql_conn__ws_open_memory).
 *
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DSURQL_FUZZ=ON
 *   cmake --build build-fuzz --target conn-ws-fuzz
 *   build-fuzz/tests/fuzz/conn-ws-fuzz -dict=tests/fuzz/conn-ws.dict -max_len=4096 \
 *       corpus-dir tests/fuzz/conn-ws-corpus
 *
 * Input: byte 0 selects the mode, byte 1 the read size (0 = everything at
 * once, n = n bytes per read: frames split across reads), the rest is the
 * stream.
 *   bit 0     JSON (1) or CBOR (0) subprotocol
 *   bit 1     2.x dialect (error normalisation differs)
 *   bits 2-3  requests in flight (0-3; ids 1, 2, 3; methods query, signin, ping)
 *   bit 4     a notification hook is installed
 *   bits 5-7  max_message: 0 = 1 MiB, n = 32 << n bytes (64..4096; requests fit)
 *
 * Invariants (abort() on violation):
 *  - no crash, leak or out-of-bounds access (ASan/UBSan);
 *  - every request gets exactly one completion, by a response or when the
 *    connection closes; success carries a result, failure none, and the
 *    error slot then holds that status with a message;
 *  - the transport ends failed (the input ends in EOF) with an error message
 *    that names the connection. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/conn.h>
#include <surql/schema.h>

#include "client-internal.h"
#include "ws-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz {
    int completions;
    int notifications;
} fz;

static void on_done(void *ud, int status, surql_value *result)
{
    fz *f = ud;
    f->completions++;
    if (status == 0) {
        if (!result)
            abort();
        surql_value_unref(result);
        return;
    }
    const surql_error *e = surql_error_last();
    if (status > 0 || result || e->code != status || !e->message[0]) {
        fprintf(stderr, "completion: status %d, error slot %d '%s'\n", status, e->code,
                e->message);
        abort();
    }
}

static void on_notify(void *ud, const surql_value *n)
{
    fz *f = ud;
    if (!n)
        abort();
    f->notifications++;
}

static void quiet(void *ud, int level, const char *domain, const char *msg)
{
    (void)ud;
    (void)level;
    (void)domain;
    (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int inited;
    if (!inited) {
        if (surql_conn_global_init() < 1)
            abort();
        surql_log_set_handler(quiet, NULL, SURQL_LOG_ERROR);
        inited = 1;
    }
    if (size < 2)
        return 0;
    unsigned mode = data[0];
    surql_conn_protocol proto = (mode & 1) ? SURQL_CONN_PROTOCOL_JSON : SURQL_CONN_PROTOCOL_CBOR;
    int ncalls = (int)((mode >> 2) & 3);
    unsigned sel = (mode >> 5) & 7;
    size_t max_message = sel ? (size_t)32 << sel : (size_t)1 << 20;

    surql_conn_config *cfg = NULL;
    if (surql_conn_config_new(&cfg) || surql_conn_config_set_url(cfg, "ws://fuzz.invalid/rpc") ||
        surql_conn_config_set_protocol(cfg, proto))
        abort();
    fz f = { 0, 0 };
    surql_conn_client_options o = SURQL_CONN_CLIENT_OPTIONS_INIT;
    o.flags = SURQL_CONN_CLIENT_NO_RETRY;
#ifdef SURQL_CONN_CLIENT_NO_RECONNECT
    o.flags |= SURQL_CONN_CLIENT_NO_RECONNECT;
#endif
    o.max_message = max_message;
    if (mode & 0x10) {
        o.on_notify = on_notify;
        o.notify_userdata = &f;
    }
    surql_conn__link *l = surql_conn__link_new(cfg, &o);
    surql_conn_config_free(cfg);
    if (!l)
        abort();
    l->dialect = (mode & 2) ? SURQL_DIALECT_V2 : SURQL_DIALECT_V3;
    surql_conn__ws *ws = NULL;
    if (surql_conn__ws_open_memory(&ws, proto, max_message, data + 2, size - 2, data[1]) != 0)
        abort();
    l->ws = ws;

    /* the root view, as surql_conn_client_open() makes it (it takes over
     * the link's reference) */
    surql_conn_client *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    atomic_init(&c->refs, 1);
    atomic_init(&c->timeout_ms, -1); /* no deadlines: only responses and close complete */
    c->kind = SURQL_CONN__VIEW_ROOT;
    c->link = l;
    c->sess = l->default_sess;
    atomic_fetch_add(&c->sess->refs, 1);

    static const char *const methods[3] = { "query", "signin", "ping" };
    for (int i = 0; i < ncalls; i++)
        if (surql_conn_client_call_async(c, methods[i], NULL, NULL, on_done, &f) != 0)
            abort();

    /* reader steps until the transport fails: the input ends in EOF, and
     * every step consumes input (wslay stops at an incomplete frame, as it
     * does when a socket has nothing more to read) */
    int rc = 0;
    for (size_t step = 0; rc == 0; step++) {
        if (step > size + 8)
            abort(); /* no progress: the reader would spin */
        rc = surql_conn__ws_process(ws);
        if (rc != 0 && !strstr(surql_error_last()->message, "WebSocket memory: "))
            abort();
        surql_conn__ws_msg m = SURQL_CONN__WS_MSG_INIT;
        while (surql_conn__ws_next(ws, &m)) {
            if (!m.data || m.data[m.len] != '\0')
                abort();
            surql_conn__link_dispatch(l, &m);
            surql_conn__ws_msg_clear(&m);
        }
    }
    if (rc > 0 || surql_conn__ws_process(ws) != rc) /* latched */
        abort();

    surql_conn__link_close(l, "fuzz: end of input");
    if (f.completions != ncalls)
        abort();
    surql_conn_client_free(c);
    return 0;
}
