/* Registry of named clients and the per-thread current client. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <surql/conn/error.h>
#include <surql/conn/registry.h>
#include <surql/schema/error.h>

#include "client-internal.h"

#define DOMAIN SURQL_CONN__DOMAIN
#define MAX_NAME 64
#define MAX_OVERRIDES 64

typedef struct entry {
    struct entry *next;
    char *name;
    surql_conn_client *c;
} entry;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static entry *g_head;
static char *g_default;

static int check_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > MAX_NAME)
        return surql_error_set(SURQL_EINVAL, DOMAIN,
                               "connection name must have 1-%d characters", MAX_NAME);
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            return surql_error_set(SURQL_EINVAL, DOMAIN,
                                   "connection name '%s': only letters, digits, '_', '-', '.'",
                                   name);
    return SURQL_OK;
}

static entry *find(const char *name)
{
    for (entry *e = g_head; e; e = e->next)
        if (!strcmp(e->name, name))
            return e;
    return NULL;
}

int surql_conn_registry_add(const char *name, surql_conn_client *c)
{
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_registry_add: client is NULL");
    int rc = check_name(name);
    if (rc)
        return rc;
    entry *e = calloc(1, sizeof *e);
    if (!e || !(e->name = surql_strdup(name))) {
        free(e);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    pthread_mutex_lock(&g_mu);
    if (find(name)) {
        pthread_mutex_unlock(&g_mu);
        free(e->name);
        free(e);
        return surql_error_set(SURQL_EEXISTS, DOMAIN, "connection '%s' is already registered",
                               name);
    }
    if (!g_default && !(g_default = surql_strdup(name))) {
        pthread_mutex_unlock(&g_mu);
        free(e->name);
        free(e);
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    }
    e->c = surql_conn_client_ref(c);
    entry **pp = &g_head;
    while (*pp)
        pp = &(*pp)->next;
    *pp = e;
    pthread_mutex_unlock(&g_mu);
    return SURQL_OK;
}

int surql_conn_registry_open(surql_conn_client **out, const char *name,
                             const surql_conn_config *cfg, const surql_conn_client_options *opts)
{
    if (out)
        *out = NULL;
    int rc = check_name(name);
    if (rc)
        return rc;
    surql_conn_client *c = NULL;
    rc = surql_conn_client_open(&c, cfg, opts);
    if (rc)
        return rc;
    rc = surql_conn_registry_add(name, c);
    if (!rc && out)
        *out = surql_conn_client_ref(c);
    if (rc) {
        surql_conn__saved_error se;
        surql_conn__error_save(&se);
        surql_conn_client_free(c);
        return surql_conn__error_restore(&se);
    }
    surql_conn_client_free(c);
    return SURQL_OK;
}

int surql_conn_registry_get(surql_conn_client **out, const char *name)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_registry_get: out is NULL");
    *out = NULL;
    pthread_mutex_lock(&g_mu);
    const char *n = name ? name : g_default;
    entry *e = n ? find(n) : NULL;
    if (e)
        *out = surql_conn_client_ref(e->c);
    pthread_mutex_unlock(&g_mu);
    if (!e)
        return name ? surql_error_set(SURQL_ENOTFOUND, DOMAIN,
                                      "no connection named '%s' is registered", name)
                    : surql_error_set(SURQL_ENOTFOUND, DOMAIN, "no default connection is set");
    return SURQL_OK;
}

int surql_conn_registry_remove(const char *name)
{
    if (!name)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_registry_remove: name is NULL");
    pthread_mutex_lock(&g_mu);
    entry **pp = &g_head;
    while (*pp && strcmp((*pp)->name, name) != 0)
        pp = &(*pp)->next;
    entry *e = *pp;
    if (e) {
        *pp = e->next;
        if (g_default && !strcmp(g_default, name)) {
            free(g_default);
            g_default = NULL;
        }
    }
    pthread_mutex_unlock(&g_mu);
    if (!e)
        return surql_error_set(SURQL_ENOTFOUND, DOMAIN, "no connection named '%s' is registered",
                               name);
    surql_conn_client_free(e->c);
    free(e->name);
    free(e);
    return SURQL_OK;
}

int surql_conn_registry_set_default(const char *name)
{
    if (!name)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_registry_set_default: NULL");
    char *n = surql_strdup(name);
    if (!n)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    pthread_mutex_lock(&g_mu);
    if (!find(name)) {
        pthread_mutex_unlock(&g_mu);
        free(n);
        return surql_error_set(SURQL_ENOTFOUND, DOMAIN, "no connection named '%s' is registered",
                               name);
    }
    free(g_default);
    g_default = n;
    pthread_mutex_unlock(&g_mu);
    return SURQL_OK;
}

int surql_conn_registry_default_name(surql_value **out)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "out is NULL");
    pthread_mutex_lock(&g_mu);
    *out = g_default ? surql_value_string(g_default) : surql_value_none();
    pthread_mutex_unlock(&g_mu);
    return *out ? SURQL_OK : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
}

int surql_conn_registry_list(surql_value **out)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "out is NULL");
    surql_value *a = surql_value_array();
    pthread_mutex_lock(&g_mu);
    for (entry *e = g_head; a && e; e = e->next)
        if (surql_value_array_push_take(a, surql_value_string(e->name)) != 0)
            a = surql_value_unref(a);
    pthread_mutex_unlock(&g_mu);
    *out = a;
    return a ? SURQL_OK : surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
}

static void tstate_release_current(void);

void surql_conn_registry_clear(void)
{
    tstate_release_current();
    pthread_mutex_lock(&g_mu);
    entry *e = g_head;
    g_head = NULL;
    free(g_default);
    g_default = NULL;
    pthread_mutex_unlock(&g_mu);
    while (e) {
        entry *n = e->next;
        surql_conn_client_free(e->c);
        free(e->name);
        free(e);
        e = n;
    }
}

/* ------------------------------------------------------------------------ */
/* per-thread current client                                                  */

