/**
 * @file surql/schema/visualize.h
 * @brief Schema diagrams: Mermaid `erDiagram`, GraphViz DOT and ASCII boxes
 * (the spec's visualize_schema), and the graph they are drawn from.
 *
 * The graph has one node per table or edge and one link per relationship:
 * a `TYPE RELATION` edge links each IN table to each OUT table (labelled
 * with the edge's name), and a field of type `record<t>` (also inside
 * `option<…>`, `array<…>`, `set<…>` and unions) links its table to t
 * (labelled with the field's name). Nodes carry their table, so a caller
 * can draw the graph with any library (the surql-schema tool builds it with
 * graphviz cgraph); this library needs none.
 *
 * Options: show_fields lists each table's fields with their types and
 * markers (PK-like `UNIQUE` for single-column unique indexes, `FK` for
 * record links); show_edges draws edges (the relation tables and their
 * links); tables (when set) keeps only the named tables and edges, plus the
 * edges whose IN and OUT tables are all kept; links to tables not drawn are
 * left out. An unknown name in @p tables is SURQL_ENOTFOUND.
 *
 * Output is deterministic (golden-file friendly). Thread-safe: pure
 * functions of their inputs.
 */
#ifndef SURQL_SCHEMA_VISUALIZE_H
#define SURQL_SCHEMA_VISUALIZE_H

#include <stddef.h>
#include <surql/schema/buf.h>
#include <surql/schema/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Diagram formats (the spec's OutputFormat). */
typedef enum surql_schema_viz_format {
    SURQL_SCHEMA_VIZ_MERMAID = 1,  /**< Mermaid erDiagram */
    SURQL_SCHEMA_VIZ_GRAPHVIZ = 2, /**< GraphViz DOT, record-shaped nodes */
    SURQL_SCHEMA_VIZ_ASCII = 3     /**< boxes and a relationship list */
} surql_schema_viz_format;

/** Version of surql_schema_viz_options. */
#define SURQL_SCHEMA_VIZ_OPTIONS_VERSION 1u
/** Diagram options. Initialise with SURQL_SCHEMA_VIZ_OPTIONS_INIT. */
typedef struct surql_schema_viz_options {
    unsigned version;               /**< SURQL_SCHEMA_VIZ_OPTIONS_VERSION */
    surql_schema_viz_format format; /**< default Mermaid */
    int show_fields;                /**< 1 (default): field details */
    int show_edges;                 /**< 1 (default): edges and their links */
    const char *const *tables;      /**< names to keep, or NULL for all */
    size_t ntables;
} surql_schema_viz_options;
#define SURQL_SCHEMA_VIZ_OPTIONS_INIT \
    { SURQL_SCHEMA_VIZ_OPTIONS_VERSION, SURQL_SCHEMA_VIZ_MERMAID, 1, 1, NULL, 0 }

/** Parse "mermaid", "graphviz" (or "dot") or "ascii". SURQL_EINVAL otherwise. */
SURQL_SCHEMA_API int surql_schema_viz_format_parse(surql_schema_viz_format *out,
                                                   const char *name);

/** Append the diagram of @p s in opts->format (@p opts may be NULL: defaults). */
SURQL_SCHEMA_API int surql_schema_visualize(surql_buf *out, const surql_schema *s,
                                            const surql_schema_viz_options *opts);

/* ---- the graph ----------------------------------------------------------- */

/** Kinds of link. */
typedef enum surql_schema_link_kind {
    SURQL_SCHEMA_LINK_EDGE = 1,  /**< a RELATION edge from an IN table to an OUT table */
    SURQL_SCHEMA_LINK_RECORD = 2 /**< a record<t> field */
} surql_schema_link_kind;

/** The nodes and links of a diagram. Immutable; share freely. */
typedef struct surql_schema_graph surql_schema_graph;

/**
 * The graph of @p s after the options' filters (format is ignored).
 * The graph references @p s: keep @p s alive while using it.
 */
SURQL_SCHEMA_API int surql_schema_graph_new(surql_schema_graph **out, const surql_schema *s,
                                            const surql_schema_viz_options *opts);
/** Free a graph. NULL ok. */
SURQL_SCHEMA_API void surql_schema_graph_free(surql_schema_graph *g);
/** Number of nodes (tables and edges drawn as boxes). */
SURQL_SCHEMA_API size_t surql_schema_graph_node_count(const surql_schema_graph *g);
/** The table of node @p i (borrowed from the schema), or NULL. */
SURQL_SCHEMA_API const surql_schema_table *surql_schema_graph_node(const surql_schema_graph *g,
                                                                   size_t i);
/**
 * Number of fields drawn in node @p node: 0 when show_fields is off; fields
 * the engine creates by itself (`x[*]` of a typed array, in/out of a
 * relation) are not drawn.
 */
SURQL_SCHEMA_API size_t surql_schema_graph_field_count(const surql_schema_graph *g, size_t node);
/** Drawn field @p j of node @p node (borrowed), or NULL. */
SURQL_SCHEMA_API const surql_schema_field *surql_schema_graph_field(const surql_schema_graph *g,
                                                                    size_t node, size_t j);
/** Number of links. */
SURQL_SCHEMA_API size_t surql_schema_graph_link_count(const surql_schema_graph *g);
/**
 * Link @p i: its kind, the tables it joins and its label (edge or field
 * name); @p optional (may be NULL) is 1 for an `option<…>` field and @p many
 * 1 for an array/set of records or a relation. Borrowed strings.
 * SURQL_ERANGE past the end.
 */
SURQL_SCHEMA_API int surql_schema_graph_link(const surql_schema_graph *g, size_t i,
                                             surql_schema_link_kind *kind, const char **from,
                                             const char **to, const char **label, int *optional,
                                             int *many);
/**
 * Markers of a field of @p t for diagrams: appends "UNIQUE" (single-column
 * unique index), "FK" (record link), "READONLY", "COMPUTED" separated by
 * ", " (nothing when none).
 */
SURQL_SCHEMA_API int surql_schema_field_markers(surql_buf *out, const surql_schema_table *t,
                                                const surql_schema_field *f);

#ifdef __cplusplus
}
#endif

#endif
