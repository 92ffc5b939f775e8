/* Normalisation helpers shared by DDL rendering, parsing and diff. Internal. */
#ifndef SURQL_SCHEMA_CANON_INTERNAL_H
#define SURQL_SCHEMA_CANON_INTERNAL_H

#include <stddef.h>
#include <surql/schema/buf.h>

/* canonical type text (see surql_schema_type_normalize); what names the owner */
int sq_type_canon(surql_buf *out, const char *type, const char *what);
/* canonical comparison text of an expression (not meant to be executed) */
int sq_expr_canon(surql_buf *out, const char *expr);
/* spelling of a builtin function path for 3.x (v3=1) or 2.x; 1 if it changed */
int sq_fn_spelling(surql_buf *out, const char *name, size_t len, int v3);


/* canonical comparison strings of model objects (equal strings = same definition
 * once the engine's defaults and spellings are taken into account) */
struct surql_schema_table;
struct surql_schema_field;
struct surql_schema_index;
struct surql_schema_event;
struct surql_schema_access;
struct surql_schema_param;
struct surql_schema_function;
struct surql_schema_analyzer;
int sq_canon_table(surql_buf *out, const struct surql_schema_table *t);
int sq_canon_field(surql_buf *out, const struct surql_schema_field *f);
int sq_canon_index(surql_buf *out, const struct surql_schema_index *x);
int sq_canon_event(surql_buf *out, const struct surql_schema_event *e);
int sq_canon_access(surql_buf *out, const struct surql_schema_access *a);
int sq_canon_param(surql_buf *out, const struct surql_schema_param *p);
int sq_canon_function(surql_buf *out, const struct surql_schema_function *f);
int sq_canon_analyzer(surql_buf *out, const struct surql_schema_analyzer *a);
/* 1 when the engine creates field f of t by itself (array elements of a typed
 * parent, in/out of a relation) and f adds nothing to that */
int sq_field_is_implied(const struct surql_schema_table *t, const struct surql_schema_field *f);

#endif
