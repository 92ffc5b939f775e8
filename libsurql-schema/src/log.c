/* The log hook: silent unless the application installs a handler. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <surql/schema/log.h>

static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
static surql_log_fn g_fn;
static void *g_ud;
static int g_max;

void surql_log_set_handler(surql_log_fn fn, void *userdata, int max_level)
{
    pthread_rwlock_wrlock(&g_lock);
    g_fn = fn;
    g_ud = userdata;
    g_max = fn ? max_level : 0;
    pthread_rwlock_unlock(&g_lock);
}

int surql_log_enabled(int level)
{
    pthread_rwlock_rdlock(&g_lock);
    int on = g_fn != NULL && level <= g_max;
    pthread_rwlock_unlock(&g_lock);
    return on;
}

void surql_logv(int level, const char *domain, const char *fmt, va_list ap)
{
    pthread_rwlock_rdlock(&g_lock);
    surql_log_fn fn = g_fn;
    void *ud = g_ud;
    int max = g_max;
    pthread_rwlock_unlock(&g_lock);
    if (!fn || level > max || !fmt)
        return;
    char stackbuf[512];
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(stackbuf, sizeof stackbuf, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    if ((size_t)n < sizeof stackbuf) {
        fn(ud, level, domain ? domain : "surql", stackbuf);
        return;
    }
    char *heap = malloc((size_t)n + 1);
    if (!heap) {
        fn(ud, level, domain ? domain : "surql", stackbuf); /* truncated, better than nothing */
        return;
    }
    vsnprintf(heap, (size_t)n + 1, fmt, ap);
    fn(ud, level, domain ? domain : "surql", heap);
    free(heap);
}

void surql_log(int level, const char *domain, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    surql_logv(level, domain, fmt, ap);
    va_end(ap);
}

const char *surql_log_level_name(int level)
{
    switch (level) {
    case SURQL_LOG_ERROR: return "error";
    case SURQL_LOG_WARN: return "warn";
    case SURQL_LOG_INFO: return "info";
    case SURQL_LOG_DEBUG: return "debug";
    case SURQL_LOG_TRACE: return "trace";
    default: return "?";
    }
}
