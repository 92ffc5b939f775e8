/**
 * @file surql/schema/value.h
 * @brief surql_value: one opaque, immutable, refcounted value for every SurrealDB type.
 *
 * A surql_value carries exactly the types the SurrealDB wire format (CBOR)
 * carries, so a value read from a result and passed back as a parameter keeps
 * its type: a record id stays a record id, a datetime stays a datetime, an
 * int stays an int (an int 1 and a float 1.0 are different values here).
 *
 * **Ownership.** Every builder returns a new reference (transfer full) that
 * the caller releases with surql_value_unref(). surql_value_ref() adds a
 * reference. Builders return NULL only for invalid input or when out of
 * memory, with the reason in surql_error_last() (SURQL_EINVAL names the bad
 * input, e.g. "invalid UTF-8 at byte 3"). Functions whose name ends in
 * `_take` consume the reference they are given, even when they fail, so that
 * nested construction such as
 * `surql_value_array_push_take(a, surql_value_int(1))` never leaks. Getters
 * return borrowed pointers whose lifetime is that of the value they were read
 * from.
 *
 * **Threads.** A value that more than one reference points to is immutable
 * and may be read from any number of threads at once; reference counting is
 * atomic (C11). Arrays, objects and sets are mutable only while the caller
 * holds the sole reference (reference count 1); once shared, a mutator
 * returns SURQL_ESTATE. Mutating one container from two threads at once is
 * not allowed (one thread at a time while the count is 1).
 *
 * **NULL.** Every function that reads a value accepts NULL and treats it as
 * NONE (type SURQL_VALUE_NONE), except where stated.
 *
 * **Limits.** Containers nest at most SURQL_VALUE_MAX_DEPTH levels: a push
 * that would exceed it fails with SURQL_ERANGE, and so do the JSON and
 * SurrealQL parsers on deeper input, so that no routine (rendering,
 * comparison, release) can exhaust the stack.
 *
 * SurrealQL literal rendering and identifier escaping live in
 * surql/schema/literal.h (included below); JSON conversion is declared here.
 * docs/values.md has the full type table.
 */
#ifndef SURQL_SCHEMA_VALUE_H
#define SURQL_SCHEMA_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <surql/schema/buf.h>
#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque value. Immutable once shared; share freely between threads. */
typedef struct surql_value surql_value;

/** Deepest container nesting accepted anywhere (builders, parsers). */
#define SURQL_VALUE_MAX_DEPTH 256

/** Earliest datetime (seconds since the Unix epoch): -262143-01-01T00:00:00Z. */
#define SURQL_DATETIME_MIN_SECS (-8334601228800LL)
/** Latest datetime (seconds since the Unix epoch): +262142-12-31T23:59:59Z. */
#define SURQL_DATETIME_MAX_SECS (8210266876799LL)

/**
 * Value types. The numbering is part of the ABI and never changes.
 * surql_value_compare() orders types by SurrealDB's rank, not by this number.
 */
typedef enum surql_value_type {
    SURQL_VALUE_NONE = 0,      /**< NONE (absent value) */
    SURQL_VALUE_NULL = 1,      /**< NULL */
    SURQL_VALUE_BOOL = 2,      /**< true / false */
    SURQL_VALUE_INT = 3,       /**< 64-bit signed integer */
    SURQL_VALUE_FLOAT = 4,     /**< IEEE 754 double (NaN and infinities allowed) */
    SURQL_VALUE_DECIMAL = 5,   /**< arbitrary decimal kept as validated text */
    SURQL_VALUE_STRING = 6,    /**< UTF-8 text with a length (may contain U+0000) */
    SURQL_VALUE_BYTES = 7,     /**< byte string */
    SURQL_VALUE_DATETIME = 8,  /**< UTC instant: seconds + nanoseconds */
    SURQL_VALUE_DURATION = 9,  /**< non-negative span: seconds + nanoseconds */
    SURQL_VALUE_UUID = 10,     /**< 16 bytes */
    SURQL_VALUE_RECORD = 11,   /**< record id: table + key */
    SURQL_VALUE_TABLE = 12,    /**< table name */
    SURQL_VALUE_ARRAY = 13,    /**< ordered list */
    SURQL_VALUE_OBJECT = 14,   /**< string keys (unique, insertion order kept) to values */
    SURQL_VALUE_GEOMETRY = 15, /**< GeoJSON-like geometry */
    SURQL_VALUE_RANGE = 16,    /**< range with optional lower and upper bounds */
    SURQL_VALUE_SET = 17       /**< SurrealDB 3.x set: distinct values, insertion order kept */
} surql_value_type;

