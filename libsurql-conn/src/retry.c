/* Retry policy: which failures may be retried, exponential backoff with
 * jitter from the config's retry_* settings. */
#include <errno.h>
#include <time.h>

#include <surql/conn/error.h>
#include <surql/schema/error.h>

#include "client-internal.h"
#include "conn-internal.h"

int surql_conn__retryable(int rc, int sent, int idempotent)
{
    switch (rc) {
    case SURQL_CONN_ECONNECT:
    case SURQL_ETIMEOUT:
    case SURQL_CONN_ECLOSED:
        /* not sent: always safe; sent: only when the call may be repeated */
        return !sent || idempotent;
    case SURQL_CONN_ESERVER: {
        if (!idempotent)
            return 0;
        long sc = surql_error_last()->server_code;
        /* HTTP 5xx (no RPC error object) or a 3.x transaction conflict */
        return sc == 0 || sc == -32009;
    }
    case SURQL_CONN_EQUERY:
        return idempotent && surql_error_last()->server_code == -32009;
    default:
        return 0;
    }
}

static uint64_t jitter_state(void)
{
    static _Thread_local uint64_t s;
    if (!s) {
        if (surql_conn__random(&s, sizeof s) != 0 || !s)
            s = (uint64_t)surql_conn__now_ms() * 0x9E3779B97F4A7C15ull | 1;
    }
    /* xorshift64* */
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
}

int64_t surql_conn__backoff_ms(const surql_conn_config *cfg, int attempt)
{
    double lo = (double)surql_conn_config_get_retry_min_wait_ms(cfg);
    double hi = (double)surql_conn_config_get_retry_max_wait_ms(cfg);
    double mul = surql_conn_config_get_retry_multiplier(cfg);
    double d = lo;
    for (int i = 1; i < attempt && d < hi; i++)
        d *= mul;
    if (!(d <= hi))
        d = hi;
    /* "equal jitter": half fixed, half random, so retries of many clients
     * spread out but never wait less than half the step */
    double r = (double)(jitter_state() >> 11) / (double)(1ull << 53);
    double v = d / 2 + r * d / 2;
    if (v < 1)
        v = 1;
    return (int64_t)v;
}

int surql_conn__sleep_until(int64_t ms, int64_t deadline)
{
    if (deadline > 0) {
        int64_t left = surql_conn__remaining_ms(deadline);
        if (left <= ms)
            return SURQL_ETIMEOUT;
    }
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    return SURQL_OK;
}
