/* DDL rendering internals shared with the diff. */
#ifndef SURQL_SCHEMA_DDL_INTERNAL_H
#define SURQL_SCHEMA_DDL_INTERNAL_H

#include "model-internal.h"

#include <surql/schema/ddl.h>

/* validated copy of user options (NULL -> defaults) */
int sq_ddl_opts(surql_schema_ddl_options *o, const surql_schema_ddl_options *user);
/* 1 when the engine defines field f of table t implicitly (an element of a typed
 * array/set parent): it must then be rendered with OVERWRITE */
int sq_field_is_implicit_element(const surql_schema_table *t, const surql_schema_field *f);
/* the element type the engine derives from a canonical parent type, or NULL */
char *sq_element_type(const char *canon_type);
/* renderers with the mode taken from o (already validated) */
int sq_ddl_field(surql_buf *b, const surql_schema_table *t, const char *tname,
                 const surql_schema_field *f, const surql_schema_ddl_options *o);
int sq_ddl_table_define(surql_buf *b, const surql_schema_table *t,
                        const surql_schema_ddl_options *o);
int sq_ddl_index(surql_buf *b, const char *tname, const surql_schema_index *x,
                 const surql_schema_ddl_options *o);
int sq_ddl_event(surql_buf *b, const char *tname, const surql_schema_event *e,
                 const surql_schema_ddl_options *o);
int sq_ddl_table_full(surql_buf *b, const surql_schema_table *t, const surql_schema_ddl_options *o);
int sq_ddl_access(surql_buf *b, const surql_schema_access *a, const surql_schema_ddl_options *o);
int sq_ddl_param(surql_buf *b, const surql_schema_param *p, const surql_schema_ddl_options *o);
int sq_ddl_function(surql_buf *b, const surql_schema_function *f,
                    const surql_schema_ddl_options *o);
int sq_ddl_analyzer(surql_buf *b, const surql_schema_analyzer *a,
                    const surql_schema_ddl_options *o);
/* an expression or body as it goes into a statement: without comments
 * (sqlex_strip_comments), builtin names spelled for the dialect */
int sq_ddl_expr(surql_buf *b, const char *expr, surql_dialect dialect);
/* "REMOVE <what> <name> [ON TABLE t];\n" */
int sq_ddl_remove(surql_buf *b, const char *what, const char *name, const char *tname, int path);

#endif
