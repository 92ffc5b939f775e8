/* surql-schema: GraphViz output built with cgraph (graphviz.c). */
#ifndef SURQL_SCHEMA_TOOL_GRAPHVIZ_H
#define SURQL_SCHEMA_TOOL_GRAPHVIZ_H

#include <stdio.h>

#include <surql/schema.h>

/* Write the schema graph of @p s (filters of @p opts) as DOT through cgraph.
 * Returns a surql status (error recorded). */
int schema_write_graphviz(FILE *out, const surql_schema *s, const surql_schema_viz_options *opts);

#endif