/** Geometry kinds (numbering is ABI). */
typedef enum surql_geometry_kind {
    SURQL_GEOMETRY_POINT = 1,        /**< coordinates: [x, y] */
    SURQL_GEOMETRY_LINE = 2,         /**< coordinates: [[x, y], ...] */
    SURQL_GEOMETRY_POLYGON = 3,      /**< coordinates: [ring, ...]: one or more closed lines */
    SURQL_GEOMETRY_MULTIPOINT = 4,   /**< coordinates: [[x, y], ...] */
    SURQL_GEOMETRY_MULTILINE = 5,    /**< coordinates: [line, ...] */
    SURQL_GEOMETRY_MULTIPOLYGON = 6, /**< coordinates: [polygon, ...] */
    SURQL_GEOMETRY_COLLECTION = 7    /**< coordinates: array of geometry values */
} surql_geometry_kind;

/* ------------------------------------------------------------------------ */
/* Reference counting                                                         */
/* ------------------------------------------------------------------------ */

/**
 * Add a reference. Returns @p v (NULL for NULL). The result is owned by the
 * caller and released with surql_value_unref(). Taking a reference to a
 * container makes it shared, hence immutable. Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_ref(const surql_value *v);

/**
 * Release a reference; the value is freed when the last one goes.
 * NULL is accepted. Always returns NULL (`v = surql_value_unref(v);`).
 * Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_unref(surql_value *v);

/* ------------------------------------------------------------------------ */
/* Scalar builders. Each returns a new reference (free with                  */
/* surql_value_unref) or NULL with surql_error_last() set. Thread-safe.      */
/* ------------------------------------------------------------------------ */

/**
 * NONE. Static singleton: never fails; ref/unref are no-ops on it.
 * Ownership: a static value; surql_value_unref() on it is allowed and does
 * nothing. Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_none(void);
/**
 * NULL. Static singleton: never fails.
 * Ownership: a static value; surql_value_unref() on it is allowed and does
 * nothing. Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_null(void);
/**
 * true (@p b != 0) or false. Static singletons: never fails.
 * Ownership: a static value; surql_value_unref() on it is allowed and does
 * nothing. Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_bool(int b);
/**
 * 64-bit integer. NULL only when out of memory.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_int(int64_t i);
/**
 * Double, including NaN, -0.0 and the infinities. NULL only when out of memory.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_float(double d);

/**
 * Decimal from text `-?D+(.D+)?([eE][+-]?D+)?` (D = ASCII digit; no '+',
 * no leading '.', exponent at most 6 digits). The text is kept as given
 * ("1.50" stays "1.50"). SurrealDB 3.x stores at most 28 fractional digits
 * and 96-bit mantissas; longer values are rounded or rejected by the server,
 * not here. SURQL_EINVAL names the offending byte.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_decimal(const char *text);
/**
 * surql_value_decimal() for @p len bytes of @p text.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_decimal_len(const char *text, size_t len);

/**
 * String from a NUL-terminated UTF-8 C string (copied). Invalid UTF-8 is SURQL_EINVAL.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_string(const char *s);
/**
 * String from @p len bytes of UTF-8 (copied); may contain U+0000.
 * Invalid UTF-8 (overlong forms, surrogates, > U+10FFFF, truncation) is
 * SURQL_EINVAL "invalid UTF-8 at byte N" (N counted from 0).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_string_len(const char *s, size_t len);

/**
 * Byte string (copied). @p data may be NULL when @p len is 0.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_bytes(const void *data, size_t len);

/**
 * Datetime at @p secs seconds + @p nanos nanoseconds after 1970-01-01T00:00:00Z.
 * @p secs must lie in [SURQL_DATETIME_MIN_SECS, SURQL_DATETIME_MAX_SECS]
 * (SurrealDB's range) and @p nanos below 1000000000, else SURQL_ERANGE.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_datetime(int64_t secs, uint32_t nanos);
/**
 * Datetime from RFC 3339 text: `YYYY-MM-DDTHH:MM:SS[.f]` then `Z` or
 * `+HH:MM` / `-HH:MM` (T and Z may be lower case; 1 to 9 fraction digits;
 * the year may be signed with 4 to 6 digits, as SurrealDB prints years
 * outside 0000..9999). Any offset is normalised to UTC. SURQL_EINVAL names
 * the text and the byte; SURQL_ERANGE for instants outside the range.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_datetime_parse(const char *text);

/**
 * Duration of @p secs seconds + @p nanos (< 1000000000, else SURQL_ERANGE).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_duration(uint64_t secs, uint32_t nanos);
/**
 * Duration from SurrealQL text: one or more `<digits><unit>` with units
 * y (365 d), w, d, h, m, s, ms, us / µs, ns, e.g. "1h30m" or
 * "1y2w3d4h5m6s7ms8us9ns". SURQL_EINVAL for malformed text, SURQL_ERANGE
 * when the total exceeds 2^64-1 seconds.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_duration_parse(const char *text);

/**
 * UUID from 16 bytes (copied).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_uuid(const uint8_t bytes[16]);
/**
 * UUID from hyphenated text `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_uuid_parse(const char *text);

/* ------------------------------------------------------------------------ */
/* Record ids, tables, geometry, ranges                                       */
/* ------------------------------------------------------------------------ */

