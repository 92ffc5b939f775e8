/**
 * @file surql/schema/table.h
 * @brief Tables and edges: `DEFINE TABLE`, with their fields, indexes and
 * events (the spec's with_fields / with_indexes / with_events /
 * with_permissions / set_mode and the edge equivalents).
 *
 * Immutable and reference counted (rules in surql/schema/model.h): every
 * builder returns a new table sharing the unchanged fields, indexes and
 * events with its input.
 *
 * An *edge* is a table flagged as a graph edge: it is rendered after the
 * ordinary tables. surql_schema_edge_new() with SURQL_SCHEMA_EDGE_RELATION
 * gives `TYPE RELATION IN a OUT b`; the SCHEMAFULL / SCHEMALESS edge modes
 * give an ordinary table of that mode (the engine adds `in`/`out` when
 * records are related).
 */
#ifndef SURQL_SCHEMA_TABLE_H
#define SURQL_SCHEMA_TABLE_H

#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Table modes. */
typedef enum surql_schema_table_mode {
    SURQL_SCHEMA_SCHEMAFULL = 1, /**< the default for tables */
    SURQL_SCHEMA_SCHEMALESS = 2  /**< the default for RELATION edges */
} surql_schema_table_mode;

/** Table types (`TYPE ANY | NORMAL | RELATION`). */
typedef enum surql_schema_table_kind {
    SURQL_SCHEMA_TABLE_KIND_DEFAULT = 0, /**< no TYPE clause (engine: NORMAL when SCHEMAFULL, else ANY) */
    SURQL_SCHEMA_TABLE_ANY = 1,
    SURQL_SCHEMA_TABLE_NORMAL = 2,
    SURQL_SCHEMA_TABLE_RELATION = 3
} surql_schema_table_kind;

/** Edge modes of surql_schema_edge_new(). */
typedef enum surql_schema_edge_mode {
    SURQL_SCHEMA_EDGE_RELATION = 0,   /**< `TYPE RELATION [IN from] [OUT to]` */
    SURQL_SCHEMA_EDGE_SCHEMAFULL = 1, /**< a SCHEMAFULL table flagged as edge */
    SURQL_SCHEMA_EDGE_SCHEMALESS = 2  /**< a SCHEMALESS table flagged as edge */
} surql_schema_edge_mode;

/** A new SCHEMAFULL table with no children. @p name is validated (SURQL_EIDENT). */
SURQL_SCHEMA_API int surql_schema_table_new(surql_schema_table **out, const char *name);
/**
 * A new edge. @p from / @p to (either may be NULL) are the IN / OUT tables
 * of a RELATION edge; for the other modes they must be NULL.
 * bidirectional_edge(name, t) is edge_new(name, RELATION, t, t); typed_edge
 * is edge_new(name, RELATION, from, to).
 */
SURQL_SCHEMA_API int surql_schema_edge_new(surql_schema_table **out, const char *name,
                                           surql_schema_edge_mode mode, const char *from,
                                           const char *to);
SURQL_SCHEMA_API surql_schema_table *surql_schema_table_ref(const surql_schema_table *t);
SURQL_SCHEMA_API surql_schema_table *surql_schema_table_unref(surql_schema_table *t);

/**
 * Add @p n fields in order; a field whose name is already present replaces
 * the old one in place. Fields are referenced, not copied.
 */
SURQL_SCHEMA_API int surql_schema_table_with_fields(surql_schema_table **out,
                                                    const surql_schema_table *t,
                                                    const surql_schema_field *const *fields,
                                                    size_t n);
/** Add (or replace by name) @p n indexes. */
SURQL_SCHEMA_API int surql_schema_table_with_indexes(surql_schema_table **out,
                                                     const surql_schema_table *t,
                                                     const surql_schema_index *const *idx,
                                                     size_t n);
/** Add (or replace by name) @p n events. */
SURQL_SCHEMA_API int surql_schema_table_with_events(surql_schema_table **out,
                                                    const surql_schema_table *t,
                                                    const surql_schema_event *const *ev,
                                                    size_t n);
/** Without the field / index / event named @p name (SURQL_ENOTFOUND if absent). */
SURQL_SCHEMA_API int surql_schema_table_without_field(surql_schema_table **out,
                                                      const surql_schema_table *t,
                                                      const char *name);
SURQL_SCHEMA_API int surql_schema_table_without_index(surql_schema_table **out,
                                                      const surql_schema_table *t,
                                                      const char *name);
SURQL_SCHEMA_API int surql_schema_table_without_event(surql_schema_table **out,
                                                      const surql_schema_table *t,
                                                      const char *name);
/** Permission @p rule (see model.h) for @p ops; NULL clears (engine default NONE). */
SURQL_SCHEMA_API int surql_schema_table_with_permission(surql_schema_table **out,
                                                        const surql_schema_table *t,
                                                        unsigned ops, const char *rule);
