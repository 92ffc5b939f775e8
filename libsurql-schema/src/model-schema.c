/* The schema registry and the dialect helpers. */
#include "model-internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sq_schema_destroy(surql_schema *s)
{
    sq_objv_clear(&s->tables);
    sq_objv_clear(&s->accesses);
    sq_objv_clear(&s->params);
    sq_objv_clear(&s->functions);
    sq_objv_clear(&s->analyzers);
    free(s->h.name);
    free(s);
}

surql_schema *sq_schema_clone(const surql_schema *s)
{
    surql_schema *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_SCHEMA);
    if (!s)
        return c;
    if (sq_objv_copy(&c->tables, &s->tables) | sq_objv_copy(&c->accesses, &s->accesses) |
        sq_objv_copy(&c->params, &s->params) | sq_objv_copy(&c->functions, &s->functions) |
        sq_objv_copy(&c->analyzers, &s->analyzers)) {
        sq_schema_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

int surql_schema_new(surql_schema **out)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = sq_schema_clone(NULL);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}

surql_schema *surql_schema_ref(const surql_schema *s) { return sq_obj_ref(s); }
surql_schema *surql_schema_unref(surql_schema *s)
{
    sq_obj_unref(s);
    return NULL;
}

/* which: 0 tables, 1 accesses, 2 params, 3 functions, 4 analyzers */
static sq_objv *vec(surql_schema *s, int which)
{
    switch (which) {
    case 0: return &s->tables;
    case 1: return &s->accesses;
    case 2: return &s->params;
    case 3: return &s->functions;
    default: return &s->analyzers;
    }
}
static const sq_objv *cvec(const surql_schema *s, int which)
{
    switch (which) {
    case 0: return &s->tables;
    case 1: return &s->accesses;
    case 2: return &s->params;
    case 3: return &s->functions;
    default: return &s->analyzers;
    }
}
static const char *const what_names[] = { "table", "access", "param", "function", "analyzer" };

static int with_obj(surql_schema **out, const surql_schema *s, const void *o, int which)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!s || !o)
        return sq_err(SURQL_EINVAL, "%s is NULL", !s ? "schema" : what_names[which]);
    surql_schema *c = sq_schema_clone(s);
    if (!c)
        return SURQL_ENOMEM;
    int rc = sq_objv_put(vec(c, which), o);
    if (rc) {
        sq_schema_destroy(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

static int without_obj(surql_schema **out, const surql_schema *s, const char *name, int which)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!s)
        return sq_err(SURQL_EINVAL, "schema is NULL");
    size_t i = sq_objv_find(cvec(s, which), name);
    if (i == (size_t)-1)
        return sq_err(SURQL_ENOTFOUND, "schema has no %s '%s'", what_names[which],
                      name ? name : "");
    surql_schema *c = sq_schema_clone(s);
    if (!c)
        return SURQL_ENOMEM;
    sq_objv_remove(vec(c, which), i);
    *out = c;
    return SURQL_OK;
}

int surql_schema_with_table(surql_schema **out, const surql_schema *s, const surql_schema_table *t)
{
    return with_obj(out, s, t, 0);
}

int surql_schema_with_tables(surql_schema **out, const surql_schema *s,
                             const surql_schema_table *const *t, size_t n)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!s)
        return sq_err(SURQL_EINVAL, "schema is NULL");
    surql_schema *c = sq_schema_clone(s);
    if (!c)
        return SURQL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        int rc = (!t || !t[i]) ? sq_err(SURQL_EINVAL, "table %zu is NULL", i + 1)
                               : sq_objv_put(&c->tables, t[i]);
        if (rc) {
            sq_schema_destroy(c);
            return rc;
        }
    }
    *out = c;
    return SURQL_OK;
}

