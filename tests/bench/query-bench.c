/* query-bench: statements built per second (prints figures; no assertions).
 *   cmake --build <dir> --target query-bench && <dir>/libsurql-query/query-bench [seconds]
 * 1. a typical SELECT with three conditions, ORDER BY and LIMIT (builder + build);
 * 2. the same from a shared base builder (derivation cost of the immutable builder);
 * 3. a 1,000-row INSERT (rows prepared once; bound as one parameter);
 * 4. the display (inline-literal) rendering of the 1,000-row INSERT. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <surql/query.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static surql_query_builder *typical(surql_query_builder *base)
{
    surql_query_builder *b = base ? base : surql_query_from(surql_query_select(), "user");
    b = surql_query_where(b, surql_query_gte(surql_query_field("age"), surql_query_int(18)));
    b = surql_query_where(b, surql_query_eq(surql_query_field("status"), surql_query_str("active")));
    b = surql_query_where(b, surql_query_contains(surql_query_field("tags"), surql_query_str("c")));
    b = surql_query_order_by(b, "created_at", 1);
    return surql_query_limit(b, 10);
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 1.0;
    if (secs <= 0)
        secs = 1.0;
    long n = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 1000; i++, n++) {
            surql_query_builder *b = typical(NULL);
            surql_query_stmt *s = NULL;
            if (surql_query_build(&s, b) != 0)
                return fprintf(stderr, "build failed: %s\n", surql_error_last()->message), 1;
            surql_query_stmt_unref(s);
            surql_query_unref(b);
        }
    } while ((t = now()) - t0 < secs);
    printf("select, 3 conditions (new builder each): %.0f statements/s\n", n / (t - t0));

    surql_query_builder *base = surql_query_from(surql_query_select(), "user");
    n = 0;
    t0 = now();
    do {
        for (int i = 0; i < 1000; i++, n++) {
            surql_query_builder *b = typical(surql_query_ref(base));
            surql_query_stmt *s = NULL;
            surql_query_build(&s, b);
            surql_query_stmt_unref(s);
            surql_query_unref(b);
        }
    } while ((t = now()) - t0 < secs);
    printf("select, 3 conditions (derived from a shared base): %.0f statements/s\n", n / (t - t0));
    surql_query_unref(base);

    surql_value *rows = surql_value_array();
    for (int i = 0; i < 1000; i++) {
        surql_value *o = surql_value_object();
        char name[32];
        snprintf(name, sizeof name, "user %d", i);
        surql_value_object_set_take(o, "name", surql_value_string(name));
        surql_value_object_set_take(o, "age", surql_value_int(20 + i % 50));
        surql_value_object_set_take(o, "score", surql_value_float(i * 0.5));
        surql_value_array_push_take(rows, o);
    }
    n = 0;
    t0 = now();
    do {
        for (int i = 0; i < 100; i++, n++) {
            surql_query_stmt *s = NULL;
            if (surql_query_batch_insert(&s, SURQL_DIALECT_V3, "user", rows) != 0)
                return fprintf(stderr, "insert failed: %s\n", surql_error_last()->message), 1;
            surql_query_stmt_unref(s);
        }
    } while ((t = now()) - t0 < secs);
    printf("insert, 1000 rows (bound): %.0f statements/s\n", n / (t - t0));

    surql_query_stmt *s = NULL;
    surql_query_batch_insert(&s, SURQL_DIALECT_V3, "user", rows);
    n = 0;
    t0 = now();
    do {
        for (int i = 0; i < 10; i++, n++) {
            surql_buf d = SURQL_BUF_INIT;
            surql_query_stmt_display(s, &d);
            surql_buf_dispose(&d);
        }
    } while ((t = now()) - t0 < secs);
    printf("insert, 1000 rows (display text): %.0f statements/s\n", n / (t - t0));
    surql_query_stmt_unref(s);
    surql_value_unref(rows);
    return 0;
}