/**
 * Record id @p table:@p key. @p table: non-empty UTF-8 (copied). @p key:
 * int, string, array, object, uuid, or a range whose bounds are such keys
 * (an id range such as `t:1..5`), else SURQL_EINVAL. A reference to @p key
 * is taken (the key becomes shared, hence immutable).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_record(const char *table, const surql_value *key);
/**
 * surql_value_record() that consumes @p key (transfer full), even on failure.
 * Ownership: the result is a new reference (release with surql_value_unref()).
 * Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_record_take(const char *table, surql_value *key);
/**
 * Parse a whole record id in SurrealQL syntax: `user:alice`, ``user:`a b` ``,
 * `user:⟨a b⟩`, `t:123`, `t:-5`, `t:[1, 'a']`, `t:{ a: 1 }`,
 * `t:u'0190…'`, `t:1..5`, `` `my table`:x ``. A digits-only key is an int
 * when it fits in 64 bits (`t:123`); quote it (``t:`123` ``) for a string.
 * Anything else after the key is SURQL_EIDENT naming the input and the byte
 * offset (counted from 0).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_record_parse(const char *text);

/**
 * Table value (a table name, as returned by `type::table()`). Non-empty UTF-8.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_table(const char *name);

/**
 * Geometry of @p kind from @p coords (a reference is taken). Coordinates are
 * nested arrays of finite numbers (int or float; ints are converted to
 * float) as listed for surql_geometry_kind; a collection is an array of
 * geometry values. Polygon rings are closed as SurrealDB closes them (the
 * first point is appended when the last one differs). Wrong shape or
 * non-finite numbers: SURQL_EINVAL.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_geometry(surql_geometry_kind kind,
                                                   const surql_value *coords);
/**
 * surql_value_geometry() that consumes @p coords, even on failure.
 * Ownership: the result is a new reference (release with surql_value_unref()).
 * Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_geometry_take(surql_geometry_kind kind,
                                                        surql_value *coords);
/**
 * Point geometry (@p x, @p y), both finite.
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_point(double x, double y);

/**
 * Range. A NULL bound is unbounded; @p lo_incl / @p hi_incl choose included
 * (non-zero) or excluded bounds and are ignored for unbounded ones. Bounds
 * may be any value except a range. References to the bounds are taken.
 * `1..5` is range(1, 1, 5, 0); `1>..=5` is range(1, 0, 5, 1).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_range(const surql_value *lo, int lo_incl,
                                                const surql_value *hi, int hi_incl);
/**
 * surql_value_range() that consumes @p lo and @p hi (either may be NULL), even on failure.
 * Ownership: the result is a new reference (release with surql_value_unref()).
 * Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_range_take(surql_value *lo, int lo_incl,
                                                     surql_value *hi, int hi_incl);

/* ------------------------------------------------------------------------ */
/* Containers                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * New empty array (mutable while the caller holds the only reference).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_array(void);
/**
 * New empty object (mutable while the caller holds the only reference).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_object(void);
/**
 * New empty set (mutable while the caller holds the only reference).
 * Ownership: a new reference, released with surql_value_unref(); NULL on failure
 * (see surql_error_last()). Thread-safe.
 */
SURQL_SCHEMA_API surql_value *surql_value_set(void);

/**
 * Append @p item (a reference is taken, so @p item becomes immutable).
 * SURQL_ETYPE if @p arr is not an array, SURQL_ESTATE if it is shared,
 * SURQL_EINVAL if @p item is NULL or is @p arr itself, SURQL_ERANGE if the
 * nesting would exceed SURQL_VALUE_MAX_DEPTH. One thread at a time.
 */
