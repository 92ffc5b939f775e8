/* Fault tests of the reconnecting client against the dev server:
 *  - restart: the server (persistent storage) is killed and restarted while
 *    a live query and a request are active: the request fails clearly, the
 *    client reconnects, ns/db/variables/auth of the default and an attached
 *    session are restored, the live query resumes under a new id after a
 *    GAP event, and the state callback saw reconnecting -> connected;
 *  - freeze: SIGSTOP; the keepalive's pong deadline detects the silent
 *    server and fails a call that has no deadline; SIGCONT reconnects;
 *  - drop: a TCP proxy in the test cuts the connection in the middle of a
 *    large frame; the client reconnects through it and resumes;
 *  - no_reconnect: with reconnection disabled the connection closes for good.
 */
#include "live-fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <unistd.h>

#include <surql/conn/live.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- state recorder --------------------------------------------------------- */

typedef struct states {
    pthread_mutex_t mu;
    int v[64];
    int n;
    char last_reason[512];
} states;

static void on_state(void *ud, surql_conn_state st, const char *why)
{
    states *s = ud;
    pthread_mutex_lock(&s->mu);
    if (s->n < 64)
        s->v[s->n++] = (int)st;
    snprintf(s->last_reason, sizeof s->last_reason, "%s", why);
    pthread_mutex_unlock(&s->mu);
}

/* wait until the state is @p want (up to @p ms); 1 when reached */
static int wait_state(surql_conn_client *c, surql_conn_state want, long ms)
{
    for (long t = 0; t < ms; t += 50) {
        if (surql_conn_client_state(c) == want)
            return 1;
        fx_sleep_ms(50);
    }
    return surql_conn_client_state(c) == want;
}

static int saw(states *s, surql_conn_state st)
{
    pthread_mutex_lock(&s->mu);
    int r = 0;
    for (int i = 0; i < s->n; i++)
        r |= s->v[i] == (int)st;
    pthread_mutex_unlock(&s->mu);
    return r;
}

/* ---- a call on another thread ------------------------------------------------ */

typedef struct slow {
    surql_conn_client *c;
    const char *sql;
    int rc;
    char msg[512];
    int64_t ms;
} slow;

static void *slow_main(void *arg)
{
    slow *s = arg;
    int64_t t0 = now_ms();
    surql_value *r = NULL;
    s->rc = surql_conn_query(&r, s->c, s->sql, NULL);
    s->ms = now_ms() - t0;
    snprintf(s->msg, sizeof s->msg, "%s", s->rc ? fx_msg() : "");
    surql_value_unref(r);
    return NULL;
}

static surql_value *q1(surql_conn_client *c, const char *sql)
{
    surql_value *r = fx_q(c, sql, NULL);
    const surql_value *v = NULL;
    surql_value *out = NULL;
    if (r && surql_query_result_at(r, surql_value_length(r) - 1, &v) == SURQL_OK)
        out = surql_value_ref(v);
    surql_value_unref(r);
    return out;
}

static int q_str_eq(surql_conn_client *c, const char *sql, const char *want)
{
    surql_value *v = q1(c, sql);
    const char *s = NULL;
    int ok = v && surql_value_get_string(v, &s, NULL) == SURQL_OK && !strcmp(s, want);
    if (!ok) {
        char *j = v ? fx_json(v) : NULL;
        st_fail(__FILE__, __LINE__, "%s: got %s, want '%s'", sql, j ? j : "(nothing)", want);
        free(j);
    }
    surql_value_unref(v);
    return ok;
}

static surql_conn_live_event *next_ev(surql_conn_live *lq, long ms)
{
    surql_conn_live_event *ev = NULL;
    int rc = surql_conn_live_next(lq, &ev, ms);
    if (rc)
        st_fail(__FILE__, __LINE__, "live next: %s: %s", surql_conn_status_name(rc), fx_msg());
    return ev;
}