typedef struct tstate {
    surql_conn_client *current;
    surql_conn_client *stack[MAX_OVERRIDES];
    int depth;
} tstate;

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_key;
static int g_key_ok;

static void tstate_free(void *p)
{
    tstate *t = p;
    if (!t)
        return;
    while (t->depth > 0)
        surql_conn_client_free(t->stack[--t->depth]);
    surql_conn_client_free(t->current);
    free(t);
}

static void make_key(void)
{
    g_key_ok = pthread_key_create(&g_key, tstate_free) == 0;
}

static tstate *get_tstate(int create)
{
    pthread_once(&g_once, make_key);
    if (!g_key_ok)
        return NULL;
    tstate *t = pthread_getspecific(g_key);
    if (!t && create) {
        t = calloc(1, sizeof *t);
        if (t && pthread_setspecific(g_key, t) != 0) {
            free(t);
            t = NULL;
        }
    }
    return t;
}

int surql_conn_get_db(surql_conn_client **out)
{
    if (!out)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_get_db: out is NULL");
    *out = NULL;
    tstate *t = get_tstate(0);
    if (t && t->depth > 0) {
        *out = surql_conn_client_ref(t->stack[t->depth - 1]);
        return SURQL_OK;
    }
    if (t && t->current) {
        *out = surql_conn_client_ref(t->current);
        return SURQL_OK;
    }
    int rc = surql_conn_registry_get(out, NULL);
    if (rc)
        return surql_error_set(SURQL_ENOTFOUND, DOMAIN,
                               "no current database client: none set for this thread and no "
                               "default connection registered");
    return SURQL_OK;
}

int surql_conn_set_db(surql_conn_client *c)
{
    tstate *t = get_tstate(1);
    if (!t)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    surql_conn_client *old = t->current;
    t->current = surql_conn_client_ref(c);
    surql_conn_client_free(old);
    return SURQL_OK;
}

int surql_conn_override_push(surql_conn_client *c)
{
    if (!c)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_override_push: client is NULL");
    tstate *t = get_tstate(1);
    if (!t)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory");
    if (t->depth >= MAX_OVERRIDES)
        return surql_error_set(SURQL_ERANGE, DOMAIN, "more than %d nested connection overrides",
                               MAX_OVERRIDES);
    t->stack[t->depth++] = surql_conn_client_ref(c);
    return SURQL_OK;
}

int surql_conn_override_pop(void)
{
    tstate *t = get_tstate(0);
    if (!t || t->depth == 0)
        return surql_error_set(SURQL_ESTATE, DOMAIN, "no connection override to pop");
    surql_conn_client_free(t->stack[--t->depth]);
    return SURQL_OK;
}

int surql_conn_with_db(surql_conn_client *c, int (*fn)(void *userdata), void *userdata)
{
    if (!fn)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_conn_with_db: fn is NULL");
    int rc = surql_conn_override_push(c);
    if (rc)
        return rc;
    rc = fn(userdata);
    surql_conn__saved_error se;
    surql_conn__error_save(&se);
    surql_conn_override_pop();
    surql_conn__error_restore(&se);
    return rc;
}

static void tstate_release_current(void)
{
    tstate *t = get_tstate(0);
    if (!t)
        return;
    pthread_setspecific(g_key, NULL);
    tstate_free(t);
}
