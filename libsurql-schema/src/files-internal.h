/* Schema files: what the interpreters of YAML/JSON schema documents share
 * (files-node.c: located errors and typed getters; files-table.c,
 * files-index.c, files.c: the loaders). Internal to libsurql-schema. */
#ifndef SURQL_SCHEMA_FILES_INTERNAL_H
#define SURQL_SCHEMA_FILES_INTERNAL_H

#include "model-internal.h"
#include "sdoc-internal.h"

#include <stddef.h>

/* the document being interpreted */
typedef struct ld {
    const char *file; /* name used in messages, NULL = "<input>" */
} ld;

/* fail with "FILE:LINE:COL: message" located at n (n may be NULL) */
int ld_err(const ld *c, const sn *n, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* a builder failed with rc: put the position of n in front of its message */
int ld_wrap(const ld *c, const sn *n, int rc);
/* "a mapping", "a list", "null" or "a scalar" */
const char *ld_kind_word(const sn *n);

/* every key of mapping m must be one of valid (NULL-terminated); else a
 * located error with the nearest key or the list of valid keys */
int ld_check_keys(const ld *c, const sn *m, const char *const *valid, const char *what);
/* n (if given) must be a mapping */
int ld_need_map(const ld *c, const sn *n, const char *what);

/* the value of key in mapping m, or NULL (null values count as absent) */
const sn *ld_get(const sn *m, const char *key);
/* plain scalars: 0 and *out set, or -1 */
int ld_scalar_bool(const sn *v, int *out);
int ld_scalar_uint(const sn *v, unsigned *out);
int ld_scalar_double(const sn *v, double *out);
/* optional typed values of key in m (absent: NULL / 0); wrong type: located error */
int ld_get_text(const ld *c, const sn *m, const char *key, const char **out, const char *what);
int ld_get_bool(const ld *c, const sn *m, const char *key, int *out, const char *what);
int ld_get_uint(const ld *c, const sn *m, const char *key, unsigned *out, const char *what);
int ld_get_double(const ld *c, const sn *m, const char *key, double *out, const char *what);
/* several optional text keys of m, in order: *outs[i] = the text of keys[i]
 * (keys NULL-terminated; the first wrong type fails) */
int ld_get_texts(const ld *c, const sn *m, const char *const *keys, const char **const *outs,
                 const char *what);
/* a string or a list of strings; *out is malloc'd (pointers borrowed from the tree) */
int ld_get_list(const ld *c, const sn *m, const char *key, const char ***out, size_t *n,
                const char *what);
/* a data value (param values, defaults) as a new value */
int ld_data_value(const ld *c, const sn *n, surql_value **out);

/* index of w in words (case-insensitive), or -1 */
int ld_word_index(const char *w, const char *const *words);
/* key of what has a value n that is not one of words: located error */
int ld_bad_word(const ld *c, const sn *n, const char *key, const char *what,
                const char *const *words);

/* the loaders of files-table.c and files-index.c */
int ld_load_table(const ld *c, const sn *key, const sn *v, int edge_section,
                  surql_schema_table **out);
int ld_load_index(const ld *c, const sn *key, const sn *v, const char *tname,
                  surql_schema_index **out);

/* ---- builder steps: replace var by the builder's result, or fail located ----
 * (used inside a function with `int rc` and a `fail:` label) */
#define STEP(T, var, node, call)                                 \
    do {                                                         \
        T *nv_ = NULL;                                           \
        rc = (call);                                             \
        if (rc) {                                                \
            rc = ld_wrap(c, (node), rc);                         \
            goto fail;                                           \
        }                                                        \
        T##_unref(var);                                          \
        var = nv_;                                               \
    } while (0)

/* a text read before (val, from key of mapping m): when given, var = setter(var, val) */
#define STEP_IF(T, var, m, key, val, setter)                                  \
    do {                                                                      \
        if (val)                                                              \
            STEP(T, var, ld_get((m), (key)), setter(&nv_, var, (val)));       \
    } while (0)

/* optional text key of mapping m: when given, var = setter(var, text) */
#define STEP_TEXT(T, var, m, key, what, setter)                               \
    do {                                                                      \
        const char *s_ = NULL;                                                \
        if ((rc = ld_get_text(c, (m), (key), &s_, (what))))                   \
            goto fail;                                                        \
        if (s_)                                                               \
            STEP(T, var, ld_get((m), (key)), setter(&nv_, var, s_));          \
    } while (0)

/* optional boolean key of mapping m: when true, var = setter(var, 1) */
#define STEP_FLAG(T, var, m, key, what, setter)                               \
    do {                                                                      \
        int b_ = 0;                                                           \
        if ((rc = ld_get_bool(c, (m), (key), &b_, (what))))                   \
            goto fail;                                                        \
        if (b_)                                                               \
            STEP(T, var, ld_get((m), (key)), setter(&nv_, var, 1));           \
    } while (0)

#endif
