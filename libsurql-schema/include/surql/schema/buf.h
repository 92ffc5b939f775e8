/**
 * @file surql/schema/buf.h
 * @brief Growable byte buffer used for every owned string the suite returns.
 *
 * A surql_buf is caller-allocated (usually on the stack) and initialised with
 * SURQL_BUF_INIT. After any successful write, `ptr` is NUL-terminated and
 * `size` excludes the terminator. Release with surql_buf_dispose().
 * One thread at a time per buffer.
 */
#ifndef SURQL_SCHEMA_BUF_H
#define SURQL_SCHEMA_BUF_H

#include <stdarg.h>
#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct surql_buf {
    char *ptr;     /**< contents, NUL-terminated; NULL before the first write */
    size_t size;   /**< bytes used, excluding the NUL */
    size_t asize;  /**< bytes allocated */
} surql_buf;

#define SURQL_BUF_INIT { NULL, 0, 0 }

/** Largest buffer surql_buf will allocate (1 GiB); growth past it is SURQL_ERANGE. */
#define SURQL_BUF_MAX ((size_t)1 << 30)

/** Ensure room for @p extra more bytes plus the NUL. SURQL_ENOMEM / SURQL_ERANGE on failure. */
SURQL_SCHEMA_API int surql_buf_grow(surql_buf *b, size_t extra);
/** Append @p len bytes (may contain NUL bytes). */
SURQL_SCHEMA_API int surql_buf_put(surql_buf *b, const void *data, size_t len);
/** Append a NUL-terminated string. */
SURQL_SCHEMA_API int surql_buf_puts(surql_buf *b, const char *s);
/** Append one byte. */
SURQL_SCHEMA_API int surql_buf_putc(surql_buf *b, char c);
/** Append printf-formatted text. */
SURQL_SCHEMA_API int surql_buf_printf(surql_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** va_list form of surql_buf_printf(). */
SURQL_SCHEMA_API int surql_buf_vprintf(surql_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/** Shorten to @p len bytes (no-op if already shorter). */
SURQL_SCHEMA_API void surql_buf_truncate(surql_buf *b, size_t len);
/** Empty the buffer but keep its memory. */
SURQL_SCHEMA_API void surql_buf_clear(surql_buf *b);
/** Free the memory and reset to SURQL_BUF_INIT. NULL is accepted. */
SURQL_SCHEMA_API void surql_buf_dispose(surql_buf *b);
/** Contents as a C string: never NULL ("" when empty). Borrowed until the next write. */
SURQL_SCHEMA_API const char *surql_buf_cstr(const surql_buf *b);
/**
 * Take the contents as a malloc'd, NUL-terminated string (transfer full,
 * free with surql_free) and reset @p b. Returns an empty string when the
 * buffer is empty, NULL only when out of memory.
 */
SURQL_SCHEMA_API char *surql_buf_detach(surql_buf *b);

/** strdup that returns NULL for NULL input; free with surql_free. */
SURQL_SCHEMA_API char *surql_strdup(const char *s);
/** Copy @p len bytes into a new NUL-terminated string; free with surql_free. */
SURQL_SCHEMA_API char *surql_strndup(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