SURQL_SCHEMA_API int surql_value_array_push(surql_value *arr, const surql_value *item);
/**
 * Append @p item, consuming it (transfer full) even on failure. When
 * @p item is NULL (for instance because the builder that produced it
 * failed) the error that builder recorded is returned, or SURQL_EINVAL.
 * One thread at a time per container.
 */
SURQL_SCHEMA_API int surql_value_array_push_take(surql_value *arr, surql_value *item);

/**
 * Set @p key (NUL-terminated UTF-8, copied) to @p val (a reference is
 * taken). Replacing an existing key keeps its position; new keys are
 * appended. Errors as for surql_value_array_push(), plus SURQL_EINVAL for
 * invalid UTF-8 in @p key. One thread at a time.
 */
SURQL_SCHEMA_API int surql_value_object_set(surql_value *obj, const char *key,
                                            const surql_value *val);
/**
 * surql_value_object_set() that consumes @p val, even on failure (NULL @p val: as push_take).
 * One thread at a time per container.
 */
SURQL_SCHEMA_API int surql_value_object_set_take(surql_value *obj, const char *key,
                                                 surql_value *val);
/**
 * surql_value_object_set() with a key of @p keylen bytes (may contain U+0000).
 * One thread at a time per container.
 */
SURQL_SCHEMA_API int surql_value_object_set_len(surql_value *obj, const char *key, size_t keylen,
                                                const surql_value *val);
/**
 * surql_value_object_set_len() that consumes @p val, even on failure.
 * One thread at a time per container.
 */
SURQL_SCHEMA_API int surql_value_object_set_len_take(surql_value *obj, const char *key,
                                                     size_t keylen, surql_value *val);

/**
 * Add @p item to @p set unless an equal value (surql_value_equal()) is
 * already there, in which case this is a successful no-op. A reference is
 * taken when added. Errors as for surql_value_array_push(). One thread at a time.
 */
SURQL_SCHEMA_API int surql_value_set_add(surql_value *set, const surql_value *item);
/**
 * surql_value_set_add() that consumes @p item, even on failure or when already present.
 * One thread at a time per container.
 */
SURQL_SCHEMA_API int surql_value_set_add_take(surql_value *set, surql_value *item);

/* ------------------------------------------------------------------------ */
/* Type inspection. Thread-safe (values are immutable when shared).           */
/* ------------------------------------------------------------------------ */

/** Type of @p v (SURQL_VALUE_NONE for NULL). Thread-safe. */
SURQL_SCHEMA_API surql_value_type surql_value_type_of(const surql_value *v);
/**
 * SurrealQL name of a type, as `type::of()` spells it: "none", "null",
 * "bool", "int", "float", "decimal", "string", "bytes", "datetime",
 * "duration", "uuid", "record", "table", "array", "object", "geometry",
 * "range", "set"; "unknown" for other numbers. Static string.
 * Thread-safe.
 */
SURQL_SCHEMA_API const char *surql_value_type_name(surql_value_type type);
/**
 * GeoJSON name of a geometry kind ("Point", "LineString", ..., "GeometryCollection") or "unknown".
 * Thread-safe.
 */
SURQL_SCHEMA_API const char *surql_geometry_kind_name(surql_geometry_kind kind);
/** 1 when @p v is NONE (or NULL), else 0. Thread-safe. */
SURQL_SCHEMA_API int surql_value_is_none(const surql_value *v);
/** 1 when @p v is NULL (the SurrealDB NULL value), else 0. Thread-safe. */
SURQL_SCHEMA_API int surql_value_is_null(const surql_value *v);
/** 1 when @p v is NONE or NULL, else 0. Thread-safe. */
SURQL_SCHEMA_API int surql_value_is_nullish(const surql_value *v);

/* ------------------------------------------------------------------------ */
/* Typed getters. Each returns SURQL_OK or SURQL_ETYPE ("expected int, got    */
/* string"); SURQL_EINVAL when a required out-parameter is NULL. On error     */
/* the out-parameters are left unchanged. Borrowed pointers live as long as   */
/* the value. Thread-safe.                                                    */
/* ------------------------------------------------------------------------ */