static int fault_config(fx *f, const char *url)
{
    if (fx_config(f, url, SURQL_CONN_PROTOCOL_CBOR) != 0)
        return -1;
    if (surql_conn_config_set_timeout_ms(f->cfg, 5000) ||
        surql_conn_config_set_retry_min_wait_ms(f->cfg, 100) ||
        surql_conn_config_set_retry_max_wait_ms(f->cfg, 1000) ||
        surql_conn_config_set_keepalive_interval_ms(f->cfg, 500) ||
        surql_conn_config_set_keepalive_timeout_ms(f->cfg, 1000))
        return st_fail(__FILE__, __LINE__, "config: %s", fx_msg()) - 1;
    return 0;
}

/* ---- restart --------------------------------------------------------------------- */

static states g_states;

typedef struct handles {
    surql_conn_client *s2, *w;
    surql_conn_live *lq;
    int frozen;
    char dir[128];
    const char *engine; /* "v3" or "v2" */
} handles;

/* start the server and open the client with the fault config */
static int fault_setup(fx *f, const char *storage)
{
    memset(&g_states, 0, sizeof g_states);
    if (surql_conn_global_init() < 1)
        return st_fail(__FILE__, __LINE__, "global init") - 1;
    f->inited = 1;
    if (st_server_start(&f->s, "v3", storage) != 0)
        return -1;
    snprintf(f->ns, sizeof f->ns, "%s", st_unique_name("ns"));
    snprintf(f->db, sizeof f->db, "%s", st_unique_name("db"));
    if (fault_config(f, f->s.ws_url) != 0)
        return -1;
    if (surql_conn_client_open(&f->c, f->cfg, NULL) != 0)
        return st_fail(__FILE__, __LINE__, "open: %s", fx_msg()) - 1;
    surql_conn_client_set_state_callback(f->c, on_state, &g_states);
    return 0;
}

static void fault_teardown(fx *f, handles *h)
{
    if (h->frozen)
        st_server_signal(&f->s, SIGCONT);
    surql_conn_live_free(h->lq);
    surql_conn_client_free(h->w);
    surql_conn_client_free(h->s2);
    fx_teardown(f);
    if (h->dir[0]) {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf %s", h->dir);
        if (system(cmd) != 0)
            st_note("could not remove %s", h->dir);
    }
}