int surql_schema_without_table(surql_schema **out, const surql_schema *s, const char *name)
{
    return without_obj(out, s, name, 0);
}
int surql_schema_with_access(surql_schema **out, const surql_schema *s, const surql_schema_access *a)
{
    return with_obj(out, s, a, 1);
}
int surql_schema_with_param(surql_schema **out, const surql_schema *s, const surql_schema_param *p)
{
    return with_obj(out, s, p, 2);
}
int surql_schema_with_function(surql_schema **out, const surql_schema *s,
                               const surql_schema_function *f)
{
    return with_obj(out, s, f, 3);
}
int surql_schema_with_analyzer(surql_schema **out, const surql_schema *s,
                               const surql_schema_analyzer *a)
{
    return with_obj(out, s, a, 4);
}
int surql_schema_without_access(surql_schema **out, const surql_schema *s, const char *name)
{
    return without_obj(out, s, name, 1);
}
int surql_schema_without_param(surql_schema **out, const surql_schema *s, const char *name)
{
    return without_obj(out, s, name, 2);
}
int surql_schema_without_function(surql_schema **out, const surql_schema *s, const char *name)
{
    return without_obj(out, s, name, 3);
}
int surql_schema_without_analyzer(surql_schema **out, const surql_schema *s, const char *name)
{
    return without_obj(out, s, name, 4);
}

static size_t count(const surql_schema *s, int which) { return s ? cvec(s, which)->n : 0; }
static const void *at(const surql_schema *s, int which, size_t i)
{
    return s && i < cvec(s, which)->n ? cvec(s, which)->v[i] : NULL;
}
static const void *get(const surql_schema *s, int which, const char *name)
{
    if (!s)
        return NULL;
    size_t i = sq_objv_find(cvec(s, which), name);
    return i == (size_t)-1 ? NULL : cvec(s, which)->v[i];
}

size_t surql_schema_table_count(const surql_schema *s) { return count(s, 0); }
const surql_schema_table *surql_schema_table_at(const surql_schema *s, size_t i) { return at(s, 0, i); }
const surql_schema_table *surql_schema_get_table(const surql_schema *s, const char *name)
{
    return get(s, 0, name);
}
size_t surql_schema_access_count(const surql_schema *s) { return count(s, 1); }
const surql_schema_access *surql_schema_access_at(const surql_schema *s, size_t i) { return at(s, 1, i); }
const surql_schema_access *surql_schema_get_access(const surql_schema *s, const char *name)
{
    return get(s, 1, name);
}
size_t surql_schema_param_count(const surql_schema *s) { return count(s, 2); }
const surql_schema_param *surql_schema_param_at(const surql_schema *s, size_t i) { return at(s, 2, i); }
const surql_schema_param *surql_schema_get_param(const surql_schema *s, const char *name)
{
    return get(s, 2, name);
}
size_t surql_schema_function_count(const surql_schema *s) { return count(s, 3); }
const surql_schema_function *surql_schema_function_at(const surql_schema *s, size_t i)
{
    return at(s, 3, i);
}
const surql_schema_function *surql_schema_get_function(const surql_schema *s, const char *name)
{
    return get(s, 3, name);
}
size_t surql_schema_analyzer_count(const surql_schema *s) { return count(s, 4); }
const surql_schema_analyzer *surql_schema_analyzer_at(const surql_schema *s, size_t i)
{
    return at(s, 4, i);
}
const surql_schema_analyzer *surql_schema_get_analyzer(const surql_schema *s, const char *name)
{
    return get(s, 4, name);
}

/* ---- dialects ------------------------------------------------------------------ */

const char *surql_dialect_name(surql_dialect d)
{
    return d == SURQL_DIALECT_V2 ? "v2" : d == SURQL_DIALECT_V3 ? "v3" : "?";
}

int surql_dialect_valid(int d) { return d == SURQL_DIALECT_V2 || d == SURQL_DIALECT_V3; }

int surql_dialect_parse(surql_dialect *out, const char *text)
{
    if (!out || !text)
        return sq_err(SURQL_EINVAL, "dialect: NULL argument");
    const char *p = text;
    if (strncasecmp(p, "surrealdb-", 10) == 0)
        p += 10;
    else if (*p == 'v' || *p == 'V')
        p++;
    if ((p[0] == '2' || p[0] == '3') && (p[1] == '\0' || p[1] == '.')) {
        if (p[1] == '.') {
            const char *q = p + 2;
            if (!(*q == 'x' || *q == 'X' || (*q >= '0' && *q <= '9')))
                goto bad;
        }
        *out = p[0] == '2' ? SURQL_DIALECT_V2 : SURQL_DIALECT_V3;
        return SURQL_OK;
    }
bad:
    return sq_err(SURQL_EINVAL, "unknown dialect '%s' (expected v2 or v3)", text);
}
