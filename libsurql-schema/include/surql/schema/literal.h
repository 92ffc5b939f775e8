/**
 * @file surql/schema/literal.h
 * @brief The one SurrealQL escaping routine of the suite: identifiers,
 * string literals, record ids and every value as inline SurrealQL text.
 *
 * Every library of the suite renders identifiers and inline values only
 * through these functions. Statements normally bind values as parameters
 * (CBOR); inline literals are for display, dry runs and generated files.
 *
 * Output rules (verified against SurrealDB 3.0.2 and 2.6.0, see
 * docs/values.md):
 *  - A name is *plain* when it matches `[A-Za-z_][A-Za-z0-9_]*` and is not a
 *    reserved word (the v3 reserved list plus words that break in some
 *    position: DELETE, EXPLAIN, ONLY, AND, OVERWRITE, ML, FN, NAN,
 *    INFINITY; compared case-insensitively). Other names are written in
 *    backticks with `` \` `` and `\\` escaped, `\b \f \n \r \t` for those
 *    controls and `\uXXXX` for the remaining control, bidi and invisible
 *    format characters (and U+0000).
 *  - Strings are written in single quotes with `\'`, `\\`, the same short
 *    escapes and the same `\uXXXX` escapes. Nothing a string contains can
 *    end the literal, start a comment or a new statement.
 *  - Output never contains a raw NUL byte, and never a raw control
 *    character except inside backticked names with SURQL_LITERAL_V2.
 *
 * All functions are thread-safe (one thread per output buffer). They append
 * to @p out; on failure @p out keeps its previous contents.
 */
#ifndef SURQL_SCHEMA_LITERAL_H
#define SURQL_SCHEMA_LITERAL_H

#include <stddef.h>
#include <surql/schema/buf.h>
#include <surql/schema/common.h>
#include <surql/schema/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest identifier surql_ident_validate() accepts, in bytes. */
#define SURQL_IDENT_MAX 255

/**
 * Rendering flag: target SurrealDB 2.x. Bytes are written as
 * `encoding::base64::decode('…')` (2.x has no `b"…"` literal), control
 * characters inside backticked names are written raw (2.x has no `\u`
 * escape in identifiers), and values 2.x cannot represent (U+0000 in a
 * string or key, datetimes outside years 0000..9999) are SURQL_EUNSUPPORTED.
 * Sets are written `<set>[…]` in both dialects (2.x then builds an array).
 */
#define SURQL_LITERAL_V2 0x1

/**
 * Append @p v as a SurrealQL literal that SurrealDB parses back to an equal
 * value, e.g. `'it\'s'`, `42`, `1.5f`, `1.50dec`, `d'2024-01-01T00:00:00Z'`,
 * `u'…'`, `1h30m`, ``user:`a b` ``, `[1, 'a']`, `{ a: 1, 'b c': 2 }`,
 * `(1.5f, 2f)`, `1..=5`, `<set>[1, 2]`, `<float>'NaN'`, `b"00FF"`.
 * @p flags: 0 (SurrealDB 3.x) or SURQL_LITERAL_V2. SURQL_EUNSUPPORTED for a
 * value the dialect cannot express. Thread-safe.
 */
SURQL_SCHEMA_API int surql_value_to_surql(const surql_value *v, surql_buf *out, int flags);

/**
 * Parse SurrealQL literal text (@p len bytes) into a value: everything
 * surql_value_to_surql() writes, plus the usual literal spellings (double
 * quotes, `⟨…⟩` record keys, `NaN`, `{1, 2}` sets, durations, `1.5` floats,
 * GeoJSON-shaped objects which become geometries as in SurrealDB). It reads
 * literals only, not expressions. The whole input must be one literal
 * (surrounding whitespace allowed). On success *@p out owns the value; on
 * failure it is NULL and the error (SURQL_EPARSE, SURQL_ERANGE for nesting,
 * SURQL_EINVAL for invalid UTF-8) names the byte offset and carries the
 * 1-based line and column. Thread-safe.
 */
SURQL_SCHEMA_API int surql_value_from_surql(surql_value **out, const char *text, size_t len);

/**
 * 1 when @p name (NUL-terminated) can be written without backticks, else 0 (also for NULL).
 * Thread-safe.
 */
SURQL_SCHEMA_API int surql_ident_is_plain(const char *name);
/** surql_ident_is_plain() for @p len bytes. Thread-safe. */
SURQL_SCHEMA_API int surql_ident_is_plain_len(const char *name, size_t len);

/**
 * Append @p name as an identifier: as is when plain, else in backticks.
 * SURQL_EINVAL for NULL, an empty name or invalid UTF-8.
 * Thread-safe (one thread per output buffer).
 */
SURQL_SCHEMA_API int surql_ident_escape(surql_buf *out, const char *name);
/**
 * surql_ident_escape() for @p len bytes (U+0000 is written `\u0000`, or is
 * SURQL_EUNSUPPORTED with SURQL_LITERAL_V2). @p flags: 0 or SURQL_LITERAL_V2.
 * Thread-safe (one thread per output buffer).
 */
SURQL_SCHEMA_API int surql_ident_escape_len(surql_buf *out, const char *name, size_t len,
                                            int flags);

/**
 * Validate a name chosen by the user for a schema object (table, field,
 * index, ...). Rejected with SURQL_EIDENT: NULL or empty, longer than
 * SURQL_IDENT_MAX bytes, invalid UTF-8, control characters (U+0000..U+001F,
 * U+007F..U+009F) and bidi/invisible format characters (U+061C,
 * U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+FEFF). Reserved words
 * are allowed (they are escaped when rendered). @p what ("table", "field",
 * ...) names the object in the message, which quotes the name escaped.
 * Thread-safe.
 */
SURQL_SCHEMA_API int surql_ident_validate(const char *name, const char *what);

/**
 * Append @p len bytes of UTF-8 @p s as a single-quoted SurrealQL string
 * literal. SURQL_EINVAL for invalid UTF-8 or NULL with a non-zero length.
 * Thread-safe (one thread per output buffer).
 */
SURQL_SCHEMA_API int surql_string_escape(surql_buf *out, const char *s, size_t len);

/**
 * Append a string record key (@p len bytes of UTF-8): as is when plain,
 * else in backticks, so a numeric-looking key such as "123" stays a string
 * (``t:`123` ``). @p flags: 0 or SURQL_LITERAL_V2.
 * Thread-safe (one thread per output buffer).
 */
SURQL_SCHEMA_API int surql_record_key_escape(surql_buf *out, const char *key, size_t len,
                                             int flags);

#ifdef __cplusplus
}
#endif

#endif
