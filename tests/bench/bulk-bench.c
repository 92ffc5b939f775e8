/*
 * bulk-bench: insert_many (surql_conn_batch_insert) of --rows records (five
 * fields, the rows js-peer.mjs inserts) into a fresh table, in chunks of
 * --chunk with --in-flight chunks at once. Prints `c.bulk.*` figures, asserts
 * nothing. Run by run-bulk-bench.sh next to the JS SDK (js-peer.mjs --bulk).
 * --output rows (default) asks for the written records back and checks their
 * number; --output none passes out = NULL, so the chunks say RETURN NONE,
 * and the rows are counted in the table afterwards.
 *
 *   bulk-bench --url ws://127.0.0.1:PORT/rpc [--user root] [--pass root]
 *              [--ns bench] [--db bench] [--rows 100000] [--chunk 250] [--in-flight 0]
 *              [--output rows|none] [--table bench_bulk_c]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <surql/conn.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static surql_value *rows_of(long n)
{
    surql_value *arr = surql_value_array();
    for (long i = 0; arr && i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "user %ld", i);
        surql_value *row = surql_value_object(), *tags = surql_value_array();
        int bad = !row || !tags || surql_value_object_set_take(row, "n", surql_value_int(i)) ||
                  surql_value_object_set_take(row, "name", surql_value_string(name)) ||
                  surql_value_object_set_take(row, "score", surql_value_float((double)i * 0.5)) ||
                  surql_value_object_set_take(row, "active", surql_value_bool(i % 2 == 0)) ||
                  surql_value_array_push_take(tags, surql_value_string("a")) ||
                  surql_value_array_push_take(tags, surql_value_string("b")) ||
                  surql_value_object_set(row, "tags", tags) || surql_value_array_push(arr, row);
        surql_value_unref(tags);
        surql_value_unref(row);
        if (bad)
            arr = surql_value_unref(arr);
    }
    return arr;
}

int main(int argc, char **argv)
{
    const char *url = NULL, *user = "root", *pass = "root", *ns = "bench", *db = "bench";
    long rows = 100000, chunk = 250, in_flight = 0; /* 0 = insert_many's default */
    const char *output = "rows", *table = "bench_bulk_c";
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--url"))
            url = v;
        else if (!strcmp(a, "--user"))
            user = v;
        else if (!strcmp(a, "--pass"))
            pass = v;
        else if (!strcmp(a, "--ns"))
            ns = v;
        else if (!strcmp(a, "--db"))
            db = v;
        else if (!strcmp(a, "--rows"))
            rows = strtol(v, NULL, 10);
        else if (!strcmp(a, "--chunk"))
            chunk = strtol(v, NULL, 10);
        else if (!strcmp(a, "--in-flight"))
            in_flight = strtol(v, NULL, 10);
        else if (!strcmp(a, "--output"))
            output = v;
        else if (!strcmp(a, "--table"))
            table = v;
        else
            url = NULL, i = argc;
    }
    int quiet = output && !strcmp(output, "none");
    if (!url || rows < 1 || chunk < 1 || in_flight < 0 || !output ||
        (!quiet && strcmp(output, "rows") != 0)) {
        fprintf(stderr, "usage: bulk-bench --url ws://HOST:PORT/rpc [--user U] [--pass P] "
                        "[--ns NS] [--db DB] [--rows N] [--chunk N] [--in-flight N] "
                        "[--output rows|none] [--table NAME]\n");
        return 2;
    }
    if (surql_conn_global_init() < 1)
        return 1;
    surql_conn_config *cfg = NULL;
    surql_conn_client *c = NULL;
    int rc = surql_conn_config_new(&cfg);
    if (!rc)
        rc = surql_conn_config_set_url(cfg, url);
    if (!rc)
        rc = surql_conn_config_set_namespace(cfg, ns);
    if (!rc)
        rc = surql_conn_config_set_database(cfg, db);
    if (!rc)
        rc = surql_conn_config_set_username(cfg, user);
    if (!rc)
        rc = surql_conn_config_set_password(cfg, pass);
    if (!rc)
        rc = surql_conn_client_open(&c, cfg, NULL);
    surql_value *data = rc ? NULL : rows_of(rows);
    if (!rc && !data)
        rc = SURQL_ENOMEM;
    if (!rc)
        surql_conn_client_set_timeout_ms(c, 600000);
    surql_value *res = NULL;
    surql_conn_batch_options o = SURQL_CONN_BATCH_OPTIONS_INIT;
    o.chunk_size = (size_t)chunk;
    o.in_flight = (unsigned)in_flight;
    double c0 = cpu_s(), t0 = now_s(), t1 = t0, c1 = c0;
    if (!rc) {
        rc = surql_conn_batch_insert(quiet ? NULL : &res, c, table, data, &o);
        t1 = now_s();
        c1 = cpu_s();
    }
    int64_t written = -1;
    if (!rc && quiet)
        rc = surql_conn_records_count(&written, c, table, NULL);
    else if (!rc)
        written = (int64_t)surql_value_length(res);
    if (rc) {
        fprintf(stderr, "bulk-bench: %s: %s\n", surql_conn_status_name(rc),
                surql_error_last()->message);
    } else if (written != rows) {
        fprintf(stderr, "bulk-bench: insert_many %s %lld records, expected %ld\n",
                quiet ? "left" : "returned", (long long)written, rows);
        rc = 1;
    } else {
        printf("c.server %s\n", surql_conn_client_server_version(c));
        printf("c.bulk.seconds %.3f\n", t1 - t0);
        printf("c.bulk.records_per_s %.0f\n", (double)rows / (t1 - t0));
        printf("c.bulk.cpu_ms %.1f\n", (c1 - c0) * 1e3);
        printf("c.bulk.chunk %ld\nc.bulk.in_flight %ld\nc.bulk.output %s\n", chunk,
               in_flight ? in_flight : (long)SURQL_CONN_BATCH_DEFAULT_IN_FLIGHT_INSERT, output);
    }
    surql_value_unref(res);
    surql_value_unref(data);
    surql_conn_client_free(c);
    surql_conn_config_free(cfg);
    surql_conn_global_shutdown();
    return rc ? 1 : 0;
}
