/**
 * @file surql/schema/common.h
 * @brief Status codes and memory helpers shared by every surql library.
 *
 * Every fallible surql function returns an `int`: SURQL_OK (0) on success,
 * a negative code on failure. Codes are split into one range per library so
 * each library can add codes on its own:
 *
 * | range        | library          | header                    |
 * |--------------|------------------|---------------------------|
 * | -1 .. -99    | generic (schema) | this file                 |
 * | -100 .. -199 | libsurql-schema  | surql/schema/common.h     |
 * | -200 .. -299 | libsurql-query   | surql/query/error.h       |
 * | -300 .. -399 | libsurql-conn    | surql/conn/error.h        |
 * | -400 .. -499 | libsurql-cache   | surql/cache/error.h       |
 * | -500 .. -599 | libsurql-migrate | surql/migrate/error.h     |
 * | -600 .. -699 | libsurql-orch    | surql/orch/error.h        |
 *
 * Details of the last failure on the calling thread are available from
 * surql_error_last() (surql/schema/error.h).
 */
#ifndef SURQL_SCHEMA_COMMON_H
#define SURQL_SCHEMA_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes of the generic range (-1..-99) and of libsurql-schema (-1xx). */
typedef enum surql_status {
    SURQL_OK = 0,            /**< success */
    SURQL_ERROR = -1,        /**< unspecified failure */
    SURQL_EINVAL = -2,       /**< invalid argument (NULL where not allowed, bad value) */
    SURQL_ENOMEM = -3,       /**< out of memory */
    SURQL_ERANGE = -4,       /**< value out of range or limit exceeded */
    SURQL_EPARSE = -5,       /**< malformed input text (JSON, SurrealQL, YAML, ...) */
    SURQL_ENOTFOUND = -6,    /**< a named item does not exist */
    SURQL_EEXISTS = -7,      /**< a named item already exists */
    SURQL_ETYPE = -8,        /**< value has the wrong type for the operation */
    SURQL_EIO = -9,          /**< operating-system I/O failure (errno in the message) */
    SURQL_ETIMEOUT = -10,    /**< a deadline passed */
    SURQL_EUNSUPPORTED = -11,/**< not supported (by this build, dialect or server) */
    SURQL_ESTATE = -12,      /**< object is in the wrong state for the call */
    SURQL_EIDENT = -13,      /**< invalid SurrealQL identifier or record id */
    SURQL_ITEROVER = -31,    /**< iteration finished: not an error */

    /* libsurql-schema: -100 .. -199 */
    SURQL_ESCHEMA = -100,        /**< invalid schema definition */
    SURQL_ESCHEMA_DIALECT = -101,/**< construct has no equivalent in the dialect */
    SURQL_ESCHEMA_CONFLICT = -102/**< two definitions of one object */
} surql_status;

/** Lowest (most negative) code of each library's range. */
#define SURQL_RANGE_SCHEMA  (-100)
#define SURQL_RANGE_QUERY   (-200)
#define SURQL_RANGE_CONN    (-300)
#define SURQL_RANGE_CACHE   (-400)
#define SURQL_RANGE_MIGRATE (-500)
#define SURQL_RANGE_ORCH    (-600)

/**
 * Short constant name of a status code ("SURQL_EINVAL"), or "SURQL_E?" for
 * codes this library does not know. Static string; thread-safe.
 */
SURQL_SCHEMA_API const char *surql_status_name(int code);

/**
 * Free memory that a surql function returned as `char **out` (or documented
 * "free with surql_free"). NULL is accepted. Thread-safe.
 */
SURQL_SCHEMA_API void surql_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
