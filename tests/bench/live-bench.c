/* live-bench: live-notification throughput from one writer (issue 6).
 * Prints figures, asserts nothing; tests/bench/run-live-bench.sh runs it
 * next to the JS SDK doing the same (live-peer.mjs) against one dev server.
 *
 *   live-bench --url ws://127.0.0.1:PORT/rpc [--user root] [--pass root]
 *              [--ns bench] [--db bench] [--count 20000] [--batch 200]
 *
 * One client subscribes (`live` on a fresh table, callback mode); a second
 * client (the writer) creates --count records, --batch CREATE statements
 * per `query`. Throughput = notifications received / time from the first
 * write to the last notification. Output: `c.live.<figure> <value>` lines. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <surql/conn.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static atomic_long g_got;
static double g_last;

static void on_event(void *ud, surql_conn_live *lq, const surql_conn_live_event *ev)
{
    (void)ud;
    (void)lq;
    if (ev->action == SURQL_CONN_LIVE_CREATE) {
        atomic_fetch_add(&g_got, 1);
        g_last = now_s();
    }
}

static int die(const char *what)
{
    fprintf(stderr, "live-bench: %s: %s\n", what, surql_error_last()->message);
    return 1;
}

int main(int argc, char **argv)
{
    const char *url = NULL, *user = "root", *pass = "root", *ns = "bench", *db = "bench";
    long count = 20000, batch = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--url"))
            url = v;
        else if (!strcmp(k, "--user"))
            user = v;
        else if (!strcmp(k, "--pass"))
            pass = v;
        else if (!strcmp(k, "--ns"))
            ns = v;
        else if (!strcmp(k, "--db"))
            db = v;
        else if (!strcmp(k, "--count"))
            count = strtol(v, NULL, 10);
        else if (!strcmp(k, "--batch"))
            batch = strtol(v, NULL, 10);
        else {
            fprintf(stderr, "live-bench: unknown option %s\n", k);
            return 2;
        }
    }
    if (!url || count <= 0 || batch <= 0) {
        fprintf(stderr, "usage: live-bench --url ws://HOST:PORT/rpc [--count N] [--batch N]\n");
        return 2;
    }
    surql_conn_global_init();
    surql_conn_config *cfg = NULL;
    surql_conn_client *c = NULL, *w = NULL;
    surql_conn_live *lq = NULL;
    if (surql_conn_config_new(&cfg) || surql_conn_config_set_url(cfg, url) ||
        surql_conn_config_set_username(cfg, user) || surql_conn_config_set_password(cfg, pass) ||
        surql_conn_config_set_namespace(cfg, ns) || surql_conn_config_set_database(cfg, db) ||
        surql_conn_config_set_timeout_ms(cfg, 120000))
        return die("config");
    if (surql_conn_client_open(&c, cfg, NULL) || surql_conn_client_open(&w, cfg, NULL))
        return die("open");
    printf("c.live.server %s\n", surql_conn_client_server_version(c));
    char table[64];
    snprintf(table, sizeof table, "lb_%ld", (long)time(NULL));
    char sql[128];
    snprintf(sql, sizeof sql, "DEFINE TABLE %s SCHEMALESS", table);
    if (surql_conn_query_checked(NULL, c, sql, NULL))
        return die("define");
    surql_conn_live_options o = SURQL_CONN_LIVE_OPTIONS_INIT;
    o.on_event = on_event;
    if (surql_conn_live_start(&lq, c, table, &o))
        return die("live");
    surql_buf b = SURQL_BUF_INIT;
    double t0 = now_s();
    for (long i = 0; i < count; i += batch) {
        surql_buf_clear(&b);
        for (long j = i; j < i + batch && j < count; j++)
            surql_buf_printf(&b, "CREATE %s SET n = %ld;", table, j);
        if (surql_conn_query_checked(NULL, w, b.ptr, NULL))
            return die("write");
    }
    double tw = now_s();
    for (int i = 0; i < 6000 && atomic_load(&g_got) < count; i++) {
        struct timespec ts = { 0, 10000000L };
        nanosleep(&ts, NULL);
    }
    long got = atomic_load(&g_got);
    double t1 = got > 0 ? g_last : now_s(); /* the last notification received */
    printf("c.live.notifications %ld\n", got);
    printf("c.live.write_s %.3f\n", tw - t0);
    printf("c.live.total_s %.3f\n", t1 - t0);
    printf("c.live.rate %.1f\n", (double)got / (t1 - t0));
    surql_buf_dispose(&b);
    surql_conn_live_free(lq);
    surql_conn_client_free(w);
    surql_conn_client_free(c);
    surql_conn_config_free(cfg);
    surql_conn_global_shutdown();
    return got == count ? 0 : 1;
}
