/* DDL parser internals. */
#ifndef SURQL_SCHEMA_PARSE_INTERNAL_H
#define SURQL_SCHEMA_PARSE_INTERNAL_H

#include "model-internal.h"
#include "sqlex-internal.h"

#include <surql/schema/parse.h>

typedef struct sq_stmt {
    int kind;
    char *keyword, *text, *name, *table;
    int flags;
    size_t line, col;
    void *obj; /* the parsed object (DEFINE of a modelled kind), one reference */
} sq_stmt;

struct surql_schema_script {
    sq_stmt *v;
    size_t n;
};

/* a statement being parsed: tokens [i, end) of t */
typedef struct ps {
    const char *src;
    const tkv *t;
    size_t i, end;
    sq_stmt *st;
} ps;

const tk *ps_tok(const ps *p);          /* current token (EOF token past end) */
int ps_err(const ps *p, const tk *at, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* re-record the current error at the position of token at */
int ps_wrap(const ps *p, const tk *at, int rc);
int ps_word(ps *p, const char *w);      /* consume keyword w if present */
int ps_expect_word(ps *p, const char *w);
int ps_punct(ps *p, const char *s);     /* consume punctuation if present */
int ps_expect_punct(ps *p, const char *s);
/* an identifier (plain or quoted) into *out (malloc) */
int ps_ident(ps *p, char **out, const char *what);
/* a field path in normal form ([*] elements, backticks only where needed) */
int ps_path(ps *p, char **out, const char *what);
/* a string literal (decoded) */
int ps_string(ps *p, char **out, const char *what);
/* an unsigned integer */
int ps_uint(ps *p, unsigned *out, const char *what);
/* a float (an `f` suffix is accepted) */
int ps_double(ps *p, double *out, const char *what);
/* expression up to a depth-0 stop word (or ", FOR" when perm), as source text */
int ps_expr(ps *p, char **out, const char *const *stops, int perm, const char *what);
/* a type, as source text */
int ps_kind(ps *p, char **out, const char *what);
/* PERMISSIONS clause body into perm[4] (after the PERMISSIONS keyword) */
int ps_perms(ps *p, char *perm[4], int field, const char *const *stops);
/* a duration or NONE as text */
int ps_duration(ps *p, char **out, const char *what);

/* object parsers: after "DEFINE <KIND> [OVERWRITE|IF NOT EXISTS]" */
int sq_parse_define_table(ps *p, surql_schema_table **out);
int sq_parse_define_field(ps *p, surql_schema_field **out, char **table);
int sq_parse_define_index(ps *p, surql_schema_index **out, char **table);
int sq_parse_define_event(ps *p, surql_schema_event **out, char **table);
int sq_parse_define_access(ps *p, surql_schema_access **out);
int sq_parse_define_param(ps *p, surql_schema_param **out);
int sq_parse_define_function(ps *p, surql_schema_function **out);
int sq_parse_define_analyzer(ps *p, surql_schema_analyzer **out);

/* normal form of a field path (see ps_path) */
int sq_path_normal(char **out, const char *path);

#endif
