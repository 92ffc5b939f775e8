/**
 * @file surql/schema/parse.h
 * @brief Reading SurrealQL DDL back into the model: `.surql` files and the
 * canonical DEFINE strings of `INFO FOR DB` / `INFO FOR TABLE`, for both
 * 2.x and 3.x spellings.
 *
 * A script is split into statements. `DEFINE`/`REMOVE` of a table, field,
 * index, event, access, param, function or analyzer are parsed fully; every
 * other statement (`UPDATE`, `LET`, `BEGIN`, `DEFINE USER`, ...) is kept
 * as an opaque statement with its kind and leading keywords, for the
 * migration layer to classify. Parse errors are SURQL_EPARSE (or
 * SURQL_EUNSUPPORTED for valid DDL the model does not represent, such as
 * `DEFINE TABLE ... AS SELECT`) with a message "LINE:COL: what" and the
 * 1-based line and column in surql_error_last().
 *
 * Scripts are immutable once parsed: share freely.
 */
#ifndef SURQL_SCHEMA_PARSE_H
#define SURQL_SCHEMA_PARSE_H

#include <stddef.h>
#include <surql/schema/buf.h>
#include <surql/schema/model.h>
#include <surql/schema/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Statement kinds. */
typedef enum surql_schema_stmt_kind {
    SURQL_SCHEMA_STMT_OTHER = 0,          /**< any non-DDL statement (opaque) */
    SURQL_SCHEMA_STMT_DEFINE_TABLE = 1,
    SURQL_SCHEMA_STMT_DEFINE_FIELD = 2,
    SURQL_SCHEMA_STMT_DEFINE_INDEX = 3,
    SURQL_SCHEMA_STMT_DEFINE_EVENT = 4,
    SURQL_SCHEMA_STMT_DEFINE_ACCESS = 5,
    SURQL_SCHEMA_STMT_DEFINE_PARAM = 6,
    SURQL_SCHEMA_STMT_DEFINE_FUNCTION = 7,
    SURQL_SCHEMA_STMT_DEFINE_ANALYZER = 8,
    SURQL_SCHEMA_STMT_DEFINE_OTHER = 9,   /**< DEFINE USER/NAMESPACE/... (opaque) */
    SURQL_SCHEMA_STMT_REMOVE_TABLE = 11,
    SURQL_SCHEMA_STMT_REMOVE_FIELD = 12,
    SURQL_SCHEMA_STMT_REMOVE_INDEX = 13,
    SURQL_SCHEMA_STMT_REMOVE_EVENT = 14,
    SURQL_SCHEMA_STMT_REMOVE_ACCESS = 15,
    SURQL_SCHEMA_STMT_REMOVE_PARAM = 16,
    SURQL_SCHEMA_STMT_REMOVE_FUNCTION = 17,
    SURQL_SCHEMA_STMT_REMOVE_ANALYZER = 18,
    SURQL_SCHEMA_STMT_REMOVE_OTHER = 19   /**< REMOVE USER/NAMESPACE/... (opaque) */
} surql_schema_stmt_kind;

/** Statement flags (surql_schema_script_flags()). */
#define SURQL_SCHEMA_STMT_OVERWRITE 0x1     /**< DEFINE ... OVERWRITE */
#define SURQL_SCHEMA_STMT_IF_NOT_EXISTS 0x2 /**< DEFINE ... IF NOT EXISTS */
#define SURQL_SCHEMA_STMT_IF_EXISTS 0x4     /**< REMOVE ... IF EXISTS */

/** A parsed script. Immutable; share freely. */
typedef struct surql_schema_script surql_schema_script;

/**
 * Split and parse @p len bytes of SurrealQL. Comments are skipped; an empty
 * script has no statements. *@p out is owned (surql_schema_script_free()).
 */
SURQL_SCHEMA_API int surql_schema_script_parse(surql_schema_script **out, const char *text,
                                               size_t len);
/** Free a script. NULL ok. */
SURQL_SCHEMA_API void surql_schema_script_free(surql_schema_script *s);
SURQL_SCHEMA_API size_t surql_schema_script_count(const surql_schema_script *s);
/** Kind of statement @p i (SURQL_SCHEMA_STMT_OTHER past the end). */
SURQL_SCHEMA_API surql_schema_stmt_kind surql_schema_script_kind(const surql_schema_script *s,
                                                                 size_t i);
/**
 * Leading keywords of statement @p i in upper case: "DEFINE FIELD",
 * "REMOVE TABLE", "UPDATE", "LET", "BEGIN", "DEFINE USER", ... Borrowed.
 */
SURQL_SCHEMA_API const char *surql_schema_script_keyword(const surql_schema_script *s, size_t i);
/** The statement's source text (trimmed, without the `;`). Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_script_text(const surql_schema_script *s, size_t i);
/** Name of the defined/removed object (DDL kinds only, else NULL). Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_script_name(const surql_schema_script *s, size_t i);
/** Table of a field/index/event statement (else NULL). Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_script_table(const surql_schema_script *s, size_t i);
/** SURQL_SCHEMA_STMT_* flags of statement @p i. */
SURQL_SCHEMA_API int surql_schema_script_flags(const surql_schema_script *s, size_t i);
/** 1-based line and column where statement @p i starts. */
SURQL_SCHEMA_API void surql_schema_script_position(const surql_schema_script *s, size_t i,
                                                   size_t *line, size_t *column);

/**
 * Apply the DDL statements of @p script to @p base (NULL: an empty schema)
 * the way the engine would: DEFINE adds; on an existing object OVERWRITE
 * replaces, IF NOT EXISTS keeps the old one, a plain DEFINE is
 * SURQL_ESCHEMA_CONFLICT; REMOVE of a missing object is SURQL_ENOTFOUND
 * unless IF EXISTS; DEFINE FIELD/INDEX/EVENT on a missing table defines the
 * table (SCHEMALESS, like the engine); REMOVE TABLE removes its children.
 * Opaque statements are ignored. Errors carry the statement's position.
 */
SURQL_SCHEMA_API int surql_schema_apply(surql_schema **out, const surql_schema *base,
                                        const surql_schema_script *script);
/** surql_schema_script_parse() + surql_schema_apply() on an empty schema. */
SURQL_SCHEMA_API int surql_schema_parse(surql_schema **out, const char *text, size_t len);

/**
 * Build a schema from INFO results: @p db_info is the result object of
 * `INFO FOR DB` (keys analyzers, functions, params, accesses, tables, each
 * mapping names to DEFINE strings; other keys are ignored); @p tables_info
 * (may be NULL) is an object mapping table names to the result objects of
 * `INFO FOR TABLE <name>` (keys fields, indexes, events). Both 2.x and 3.x
 * outputs are accepted. Errors name the offending key.
 */
SURQL_SCHEMA_API int surql_schema_from_info(surql_schema **out, const surql_value *db_info,
                                            const surql_value *tables_info);

/**
 * Append the canonical form of the type @p type: lower-case type names,
 * `option<T>` for any union containing `none` (3.x shows `none | T`),
 * `" | "` between union members, escaped names and literals. SURQL_ESCHEMA
 * with a message for text that is not a type.
 */
SURQL_SCHEMA_API int surql_schema_type_normalize(surql_buf *out, const char *type);

#ifdef __cplusplus
}
#endif

#endif
