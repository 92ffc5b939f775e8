/* Reference-counted global init and the status-code names. */
#include <pthread.h>

#include <surql/schema/error.h>
#include <surql/schema/init.h>

static pthread_mutex_t g_init_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_init_count;

int surql_global_init(void)
{
    pthread_mutex_lock(&g_init_lock);
    int n = ++g_init_count;
    pthread_mutex_unlock(&g_init_lock);
    return n;
}

int surql_global_shutdown(void)
{
    pthread_mutex_lock(&g_init_lock);
    int n = g_init_count > 0 ? --g_init_count : -1;
    pthread_mutex_unlock(&g_init_lock);
    if (n < 0)
        return surql_error_set(SURQL_ESTATE, "surql-schema",
                               "surql_global_shutdown called more often than surql_global_init");
    return n;
}

int surql_global_init_count(void)
{
    pthread_mutex_lock(&g_init_lock);
    int n = g_init_count;
    pthread_mutex_unlock(&g_init_lock);
    return n;
}

const char *surql_status_name(int code)
{
    switch (code) {
#define N(c) case c: return #c
    N(SURQL_OK);
    N(SURQL_ERROR);
    N(SURQL_EINVAL);
    N(SURQL_ENOMEM);
    N(SURQL_ERANGE);
    N(SURQL_EPARSE);
    N(SURQL_ENOTFOUND);
    N(SURQL_EEXISTS);
    N(SURQL_ETYPE);
    N(SURQL_EIO);
    N(SURQL_ETIMEOUT);
    N(SURQL_EUNSUPPORTED);
    N(SURQL_ESTATE);
    N(SURQL_EIDENT);
    N(SURQL_ITEROVER);
    N(SURQL_ESCHEMA);
    N(SURQL_ESCHEMA_DIALECT);
    N(SURQL_ESCHEMA_CONFLICT);
#undef N
    default: return "SURQL_E?";
    }
}