/** Boolean as 0 / 1. Thread-safe; nothing is transferred to the caller. */
SURQL_SCHEMA_API int surql_value_get_bool(const surql_value *v, int *out);
/**
 * Integer (ints only: a float is SURQL_ETYPE).
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_int(const surql_value *v, int64_t *out);
/** Float (floats only). Thread-safe; nothing is transferred to the caller. */
SURQL_SCHEMA_API int surql_value_get_float(const surql_value *v, double *out);
/**
 * Any number as a double: int, float, or decimal (rounded to the nearest double).
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_number(const surql_value *v, double *out);
/**
 * String contents: @p ptr (NUL-terminated, but may also contain U+0000)
 * and @p len (may be NULL). Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_string(const surql_value *v, const char **ptr, size_t *len);
/**
 * Decimal text exactly as built. Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_decimal(const surql_value *v, const char **text);
/**
 * Bytes: @p ptr (NULL when empty) and @p len. Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_bytes(const surql_value *v, const uint8_t **ptr, size_t *len);
/**
 * Datetime as seconds since the epoch and nanoseconds (either pointer may be NULL).
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_datetime(const surql_value *v, int64_t *secs, uint32_t *nanos);
/**
 * Duration as seconds and nanoseconds (either pointer may be NULL).
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_duration(const surql_value *v, uint64_t *secs,
                                              uint32_t *nanos);
/** UUID bytes, copied into @p out. Thread-safe; nothing is transferred to the caller. */
SURQL_SCHEMA_API int surql_value_get_uuid(const surql_value *v, uint8_t out[16]);
/**
 * Table of a record id (NUL-terminated). Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_record_table(const surql_value *v, const char **table);
/**
 * Key of a record id. Borrowed: valid while @p v is (surql_value_ref() to keep it).
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_record_key(const surql_value *v, const surql_value **key);
/**
 * Name of a table value. Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_table_name(const surql_value *v, const char **name);
/**
 * Lower bound of a range: @p bound is NULL when unbounded; @p inclusive
 * (may be NULL) is 1 for an included bound. Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_range_lower(const surql_value *v, const surql_value **bound,
                                             int *inclusive);
/**
 * Upper bound of a range, as surql_value_range_lower().
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_range_upper(const surql_value *v, const surql_value **bound,
                                             int *inclusive);
/** Kind of a geometry. Thread-safe; nothing is transferred to the caller. */
SURQL_SCHEMA_API int surql_value_geometry_kind(const surql_value *v, surql_geometry_kind *kind);
/**
 * Coordinates of a geometry: nested arrays of floats (for a collection, the
 * array of member geometries). Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_geometry_coordinates(const surql_value *v,
                                                      const surql_value **coords);
/**
 * x and y of a point geometry (SURQL_ETYPE for other kinds).
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_get_point(const surql_value *v, double *x, double *y);

/**
 * Number of elements of an array or set, of entries of an object, of bytes
 * of a string or byte string; 0 for every other type and for NULL.
 * Thread-safe.
 */
SURQL_SCHEMA_API size_t surql_value_length(const surql_value *v);
/**
 * Element @p i of an array or set, or NULL when out of range or not an
 * array/set. Borrowed: valid while @p v is.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API const surql_value *surql_value_array_at(const surql_value *v, size_t i);
/**
 * Value of @p key in an object, or NULL (missing key, not an object). Borrowed.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API const surql_value *surql_value_object_get(const surql_value *v, const char *key);
/**
 * surql_value_object_get() with a key of @p keylen bytes.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API const surql_value *surql_value_object_get_len(const surql_value *v,
                                                               const char *key, size_t keylen);
/**
 * Entry @p i (insertion order) of an object: key (NUL-terminated, borrowed),
 * its length and the value (borrowed). Any out-parameter may be NULL.
 * SURQL_ETYPE if not an object, SURQL_ERANGE if @p i >= length.
 * Thread-safe; nothing is transferred to the caller.
 */
SURQL_SCHEMA_API int surql_value_object_at(const surql_value *v, size_t i, const char **key,
                                           size_t *keylen, const surql_value **val);
/** 1 when @p set (a set or an array) holds a value equal to @p item, else 0. Thread-safe. */
SURQL_SCHEMA_API int surql_value_contains(const surql_value *set, const surql_value *item);

/**
 * Caller-allocated iterator over the elements of an array or set, or the
 * entries of an object (insertion order). Fields are read-only for the
 * caller; `key`/`key_len` are set for objects only (NULL/0 otherwise).
 * Borrowed pointers live as long as the container.
 */
