/* surql_buf: growable NUL-terminated byte buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/buf.h>
#include <surql/schema/error.h>

#define DOMAIN "surql-schema"

int surql_buf_grow(surql_buf *b, size_t extra)
{
    if (!b)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_buf_grow: buffer is NULL");
    if (extra > SURQL_BUF_MAX || b->size > SURQL_BUF_MAX - extra)
        return surql_error_set(SURQL_ERANGE, DOMAIN,
                               "buffer would exceed %zu bytes (limit SURQL_BUF_MAX)",
                               (size_t)SURQL_BUF_MAX);
    size_t need = b->size + extra + 1;
    if (need <= b->asize)
        return SURQL_OK;
    size_t cap = b->asize ? b->asize : 64;
    while (cap < need)
        cap = cap < SURQL_BUF_MAX ? cap * 2 : need;
    char *p = realloc(b->ptr, cap);
    if (!p)
        return surql_error_set(SURQL_ENOMEM, DOMAIN, "out of memory growing a buffer to %zu bytes",
                               cap);
    if (!b->ptr)
        p[0] = '\0';
    b->ptr = p;
    b->asize = cap;
    return SURQL_OK;
}

int surql_buf_put(surql_buf *b, const void *data, size_t len)
{
    if (!data && len)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_buf_put: data is NULL");
    int rc = surql_buf_grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->size, data, len);
    b->size += len;
    b->ptr[b->size] = '\0';
    return SURQL_OK;
}

int surql_buf_puts(surql_buf *b, const char *s)
{
    if (!s)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_buf_puts: string is NULL");
    return surql_buf_put(b, s, strlen(s));
}

int surql_buf_putc(surql_buf *b, char c)
{
    return surql_buf_put(b, &c, 1);
}

int surql_buf_vprintf(surql_buf *b, const char *fmt, va_list ap)
{
    if (!b || !fmt)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_buf_printf: NULL argument");
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return surql_error_set(SURQL_EINVAL, DOMAIN, "surql_buf_printf: invalid format");
    int rc = surql_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
    b->size += (size_t)n;
    return SURQL_OK;
}

int surql_buf_printf(surql_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = surql_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void surql_buf_truncate(surql_buf *b, size_t len)
{
    if (b && b->ptr && len < b->size) {
        b->size = len;
        b->ptr[len] = '\0';
    }
}

void surql_buf_clear(surql_buf *b)
{
    surql_buf_truncate(b, 0);
}

void surql_buf_dispose(surql_buf *b)
{
    if (!b)
        return;
    free(b->ptr);
    b->ptr = NULL;
    b->size = b->asize = 0;
}

const char *surql_buf_cstr(const surql_buf *b)
{
    return (b && b->ptr) ? b->ptr : "";
}

char *surql_buf_detach(surql_buf *b)
{
    if (!b)
        return NULL;
    char *p = b->ptr;
    if (!p)
        p = calloc(1, 1);
    b->ptr = NULL;
    b->size = b->asize = 0;
    return p;
}

char *surql_strdup(const char *s)
{
    return s ? surql_strndup(s, strlen(s)) : NULL;
}

char *surql_strndup(const char *s, size_t len)
{
    if (!s)
        return NULL;
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void surql_free(void *ptr)
{
    free(ptr);
}