static void restart_body(fx *f, handles *h)
{
    surql_value *x = surql_value_string("kept");
    ST_OK(surql_conn_let(f->c, "mark", x));
    surql_value_unref(x);
    surql_value_unref(fx_q(f->c, "DEFINE TABLE t SCHEMALESS", NULL));
    /* an attached session with its own database, variable and sign-in */
    ST_OK(surql_conn_session_attach(&h->s2, f->c));
    surql_conn_credentials cr = SURQL_CONN_CREDENTIALS_INIT;
    cr.user = f->s.user;
    cr.pass = f->s.pass;
    ST_OK(surql_conn_signin(NULL, h->s2, &cr));
    ST_OK(surql_conn_use(NULL, h->s2, f->ns, "other"));
    x = surql_value_string("sess-var");
    int rc = surql_conn_let(h->s2, "mark", x);
    surql_value_unref(x);
    ST_OK(rc);
    ST_OK(surql_conn_live_start(&h->lq, f->c, "t", NULL));
    surql_value *id0 = surql_conn_live_id(h->lq);
    surql_value_unref(fx_q(f->c, "CREATE t:1 SET n = 1", NULL));
    surql_conn_live_event *ev = next_ev(h->lq, 10000);
    int ok = ev && ev->action == SURQL_CONN_LIVE_CREATE;
    surql_conn_live_event_free(ev);
    ST_CHECK(ok);

    /* a request in flight while the server is killed fails clearly */
    slow sl = { f->c, "SLEEP 60s; RETURN 1", 0, "", 0 };
    pthread_t th;
    pthread_create(&th, NULL, slow_main, &sl);
    fx_sleep_ms(300);
    st_server_signal(&f->s, SIGKILL);
    pthread_join(th, NULL);
    st_note("in flight: %s after %lld ms: %s", surql_conn_status_name(sl.rc), (long long)sl.ms,
            sl.msg);
    ST_EQ_INT(sl.rc, SURQL_CONN_ECLOSED);
    ST_CHECK(strstr(sl.msg, "may have been processed") != NULL);
    ST_CHECK(sl.ms < 30000); /* failed at the kill, not when the statement ended */
    ST_CHECK(st_server_restart(&f->s) == 0);
    ST_CHECK(wait_state(f->c, SURQL_CONN_STATE_CONNECTED, 30000));
    ST_CHECK(saw(&g_states, SURQL_CONN_STATE_RECONNECTING));
    st_note("state: %s", g_states.last_reason);
    surql_conn_client_stats cs;
    ST_OK(surql_conn_client_get_stats(f->c, &cs));
    ST_CHECK(cs.reconnects >= 1);
    /* session state restored: ns/db, variables, auth (guests may not query) */
    q_str_eq(f->c, "RETURN session::ns()", f->ns);
    q_str_eq(f->c, "RETURN session::db()", f->db);
    q_str_eq(f->c, "RETURN $mark", "kept");
    q_str_eq(h->s2, "RETURN session::db()", "other");
    q_str_eq(h->s2, "RETURN $mark", "sess-var");
    ST_BAIL_IF_FAILED();
    /* the live query resumed under a new id, after a GAP event */
    ev = next_ev(h->lq, 10000);
    ST_CHECK(ev != NULL);
    int gap = ev->action == SURQL_CONN_LIVE_GAP && ev->gap_from_ms > 0 &&
              ev->gap_from_ms <= ev->gap_to_ms;
    st_note("%s %lld ms: %s", surql_conn_live_action_name(ev->action),
            (long long)(ev->gap_to_ms - ev->gap_from_ms), ev->message ? ev->message : "");
    surql_conn_live_event_free(ev);
    ST_CHECK(gap);
    surql_value *id1 = surql_conn_live_id(h->lq);
    int changed = id1 && !surql_value_equal(id0, id1);
    surql_value_unref(id0);
    surql_value_unref(id1);
    ST_CHECK(changed);
    ST_OK(surql_conn_client_open(&h->w, f->cfg, NULL));
    surql_value_unref(fx_q(h->w, "CREATE t:2 SET n = 2", NULL));
    ev = next_ev(h->lq, 10000);
    ST_CHECK(ev != NULL);
    int64_t n = 0;
    surql_value_get_int(surql_value_object_get(ev->result, "n"), &n);
    int act = ev->action;
    surql_conn_live_event_free(ev);
    ST_EQ_INT(act, SURQL_CONN_LIVE_CREATE);
    ST_EQ_INT(n, 2);
    /* persistent storage: the record written before the crash is there */
    surql_value *cnt = q1(f->c, "RETURN count(SELECT * FROM t)");
    int64_t c = 0;
    surql_value_get_int(cnt, &c);
    surql_value_unref(cnt);
    ST_EQ_INT(c, 2);
}

/* Set up (memory storage, or surrealkv in a per-process directory when
 * @p persistent), run @p body, always tear down. */
static void fault_run(int persistent, void (*body)(fx *, handles *))
{
    fx f;
    handles h;
    memset(&f, 0, sizeof f);
    memset(&h, 0, sizeof h);
    char storage[160] = "";
    if (persistent) {
        snprintf(h.dir, sizeof h.dir, "/tmp/hl-fault-%d", (int)getpid());
        snprintf(storage, sizeof storage, "surrealkv:%s", h.dir);
    }
    pthread_mutex_init(&g_states.mu, NULL);
    if (fault_setup(&f, persistent ? storage : NULL) == 0)
        body(&f, &h);
    fault_teardown(&f, &h);
}

ST_TEST(restart_v3)
{
    fault_run(1, restart_body);
    ST_CHECK(saw(&g_states, SURQL_CONN_STATE_CLOSED));
}

/* ---- freeze --------------------------------------------------------------------- */

static int wait_saw(surql_conn_state st, long ms)
{
    for (long t = 0; t < ms && !saw(&g_states, st); t += 50)
        fx_sleep_ms(50);
    return saw(&g_states, st);
}

