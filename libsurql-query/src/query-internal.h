/* libsurql-query internals: node layouts shared by the translation units. */
#ifndef SURQL_QUERY_INTERNAL_H
#define SURQL_QUERY_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <surql/query.h>

#define QDOM "surql-query"

/* fail with a message; returns code */
#define QERR(code, ...) surql_error_set((code), QDOM, __VA_ARGS__)

/* ---- expressions ---------------------------------------------------------- */
enum {
    QX_FIELD = 1, /* text = escaped path */
    QX_ALL,       /* * */
    QX_VALUE,     /* val bound */
    QX_KEYWORD,   /* text = NONE / NULL (verbatim, ours) */
    QX_PARAM,     /* text = name */
    QX_RAW,       /* text verbatim (trusted) */
    QX_ARRAY,     /* kids */
    QX_SUBQUERY,  /* sub */
    QX_BINARY,    /* op, kids[0], kids[1] */
    QX_NOT,       /* kids[0] */
    QX_POSTFIX,   /* kids[0] then text (" IS NONE") */
    QX_FN,        /* text = canonical name, kids = args */
    QX_CAST,      /* text = type, kids[0] */
    QX_ALIAS,     /* kids[0] AS text (escaped) */
    QX_KNN,       /* text = escaped field, val = vector, k, ef, metric, mink */
    QX_GRAPH      /* kids[0] = start, parts */
};

enum { GP_STEP = 1, GP_RECURSE = 2 };
typedef struct qgpart {
    int kind;
    int dir;
    char *table;              /* escaped name, NULL = ? */
    unsigned min, max;
    int mode;
    struct surql_query_expr *target;
} qgpart;

struct surql_query_expr {
    atomic_int refs;
    int kind;
    int op;
    char *text;
    surql_value *val;
    struct surql_query_expr **kids;
    size_t nkids;
    struct surql_query_builder *sub;
    qgpart *parts;
    size_t nparts;
    int64_t k, ef;
    int metric;
    double mink;
};

/* ---- rendering ------------------------------------------------------------ */
typedef struct qph {
    size_t off, len; /* span of "$pN" in the text */
    size_t var;      /* 1-based N */
} qph;

typedef struct qrender {
    surql_buf *out;
    int dialect;
    surql_value *vars; /* object p1..pN */
    size_t nvars;
    qph *ph;
    size_t nph, cph;
} qrender;

int qr_bind(qrender *r, const surql_value *v);
int qr_expr(qrender *r, const surql_query_expr *e);
int qr_operand(qrender *r, const surql_query_expr *e); /* parenthesised when composite */
int qr_builder(qrender *r, const struct surql_query_builder *b);
int qr_init(qrender *r, surql_buf *out, int dialect);
void qr_dispose(qrender *r);

/* ---- names ---------------------------------------------------------------- */
int q_name_escape(surql_buf *out, const char *name, const char *what);
char *q_name_dup(const char *name, const char *what); /* escaped copy or NULL */
char *q_path_dup(const char *path);                   /* escaped path or NULL */
int q_target_value(surql_value **out, const char *text, int *is_table, char **table_esc);

/* ---- expression helpers --------------------------------------------------- */
surql_query_expr *qx_new(int kind);
/* a vector value of n finite numbers (n > 0), or NULL with the error set */
surql_value *q_vector(const double *vec, size_t n);
void q_release_exprs(surql_query_expr *const *v, size_t n);
/* report the "NULL argument" convention: keep an earlier error */
int q_null_arg(void);

/* ---- builder ------------------------------------------------------------- */
/* persistent list node: newest first, shared between builders */
typedef struct qlist {
    atomic_int refs;
    struct qlist *next;
    surql_query_expr *a, *b;
    int flags;
    char *name; /* escaped name (indexes) */
} qlist;

enum { QK_SELECT = 1, QK_CREATE, QK_INSERT, QK_INSERT_REL, QK_UPDATE, QK_UPSERT, QK_DELETE,
       QK_RELATE };
enum { QD_NONE = 0, QD_CONTENT, QD_MERGE, QD_PATCH, QD_REPLACE, QD_VALUES };
enum { QS_EQ = 0, QS_ADD, QS_SUB };

typedef struct qhints {
    int timeout_set;
    uint64_t timeout_ms;
    int parallel;   /* 0 unset, 1 on, 2 off */
    int workers;
    int explain;    /* 0, 1, 2 = full */
    int fetch;      /* strategy or 0 */
    int batch;
    int noindex;
    int force;      /* last index hint was FORCE */
    char *index_table; /* raw table name of an index hint, or NULL */
} qhints;

struct surql_query_builder {
    atomic_int refs;
    int kind;
    int dialect;
    int shape_set;
    surql_query_shape shape;
    int select_value;
    int only;
    qlist *fields, *omit, *targets, *where, *order, *group, *split, *fetch, *sets, *dup,
        *indexes;
    int group_all;
    int64_t limit, start; /* -1: none */
    int data_kind;
    surql_value *data;
    int ignore;
    int ret;
    char *edge; /* escaped edge name (RELATE) */
    surql_query_expr *rel_from, *rel_to;
    char *main_table; /* raw name of the first table target (hint validation) */
    qhints hints;
};

void q_list_unref(qlist *l);

/* ---- statements ----------------------------------------------------------- */
struct surql_query_stmt {
    atomic_int refs;
    char *text;
    size_t len;
    surql_value *vars;
    int dialect;
    surql_query_shape shape;
    size_t count;
    qph *ph;
    size_t nph;
};
int q_stmt_from_render(surql_query_stmt **out, qrender *r, surql_query_shape shape, size_t count);
int q_build_shape(surql_query_stmt **out, const struct surql_query_builder *b, int has_shape,
                  surql_query_shape shape);

int q_check_dialect(int d);

#endif
