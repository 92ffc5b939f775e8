/* Thread-local error slot of the whole suite (the only one: it lives here). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/buf.h>
#include <surql/schema/error.h>

#define MSG_MAX 4096

typedef struct err_slot {
    surql_error pub;
    char *message;
    char *kind;
    char *detail;
} err_slot;

/* One slot per thread, created on first use and freed when the thread exits. */
static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_key_ok;
/* used when the per-thread slot cannot be allocated (out of memory) */
static const surql_error g_oom = { SURQL_ENOMEM, "out of memory", "surql", NULL, 0, NULL, 0, 0 };

static void slot_destroy(void *p);
static void key_init(void)
{
    g_key_ok = pthread_key_create(&g_key, slot_destroy) == 0;
}

static err_slot *slot_get(void)
{
    pthread_once(&g_once, key_init);
    if (!g_key_ok)
        return NULL;
    err_slot *s = pthread_getspecific(g_key);
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return NULL;
        s->pub.message = "";
        s->pub.domain = "surql";
        if (pthread_setspecific(g_key, s) != 0) {
            free(s);
            return NULL;
        }
    }
    return s;
}

static void slot_reset(err_slot *s)
{
    free(s->message);
    free(s->kind);
    free(s->detail);
    memset(s, 0, sizeof(*s));
    s->pub.message = "";
    s->pub.domain = "surql";
}

static void slot_destroy(void *p)
{
    err_slot *s = p;
    if (s) {
        slot_reset(s);
        free(s);
    }
}

const surql_error *surql_error_last(void)
{
    err_slot *s = slot_get();
    return s ? &s->pub : &g_oom;
}

void surql_error_clear(void)
{
    err_slot *s = slot_get();
    if (s)
        slot_reset(s);
}

static int set_common(int code, const char *domain, char *msg)
{
    err_slot *s = slot_get();
    if (!s) {
        free(msg);
        return code;
    }
    slot_reset(s);
    s->message = msg;
    s->pub.code = code;
    s->pub.domain = domain ? domain : "surql";
    s->pub.message = msg ? msg : "out of memory";
    return code;
}

static char *format_msg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *format_msg(const char *fmt, va_list ap)
{
    char *msg = malloc(MSG_MAX);
    if (!msg)
        return NULL;
    msg[0] = '\0';
    if (fmt && vsnprintf(msg, MSG_MAX, fmt, ap) < 0)
        msg[0] = '\0';
    return msg;
}

int surql_error_setv(int code, const char *domain, const char *fmt, va_list ap)
{
    return set_common(code, domain, format_msg(fmt, ap));
}

int surql_error_set(int code, const char *domain, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = surql_error_setv(code, domain, fmt, ap);
    va_end(ap);
    return rc;
}

int surql_error_set_at(int code, const char *domain, size_t line, size_t column, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = surql_error_setv(code, domain, fmt, ap);
    va_end(ap);
    err_slot *s = slot_get();
    if (s) {
        s->pub.line = line;
        s->pub.column = column;
    }
    return rc;
}

int surql_error_set_server(int code, const char *domain, long server_code, const char *kind,
                           const char *message, const char *detail_json)
{
    set_common(code, domain, surql_strdup(message ? message : ""));
    err_slot *s = slot_get();
    if (!s)
        return code;
    s->pub.server_code = server_code;
    if (kind) {
        s->kind = surql_strdup(kind);
        s->pub.server_kind = s->kind;
    }
    if (detail_json) {
        s->detail = surql_strdup(detail_json);
        s->pub.detail_json = s->detail;
    }
    return code;
}

int surql_error_prefix(const char *prefix)
{
    err_slot *s = slot_get();
    if (!s)
        return SURQL_ENOMEM;
    if (!prefix || !*prefix)
        return s->pub.code;
    surql_buf b = SURQL_BUF_INIT;
    if (surql_buf_printf(&b, "%s: %s", prefix, s->pub.message ? s->pub.message : "") == 0) {
        if (b.size >= MSG_MAX)
            surql_buf_truncate(&b, MSG_MAX - 1);
        free(s->message);
        s->message = surql_buf_detach(&b);
        s->pub.message = s->message ? s->message : "out of memory";
    }
    surql_buf_dispose(&b);
    return s->pub.code;
}