static void freeze_body(fx *f, handles *h)
{
    surql_value_unref(fx_q(f->c, "DEFINE TABLE frz SCHEMALESS", NULL));
    ST_OK(surql_conn_live_start(&h->lq, f->c, "frz", NULL));
    /* a call without any deadline must not hang on a frozen server */
    st_server_signal(&f->s, SIGSTOP);
    h->frozen = 1;
    int64_t t0 = now_ms();
    surql_conn_call_options co = SURQL_CONN_CALL_OPTIONS_INIT;
    co.timeout_ms = -1;
    co.flags = SURQL_CONN_CALL_NO_RETRY;
    surql_value *arr = surql_value_array();
    surql_value_array_push_take(arr, surql_value_string("RETURN 1"));
    int rc = surql_conn_client_call(NULL, f->c, "query", arr, &co);
    int64_t ms = now_ms() - t0;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", fx_msg());
    surql_value_unref(arr);
    st_note("call on the frozen server: %s after %lld ms: %s", surql_conn_status_name(rc),
            (long long)ms, msg);
    ST_EQ_INT(rc, SURQL_CONN_ECLOSED);
    ST_CHECK(strstr(msg, "keepalive") != NULL);
    /* keepalive 0.5 s + pong deadline 1 s: detected long before 15 s */
    ST_CHECK(ms < 15000);
    ST_EQ_INT(surql_conn_client_state(f->c), SURQL_CONN_STATE_RECONNECTING);
    ST_EQ_INT(surql_conn_client_is_open(f->c), 0);
    ST_CHECK(wait_saw(SURQL_CONN_STATE_RECONNECTING, 5000));
    st_server_signal(&f->s, SIGCONT);
    h->frozen = 0;
    ST_CHECK(wait_state(f->c, SURQL_CONN_STATE_CONNECTED, 30000));
    ST_OK(surql_conn_ping(f->c));
    surql_conn_live_event *ev = next_ev(h->lq, 10000);
    int gap = ev && ev->action == SURQL_CONN_LIVE_GAP;
    surql_conn_live_event_free(ev);
    ST_CHECK(gap);
}

ST_TEST(freeze_v3) { fault_run(0, freeze_body); }

/* ---- drop: a proxy cuts the connection in the middle of a frame ------------ */

typedef struct proxy {
    int lfd;            /* listening socket */
    int port;           /* its port */
    int up_port;        /* the server's port */
    atomic_int stop;
    atomic_int cut_after; /* > 0: forward this many more server bytes, then cut */
    atomic_int cuts;      /* connections cut so far */
    atomic_int accepted;
    atomic_int refuse;    /* close new connections at once */
    pthread_t th;
} proxy;

static int pump(int from, int to, char *buf, size_t cap, int limit)
{
    ssize_t n = read(from, buf, limit > 0 && (size_t)limit < cap ? (size_t)limit : cap);
    if (n <= 0)
        return -1;
    for (ssize_t off = 0; off < n;) {
        ssize_t w = write(to, buf + off, (size_t)(n - off));
        if (w <= 0)
            return -1;
        off += w;
    }
    return (int)n;
}

static void *proxy_main(void *arg)
{
    proxy *p = arg;
    static char buf[65536];
    while (!atomic_load(&p->stop)) {
        struct pollfd lp = { p->lfd, POLLIN, 0 };
        if (poll(&lp, 1, 100) <= 0)
            continue;
        int c = accept(p->lfd, NULL, NULL);
        if (c < 0)
            continue;
        if (atomic_load(&p->refuse)) {
            close(c);
            continue;
        }
        atomic_fetch_add(&p->accepted, 1);
        int u = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)p->up_port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (u < 0 || connect(u, (struct sockaddr *)&a, sizeof a) != 0) {
            close(c);
            if (u >= 0)
                close(u);
            continue;
        }
        while (!atomic_load(&p->stop)) {
            struct pollfd fds[2] = { { c, POLLIN, 0 }, { u, POLLIN, 0 } };
            if (poll(fds, 2, 100) < 0)
                break;
            if (fds[0].revents && pump(c, u, buf, sizeof buf, 0) < 0)
                break;
            if (fds[1].revents) {
                int lim = atomic_load(&p->cut_after);
                int n = pump(u, c, buf, sizeof buf, lim);
                if (n < 0)
                    break;
                if (lim > 0) {
                    if (n >= lim) { /* cut mid-frame: no close frame, no FIN from the server */
                        atomic_store(&p->cut_after, 0);
                        atomic_fetch_add(&p->cuts, 1);
                        break;
                    }
                    atomic_store(&p->cut_after, lim - n);
                }
            }
        }
        close(c);
        close(u);
    }
    return NULL;
}

