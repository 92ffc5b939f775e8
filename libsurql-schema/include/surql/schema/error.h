/**
 * @file surql/schema/error.h
 * @brief Thread-local details of the last failure.
 *
 * A function that fails returns a negative status code and records details
 * in a thread-local slot, read with surql_error_last(). The slot lives in
 * libsurql-schema, so every library of the suite shares it. A successful
 * call does not clear it: read it right after the failing call.
 */
#ifndef SURQL_SCHEMA_ERROR_H
#define SURQL_SCHEMA_ERROR_H

#include <stdarg.h>
#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Details of a failure. Read-only; owned by the library.
 * New fields may be appended in later versions (never reordered).
 */
typedef struct surql_error {
    int code;                /**< the status code returned by the failing call */
    const char *message;     /**< human-readable message, never NULL ("" when none) */
    const char *domain;      /**< "surql-schema", "surql-conn", ..., never NULL */
    const char *server_kind; /**< SurrealDB error kind ("NotAllowed", ...) or NULL */
    long server_code;        /**< SurrealDB RPC error code (e.g. -32002) or 0 */
    const char *detail_json; /**< server error details as JSON text, or NULL */
    size_t line;             /**< 1-based line of a parse error, 0 when unknown */
    size_t column;           /**< 1-based column of a parse error, 0 when unknown */
} surql_error;

/**
 * The last error recorded on the calling thread. Never NULL: when nothing
 * failed yet, code is SURQL_OK and message is "".
 * Lifetime: valid until the next surql call on this thread that fails, or
 * surql_error_clear(). Thread-safe (each thread has its own slot).
 */
SURQL_SCHEMA_API const surql_error *surql_error_last(void);

/** Reset the calling thread's error slot to SURQL_OK. */
SURQL_SCHEMA_API void surql_error_clear(void);

/**
 * Record an error on the calling thread and return @p code, so a library
 * can write `return surql_error_set(SURQL_EINVAL, "surql-query", "...")`.
 * @p domain must be a static string. The message is formatted with
 * vsnprintf; it is truncated at 4 KiB. If formatting memory cannot be
 * allocated the message becomes "out of memory" but the code is kept.
 * Intended for the surql libraries and for applications' own callbacks.
 */
SURQL_SCHEMA_API int surql_error_set(int code, const char *domain, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** va_list form of surql_error_set(). */
SURQL_SCHEMA_API int surql_error_setv(int code, const char *domain, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;

/** Like surql_error_set() and also records a 1-based line and column. */
SURQL_SCHEMA_API int surql_error_set_at(int code, const char *domain, size_t line, size_t column,
                                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/**
 * Record an error that came from the SurrealDB server. @p kind and
 * @p detail_json may be NULL; all strings are copied. Returns @p code.
 */
SURQL_SCHEMA_API int surql_error_set_server(int code, const char *domain, long server_code,
                                            const char *kind, const char *message,
                                            const char *detail_json);

/**
 * Prefix the current message with "<prefix>: " (for adding context while an
 * error travels up, e.g. a file name). Returns the current code.
 */
SURQL_SCHEMA_API int surql_error_prefix(const char *prefix);

#ifdef __cplusplus
}
#endif

#endif
