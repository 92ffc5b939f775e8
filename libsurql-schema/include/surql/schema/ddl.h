/**
 * @file surql/schema/ddl.h
 * @brief Rendering the schema model as SurrealQL DDL for 2.x or 3.x.
 *
 * Output is one statement per line, each ending in `;` and a newline.
 * Names go through surql_ident_escape(), comments/keys/URLs through
 * surql_string_escape(), values through surql_value_to_surql(); expressions
 * are emitted as given except that renamed builtin functions are spelled for
 * the target dialect (`string::is::email` on 2.x, `string::is_email` on
 * 3.x) and comments are left out (the engines drop them too, and a line
 * comment would swallow the rest of the statement). A construct with no equivalent in the target dialect (MTREE on 3.x,
 * a multi-column full-text index on 3.x, ...) makes rendering fail with
 * SURQL_ESCHEMA_DIALECT and a message naming the object; nothing else is
 * emitted in its place. On failure @p out keeps its previous contents.
 *
 * All functions are thread-safe (one thread per output buffer).
 */
#ifndef SURQL_SCHEMA_DDL_H
#define SURQL_SCHEMA_DDL_H

#include <surql/schema/buf.h>
#include <surql/schema/dialect.h>
#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a DEFINE does when the object exists. */
typedef enum surql_schema_ddl_mode {
    SURQL_SCHEMA_DDL_PLAIN = 0,        /**< `DEFINE x` (fails if it exists) */
    SURQL_SCHEMA_DDL_OVERWRITE = 1,    /**< `DEFINE x OVERWRITE` */
    SURQL_SCHEMA_DDL_IF_NOT_EXISTS = 2 /**< `DEFINE x IF NOT EXISTS` */
} surql_schema_ddl_mode;

/** Version of surql_schema_ddl_options. */
#define SURQL_SCHEMA_DDL_OPTIONS_VERSION 1u
/** Rendering options. Initialise with SURQL_SCHEMA_DDL_OPTIONS_INIT. */
typedef struct surql_schema_ddl_options {
    unsigned version;            /**< SURQL_SCHEMA_DDL_OPTIONS_VERSION */
    surql_dialect dialect;       /**< target dialect (default 3.x) */
    surql_schema_ddl_mode mode;  /**< PLAIN, OVERWRITE or IF_NOT_EXISTS */
} surql_schema_ddl_options;
#define SURQL_SCHEMA_DDL_OPTIONS_INIT \
    { SURQL_SCHEMA_DDL_OPTIONS_VERSION, SURQL_DIALECT_V3, SURQL_SCHEMA_DDL_PLAIN }

/**
 * The whole schema in dependency order: analyzers, functions, params,
 * tables (each followed by its fields, indexes and events), edges,
 * accesses. @p opts may be NULL (defaults).
 *
 * An element field (`tags[*]`) whose parent has a typed array/set type is
 * always rendered with OVERWRITE: the engine creates it implicitly when the
 * parent is defined, so a plain DEFINE (or IF NOT EXISTS) would fail (or
 * keep the implicit one).
 */
SURQL_SCHEMA_API int surql_schema_to_ddl(surql_buf *out, const surql_schema *s,
                                         const surql_schema_ddl_options *opts);
/** One table or edge with its fields, indexes and events. */
SURQL_SCHEMA_API int surql_schema_table_to_ddl(surql_buf *out, const surql_schema_table *t,
                                               const surql_schema_ddl_options *opts);
/** Only the DEFINE TABLE statement of @p t (no children). */
SURQL_SCHEMA_API int surql_schema_table_define_to_ddl(surql_buf *out, const surql_schema_table *t,
                                                      const surql_schema_ddl_options *opts);
/** DEFINE FIELD of @p f on table @p table. */
SURQL_SCHEMA_API int surql_schema_field_to_ddl(surql_buf *out, const char *table,
                                               const surql_schema_field *f,
                                               const surql_schema_ddl_options *opts);
/** DEFINE INDEX of @p x on table @p table. */
SURQL_SCHEMA_API int surql_schema_index_to_ddl(surql_buf *out, const char *table,
                                               const surql_schema_index *x,
                                               const surql_schema_ddl_options *opts);
/** DEFINE EVENT of @p e on table @p table. */
SURQL_SCHEMA_API int surql_schema_event_to_ddl(surql_buf *out, const char *table,
                                               const surql_schema_event *e,
                                               const surql_schema_ddl_options *opts);
SURQL_SCHEMA_API int surql_schema_access_to_ddl(surql_buf *out, const surql_schema_access *a,
                                                const surql_schema_ddl_options *opts);
SURQL_SCHEMA_API int surql_schema_param_to_ddl(surql_buf *out, const surql_schema_param *p,
                                               const surql_schema_ddl_options *opts);
SURQL_SCHEMA_API int surql_schema_function_to_ddl(surql_buf *out,
                                                  const surql_schema_function *f,
                                                  const surql_schema_ddl_options *opts);
SURQL_SCHEMA_API int surql_schema_analyzer_to_ddl(surql_buf *out,
                                                  const surql_schema_analyzer *a,
                                                  const surql_schema_ddl_options *opts);

/**
 * Rewrite the builtin function names in the SurrealQL text @p expr for
 * @p dialect (`string::is::email` <-> `string::is_email`, `type::thing` ->
 * `type::record` for 3.x, `rand::guid` <-> `rand::id`, ...). Strings,
 * comments and everything else are copied unchanged. SURQL_EPARSE for text
 * the lexer cannot read (e.g. an unterminated string).
 */
SURQL_SCHEMA_API int surql_schema_expr_for_dialect(surql_buf *out, const char *expr,
                                                   surql_dialect dialect);

#ifdef __cplusplus
}
#endif

#endif