static int proxy_start(proxy *p, int up_port)
{
    memset(p, 0, sizeof *p);
    p->up_port = up_port;
    p->lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (p->lfd < 0 || bind(p->lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(p->lfd, 8) != 0 || getsockname(p->lfd, (struct sockaddr *)&a, &len) != 0)
        return st_fail(__FILE__, __LINE__, "proxy: %s", strerror(errno)) - 1;
    p->port = ntohs(a.sin_port);
    pthread_create(&p->th, NULL, proxy_main, p);
    return 0;
}

static void proxy_stop(proxy *p)
{
    atomic_store(&p->stop, 1);
    pthread_join(p->th, NULL);
    close(p->lfd);
}

static proxy g_proxy;

static void drop_body(fx *f, handles *h)
{
    surql_value *x = surql_value_string("kept");
    ST_OK(surql_conn_let(f->c, "mark", x));
    surql_value_unref(x);
    surql_value_unref(fx_q(f->c, "DEFINE TABLE d SCHEMALESS", NULL));
    ST_OK(surql_conn_live_start(&h->lq, f->c, "d", NULL));
    ST_EQ_INT(atomic_load(&g_proxy.accepted), 1);
    /* a 200 kB response: the proxy forwards 1000 bytes of it and cuts */
    atomic_store(&g_proxy.cut_after, 1000);
    surql_value *r = NULL;
    int rc = surql_conn_query(&r, f->c, "RETURN string::repeat('x', 200000)", NULL);
    surql_value_unref(r);
    st_note("call cut mid-frame: %s: %s", surql_conn_status_name(rc), fx_msg());
    ST_EQ_INT(atomic_load(&g_proxy.cuts), 1);
    ST_EQ_INT(rc, SURQL_CONN_ECLOSED);
    ST_CHECK(wait_state(f->c, SURQL_CONN_STATE_CONNECTED, 30000));
    ST_CHECK(atomic_load(&g_proxy.accepted) >= 2);
    /* the same call through the new connection works */
    r = q1(f->c, "RETURN string::len(string::repeat('x', 200000))");
    int64_t len = 0;
    surql_value_get_int(r, &len);
    surql_value_unref(r);
    ST_EQ_INT(len, 200000);
    q_str_eq(f->c, "RETURN $mark", "kept");
    q_str_eq(f->c, "RETURN session::db()", f->db);
    surql_conn_live_event *ev = next_ev(h->lq, 10000);
    int gap = ev && ev->action == SURQL_CONN_LIVE_GAP;
    surql_conn_live_event_free(ev);
    ST_CHECK(gap);
    surql_value_unref(fx_q(f->c, "CREATE d:1", NULL));
    ev = next_ev(h->lq, 10000);
    int created = ev && ev->action == SURQL_CONN_LIVE_CREATE;
    surql_conn_live_event_free(ev);
    ST_CHECK(created);
}

/* Start @p engine, a proxy in front of it, open the client through the
 * proxy (fault config) and run @p body; always tears everything down. */
static void proxied_run(const char *engine, void (*body)(fx *, handles *))
{
    fx f;
    handles h;
    memset(&f, 0, sizeof f);
    memset(&h, 0, sizeof h);
    h.engine = engine;
    memset(&g_states, 0, sizeof g_states);
    pthread_mutex_init(&g_states.mu, NULL);
    ST_CHECK(surql_conn_global_init() >= 1);
    f.inited = 1;
    int proxied = 0;
    if (st_server_start(&f.s, engine, NULL) == 0 && proxy_start(&g_proxy, f.s.port) == 0) {
        proxied = 1;
        char url[128];
        snprintf(url, sizeof url, "ws://127.0.0.1:%d/rpc", g_proxy.port);
        snprintf(f.ns, sizeof f.ns, "%s", st_unique_name("ns"));
        snprintf(f.db, sizeof f.db, "%s", st_unique_name("db"));
        /* the losses here are cuts by the proxy; a slow (loaded) server must
         * not cause an extra one through the keepalive's short test deadline */
        if (fault_config(&f, url) == 0) {
            if (surql_conn_config_set_keepalive_timeout_ms(f.cfg, 10000) != 0)
                st_fail(__FILE__, __LINE__, "config: %s", fx_msg());
            else if (surql_conn_client_open(&f.c, f.cfg, NULL) == 0)
                body(&f, &h);
            else
                st_fail(__FILE__, __LINE__, "open: %s", fx_msg());
        }
    }
    fault_teardown(&f, &h);
    if (proxied)
        proxy_stop(&g_proxy);
}

ST_TEST(drop_v3) { proxied_run("v3", drop_body); }
ST_TEST(drop_v2) { proxied_run("v2", drop_body); }

/* ---- changefeed replay of the gap ------------------------------------------------ */

/* Cut the client off (the proxy refuses it), run @p sql on the writer while
 * it is off, let it back in and wait for the reconnect. 0 or -1 (recorded). */
static int outage_with_writes(fx *f, handles *h, const char *sql)
{
    fx_sleep_ms(1100); /* the changefeed's clock: keep these writes clearly after the loss */
    atomic_store(&g_proxy.refuse, 1);
    atomic_store(&g_proxy.cut_after, 1);
    surql_conn_call_options co = SURQL_CONN_CALL_OPTIONS_INIT;
    co.flags = SURQL_CONN_CALL_NO_RETRY; /* fails at the cut: not repeated after a reconnect */
    int rc = surql_conn_client_call(NULL, f->c, "ping", NULL, &co);
    if (rc != SURQL_CONN_ECLOSED)
        return st_fail(__FILE__, __LINE__, "ping through the cut: %s: %s",
                       surql_conn_status_name(rc), fx_msg()) - 1;
    surql_value_unref(fx_q(h->w, sql, NULL));
    atomic_store(&g_proxy.refuse, 0);
    if (st_failed_now())
        return -1;
    if (!wait_state(f->c, SURQL_CONN_STATE_CONNECTED, 30000))
        return st_fail(__FILE__, __LINE__, "no reconnect: %s", fx_msg()) - 1;
    return 0;
}

/* The next @p n events (fewer when none comes in time) as text "GAP REPLAY
 * update cf:1 ..." (a REPLAY shows its change kind and record). An event
 * beyond what a test expects shows up in the test's next check. */
static void replayed_text(surql_conn_live *lq, int n, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        surql_conn_live_event *ev = NULL;
        if (surql_conn_live_next(lq, &ev, i ? 5000 : 10000) != SURQL_OK)
            break;
        const char *kind = "";
        char rec[64] = "";
        if (ev->action == SURQL_CONN_LIVE_REPLAY && ev->result) {
            kind = surql_value_object_get(ev->result, "update")   ? " update"
                   : surql_value_object_get(ev->result, "delete") ? " delete"
                   : surql_value_object_get(ev->result, "create") ? " create"
                                                                  : " ?";
            const char *tb = NULL;
            const surql_value *key = NULL;
            int64_t k = -1;
            if (surql_value_record_table(ev->record, &tb) == SURQL_OK &&
                surql_value_record_key(ev->record, &key) == SURQL_OK &&
                surql_value_get_int(key, &k) == SURQL_OK)
                snprintf(rec, sizeof rec, " %s:%lld", tb, (long long)k);
        }
        if (ev->message && ev->action == SURQL_CONN_LIVE_REPLAY)
            st_note("REPLAY note: %s", ev->message);
        size_t used = strlen(out);
        snprintf(out + used, cap - used, "%s%s%s%s", used ? " " : "",
                 surql_conn_live_action_name(ev->action), kind, rec);
        surql_conn_live_event_free(ev);
    }
    st_note("after the reconnect: %s", out);
}

