/**
 * @file surql/schema/diff.h
 * @brief Differences between two schemas as an ordered list of changes, each
 * with the DDL to apply it (up) and to revert it (down).
 *
 * Objects are matched by name and compared after normalisation (see
 * docs/schema.md), so a model and the engine's echo of it have no changes.
 * Changes to an existing definition use `DEFINE ... OVERWRITE`. A field
 * declaring surql_schema_field_with_renamed_from() is a rename (define the
 * new field, copy the data, remove the old field), not a drop and an add.
 *
 * Order of the up script: analyzers, functions, params (added or changed);
 * then tables, then edges, each with: table, field renames, fields added or
 * changed, fields removed, indexes, events; then tables/edges removed (edges
 * first); accesses; finally params, functions and analyzers removed. The
 * down script is the down DDL of every change in reverse order.
 *
 * A diff is immutable once built: share freely.
 */
#ifndef SURQL_SCHEMA_DIFF_H
#define SURQL_SCHEMA_DIFF_H

#include <stddef.h>
#include <surql/schema/buf.h>
#include <surql/schema/dialect.h>
#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Kinds of change. */
typedef enum surql_schema_change_kind {
    SURQL_SCHEMA_ADD_TABLE = 1,
    SURQL_SCHEMA_REMOVE_TABLE = 2,
    SURQL_SCHEMA_MODIFY_TABLE = 3,
    SURQL_SCHEMA_ADD_FIELD = 4,
    SURQL_SCHEMA_REMOVE_FIELD = 5,
    SURQL_SCHEMA_MODIFY_FIELD = 6,
    SURQL_SCHEMA_RENAME_FIELD = 7,
    SURQL_SCHEMA_ADD_INDEX = 8,
    SURQL_SCHEMA_REMOVE_INDEX = 9,
    SURQL_SCHEMA_MODIFY_INDEX = 10,
    SURQL_SCHEMA_ADD_EVENT = 11,
    SURQL_SCHEMA_REMOVE_EVENT = 12,
    SURQL_SCHEMA_MODIFY_EVENT = 13,
    SURQL_SCHEMA_ADD_ACCESS = 14,
    SURQL_SCHEMA_REMOVE_ACCESS = 15,
    SURQL_SCHEMA_MODIFY_ACCESS = 16,
    SURQL_SCHEMA_ADD_PARAM = 17,
    SURQL_SCHEMA_REMOVE_PARAM = 18,
    SURQL_SCHEMA_MODIFY_PARAM = 19,
    SURQL_SCHEMA_ADD_FUNCTION = 20,
    SURQL_SCHEMA_REMOVE_FUNCTION = 21,
    SURQL_SCHEMA_MODIFY_FUNCTION = 22,
    SURQL_SCHEMA_ADD_ANALYZER = 23,
    SURQL_SCHEMA_REMOVE_ANALYZER = 24,
    SURQL_SCHEMA_MODIFY_ANALYZER = 25
} surql_schema_change_kind;

/** Version of surql_schema_diff_options. */
#define SURQL_SCHEMA_DIFF_OPTIONS_VERSION 1u
/** Diff options. Initialise with SURQL_SCHEMA_DIFF_OPTIONS_INIT. */
typedef struct surql_schema_diff_options {
    unsigned version;      /**< SURQL_SCHEMA_DIFF_OPTIONS_VERSION */
    surql_dialect dialect; /**< dialect of the generated DDL (default 3.x) */
} surql_schema_diff_options;
#define SURQL_SCHEMA_DIFF_OPTIONS_INIT { SURQL_SCHEMA_DIFF_OPTIONS_VERSION, SURQL_DIALECT_V3 }

/** A list of changes. Immutable; share freely. */
typedef struct surql_schema_diff surql_schema_diff;

/**
 * The changes that turn @p from into @p to (either may be NULL: empty).
 * Fails (SURQL_ESCHEMA_DIALECT, ...) when an object cannot be rendered for
 * the dialect. *@p out is owned (surql_schema_diff_free()).
 */
SURQL_SCHEMA_API int surql_schema_diff_new(surql_schema_diff **out, const surql_schema *from,
                                           const surql_schema *to,
                                           const surql_schema_diff_options *opts);
/** Free a diff. NULL ok. */
SURQL_SCHEMA_API void surql_schema_diff_free(surql_schema_diff *d);
/** Number of changes (0: the schemas are equal). */
SURQL_SCHEMA_API size_t surql_schema_diff_count(const surql_schema_diff *d);
SURQL_SCHEMA_API surql_schema_change_kind surql_schema_diff_kind(const surql_schema_diff *d,
                                                                 size_t i);
/** The table of a table/field/index/event change, else NULL. Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_diff_table(const surql_schema_diff *d, size_t i);
/** The object's name (for RENAME_FIELD the new name). Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_diff_name(const surql_schema_diff *d, size_t i);
/** For RENAME_FIELD the old name, else NULL. Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_diff_old_name(const surql_schema_diff *d, size_t i);
/** 1 when the change concerns an edge. */
SURQL_SCHEMA_API int surql_schema_diff_is_edge(const surql_schema_diff *d, size_t i);
/** DDL applying change @p i (statements ending in ";\n"). Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_diff_up(const surql_schema_diff *d, size_t i);
/** DDL reverting change @p i. Borrowed. */
SURQL_SCHEMA_API const char *surql_schema_diff_down(const surql_schema_diff *d, size_t i);
/** The whole up script (all changes in order). */
SURQL_SCHEMA_API int surql_schema_diff_up_ddl(surql_buf *out, const surql_schema_diff *d);
/** The whole down script (changes reverted in reverse order). */
SURQL_SCHEMA_API int surql_schema_diff_down_ddl(surql_buf *out, const surql_schema_diff *d);
/** "add_table", "rename_field", ... Static string; "?" when unknown. */
SURQL_SCHEMA_API const char *surql_schema_change_kind_name(surql_schema_change_kind k);

#ifdef __cplusplus
}
#endif

#endif
