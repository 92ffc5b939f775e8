/**
 * @file surql/schema/model.h
 * @brief The schema model: a registry of tables, edges, accesses, params,
 * functions and analyzers, all immutable and reference counted.
 *
 * Every model object (surql_schema, surql_schema_table, surql_schema_field,
 * surql_schema_index, surql_schema_event, surql_schema_access,
 * surql_schema_param, surql_schema_function, surql_schema_analyzer) is
 * **immutable once built: share freely between threads**. Builders named
 * `_with_*` / `_without_*` never modify their input: they return a new
 * object in `*out` (caller owns one reference) that shares every unchanged
 * child with the input by reference (structural sharing: adding a field to a
 * table with n fields copies n pointers, not n fields).
 *
 * Reference counting: `_ref()` adds a reference (atomic), `_unref()` drops
 * one and returns NULL; both accept NULL. Getters return borrowed pointers
 * valid as long as the object they came from is referenced.
 *
 * Errors: builders return SURQL_OK or a negative code and record a message
 * naming the object and the offending field in surql_error_last(), e.g.
 * "index 'emb' on table 'doc': HNSW requires a dimension". On failure
 * `*out` is NULL.
 *
 * Expressions (ASSERT, DEFAULT, VALUE, COMPUTED, PERMISSIONS WHERE, event
 * WHEN/THEN, access SIGNUP/SIGNIN/AUTHENTICATE, param values, function
 * bodies) are raw SurrealQL written by the application and are **trusted
 * input**: they are emitted as given (function names are translated to the
 * target dialect). Names and string literals (comments, keys, URLs) always
 * go through the escaping routines of surql/schema/literal.h.
 */
#ifndef SURQL_SCHEMA_MODEL_H
#define SURQL_SCHEMA_MODEL_H

#include <stddef.h>
#include <surql/schema/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A whole schema (the registry). Immutable, share freely. */
typedef struct surql_schema surql_schema;
/** A table or an edge (relation table). Immutable, share freely. */
typedef struct surql_schema_table surql_schema_table;
/** A field of a table. Immutable, share freely. */
typedef struct surql_schema_field surql_schema_field;
/** An index of a table. Immutable, share freely. */
typedef struct surql_schema_index surql_schema_index;
/** An event of a table. Immutable, share freely. */
typedef struct surql_schema_event surql_schema_event;
/** A DEFINE ACCESS (record or JWT). Immutable, share freely. */
typedef struct surql_schema_access surql_schema_access;
/** A DEFINE PARAM. Immutable, share freely. */
typedef struct surql_schema_param surql_schema_param;
/** A DEFINE FUNCTION. Immutable, share freely. */
typedef struct surql_schema_function surql_schema_function;
/** A DEFINE ANALYZER. Immutable, share freely. */
typedef struct surql_schema_analyzer surql_schema_analyzer;

/** Operations a permission applies to (bit flags). */
typedef enum surql_schema_perm_op {
    SURQL_SCHEMA_PERM_SELECT = 1,
    SURQL_SCHEMA_PERM_CREATE = 2,
    SURQL_SCHEMA_PERM_UPDATE = 4,
    SURQL_SCHEMA_PERM_DELETE = 8, /**< tables only: fields have no delete permission */
    SURQL_SCHEMA_PERM_ALL = 15
} surql_schema_perm_op;

/*
 * Permission rules, as accepted by every `_with_permission*()` builder:
 * "FULL", "NONE" (any case), or a WHERE condition, given either bare
 * ("$auth.id = id") or with its keyword ("WHERE $auth.id = id"). Getters
 * return "FULL", "NONE" or the bare condition; NULL means "not set" (the
 * engine default applies: NONE for tables, FULL for fields, params and
 * functions).
 */

/* ---- the registry ------------------------------------------------------ */

/** A new, empty schema. @return SURQL_OK or SURQL_ENOMEM. */
SURQL_SCHEMA_API int surql_schema_new(surql_schema **out);
/** Add a reference. NULL ok. Thread-safe. */
SURQL_SCHEMA_API surql_schema *surql_schema_ref(const surql_schema *s);
/** Drop a reference; returns NULL. NULL ok. Thread-safe. */
SURQL_SCHEMA_API surql_schema *surql_schema_unref(surql_schema *s);

/**
 * A schema with @p t added, or replacing the table or edge of the same name
 * (keeping its position). Tables and edges share one namespace (an edge is a
 * table). @p t is referenced, not copied.
 */