typedef struct surql_value_iter {
    const surql_value *container; /**< the container being iterated */
    size_t index;                 /**< index of the next element */
    const char *key;              /**< current key (objects) or NULL */
    size_t key_len;               /**< length of the current key */
    const surql_value *value;     /**< current element or entry value */
    void *reserved[2];            /**< reserved for future use */
} surql_value_iter;

/**
 * Start iterating @p container. SURQL_ETYPE unless it is an array, set or object.
 * An iterator is used by one thread at a time; any number of iterators may
 * read the same (shared) container concurrently.
 */
SURQL_SCHEMA_API int surql_value_iter_init(surql_value_iter *it, const surql_value *container);
/**
 * Advance: SURQL_OK with `it->value` (and `it->key`) set to the next item,
 * SURQL_ITEROVER at the end, SURQL_EINVAL for a NULL or uninitialised iterator.
 * An iterator is used by one thread at a time; any number of iterators may
 * read the same (shared) container concurrently.
 */
SURQL_SCHEMA_API int surql_value_iter_next(surql_value_iter *it);

/* ------------------------------------------------------------------------ */
/* Equality and ordering. Thread-safe.                                        */
/* ------------------------------------------------------------------------ */

/**
 * Deep equality with type fidelity: values of different types are never
 * equal (int 1 != float 1.0 != decimal 1). Within a type: floats compare
 * numerically with NaN == NaN and -0.0 == 0.0; decimals compare
 * numerically ("1.50" == "1.5"); objects compare as maps (key order does
 * not matter, as in SurrealDB's BTreeMap); sets compare as sets (order does
 * not matter); arrays, strings and bytes element by element. Returns 1 or 0.
 * Thread-safe.
 */
SURQL_SCHEMA_API int surql_value_equal(const surql_value *a, const surql_value *b);

/**
 * Deep total order, consistent with surql_value_equal() (0 exactly when
 * equal). Types rank as in SurrealDB 3.x: none < null < bool < numbers <
 * string < duration < datetime < uuid < array < set < object < geometry <
 * bytes < table < record < range. Numbers (int, float, decimal) order by
 * numeric value across types (int vs float exactly, decimal via double),
 * NaN after every other number, and ties between types break as int <
 * float < decimal. Strings and bytes compare bytewise, arrays
 * lexicographically, objects by their entries sorted by key, sets by their
 * sorted elements, records by table then key (int < string < uuid < array <
 * object < range keys). Returns <0, 0 or >0.
 * Thread-safe.
 */
SURQL_SCHEMA_API int surql_value_compare(const surql_value *a, const surql_value *b);

/* ------------------------------------------------------------------------ */
/* JSON                                                                       */
/* ------------------------------------------------------------------------ */

/** Flag: lossless tagged JSON (docs/values.md "Extended JSON"), both directions. */
#define SURQL_JSON_EXTENDED 0x1
/** Flag (output only): indent with two spaces, one member per line. */
#define SURQL_JSON_PRETTY 0x2

/**
 * Parse strict RFC 8259 JSON (@p len bytes; no trailing text other than
 * whitespace, valid UTF-8 only, escapes checked, duplicate object keys
 * rejected, nesting at most SURQL_VALUE_MAX_DEPTH). Plain mode maps JSON
 * types to plain values without reinterpreting strings; an integer literal
 * that fits int64 becomes an int, every other number a float. With
 * SURQL_JSON_EXTENDED the tagged objects of the extended form are decoded.
 * On success *@p out owns the value (free with surql_value_unref). On
 * failure *@p out is NULL and the error (SURQL_EPARSE, SURQL_ERANGE for
 * depth, SURQL_EINVAL for invalid UTF-8) carries the 1-based line and
 * column. Thread-safe.
 */
SURQL_SCHEMA_API int surql_value_from_json(surql_value **out, const char *json, size_t len,
                                           int flags);

/**
 * Append @p v as JSON to @p out. Default: the SurrealDB server's JSON form
 * (NONE and NULL -> null, NaN/Inf -> null, decimal/uuid/datetime/duration/
 * record/range as strings, bytes as an array of ints, geometry as GeoJSON,
 * set as an array). SURQL_JSON_EXTENDED: the lossless form that
 * surql_value_from_json() reads back to an equal value.
 * SURQL_JSON_PRETTY: indented. On failure @p out keeps its previous
 * contents. Thread-safe (one thread per buffer).
 */
SURQL_SCHEMA_API int surql_value_to_json(const surql_value *v, surql_buf *out, int flags);

#ifdef __cplusplus
}
#endif

#include <surql/schema/literal.h>

#endif
