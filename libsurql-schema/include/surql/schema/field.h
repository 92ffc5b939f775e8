/**
 * @file surql/schema/field.h
 * @brief Fields: `DEFINE FIELD name ON table ...`.
 *
 * Immutable and reference counted (see surql/schema/model.h for the rules
 * every model object follows). Each `_with_*` builder returns a new field in
 * `*out` and leaves @p f untouched.
 *
 * Names: a path of identifiers joined by `.` with `[*]` (or `.*`) for array
 * elements, e.g. "address.city", "tags[*]", "`first name`" (segments that
 * are not plain identifiers are back-ticked in DDL automatically).
 *
 * Types: SurrealQL type text, validated when set: string, int, float, bool,
 * datetime, duration, decimal, number, object, array, set, record, geometry,
 * bytes, uuid, null, none, any; `option<T>`, `array<T>`, `array<T, N>`,
 * `set<T>`, `record<a | b>`, `geometry<point | polygon>`, literals ('a', 1)
 * and unions `A | B`. NULL means "no TYPE clause".
 */
#ifndef SURQL_SCHEMA_FIELD_H
#define SURQL_SCHEMA_FIELD_H

#include <surql/schema/model.h>
#include <surql/schema/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A new field. @p name is validated (SURQL_EIDENT naming the field); @p type
 * may be NULL (no TYPE clause) and is validated (SURQL_ESCHEMA).
 */
SURQL_SCHEMA_API int surql_schema_field_new(surql_schema_field **out, const char *name,
                                            const char *type);
/** Add a reference. NULL ok. */
SURQL_SCHEMA_API surql_schema_field *surql_schema_field_ref(const surql_schema_field *f);
/** Drop a reference; returns NULL. NULL ok. */
SURQL_SCHEMA_API surql_schema_field *surql_schema_field_unref(surql_schema_field *f);

/** Set the type (NULL: no TYPE clause). */
SURQL_SCHEMA_API int surql_schema_field_with_type(surql_schema_field **out,
                                                  const surql_schema_field *f, const char *type);
/** ASSERT condition (raw SurrealQL, trusted), NULL to clear. */
SURQL_SCHEMA_API int surql_schema_field_with_assert(surql_schema_field **out,
                                                    const surql_schema_field *f,
                                                    const char *expr);
/**
 * DEFAULT expression (raw SurrealQL, trusted, e.g. "time::now()" or
 * "'active'"), NULL to clear. @p always: 1 for DEFAULT ALWAYS.
 */
SURQL_SCHEMA_API int surql_schema_field_with_default(surql_schema_field **out,
                                                     const surql_schema_field *f,
                                                     const char *expr, int always);
/**
 * DEFAULT given as a value: rendered through surql_value_to_surql() for the
 * target dialect (so strings are always escaped). @p v is referenced.
 */
SURQL_SCHEMA_API int surql_schema_field_with_default_value(surql_schema_field **out,
                                                           const surql_schema_field *f,
                                                           const surql_value *v, int always);
/** VALUE expression (computed on write; raw SurrealQL, trusted), NULL to clear. */
SURQL_SCHEMA_API int surql_schema_field_with_value(surql_schema_field **out,
                                                   const surql_schema_field *f, const char *expr);
/**
 * Computed field (evaluated on read): 2.x `VALUE <future> { expr }`, 3.x
 * `COMPUTED expr`. Cannot be combined with VALUE, DEFAULT, READONLY, ASSERT
 * or FLEXIBLE (SURQL_ESCHEMA). NULL to clear.
 */
SURQL_SCHEMA_API int surql_schema_field_with_computed(surql_schema_field **out,
                                                      const surql_schema_field *f,
                                                      const char *expr);
/** READONLY on (1) or off (0). */
SURQL_SCHEMA_API int surql_schema_field_with_readonly(surql_schema_field **out,
                                                      const surql_schema_field *f, int readonly);
/**
 * FLEXIBLE (rendered `TYPE object FLEXIBLE`, valid in both dialects). The
 * type must contain `object` (SURQL_ESCHEMA otherwise).
 */
SURQL_SCHEMA_API int surql_schema_field_with_flexible(surql_schema_field **out,
                                                      const surql_schema_field *f, int flexible);
/**
 * Permission @p rule (see model.h) for the operations in @p ops. Fields have
 * select, create and update only: SURQL_SCHEMA_PERM_DELETE alone is
 * SURQL_ESCHEMA (the 2.x engine ignores it and 3.x rejects it), and
 * SURQL_SCHEMA_PERM_ALL means the three field operations. NULL @p rule
 * clears (engine default FULL).
 */
SURQL_SCHEMA_API int surql_schema_field_with_permission(surql_schema_field **out,
                                                        const surql_schema_field *f,
                                                        unsigned ops, const char *rule);
/** COMMENT text (escaped when rendered), NULL to clear. */
SURQL_SCHEMA_API int surql_schema_field_with_comment(surql_schema_field **out,
                                                     const surql_schema_field *f,
                                                     const char *comment);
/**
 * Declare the name this field had before: surql_schema_diff() then emits a
 * rename (define new, copy data, remove old) instead of a drop and an add.
 * Not part of the DDL. NULL to clear.
 */
SURQL_SCHEMA_API int surql_schema_field_with_renamed_from(surql_schema_field **out,
                                                          const surql_schema_field *f,
                                                          const char *old_name);

/* Getters: borrowed from @p f; NULL when not set. */
SURQL_SCHEMA_API const char *surql_schema_field_name(const surql_schema_field *f);
SURQL_SCHEMA_API const char *surql_schema_field_type(const surql_schema_field *f);
SURQL_SCHEMA_API const char *surql_schema_field_assert(const surql_schema_field *f);
/** The DEFAULT expression text (NULL when unset or given as a value). */
SURQL_SCHEMA_API const char *surql_schema_field_default(const surql_schema_field *f);
/** The DEFAULT value (NULL when unset or given as an expression). */
SURQL_SCHEMA_API const surql_value *surql_schema_field_default_value(const surql_schema_field *f);
SURQL_SCHEMA_API int surql_schema_field_default_always(const surql_schema_field *f);
SURQL_SCHEMA_API const char *surql_schema_field_value(const surql_schema_field *f);
SURQL_SCHEMA_API const char *surql_schema_field_computed(const surql_schema_field *f);
SURQL_SCHEMA_API int surql_schema_field_readonly(const surql_schema_field *f);
SURQL_SCHEMA_API int surql_schema_field_flexible(const surql_schema_field *f);
/** Rule for exactly one operation (SURQL_SCHEMA_PERM_SELECT, _CREATE or _UPDATE). */
SURQL_SCHEMA_API const char *surql_schema_field_permission(const surql_schema_field *f,
                                                           surql_schema_perm_op op);
SURQL_SCHEMA_API const char *surql_schema_field_comment(const surql_schema_field *f);
SURQL_SCHEMA_API const char *surql_schema_field_renamed_from(const surql_schema_field *f);

#ifdef __cplusplus
}
#endif

#endif
