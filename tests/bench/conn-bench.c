/* conn-bench: the C side of the connection benchmark (docs/benchmarks.md).
 * Prints figures, asserts nothing; tests/bench/run-conn-bench.sh runs it
 * next to the JS SDK peer (js-peer.mjs) and the in-process ceiling
 * (inprocess.mjs) against one dev server and prints the comparison.
 *
 *   conn-bench --url ws://127.0.0.1:PORT/rpc [--user root] [--pass root]
 *              [--ns bench] [--db bench] [--seconds 5] [--warmup 1]
 *              [--inflight 64] [--bulk 10000] [--batch 1000] [--query "RETURN 1"]
 *
 * Phases, all on one client (one WebSocket):
 *   seq       one thread, blocking `query` after `query` (round trips per
 *             second);
 *   seq_async the same chain with surql_conn_client_call_async(): each
 *             completion (on the reader thread) sends the next request;
 *   inflight  --inflight threads sharing the client, each looping a
 *             blocking `query` (the client multiplexes them over the socket);
 *   inflight_async  --inflight asynchronous chains, no extra threads
 *             (conn-bench-async.c);
 *   bulk      --bulk records into a fresh table, one `insert` call per
 *             --batch records (the dev server's engine slows down more than
 *             linearly with the size of one INSERT, see docs/benchmarks.md).
 * Client CPU per request is getrusage(RUSAGE_SELF) user+system over the
 * measured window (every thread of the process, the reader thread included)
 * divided by the requests completed in it.
 *
 * Output: one `c.<phase>.<figure> <value>` line per figure on stdout
 * (run-conn-bench.sh parses them); progress and errors on stderr. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <surql/conn.h>

#include "conn-bench.h"

double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* user + system CPU seconds of the whole process */
double cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void sleep_s(double s)
{
    struct timespec ts;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int fail(const char *what, int rc)
{
    fprintf(stderr, "conn-bench: %s: %s: %s\n", what, surql_conn_status_name(rc),
            surql_error_last()->message);
    return 1;
}

/* One `query`; checks the statement status. */
static int one_query(surql_conn_client *c, const char *sql)
{
    surql_value *r = NULL;
    int rc = surql_conn_query(&r, c, sql, NULL);
    if (rc == 0)
        rc = surql_conn_query_check(r);
    surql_value_unref(r);
    return rc;
}

/* ---- sequential ---------------------------------------------------------- */

static int run_seq(surql_conn_client *c, const opts *o)
{
    double end = now_s() + o->warmup;
    while (now_s() < end) {
        int rc = one_query(c, o->query);
        if (rc)
            return fail("warm-up query", rc);
    }
    long n = 0;
    double c0 = cpu_s(), t0 = now_s(), t;
    do {
        for (int i = 0; i < 32; i++, n++) {
            int rc = one_query(c, o->query);
            if (rc)
                return fail("query", rc);
        }
    } while ((t = now_s()) - t0 < o->seconds);
    double cpu = cpu_s() - c0;
    printf("c.seq.rps %.1f\n", (double)n / (t - t0));
    printf("c.seq.latency_us %.1f\n", (t - t0) / (double)n * 1e6);
    printf("c.seq.cpu_us %.2f\n", cpu / (double)n * 1e6);
    printf("c.seq.requests %ld\n", n);
    fflush(stdout);
    return 0;
}

/* ---- many requests in flight on one connection ---------------------------- */

typedef struct worker {
    pthread_t th;
    surql_conn_client *c;
    const char *sql;
    atomic_int *stop;
    atomic_uint_fast64_t done;
    int rc;
} worker;

static void *work(void *p)
{
    worker *w = p;
    while (!atomic_load_explicit(w->stop, memory_order_relaxed)) {
        int rc = one_query(w->c, w->sql);
        if (rc) {
            w->rc = rc;
            atomic_store(w->stop, 1);
            break;
        }
        atomic_fetch_add_explicit(&w->done, 1, memory_order_relaxed);
    }
    return NULL;
}

static uint64_t total_done(worker *w, long n)
{
    uint64_t s = 0;
    for (long i = 0; i < n; i++)
        s += atomic_load_explicit(&w[i].done, memory_order_relaxed);
    return s;
}

static int run_inflight(surql_conn_client *c, const opts *o)
{
    worker *w = calloc((size_t)o->inflight, sizeof *w);
    atomic_int stop;
    atomic_init(&stop, 0);
    if (!w) {
        fprintf(stderr, "conn-bench: out of memory\n");
        return 1;
    }
    long started = 0;
    for (; started < o->inflight; started++) {
        w[started].c = c;
        w[started].sql = o->query;
        w[started].stop = &stop;
        atomic_init(&w[started].done, 0);
        if (pthread_create(&w[started].th, NULL, work, &w[started]) != 0) {
            fprintf(stderr, "conn-bench: cannot start thread %ld\n", started);
            atomic_store(&stop, 1);
            break;
        }
    }
    int ret = 0;
    if (started == o->inflight) {
        sleep_s(o->warmup);
        uint64_t n0 = total_done(w, started);
        double c0 = cpu_s(), t0 = now_s();
        sleep_s(o->seconds);
        uint64_t n1 = total_done(w, started);
        double c1 = cpu_s(), t1 = now_s();
        size_t peak = 0;
        surql_conn_client_stats st;
        memset(&st, 0, sizeof st);
        st.version = 1u;
        if (surql_conn_client_get_stats(c, &st) == 0)
            peak = st.in_flight;
        double n = (double)(n1 - n0);
        printf("c.inflight.rps %.1f\n", n / (t1 - t0));
        printf("c.inflight.cpu_us %.2f\n", n > 0 ? (c1 - c0) / n * 1e6 : 0.0);
        printf("c.inflight.requests %.0f\n", n);
        printf("c.inflight.sampled_in_flight %zu\n", peak);
        fflush(stdout);
    } else {
        ret = 1;
    }
    atomic_store(&stop, 1);
    for (long i = 0; i < started; i++) {
        pthread_join(w[i].th, NULL);
        if (w[i].rc && !ret)
            ret = fail("query (in flight)", w[i].rc);
    }
    free(w);
    return ret;
}

/* ---- bulk insert ------------------------------------------------------------ */

static surql_value *bulk_rows(long first, long n)
{
    surql_value *arr = surql_value_array();
    for (long i = first; arr && i < first + n; i++) {
        char name[32];
        snprintf(name, sizeof name, "user %ld", i);
        surql_value *row = surql_value_object(), *tags = surql_value_array();
        if (!row || !tags || surql_value_object_set_take(row, "n", surql_value_int(i)) ||
            surql_value_object_set_take(row, "name", surql_value_string(name)) ||
            surql_value_object_set_take(row, "score", surql_value_float((double)i * 0.5)) ||
            surql_value_object_set_take(row, "active", surql_value_bool(i % 2 == 0)) ||
            surql_value_array_push_take(tags, surql_value_string("a")) ||
            surql_value_array_push_take(tags, surql_value_string("b")) ||
            surql_value_object_set_take(row, "tags", surql_value_ref(tags)) ||
            surql_value_array_push_take(arr, surql_value_ref(row))) {
            surql_value_unref(tags);
            surql_value_unref(row);
            return surql_value_unref(arr);
        }
        surql_value_unref(tags);
        surql_value_unref(row);
    }
    return arr;
}

static int run_bulk(surql_conn_client *c, const opts *o)
{
    long nb = (o->bulk + o->batch - 1) / o->batch;
    surql_value **batches = calloc((size_t)nb, sizeof *batches);
    surql_value *table = surql_value_string("bench_bulk_c");
    int ret = 1;
    if (!batches || !table) {
        fail("building rows", SURQL_ENOMEM);
        goto out;
    }
    for (long b = 0; b < nb; b++) {
        long first = b * o->batch, n = o->bulk - first < o->batch ? o->bulk - first : o->batch;
        if (!(batches[b] = bulk_rows(first, n))) {
            fail("building rows", SURQL_ENOMEM);
            goto out;
        }
    }
    surql_conn_client_set_timeout_ms(c, 300000);
    size_t got = 0;
    double c0 = cpu_s(), t0 = now_s();
    for (long b = 0; b < nb; b++) {
        surql_value *res = NULL;
        int rc = surql_conn_insert(&res, c, table, batches[b]);
        got += surql_value_length(res);
        surql_value_unref(res);
        if (rc) {
            fail("bulk insert", rc);
            goto out;
        }
    }
    double t1 = now_s(), c1 = cpu_s();
    if (got != (size_t)o->bulk) {
        fprintf(stderr, "conn-bench: bulk insert returned %zu records, expected %ld\n", got,
                o->bulk);
        goto out;
    }
    printf("c.bulk.seconds %.3f\n", t1 - t0);
    printf("c.bulk.records_per_s %.0f\n", (double)o->bulk / (t1 - t0));
    printf("c.bulk.cpu_ms %.1f\n", (c1 - c0) * 1e3);
    fflush(stdout);
    ret = 0;
out:
    for (long b = 0; batches && b < nb; b++)
        surql_value_unref(batches[b]);
    free(batches);
    surql_value_unref(table);
    return ret;
}

/* ---- main -------------------------------------------------------------------- */

/* 1 when --phases is absent or lists @p phase */
static int want(const opts *o, const char *phase)
{
    if (!o->phases)
        return 1;
    size_t n = strlen(phase);
    for (const char *p = o->phases; *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == n && !strncmp(p, phase, n))
            return 1;
        p += k + (e ? 1 : 0);
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: conn-bench --url ws://HOST:PORT/rpc [--user U] [--pass P] [--ns NS] "
                    "[--db DB] [--seconds S] [--warmup S] [--inflight N] [--bulk N] [--batch N] "
                    "[--query SQL] [--phases seq,seq_async,inflight,inflight_async,bulk]\n");
    return 2;
}

