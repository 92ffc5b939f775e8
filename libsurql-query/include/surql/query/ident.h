/**
 * @file surql/query/ident.h
 * @brief Names, field paths, parameters and record ids given as text.
 *
 * Every name the query layer puts into statement text passes through these
 * rules; values never do (they are bound as parameters). All functions are
 * pure and thread-safe.
 *
 * - A *name* (table, edge, index, alias, field segment) is validated with
 *   surql_ident_validate() (no control, bidi or invisible characters, valid
 *   UTF-8, 1..255 bytes) and written through surql_ident_escape(): as is
 *   when plain, else in backticks. So `user` stays `user`, `select` becomes
 *   `` `select` `` and `my table` becomes `` `my table` ``.
 * - A *field path* is names joined by `.` (`address.city`); each segment is
 *   a name. An empty segment is an error.
 * - A *record id given as text* (`user:alice`, ``user:`a b` ``, `t:⟨x⟩`,
 *   `t:123`, `t:[1, 'a']`) is parsed whole with surql_value_record_parse();
 *   its table must be a valid name. Trailing text (`user:x; DELETE user`)
 *   is SURQL_EIDENT naming the input.
 */
#ifndef SURQL_QUERY_IDENT_H
#define SURQL_QUERY_IDENT_H

#include <surql/schema.h>
#include <surql/query/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Validate a name. @p what ("table", "field", ...) names it in the message:
 * `Invalid table name: 'a\u0000b'. ...`. SURQL_OK or SURQL_EIDENT.
 */
SURQL_QUERY_API int surql_query_ident_check(const char *name, const char *what);

/** Validate a dotted field path (each segment a name). SURQL_OK or SURQL_EIDENT. */
SURQL_QUERY_API int surql_query_field_check(const char *path);

/**
 * Append @p path (validated) to @p out, each segment escaped when not plain.
 * SURQL_EIDENT on an invalid path (@p out unchanged).
 */
SURQL_QUERY_API int surql_query_field_escape(surql_buf *out, const char *path);

/**
 * Parse a whole record id given as text. On success *@p out owns a record
 * value (free with surql_value_unref()). SURQL_EIDENT names the input on
 * failure (*@p out = NULL). Id ranges (`t:1..5`) are accepted only when
 * @p allow_range is non-zero.
 */
SURQL_QUERY_API int surql_query_record_parse(surql_value **out, const char *text, int allow_range);

/**
 * Record id of table @p table from @p id, which is either a whole record id
 * of that table (`user:alice`; another table is SURQL_EIDENT) or a key in
 * SurrealQL key syntax (`alice`, `123` (an int), ``⟨a-b⟩``, `` `a b` ``).
 * Anything else is SURQL_EIDENT naming the input. Ranges are refused.
 * *@p out owns the result.
 */
SURQL_QUERY_API int surql_query_record_of(surql_value **out, const char *table, const char *id);

/**
 * Check a value given as a record id: a record value whose table is a valid
 * name, or a string parsed as with surql_query_record_parse(). When
 * @p table is not NULL the record must belong to it. *@p out owns a record
 * value. SURQL_ETYPE for other types, SURQL_EIDENT for a bad id.
 */
SURQL_QUERY_API int surql_query_record_from_value(surql_value **out, const surql_value *v,
                                                  const char *table);

#ifdef __cplusplus
}
#endif

#endif
