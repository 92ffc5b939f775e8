/* libsurql-conn: global init (libcurl), status-code names, clock helpers.
 * The version functions are generated from cmake/version.c.in. */
#include <pthread.h>
#include <time.h>

#include <curl/curl.h>

#include <surql/conn.h>
#include <surql/schema/error.h>
#include <surql/schema/init.h>

#include "conn-internal.h"

#define DOMAIN "surql-conn"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_count;

int surql_conn_global_init(void)
{
    int base = surql_global_init();
    if (base < 0)
        return base;
    pthread_mutex_lock(&g_lock);
    if (g_count == 0) {
        CURLcode cc = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (cc != CURLE_OK) {
            pthread_mutex_unlock(&g_lock);
            surql_global_shutdown();
            return surql_error_set(SURQL_ERROR, DOMAIN, "curl_global_init failed: %s",
                                   curl_easy_strerror(cc));
        }
    }
    int n = ++g_count;
    pthread_mutex_unlock(&g_lock);
    return n;
}

int surql_conn_global_shutdown(void)
{
    pthread_mutex_lock(&g_lock);
    if (g_count == 0) {
        pthread_mutex_unlock(&g_lock);
        return surql_error_set(SURQL_ESTATE, DOMAIN,
                               "surql_conn_global_shutdown called more often than "
                               "surql_conn_global_init");
    }
    int n = --g_count;
    if (n == 0)
        curl_global_cleanup();
    pthread_mutex_unlock(&g_lock);
    surql_global_shutdown();
    return n;
}

int surql_conn__check_init(const char *what)
{
    pthread_mutex_lock(&g_lock);
    int n = g_count;
    pthread_mutex_unlock(&g_lock);
    if (n > 0)
        return SURQL_OK;
    return surql_error_set(SURQL_ESTATE, DOMAIN, "%s: call surql_conn_global_init() first", what);
}

int64_t surql_conn__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t surql_conn__remaining_ms(int64_t deadline_ms)
{
    if (deadline_ms <= 0)
        return INT64_C(1) << 40;
    int64_t left = deadline_ms - surql_conn__now_ms();
    return left > 0 ? left : 0;
}

const char *surql_conn_status_name(int code)
{
    switch (code) {
#define N(c) case c: return #c
    N(SURQL_CONN_ECONFIG);
    N(SURQL_CONN_EURL);
    N(SURQL_CONN_ECONNECT);
    N(SURQL_CONN_ETLS);
    N(SURQL_CONN_EPROTOCOL);
    N(SURQL_CONN_ECLOSED);
    N(SURQL_CONN_EAUTH);
    N(SURQL_CONN_EQUERY);
    N(SURQL_CONN_ESERVER);
    N(SURQL_CONN_EHTTP);
#undef N
    default: return surql_status_name(code);
    }
}