/** SCHEMAFULL or SCHEMALESS (the spec's set_mode). */
SURQL_SCHEMA_API int surql_schema_table_with_mode(surql_schema_table **out,
                                                  const surql_schema_table *t,
                                                  surql_schema_table_mode mode);
/** DROP on (1) or off (0). */
SURQL_SCHEMA_API int surql_schema_table_with_drop(surql_schema_table **out,
                                                  const surql_schema_table *t, int drop);
/** TYPE ANY / NORMAL (RELATION is set with surql_schema_table_with_relation()). */
SURQL_SCHEMA_API int surql_schema_table_with_kind(surql_schema_table **out,
                                                  const surql_schema_table *t,
                                                  surql_schema_table_kind kind);
/**
 * Make the table `TYPE RELATION` with the IN tables @p in (n_in, may be 0)
 * and the OUT tables @p outs (n_out), optionally ENFORCED; flags it as edge.
 */
SURQL_SCHEMA_API int surql_schema_table_with_relation(surql_schema_table **out,
                                                      const surql_schema_table *t,
                                                      const char *const *in, size_t n_in,
                                                      const char *const *outs, size_t n_out,
                                                      int enforced);
/** The spec's with_from_table: set the IN tables of a RELATION edge to one table. */
SURQL_SCHEMA_API int surql_schema_edge_with_from(surql_schema_table **out,
                                                 const surql_schema_table *t, const char *from);
/** The spec's with_to_table: set the OUT tables of a RELATION edge to one table. */
SURQL_SCHEMA_API int surql_schema_edge_with_to(surql_schema_table **out,
                                               const surql_schema_table *t, const char *to);
/**
 * CHANGEFEED @p duration (SurrealQL duration text such as "7d"; NULL
 * removes the changefeed) [INCLUDE ORIGINAL].
 */
SURQL_SCHEMA_API int surql_schema_table_with_changefeed(surql_schema_table **out,
                                                        const surql_schema_table *t,
                                                        const char *duration,
                                                        int include_original);
/** COMMENT text, NULL to clear. */
SURQL_SCHEMA_API int surql_schema_table_with_comment(surql_schema_table **out,
                                                     const surql_schema_table *t,
                                                     const char *comment);

SURQL_SCHEMA_API const char *surql_schema_table_name(const surql_schema_table *t);
/** 1 for an edge (rendered after tables). */
SURQL_SCHEMA_API int surql_schema_table_is_edge(const surql_schema_table *t);
SURQL_SCHEMA_API surql_schema_table_mode surql_schema_table_get_mode(const surql_schema_table *t);
SURQL_SCHEMA_API surql_schema_table_kind surql_schema_table_get_kind(const surql_schema_table *t);
SURQL_SCHEMA_API int surql_schema_table_drop(const surql_schema_table *t);
SURQL_SCHEMA_API int surql_schema_table_enforced(const surql_schema_table *t);
SURQL_SCHEMA_API size_t surql_schema_table_in_count(const surql_schema_table *t);
SURQL_SCHEMA_API const char *surql_schema_table_in_at(const surql_schema_table *t, size_t i);
SURQL_SCHEMA_API size_t surql_schema_table_out_count(const surql_schema_table *t);
SURQL_SCHEMA_API const char *surql_schema_table_out_at(const surql_schema_table *t, size_t i);
/** The CHANGEFEED duration as given (NULL when none). */
SURQL_SCHEMA_API const char *surql_schema_table_changefeed(const surql_schema_table *t);
SURQL_SCHEMA_API int surql_schema_table_changefeed_original(const surql_schema_table *t);
SURQL_SCHEMA_API const char *surql_schema_table_comment(const surql_schema_table *t);
/** Rule for exactly one operation, or NULL when not set. */
SURQL_SCHEMA_API const char *surql_schema_table_permission(const surql_schema_table *t,
                                                           surql_schema_perm_op op);
SURQL_SCHEMA_API size_t surql_schema_table_field_count(const surql_schema_table *t);
SURQL_SCHEMA_API const surql_schema_field *surql_schema_table_field_at(const surql_schema_table *t,
                                                                       size_t i);
SURQL_SCHEMA_API const surql_schema_field *surql_schema_table_get_field(const surql_schema_table *t,
                                                                        const char *name);
SURQL_SCHEMA_API size_t surql_schema_table_index_count(const surql_schema_table *t);
SURQL_SCHEMA_API const surql_schema_index *surql_schema_table_index_at(const surql_schema_table *t,
                                                                       size_t i);
SURQL_SCHEMA_API const surql_schema_index *surql_schema_table_get_index(const surql_schema_table *t,
                                                                        const char *name);
SURQL_SCHEMA_API size_t surql_schema_table_event_count(const surql_schema_table *t);
SURQL_SCHEMA_API const surql_schema_event *surql_schema_table_event_at(const surql_schema_table *t,
                                                                       size_t i);
SURQL_SCHEMA_API const surql_schema_event *surql_schema_table_get_event(const surql_schema_table *t,
                                                                        const char *name);

#ifdef __cplusplus
}
#endif

#endif