static void replay_body(fx *f, handles *h)
{
    surql_conn_live_options o = SURQL_CONN_LIVE_OPTIONS_INIT;
    o.flags = SURQL_CONN_LIVE_REPLAY_GAP;
    /* the writer does not go through the proxy */
    if (lfx_start(f, f->c, "DEFINE TABLE cf SCHEMALESS CHANGEFEED 1h", "cf", &o, f->s.ws_url,
                  &h->lq, &h->w) != 0)
        return;
    /* before the loss: delivered live; 3.x replays from the loss (minus
     * 1 s), so not again; 2.x replays from where the changefeed ended when the
     * live query started (or the previous replay ended): again */
    surql_value_unref(fx_q(h->w, "CREATE cf:0 SET n = 0", NULL));
    surql_conn_live_event *ev = next_ev(h->lq, 10000);
    int live0 = ev && ev->action == SURQL_CONN_LIVE_CREATE;
    if (ev && !live0)
        st_note("first event: %s %s", surql_conn_live_action_name(ev->action),
                ev->message ? ev->message : "");
    surql_conn_live_event_free(ev);
    ST_CHECK(live0);
    ST_BAIL_IF_FAILED();
    if (outage_with_writes(f, h, "CREATE cf:1 SET n = 1; CREATE cf:2 SET n = 2; DELETE cf:1"))
        return;
    /* the GAP, then the replayed changes in changefeed order, then nothing */
    char got[512];
    replayed_text(h->lq, strcmp(h->engine, "v2") ? 4 : 5, got, sizeof got);
    ST_EQ_STR(got, strcmp(h->engine, "v2")
                       ? "GAP REPLAY update cf:1 REPLAY update cf:2 REPLAY delete cf:1"
                       : "GAP REPLAY update cf:0 REPLAY update cf:1 REPLAY update cf:2 REPLAY "
                         "delete cf:1");
    /* a second loss replays only what changed during it (both engines) */
    if (outage_with_writes(f, h, "UPDATE cf:2 SET n = 3"))
        return;
    replayed_text(h->lq, 2, got, sizeof got);
    ST_EQ_STR(got, "GAP REPLAY update cf:2");
    /* and the live query goes on (nothing else was queued before it) */
    surql_value_unref(fx_q(h->w, "CREATE cf:4 SET n = 4", NULL));
    ev = next_ev(h->lq, 10000);
    int live4 = ev && ev->action == SURQL_CONN_LIVE_CREATE;
    surql_conn_live_event_free(ev);
    ST_CHECK(live4);
    surql_conn_live_stats st;
    ST_OK(surql_conn_live_get_stats(h->lq, &st));
    ST_EQ_INT(st.gaps, 2);
}

