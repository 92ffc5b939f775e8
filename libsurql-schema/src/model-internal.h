/* Internal structures of the schema model (libsurql-schema). Not installed. */
#ifndef SURQL_SCHEMA_MODEL_INTERNAL_H
#define SURQL_SCHEMA_MODEL_INTERNAL_H

#include <stddef.h>

#include <surql/schema/access.h>
#include <surql/schema/buf.h>
#include <surql/schema/database.h>
#include <surql/schema/dialect.h>
#include <surql/schema/error.h>
#include <surql/schema/event.h>
#include <surql/schema/field.h>
#include <surql/schema/index.h>
#include <surql/schema/model.h>
#include <surql/schema/table.h>
#include <surql/schema/value.h>

#define SQ_DOMAIN "surql-schema"

/* record an error in the schema domain; returns code */
int sq_err(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- small containers -------------------------------------------------- */
typedef struct sq_strv {
    char **v;
    size_t n;
} sq_strv;
int sq_strv_push(sq_strv *sv, const char *s);
int sq_strv_copy(sq_strv *dst, const sq_strv *src);
void sq_strv_clear(sq_strv *sv);
/* replace *dst by a copy of src (NULL ok); SURQL_ENOMEM on failure (dst kept) */
int sq_set_str(char **dst, const char *src);

typedef enum sq_kind {
    SQ_SCHEMA = 1, SQ_TABLE, SQ_FIELD, SQ_INDEX, SQ_EVENT, SQ_ACCESS, SQ_PARAM, SQ_FUNCTION,
    SQ_ANALYZER
} sq_kind;

typedef struct sq_obj {
    int refs; /* atomic */
    int kind;
    char *name;
} sq_obj;

typedef struct sq_objv {
    sq_obj **v;
    size_t n;
} sq_objv;

void sq_obj_init(sq_obj *o, int kind);
void *sq_obj_ref(const void *o);
void sq_obj_unref(void *o); /* frees at zero by kind */
/* copy the pointer vector, referencing each element */
int sq_objv_copy(sq_objv *dst, const sq_objv *src);
void sq_objv_clear(sq_objv *v);
/* index of the object named name, or (size_t)-1 */
size_t sq_objv_find(const sq_objv *v, const char *name);
/* append o (referenced) or replace the one of the same name in place */
int sq_objv_put(sq_objv *v, const void *o);
/* remove element i (unreferenced) */
void sq_objv_remove(sq_objv *v, size_t i);

/* a computed field has no VALUE, DEFAULT, READONLY, ASSERT or FLEXIBLE (3.x
 * refuses them; 2.x spells COMPUTED as its one VALUE clause): SURQL_ESCHEMA */
int sq_field_check_computed(const surql_schema_field *f);

/* canonical spelling of an analyzer tokenizer (filter 0) or filter (filter 1),
 * checked against the engine's grammar (model-analyzer.c); *dst malloc'd */
int sq_analyzer_item(char **dst, const char *text, int filter, const char *aname);

/* ---- permissions: 0 select, 1 create, 2 update, 3 delete ---------------- */
/* normalise a user rule into *dst: "FULL", "NONE" or the bare condition */
int sq_perm_rule(char **dst, const char *rule, const char *what);
int sq_perm_set(char *perm[4], unsigned ops, const char *rule, const char *what);
int sq_perm_copy(char *dst[4], char *const src[4]);
void sq_perm_clear(char *perm[4]);
int sq_perm_index(unsigned op); /* single op -> 0..3, or -1 */

/* ---- the objects -------------------------------------------------------- */
struct surql_schema_field {
    sq_obj h;
    char *type, *assert_, *def, *value, *computed, *comment, *renamed;
    surql_value *def_value;
    int def_always, readonly, flexible;
    char *perm[4];
};

struct surql_schema_index {
    sq_obj h;
    int kind;
    sq_strv cols;
    surql_schema_vector_options vec;
    char *analyzer;
    int bm25, highlights;
    double k1, b;
    char *comment;
};

struct surql_schema_event {
    sq_obj h;
    char *when, *then, *comment;
};

struct surql_schema_table {
    sq_obj h;
    int edge, mode, kind, drop, enforced, cf_original;
    sq_strv in, out;
    char *changefeed, *comment;
    char *perm[4];
    sq_objv fields, indexes, events;
};

struct surql_schema_access {
    sq_obj h;
    int kind;
    char *signup, *signin, *authenticate, *alg, *key, *url, *issuer, *token, *session, *comment;
};

struct surql_schema_param {
    sq_obj h;
    char *value;
    surql_value *vvalue;
    char *perm, *comment;
};

struct surql_schema_function {
    sq_obj h;
    char *body;
    sq_strv argn, argt;
    char *returns, *perm, *comment;
};

struct surql_schema_analyzer {
    sq_obj h;
    char *function;
    sq_strv tok, filt;
    char *comment;
};

struct surql_schema {
    sq_obj h;
    sq_objv tables, accesses, params, functions, analyzers;
};

/* destructors and clones (clone: a new object with refs 1, deep-copied strings,
 * referenced children); NULL on ENOMEM (error recorded) */
void sq_field_destroy(surql_schema_field *f);
void sq_index_destroy(surql_schema_index *x);
void sq_event_destroy(surql_schema_event *e);
void sq_table_destroy(surql_schema_table *t);
void sq_access_destroy(surql_schema_access *a);
void sq_param_destroy(surql_schema_param *p);
void sq_function_destroy(surql_schema_function *f);
void sq_analyzer_destroy(surql_schema_analyzer *a);
void sq_schema_destroy(surql_schema *s);
surql_schema_field *sq_field_clone(const surql_schema_field *f);
surql_schema_index *sq_index_clone(const surql_schema_index *x);
surql_schema_table *sq_table_clone(const surql_schema_table *t);
surql_schema_access *sq_access_clone(const surql_schema_access *a);
surql_schema_param *sq_param_clone(const surql_schema_param *p);
surql_schema_function *sq_function_clone(const surql_schema_function *f);
surql_schema_analyzer *sq_analyzer_clone(const surql_schema_analyzer *a);
surql_schema *sq_schema_clone(const surql_schema *s);

/* ---- names -------------------------------------------------------------- */
/* validate a field path ("a.b", "tags[*]", "`x y`.z"); SURQL_EIDENT naming what */
int sq_path_check(const char *path, const char *what);
/* append the path as DDL (segments escaped) */
int sq_path_render(surql_buf *out, const char *path, int v2);
/* append the canonical key of a path (segments unescaped, elements as [*]) */
int sq_path_canon(surql_buf *out, const char *path);
/* 1 when path ends in an element marker ([*] or .*); *parent_len = length of parent */
int sq_path_is_element(const char *path, size_t *parent_len);
/* validate a function name "a::b" (without fn::) */
int sq_fn_name_check(const char *name, const char *what);
/* validate a type (SURQL_ESCHEMA naming what) */
int sq_type_check(const char *type, const char *what);
/* 1 when the canonical type contains object */
int sq_type_has_object(const char *type);
/* validate a duration text (or NONE) */
int sq_duration_check(const char *d, const char *what);

#endif
