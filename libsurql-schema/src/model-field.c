/* Fields: construction, immutable builders, getters. */
#include "model-internal.h"
#include "parse-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sq_field_destroy(surql_schema_field *f)
{
    free(f->h.name);
    free(f->type);
    free(f->assert_);
    free(f->def);
    free(f->value);
    free(f->computed);
    free(f->comment);
    free(f->renamed);
    surql_value_unref(f->def_value);
    sq_perm_clear(f->perm);
    free(f);
}

surql_schema_field *sq_field_clone(const surql_schema_field *f)
{
    surql_schema_field *c = calloc(1, sizeof *c);
    if (!c) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    sq_obj_init(&c->h, SQ_FIELD);
    if (!f)
        return c;
    int rc = sq_set_str(&c->h.name, f->h.name) | sq_set_str(&c->type, f->type) |
             sq_set_str(&c->assert_, f->assert_) | sq_set_str(&c->def, f->def) |
             sq_set_str(&c->value, f->value) | sq_set_str(&c->computed, f->computed) |
             sq_set_str(&c->comment, f->comment) | sq_set_str(&c->renamed, f->renamed) |
             sq_perm_copy(c->perm, (char *const *)f->perm);
    c->def_value = surql_value_ref(f->def_value);
    c->def_always = f->def_always;
    c->readonly = f->readonly;
    c->flexible = f->flexible;
    if (rc) {
        sq_field_destroy(c);
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    return c;
}

int sq_field_check_computed(const surql_schema_field *f)
{
    if (f->computed && (f->value || f->def || f->def_value || f->readonly || f->assert_ ||
                        f->flexible))
        return sq_err(SURQL_ESCHEMA,
                      "field '%s': a computed field cannot also have VALUE, DEFAULT, "
                      "READONLY, ASSERT or FLEXIBLE",
                      f->h.name);
    return SURQL_OK;
}

/* the rules that span several clauses */
static int field_check(const surql_schema_field *f)
{
    const char *n = f->h.name;
    int rc = sq_field_check_computed(f);
    if (rc)
        return rc;
    if (f->flexible && (!f->type || !sq_type_has_object(f->type)))
        return sq_err(SURQL_ESCHEMA,
                      "field '%s': FLEXIBLE needs a type that contains object (type is %s)", n,
                      f->type ? f->type : "not set");
    if (f->perm[3])
        return sq_err(SURQL_ESCHEMA, "field '%s': fields have no delete permission", n);
    return SURQL_OK;
}

static int field_done(surql_schema_field **out, surql_schema_field *c, int rc)
{
    if (!rc)
        rc = field_check(c);
    if (rc) {
        sq_field_destroy(c);
        return rc;
    }
    *out = c;
    return SURQL_OK;
}

#define FIELD_BEGIN()                                                                    \
    if (!out)                                                                            \
        return sq_err(SURQL_EINVAL, "out is NULL");                                      \
    *out = NULL;                                                                         \
    if (!f)                                                                              \
        return sq_err(SURQL_EINVAL, "field is NULL");                                    \
    surql_schema_field *c = sq_field_clone(f);                                           \
    if (!c)                                                                              \
        return SURQL_ENOMEM;                                                             \
    int rc = SURQL_OK

static int set_expr(char **dst, const char *expr, const char *fname, const char *clause)
{
    if (expr) {
        const char *p = expr;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            return sq_err(SURQL_ESCHEMA, "field '%s': %s expression is empty", fname, clause);
    }
    return sq_set_str(dst, expr);
}

int surql_schema_field_new(surql_schema_field **out, const char *name, const char *type)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    int rc = sq_path_check(name, "field");
    if (rc)
        return rc;
    if (type) {
        char what[300];
        snprintf(what, sizeof what, "field '%s'", name);
        if ((rc = sq_type_check(type, what)))
            return rc;
    }
    surql_schema_field *c = sq_field_clone(NULL);
    if (!c)
        return SURQL_ENOMEM;
    rc = sq_path_normal(&c->h.name, name);
    if (!rc)
        rc = sq_set_str(&c->type, type);
    return field_done(out, c, rc);
}

surql_schema_field *surql_schema_field_ref(const surql_schema_field *f) { return sq_obj_ref(f); }
surql_schema_field *surql_schema_field_unref(surql_schema_field *f)
{
    sq_obj_unref(f);
    return NULL;
}

int surql_schema_field_with_type(surql_schema_field **out, const surql_schema_field *f,
                                 const char *type)
{
    FIELD_BEGIN();
    if (type) {
        char what[300];
        snprintf(what, sizeof what, "field '%s'", f->h.name);
        rc = sq_type_check(type, what);
    }
    if (!rc)
        rc = sq_set_str(&c->type, type);
    return field_done(out, c, rc);
}