ST_TEST(replay_gap_v3) { proxied_run("v3", replay_body); }
ST_TEST(replay_gap_v2) { proxied_run("v2", replay_body); }

/* ---- a fresh server (memory storage) does not know the old token: the
 * session signed in with the config's credentials at open signs in again */

static void reauth_body(fx *f, handles *h)
{
    (void)h;
    surql_value_unref(fx_q(f->c, "DEFINE TABLE ra SCHEMALESS; CREATE ra:1", NULL));
    st_server_signal(&f->s, SIGKILL);
    ST_CHECK(st_server_restart(&f->s) == 0);
    ST_CHECK(wait_state(f->c, SURQL_CONN_STATE_CONNECTED, 30000));
    pthread_mutex_lock(&g_states.mu);
    char reason[512];
    snprintf(reason, sizeof reason, "%s", g_states.last_reason);
    pthread_mutex_unlock(&g_states.mu);
    st_note("state: %s", reason);
    ST_CHECK(strstr(reason, "could not be re-authenticated") == NULL);
    /* guests may not query (the dev server refuses them like a real server):
     * this works only when the session is authenticated again */
    surql_value *v = q1(f->c, "RETURN 41 + 1");
    int64_t c = -1;
    surql_value_get_int(v, &c);
    surql_value_unref(v);
    ST_EQ_INT(c, 42);
    q_str_eq(f->c, "RETURN session::ns()", f->ns);
}

