/**
 * @file surql/schema/log.h
 * @brief The one logging hook of the suite. Libraries never print: they call
 * this hook, which is silent until an application installs a handler.
 */
#ifndef SURQL_SCHEMA_LOG_H
#define SURQL_SCHEMA_LOG_H

#include <stdarg.h>
#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum surql_log_level {
    SURQL_LOG_ERROR = 1,
    SURQL_LOG_WARN = 2,
    SURQL_LOG_INFO = 3,
    SURQL_LOG_DEBUG = 4,
    SURQL_LOG_TRACE = 5
} surql_log_level;

/**
 * Log handler. @p domain is the library ("surql-conn"); @p msg is one line
 * without a trailing newline. Both are borrowed for the duration of the call.
 * May be called from any thread that uses the library, concurrently.
 */
typedef void (*surql_log_fn)(void *userdata, int level, const char *domain, const char *msg);

/**
 * Install the process-wide handler (NULL = silent, the default) and the most
 * verbose level it receives. Set it before other threads use the library;
 * replacing it later is thread-safe but a message already being delivered
 * may still reach the old handler.
 */
SURQL_SCHEMA_API void surql_log_set_handler(surql_log_fn fn, void *userdata, int max_level);

/** True when a message at @p level would reach a handler (to skip costly formatting). */
SURQL_SCHEMA_API int surql_log_enabled(int level);

/** Emit a message (used by the libraries; applications may use it too). */
SURQL_SCHEMA_API void surql_log(int level, const char *domain, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** va_list form of surql_log(). */
SURQL_SCHEMA_API void surql_logv(int level, const char *domain, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;

/** Name of a level ("error", "warn", "info", "debug", "trace"). Static string. */
SURQL_SCHEMA_API const char *surql_log_level_name(int level);

#ifdef __cplusplus
}
#endif

#endif