SURQL_SCHEMA_API int surql_schema_with_table(surql_schema **out, const surql_schema *s,
                                             const surql_schema_table *t);
/** with_table() for @p n tables in order. */
SURQL_SCHEMA_API int surql_schema_with_tables(surql_schema **out, const surql_schema *s,
                                              const surql_schema_table *const *t, size_t n);
/** A schema without the table named @p name. SURQL_ENOTFOUND if there is none. */
SURQL_SCHEMA_API int surql_schema_without_table(surql_schema **out, const surql_schema *s,
                                                const char *name);
/** A schema with @p a added or replacing the access of the same name. */
SURQL_SCHEMA_API int surql_schema_with_access(surql_schema **out, const surql_schema *s,
                                              const surql_schema_access *a);
/** A schema with @p p added or replacing the param of the same name. */
SURQL_SCHEMA_API int surql_schema_with_param(surql_schema **out, const surql_schema *s,
                                             const surql_schema_param *p);
/** A schema with @p f added or replacing the function of the same name. */
SURQL_SCHEMA_API int surql_schema_with_function(surql_schema **out, const surql_schema *s,
                                                const surql_schema_function *f);
/** A schema with @p a added or replacing the analyzer of the same name. */
SURQL_SCHEMA_API int surql_schema_with_analyzer(surql_schema **out, const surql_schema *s,
                                                const surql_schema_analyzer *a);
/** Without the access / param / function / analyzer named @p name (SURQL_ENOTFOUND if absent). */
SURQL_SCHEMA_API int surql_schema_without_access(surql_schema **out, const surql_schema *s,
                                                 const char *name);
SURQL_SCHEMA_API int surql_schema_without_param(surql_schema **out, const surql_schema *s,
                                                const char *name);
SURQL_SCHEMA_API int surql_schema_without_function(surql_schema **out, const surql_schema *s,
                                                   const char *name);
SURQL_SCHEMA_API int surql_schema_without_analyzer(surql_schema **out, const surql_schema *s,
                                                   const char *name);

/** Number of tables including edges. */
SURQL_SCHEMA_API size_t surql_schema_table_count(const surql_schema *s);
/** Table @p i (insertion order), or NULL past the end. Borrowed from @p s. */
SURQL_SCHEMA_API const surql_schema_table *surql_schema_table_at(const surql_schema *s, size_t i);
/** The table or edge named @p name, or NULL. Borrowed from @p s. */
SURQL_SCHEMA_API const surql_schema_table *surql_schema_get_table(const surql_schema *s,
                                                                  const char *name);
SURQL_SCHEMA_API size_t surql_schema_access_count(const surql_schema *s);
SURQL_SCHEMA_API const surql_schema_access *surql_schema_access_at(const surql_schema *s, size_t i);
SURQL_SCHEMA_API const surql_schema_access *surql_schema_get_access(const surql_schema *s,
                                                                    const char *name);
SURQL_SCHEMA_API size_t surql_schema_param_count(const surql_schema *s);
SURQL_SCHEMA_API const surql_schema_param *surql_schema_param_at(const surql_schema *s, size_t i);
SURQL_SCHEMA_API const surql_schema_param *surql_schema_get_param(const surql_schema *s,
                                                                  const char *name);
SURQL_SCHEMA_API size_t surql_schema_function_count(const surql_schema *s);
SURQL_SCHEMA_API const surql_schema_function *surql_schema_function_at(const surql_schema *s,
                                                                       size_t i);
SURQL_SCHEMA_API const surql_schema_function *surql_schema_get_function(const surql_schema *s,
                                                                        const char *name);
SURQL_SCHEMA_API size_t surql_schema_analyzer_count(const surql_schema *s);
SURQL_SCHEMA_API const surql_schema_analyzer *surql_schema_analyzer_at(const surql_schema *s,
                                                                       size_t i);
SURQL_SCHEMA_API const surql_schema_analyzer *surql_schema_get_analyzer(const surql_schema *s,
                                                                        const char *name);

/**
 * 1 when @p a and @p b describe the same database schema after
 * normalisation (see docs/schema.md "Normalisation": engine defaults
 * materialised, `option<T>` = `none | T`, implied element and in/out fields
 * ignored, expressions compared token by token, redacted keys ignored),
 * else 0. Equivalent to an empty surql_schema_diff(). Thread-safe.
 */
SURQL_SCHEMA_API int surql_schema_equal(const surql_schema *a, const surql_schema *b);

#ifdef __cplusplus
}
#endif

#endif
