/* Closing a WebSocket client while the keepalive and the reconnect logic are
 * at work, against the dev server (real engine):
 *  - close_in_callback_at_loss: a live callback (reader thread) closes the
 *    client at the moment the keepalive declares the frozen (SIGSTOP)
 *    server lost; the supervisor then wants to take the transport down.
 *    Before the fix the two threads joined each other (deadlock);
 *  - close_while_reconnecting: the server is frozen, the client is in a
 *    reconnect attempt whose upgrade would wait for the 20 s config timeout;
 *    close returns at once (the attempt is abandoned). The bound checked is
 *    generous (5 s): a hang check, not a benchmark. */
#include "client-fixture.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <surql/conn/live.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* shared by the callbacks and the test thread */
typedef struct shared {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    surql_conn_client *c;
    st_server *srv;
    int in_cb;        /* the live callback is running */
    int reconnecting; /* the state callback reported RECONNECTING */
    int closed;       /* surql_conn_client_close() returned inside the callback */
    int events;
} shared;

static shared g;

static void sh_init(void)
{
    memset(&g, 0, sizeof g);
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.cond, NULL);
}

static void sh_destroy(void)
{
    pthread_cond_destroy(&g.cond);
    pthread_mutex_destroy(&g.mu);
}

/* wait (up to @p ms) until *flag is set; the flag's value */
static int sh_wait(const int *flag, long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&g.mu);
    while (!*flag && pthread_cond_timedwait(&g.cond, &g.mu, &ts) == 0) {
    }
    int v = *flag;
    pthread_mutex_unlock(&g.mu);
    return v;
}

static void sh_set(int *flag)
{
    pthread_mutex_lock(&g.mu);
    *flag = 1;
    pthread_cond_broadcast(&g.cond);
    pthread_mutex_unlock(&g.mu);
}

static void on_state(void *ud, surql_conn_state st, const char *why)
{
    (void)ud;
    (void)why;
    if (st == SURQL_CONN_STATE_RECONNECTING)
        sh_set(&g.reconnecting);
}

/* keepalive 0.5 s + pong deadline 1 s; handshake/config timeout 20 s */
static int open_client(fx *f)
{
    memset(f, 0, sizeof *f);
    if (surql_conn_global_init() < 1)
        return st_fail(__FILE__, __LINE__, "global init: %s", fx_msg()) - 1;
    f->inited = 1;
    if (st_server_start(&f->s, "v3", NULL) != 0)
        return -1;
    snprintf(f->ns, sizeof f->ns, "%s", st_unique_name("ns"));
    snprintf(f->db, sizeof f->db, "%s", st_unique_name("db"));
    if (fx_config(f, f->s.ws_url, SURQL_CONN_PROTOCOL_CBOR) != 0)
        return -1;
    if (surql_conn_config_set_timeout_ms(f->cfg, 20000) ||
        surql_conn_config_set_retry_min_wait_ms(f->cfg, 100) ||
        surql_conn_config_set_retry_max_wait_ms(f->cfg, 1000) ||
        surql_conn_config_set_keepalive_interval_ms(f->cfg, 500) ||
        surql_conn_config_set_keepalive_timeout_ms(f->cfg, 1000))
        return st_fail(__FILE__, __LINE__, "config: %s", fx_msg()) - 1;
    if (surql_conn_client_open(&f->c, f->cfg, NULL) != 0)
        return st_fail(__FILE__, __LINE__, "open: %s", fx_msg()) - 1;
    surql_conn_client_set_state_callback(f->c, on_state, NULL);
    return 0;
}

/* A deadlock cannot be recovered from: report it and end the process
 * instead of hanging until the ctest timeout. */
static void die_deadlocked(const char *what)
{
    st_fail(__FILE__, __LINE__, "%s (deadlock or hang)", what);
    st_server_stop(g.srv); /* never leave the dev server behind */
    printf("not ok - %s\n", what);
    fflush(stdout);
    _exit(1);
}

/* ---- a live callback closes the client as the keepalive declares the loss - */

static void on_event_close(void *ud, surql_conn_live *lq, const surql_conn_live_event *ev)
{
    (void)ud;
    (void)lq;
    if (ev->action != SURQL_CONN_LIVE_CREATE)
        return;
    pthread_mutex_lock(&g.mu);
    int first = g.events++ == 0;
    pthread_mutex_unlock(&g.mu);
    if (!first)
        return;
    /* freeze the server now: nothing more arrives, and this (reader) thread
     * is busy, so the keepalive declares the link lost while we are here */
    st_server_signal(g.srv, SIGSTOP);
    sh_set(&g.in_cb);
    sh_wait(&g.reconnecting, 20000); /* the supervisor is taking the transport down */
    surql_conn_client_close(g.c);
    sh_set(&g.closed);
}