static int parse_args(opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!v)
            return usage();
        i++;
        errno = 0;
        if (!strcmp(a, "--url"))
            o->url = v;
        else if (!strcmp(a, "--user"))
            o->user = v;
        else if (!strcmp(a, "--pass"))
            o->pass = v;
        else if (!strcmp(a, "--ns"))
            o->ns = v;
        else if (!strcmp(a, "--db"))
            o->db = v;
        else if (!strcmp(a, "--query"))
            o->query = v;
        else if (!strcmp(a, "--phases"))
            o->phases = v;
        else if (!strcmp(a, "--seconds") || !strcmp(a, "--warmup")) {
            double d = strtod(v, &end);
            if (errno || !end || *end || d < 0 || d > 3600)
                return usage();
            *(!strcmp(a, "--seconds") ? &o->seconds : &o->warmup) = d;
        } else if (!strcmp(a, "--inflight") || !strcmp(a, "--bulk") || !strcmp(a, "--batch")) {
            long l = strtol(v, &end, 10);
            if (errno || !end || *end || l < 0 || l > 10000000)
                return usage();
            if (!strcmp(a, "--inflight"))
                o->inflight = l;
            else if (!strcmp(a, "--bulk"))
                o->bulk = l;
            else
                o->batch = l;
        } else
            return usage();
    }
    return o->url && o->seconds > 0 && o->batch > 0 ? 0 : usage();
}

