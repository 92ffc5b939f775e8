/**
 * @file surql/schema/validate.h
 * @brief Schema validation: the code schema compared with the database
 * schema (drift), as a list of results with a severity, and a text report.
 *
 * The comparison is pure: the database side is a model built from INFO
 * results (surql_schema_from_info()) or any other source; fetching it is
 * the connection layer's job. Objects are compared after the normalisation
 * of docs/schema.md, so a model and the engine's echo of it give no result.
 *
 * | finding                                              | severity |
 * |------------------------------------------------------|----------|
 * | table/edge in the code, missing in the database      | ERROR    |
 * | field missing; field type differs                    | ERROR    |
 * | edge IN/OUT tables or ENFORCED differ; table mode/type differ | ERROR |
 * | unique index missing                                 | ERROR    |
 * | field assert/default/value/computed/readonly/flexible/permissions differ | WARNING |
 * | index missing or different; event missing or different | WARNING |
 * | table permissions/changefeed/drop differ             | WARNING  |
 * | access/param/function/analyzer missing or different  | WARNING  |
 * | table or field only in the database; field rename not applied yet | WARNING |
 * | index/event/access/param/function/analyzer only in the database | INFO |
 * | comments differ                                      | INFO     |
 *
 * Results are ordered: database-level definitions, then tables in the code's
 * order (table, fields, indexes, events), then tables only in the database.
 * A validation is immutable once built: share freely.
 */
#ifndef SURQL_SCHEMA_VALIDATE_H
#define SURQL_SCHEMA_VALIDATE_H

#include <stddef.h>
#include <surql/schema/buf.h>
#include <surql/schema/model.h>
#include <surql/schema/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Severity of a validation result (the spec's ValidationSeverity). */
typedef enum surql_schema_severity {
    SURQL_SCHEMA_SEVERITY_ERROR = 1,   /**< critical: the database lacks what the code needs */
    SURQL_SCHEMA_SEVERITY_WARNING = 2, /**< a potential problem or inconsistency */
    SURQL_SCHEMA_SEVERITY_INFO = 3     /**< informational */
} surql_schema_severity;

/** A list of validation results. Immutable; share freely. */
typedef struct surql_schema_validation surql_schema_validation;

/**
 * Compare @p code (the schema the application expects) with @p db (the
 * database's schema). Either may be NULL (empty). *@p out is owned
 * (surql_schema_validation_free()); no result means no drift.
 */
SURQL_SCHEMA_API int surql_schema_validate(surql_schema_validation **out,
                                           const surql_schema *code, const surql_schema *db);
/** Free a validation. NULL ok. */
SURQL_SCHEMA_API void surql_schema_validation_free(surql_schema_validation *v);
/** Number of results. */
SURQL_SCHEMA_API size_t surql_schema_validation_count(const surql_schema_validation *v);
/** Number of results of severity @p sev. */
SURQL_SCHEMA_API size_t surql_schema_validation_count_severity(const surql_schema_validation *v,
                                                               surql_schema_severity sev);
/** 1 when at least one result is an ERROR. */
SURQL_SCHEMA_API int surql_schema_validation_has_errors(const surql_schema_validation *v);
/** Severity of result @p i (0 past the end). */
SURQL_SCHEMA_API surql_schema_severity surql_schema_validation_severity(
    const surql_schema_validation *v, size_t i);
/** Table of result @p i, or NULL (database-level definitions). Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_validation_table(const surql_schema_validation *v,
                                                           size_t i);
/** Field of result @p i, or NULL. Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_validation_field(const surql_schema_validation *v,
                                                           size_t i);
/** Human-readable message of result @p i. Borrowed; never NULL within range. */
SURQL_SCHEMA_API const char *surql_schema_validation_message(const surql_schema_validation *v,
                                                             size_t i);
/**
 * Details of result @p i as an object (borrowed), e.g.
 * `{"kind": "field_type", "code": "int", "database": "string"}`; always has
 * "kind" (a stable identifier such as "missing_table", "extra_field",
 * "field_type", "edge_relation"); "code"/"database" when both sides exist.
 */
SURQL_SCHEMA_API const surql_value *surql_schema_validation_details(
    const surql_schema_validation *v, size_t i);

/** "ERROR", "WARNING", "INFO"; "?" otherwise. Static string. */
SURQL_SCHEMA_API const char *surql_schema_severity_name(surql_schema_severity sev);

/** Report flag: include INFO results (left out by default). */
#define SURQL_SCHEMA_REPORT_INFO 0x1
/** Report flag: colour the severities with ANSI escapes (for terminals). */
#define SURQL_SCHEMA_REPORT_COLOR 0x2

/**
 * Append a text report grouped by severity (errors, warnings, then info):
 * a header line per group, one line per result
 * (`  user.age: field type differs (code: int, database: string)`), and a
 * summary line (`3 errors, 1 warning, 0 info`), or `schema is valid: no
 * differences` when there is no result.
 */
SURQL_SCHEMA_API int surql_schema_validation_report(surql_buf *out,
                                                    const surql_schema_validation *v,
                                                    unsigned flags);
/** Append the results as a JSON array of {severity, table, field, message, details}. */
SURQL_SCHEMA_API int surql_schema_validation_to_json(surql_buf *out,
                                                     const surql_schema_validation *v);

#ifdef __cplusplus
}
#endif

#endif