ST_TEST(close_in_callback_at_loss_v3)
{
    fx f;
    sh_init();
    surql_conn_live *lq = NULL;
    surql_conn_client *w = NULL;
    if (open_client(&f) == 0) {
        g.c = f.c;
        g.srv = &f.s;
        surql_value_unref(fx_q(f.c, "DEFINE TABLE cl SCHEMALESS", NULL));
        surql_conn_live_options o = SURQL_CONN_LIVE_OPTIONS_INIT;
        o.on_event = on_event_close;
        if (!st_failed_now() && surql_conn_live_start(&lq, f.c, "cl", &o) != SURQL_OK)
            st_fail(__FILE__, __LINE__, "live start: %s", fx_msg());
        if (!st_failed_now() && surql_conn_client_open(&w, f.cfg, NULL) != SURQL_OK)
            st_fail(__FILE__, __LINE__, "open writer: %s", fx_msg());
        if (!st_failed_now()) {
            /* the writer's call may fail once the server is frozen: its
             * answer can be the one that never comes; only the event matters */
            surql_value *r = NULL;
            surql_conn_call_options co = SURQL_CONN_CALL_OPTIONS_INIT;
            co.timeout_ms = 3000;
            co.flags = SURQL_CONN_CALL_NO_RETRY;
            surql_value *p = surql_value_array();
            surql_value_array_push_take(p, surql_value_string("CREATE cl:1 SET n = 1"));
            surql_conn_client_call(&r, w, "query", p, &co);
            surql_value_unref(p);
            surql_value_unref(r);
            int in_cb = sh_wait(&g.in_cb, 15000);
            int rec = in_cb && sh_wait(&g.reconnecting, 20000);
            st_note("callback entered %d, keepalive declared the loss %d", in_cb, rec);
            if (!in_cb || !rec)
                st_fail(__FILE__, __LINE__, "the scenario did not happen (callback %d, loss %d)",
                        in_cb, rec);
            else if (!sh_wait(&g.closed, 20000))
                die_deadlocked("surql_conn_client_close() in a live callback did not return "
                               "while the supervisor handled the keepalive loss");
            else {
                int st = surql_conn_client_state(f.c), open = surql_conn_client_is_open(f.c);
                int ping = surql_conn_ping(f.c), active = surql_conn_live_is_active(lq);
                /* closed for good, and the live handle ended with the connection */
                if (st != SURQL_CONN_STATE_CLOSED || open || ping != SURQL_CONN_ECLOSED || active)
                    st_fail(__FILE__, __LINE__, "after close: state %s open %d ping %s live %d",
                            surql_conn_state_name(st), open, surql_conn_status_name(ping),
                            active);
            }
        }
    }
    st_server_signal(&f.s, SIGCONT);
    surql_conn_live_free(lq);
    surql_conn_client_free(w);
    fx_teardown(&f);
    sh_destroy();
}

/* ---- close while a reconnect attempt waits for the frozen server ---------- */

static void close_while_reconnecting(fx *f)
{
    ST_OK(surql_conn_ping(f->c));
    st_server_signal(&f->s, SIGSTOP);
    int rec = sh_wait(&g.reconnecting, 20000);
    /* the first attempt opens a TCP connection (the kernel still accepts on
     * the frozen server's socket) and waits for the upgrade response, up to
     * the 20 s config timeout */
    fx_sleep_ms(700);
    int64_t t0 = now_ms();
    surql_conn_client_close(f->c);
    int64_t ms = now_ms() - t0;
    st_note("keepalive loss seen %d; close during the reconnect attempt took %lld ms", rec,
            (long long)ms);
    st_server_signal(&f->s, SIGCONT);
    ST_CHECK(rec);
    ST_CHECKF(ms < 5000,
              "close waited %lld ms for the reconnect attempt (config timeout 20000 ms)",
              (long long)ms);
    ST_EQ_INT(surql_conn_client_state(f->c), SURQL_CONN_STATE_CLOSED);
    ST_ERR(surql_conn_ping(f->c), SURQL_CONN_ECLOSED);
}

ST_TEST(close_while_reconnecting_v3)
{
    fx f;
    sh_init();
    if (open_client(&f) == 0)
        close_while_reconnecting(&f);
    st_server_signal(&f.s, SIGCONT);
    fx_teardown(&f); /* every path: a failed check returns here */
    sh_destroy();
}

ST_MAIN(ST_CASE(close_in_callback_at_loss_v3), ST_CASE(close_while_reconnecting_v3))