int main(int argc, char **argv)
{
    opts o = { NULL, "root", "root", "bench", "bench", "RETURN 1", NULL, 5.0, 1.0, 64, 10000, 1000 };
    if (parse_args(&o, argc, argv) != 0)
        return 2;
    if (surql_conn_global_init() < 1)
        return fail("global init", SURQL_ESTATE);
    surql_conn_config *cfg = NULL;
    surql_conn_client *c = NULL;
    int ret = 1, rc;
    if ((rc = surql_conn_config_new(&cfg)) || (rc = surql_conn_config_set_url(cfg, o.url)) ||
        (rc = surql_conn_config_set_username(cfg, o.user)) ||
        (rc = surql_conn_config_set_password(cfg, o.pass)) ||
        (rc = surql_conn_config_set_namespace(cfg, o.ns)) ||
        (rc = surql_conn_config_set_database(cfg, o.db)) ||
        (rc = surql_conn_config_set_timeout_ms(cfg, 60000))) {
        fail("config", rc);
        goto out;
    }
    if ((rc = surql_conn_client_open(&c, cfg, NULL)) != 0) {
        fail("open", rc);
        goto out;
    }
    printf("c.server %s\n", surql_conn_client_server_version(c));
    printf("c.query %s\n", o.query);
    fflush(stdout);
    if ((want(&o, "seq") && run_seq(c, &o) != 0) ||
        (want(&o, "seq_async") && run_async(c, &o, 1, "seq_async") != 0))
        goto out;
    if (o.inflight > 0 && ((want(&o, "inflight") && run_inflight(c, &o) != 0) ||
                           (want(&o, "inflight_async") &&
                            run_async(c, &o, o.inflight, "inflight_async") != 0)))
        goto out;
    if (o.bulk > 0 && want(&o, "bulk") && run_bulk(c, &o) != 0)
        goto out;
    ret = 0;
out:
    surql_conn_client_free(c);
    surql_conn_config_free(cfg);
    surql_conn_global_shutdown();
    return ret;
}