int surql_schema_field_with_assert(surql_schema_field **out, const surql_schema_field *f,
                                   const char *expr)
{
    FIELD_BEGIN();
    rc = set_expr(&c->assert_, expr, f->h.name, "ASSERT");
    return field_done(out, c, rc);
}

int surql_schema_field_with_default(surql_schema_field **out, const surql_schema_field *f,
                                    const char *expr, int always)
{
    FIELD_BEGIN();
    rc = set_expr(&c->def, expr, f->h.name, "DEFAULT");
    c->def_value = surql_value_unref(c->def_value);
    c->def_always = expr ? !!always : 0;
    return field_done(out, c, rc);
}

int surql_schema_field_with_default_value(surql_schema_field **out,
                                          const surql_schema_field *f, const surql_value *v,
                                          int always)
{
    FIELD_BEGIN();
    rc = sq_set_str(&c->def, NULL);
    surql_value_unref(c->def_value);
    c->def_value = surql_value_ref(v);
    c->def_always = v ? !!always : 0;
    return field_done(out, c, rc);
}

int surql_schema_field_with_value(surql_schema_field **out, const surql_schema_field *f,
                                  const char *expr)
{
    FIELD_BEGIN();
    rc = set_expr(&c->value, expr, f->h.name, "VALUE");
    return field_done(out, c, rc);
}

int surql_schema_field_with_computed(surql_schema_field **out, const surql_schema_field *f,
                                     const char *expr)
{
    FIELD_BEGIN();
    rc = set_expr(&c->computed, expr, f->h.name, "COMPUTED");
    return field_done(out, c, rc);
}

int surql_schema_field_with_readonly(surql_schema_field **out, const surql_schema_field *f,
                                     int readonly)
{
    FIELD_BEGIN();
    c->readonly = !!readonly;
    return field_done(out, c, rc);
}

int surql_schema_field_with_flexible(surql_schema_field **out, const surql_schema_field *f,
                                     int flexible)
{
    FIELD_BEGIN();
    c->flexible = !!flexible;
    return field_done(out, c, rc);
}

int surql_schema_field_with_permission(surql_schema_field **out, const surql_schema_field *f,
                                       unsigned ops, const char *rule)
{
    FIELD_BEGIN();
    char what[300];
    snprintf(what, sizeof what, "field '%s'", f->h.name);
    if (ops == SURQL_SCHEMA_PERM_ALL)
        ops = SURQL_SCHEMA_PERM_SELECT | SURQL_SCHEMA_PERM_CREATE | SURQL_SCHEMA_PERM_UPDATE;
    rc = sq_perm_set(c->perm, ops, rule, what);
    return field_done(out, c, rc);
}

int surql_schema_field_with_comment(surql_schema_field **out, const surql_schema_field *f,
                                    const char *comment)
{
    FIELD_BEGIN();
    rc = sq_set_str(&c->comment, comment);
    return field_done(out, c, rc);
}

int surql_schema_field_with_renamed_from(surql_schema_field **out, const surql_schema_field *f,
                                         const char *old_name)
{
    FIELD_BEGIN();
    if (old_name) {
        char what[300];
        snprintf(what, sizeof what, "field '%s': renamed from", f->h.name);
        rc = sq_path_check(old_name, what);
    }
    if (!rc)
        rc = sq_set_str(&c->renamed, old_name);
    return field_done(out, c, rc);
}

const char *surql_schema_field_name(const surql_schema_field *f) { return f ? f->h.name : NULL; }
const char *surql_schema_field_type(const surql_schema_field *f) { return f ? f->type : NULL; }
const char *surql_schema_field_assert(const surql_schema_field *f) { return f ? f->assert_ : NULL; }
const char *surql_schema_field_default(const surql_schema_field *f) { return f ? f->def : NULL; }
const surql_value *surql_schema_field_default_value(const surql_schema_field *f)
{
    return f ? f->def_value : NULL;
}
int surql_schema_field_default_always(const surql_schema_field *f) { return f ? f->def_always : 0; }
const char *surql_schema_field_value(const surql_schema_field *f) { return f ? f->value : NULL; }
const char *surql_schema_field_computed(const surql_schema_field *f)
{
    return f ? f->computed : NULL;
}
int surql_schema_field_readonly(const surql_schema_field *f) { return f ? f->readonly : 0; }
int surql_schema_field_flexible(const surql_schema_field *f) { return f ? f->flexible : 0; }
const char *surql_schema_field_permission(const surql_schema_field *f, surql_schema_perm_op op)
{
    int i = sq_perm_index((unsigned)op);
    return f && i >= 0 ? f->perm[i] : NULL;
}
const char *surql_schema_field_comment(const surql_schema_field *f) { return f ? f->comment : NULL; }
const char *surql_schema_field_renamed_from(const surql_schema_field *f)
{
    return f ? f->renamed : NULL;
}
