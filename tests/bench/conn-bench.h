/* conn-bench internals shared by its two sources. */
#ifndef SURQL_CONN_BENCH_H
#define SURQL_CONN_BENCH_H

#include <surql/conn.h>

typedef struct opts {
    const char *url, *user, *pass, *ns, *db, *query;
    const char *phases; /* --phases a,b,c or NULL for every phase */
    double seconds, warmup;
    long inflight, bulk, batch;
} opts;

double now_s(void);
double cpu_s(void); /* user + system CPU seconds of the whole process */
void sleep_s(double s);
int fail(const char *what, int rc); /* prints the error, returns 1 */

/* `chains` asynchronous request chains (surql_conn_client_call_async) on
 * @p c for --warmup + --seconds; prints c.<phase>.{rps,latency_us,cpu_us,requests}. */
int run_async(surql_conn_client *c, const opts *o, long chains, const char *phase);

#endif