ST_TEST(reauth_v3) { fault_run(0, reauth_body); }

/* ---- reconnection disabled: closed for good; interactive txn lost on reconnect -- */

static void txn_lost_body(fx *f, handles *h)
{
    (void)h;
    surql_conn_txn *t = NULL;
    ST_OK(surql_conn_txn_begin(&t, f->c, 0));
    ST_CHECK(surql_conn_txn_is_interactive(t));
    st_server_signal(&f->s, SIGKILL);
    ST_CHECK(st_server_restart(&f->s) == 0);
    ST_CHECK(wait_state(f->c, SURQL_CONN_STATE_CONNECTED, 30000));
    surql_value *r = NULL;
    int rc = surql_conn_query(&r, surql_conn_txn_client(t), "RETURN 1", NULL);
    surql_value_unref(r);
    st_note("call in a lost transaction: %s: %s", surql_conn_status_name(rc), fx_msg());
    int clear = rc == SURQL_ESTATE && strstr(fx_msg(), "transaction was lost") != NULL;
    surql_conn_txn_cancel(t);
    surql_conn_txn_free(t);
    ST_CHECK(clear);
    ST_OK(surql_conn_ping(f->c));
}

ST_TEST(txn_lost_v3) { fault_run(0, txn_lost_body); }

ST_TEST(no_reconnect_v3)
{
    fx f;
    handles h;
    memset(&f, 0, sizeof f);
    memset(&h, 0, sizeof h);
    memset(&g_states, 0, sizeof g_states);
    pthread_mutex_init(&g_states.mu, NULL);
    ST_CHECK(surql_conn_global_init() >= 1);
    f.inited = 1;
    if (st_server_start(&f.s, "v3", NULL) == 0) {
        snprintf(f.ns, sizeof f.ns, "%s", st_unique_name("ns"));
        snprintf(f.db, sizeof f.db, "%s", st_unique_name("db"));
        if (fault_config(&f, f.s.ws_url) == 0 && surql_conn_config_set_reconnect(f.cfg, 0) == 0 &&
            surql_conn_client_open(&f.c, f.cfg, NULL) == 0) {
            surql_conn_client_set_state_callback(f.c, on_state, &g_states);
            surql_value_unref(fx_q(f.c, "DEFINE TABLE nr SCHEMALESS", NULL));
            surql_conn_live_start(&h.lq, f.c, "nr", NULL);
            st_server_signal(&f.s, SIGKILL);
            int closed = wait_state(f.c, SURQL_CONN_STATE_CLOSED, 10000);
            st_server_restart(&f.s);
            fx_sleep_ms(500);
            int rp = surql_conn_ping(f.c);
            surql_conn_live_event *ev = NULL;
            int rn = h.lq ? surql_conn_live_next(h.lq, &ev, 5000) : 0;
            int cb = wait_saw(SURQL_CONN_STATE_CLOSED, 5000);
            if (!closed || rp != SURQL_CONN_ECLOSED || rn != SURQL_ESTATE || !cb || !h.lq)
                st_fail(__FILE__, __LINE__, "closed %d ping %s live %s callback %d", closed,
                        surql_conn_status_name(rp), surql_conn_status_name(rn), cb);
        } else {
            st_fail(__FILE__, __LINE__, "setup: %s", fx_msg());
        }
    }
    fault_teardown(&f, &h);
}

ST_MAIN(ST_CASE(restart_v3), ST_CASE(freeze_v3), ST_CASE(drop_v3), ST_CASE(drop_v2),
        ST_CASE(replay_gap_v3), ST_CASE(replay_gap_v2), ST_CASE(reauth_v3), ST_CASE(txn_lost_v3),
        ST_CASE(no_reconnect_v3))
