/**
 * @file surql/schema/init.h
 * @brief Reference-counted global initialisation.
 *
 * libsurql-schema and libsurql-query need no global setup; calling these is
 * harmless. Libraries that do (libsurql-conn initialises libcurl) provide
 * their own `surql_<lib>_global_init()` which calls surql_global_init() and
 * then its own setup exactly once. Call init before starting threads that use
 * the suite and shutdown after they end; calls may nest and must balance.
 */
#ifndef SURQL_SCHEMA_INIT_H
#define SURQL_SCHEMA_INIT_H

#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Increment the init count. Returns the new count (>= 1) or a negative code. Thread-safe. */
SURQL_SCHEMA_API int surql_global_init(void);

/**
 * Decrement the init count. Returns the remaining count (0 when the suite is
 * fully shut down) or SURQL_ESTATE when called more often than init. Thread-safe.
 */
SURQL_SCHEMA_API int surql_global_shutdown(void);

/** Current init count. Thread-safe. */
SURQL_SCHEMA_API int surql_global_init_count(void);

#ifdef __cplusplus
}
#endif

#endif
