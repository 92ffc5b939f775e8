/* Schema validation: the code schema against the database schema, with the
 * normalisation of the diff (canon*.c), as results with a severity. */
#include "canon-internal.h"
#include "model-internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/validate.h>

typedef struct vres {
    surql_schema_severity sev;
    char *table, *field, *msg;
    surql_value *details;
} vres;

struct surql_schema_validation {
    vres *r;
    size_t n, cap;
};

typedef struct vctx {
    surql_schema_validation *v;
    int rc;
} vctx;

static void add(vctx *c, surql_schema_severity sev, const char *table, const char *field,
                const char *kind, const char *code, const char *db, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;
static void add(vctx *c, surql_schema_severity sev, const char *table, const char *field,
                const char *kind, const char *code, const char *db, const char *fmt, ...)
{
    if (c->rc)
        return;
    surql_schema_validation *v = c->v;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        vres *r = realloc(v->r, cap * sizeof *r);
        if (!r) {
            c->rc = sq_err(SURQL_ENOMEM, "out of memory");
            return;
        }
        v->r = r;
        v->cap = cap;
    }
    surql_buf m = SURQL_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    int rc = surql_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    vres *r = &v->r[v->n];
    memset(r, 0, sizeof *r);
    r->sev = sev;
    r->msg = rc ? NULL : surql_buf_detach(&m);
    r->table = surql_strdup(table);
    r->field = surql_strdup(field);
    r->details = surql_value_object();
    if (r->details) {
        rc = surql_value_object_set_take(r->details, "kind", surql_value_string(kind));
        if (!rc && code)
            rc = surql_value_object_set_take(r->details, "code", surql_value_string(code));
        if (!rc && db)
            rc = surql_value_object_set_take(r->details, "database", surql_value_string(db));
    }
    surql_buf_dispose(&m);
    v->n++;
    if (rc || !r->msg || (table && !r->table) || (field && !r->field) || !r->details)
        c->rc = sq_err(SURQL_ENOMEM, "out of memory");
}

/* ---- comparisons after normalisation ----------------------------------- */

/* canonical text of an expression (NULL stays NULL); falls back to the text */
static char *cexpr(const char *e)
{
    if (!e)
        return NULL;
    surql_buf b = SURQL_BUF_INIT;
    if (sq_expr_canon(&b, e) != SURQL_OK) {
        surql_buf_dispose(&b);
        return surql_strdup(e);
    }
    return surql_buf_detach(&b);
}

static int same_expr(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    char *x = cexpr(a), *y = cexpr(b);
    int eq = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return eq;
}

static char *ctype(const char *t)
{
    if (!t)
        return NULL;
    surql_buf b = SURQL_BUF_INIT;
    if (sq_type_canon(&b, t, "type") != SURQL_OK) {
        surql_buf_dispose(&b);
        return surql_strdup(t);
    }
    return surql_buf_detach(&b);
}

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    return strcmp(a, b) == 0;
}

/* permission rules (default dflt when unset) */
static int same_perm(const char *a, const char *b, const char *dflt)
{
    a = a ? a : dflt;
    b = b ? b : dflt;
    int ka = strcmp(a, "FULL") == 0 || strcmp(a, "NONE") == 0;
    int kb = strcmp(b, "FULL") == 0 || strcmp(b, "NONE") == 0;
    if (ka || kb)
        return ka && kb && strcmp(a, b) == 0;
    return same_expr(a, b);
}

typedef int (*canon_fn)(surql_buf *, const void *);

static int same_obj(canon_fn fn, const void *a, const void *b, vctx *c)
{
    surql_buf x = SURQL_BUF_INIT, y = SURQL_BUF_INIT;
    int rc = fn(&x, a);
    if (!rc)
        rc = fn(&y, b);
    int eq = !rc && strcmp(surql_buf_cstr(&x), surql_buf_cstr(&y)) == 0;
    if (rc && !c->rc)
        c->rc = rc;
    surql_buf_dispose(&x);
    surql_buf_dispose(&y);
    return eq;
}

static int cf_index(surql_buf *b, const void *o) { return sq_canon_index(b, o); }
static int cf_event(surql_buf *b, const void *o) { return sq_canon_event(b, o); }
static int cf_access(surql_buf *b, const void *o) { return sq_canon_access(b, o); }
static int cf_param(surql_buf *b, const void *o) { return sq_canon_param(b, o); }
static int cf_function(surql_buf *b, const void *o) { return sq_canon_function(b, o); }
static int cf_analyzer(surql_buf *b, const void *o) { return sq_canon_analyzer(b, o); }

static const char *dflt_text(const surql_schema_field *f, surql_buf *tmp)
{
    if (f->def_value) {
        surql_buf_clear(tmp);
        if (surql_value_to_surql(f->def_value, tmp, 0) == SURQL_OK)
            return surql_buf_cstr(tmp);
        return "?";
    }
    return f->def;
}

static const char *mode_name(int m) { return m == SURQL_SCHEMA_SCHEMAFULL ? "SCHEMAFULL" : "SCHEMALESS"; }
static const char *kind_name(int k)
{
    return k == SURQL_SCHEMA_TABLE_RELATION ? "RELATION" : k == SURQL_SCHEMA_TABLE_NORMAL ? "NORMAL" : "ANY";
}

static void join(surql_buf *b, const sq_strv *v)
{
    surql_buf_clear(b);
    for (size_t i = 0; i < v->n; i++)
        surql_buf_printf(b, "%s%s", i ? " | " : "", v->v[i]);
    if (!v->n)
        surql_buf_puts(b, "(any)");
}

static void cmp_fields(vctx *c, const surql_schema_table *t, const surql_schema_table *d)
{
    const char *tn = t->h.name;
    surql_buf x = SURQL_BUF_INIT, y = SURQL_BUF_INIT;
    for (size_t i = 0; i < t->fields.n; i++) {
        const surql_schema_field *f = (const surql_schema_field *)t->fields.v[i];
        const char *fn = f->h.name;
        if (sq_field_is_implied(t, f))
            continue;
        const surql_schema_field *g = surql_schema_table_get_field(d, fn);
        if (!g) {
            if (f->renamed && surql_schema_table_get_field(d, f->renamed))
                add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, "field_rename_pending", fn, f->renamed,
                    "field '%s' of table '%s': the rename from '%s' is not applied in the database",
                    fn, tn, f->renamed);
            else
                add(c, SURQL_SCHEMA_SEVERITY_ERROR, tn, fn, "missing_field", NULL, NULL,
                    "field '%s' of table '%s' is missing from the database", fn, tn);
            continue;
        }
        char *ta = ctype(f->type), *tb = ctype(g->type);
        if (!same_str(ta, tb))
            add(c, SURQL_SCHEMA_SEVERITY_ERROR, tn, fn, "field_type", ta ? ta : "(none)",
                tb ? tb : "(none)", "field '%s' of table '%s': type differs (code: %s, database: %s)",
                fn, tn, ta ? ta : "(none)", tb ? tb : "(none)");
        free(ta);
        free(tb);
        struct {
            const char *what, *a, *b;
        } ex[] = { { "assert", f->assert_, g->assert_ },
                   { "default", dflt_text(f, &x), dflt_text(g, &y) },
                   { "value", f->value, g->value },
                   { "computed", f->computed, g->computed } };
        for (size_t k = 0; k < sizeof ex / sizeof ex[0]; k++) {
            if (same_expr(ex[k].a, ex[k].b))
                continue;
            char kind[32];
            snprintf(kind, sizeof kind, "field_%s", ex[k].what);
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, kind, ex[k].a ? ex[k].a : "(none)",
                ex[k].b ? ex[k].b : "(none)",
                "field '%s' of table '%s': %s differs (code: %s, database: %s)", fn, tn,
                ex[k].what, ex[k].a ? ex[k].a : "(none)", ex[k].b ? ex[k].b : "(none)");
        }
        if ((f->def || f->def_value) && (g->def || g->def_value) && f->def_always != g->def_always)
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, "field_default_always",
                f->def_always ? "true" : "false", g->def_always ? "true" : "false",
                "field '%s' of table '%s': DEFAULT ALWAYS differs", fn, tn);
        if (f->readonly != g->readonly)
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, "field_readonly",
                f->readonly ? "true" : "false", g->readonly ? "true" : "false",
                "field '%s' of table '%s': readonly differs (code: %s, database: %s)", fn, tn,
                f->readonly ? "true" : "false", g->readonly ? "true" : "false");
        if (f->flexible != g->flexible)
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, "field_flexible",
                f->flexible ? "true" : "false", g->flexible ? "true" : "false",
                "field '%s' of table '%s': flexible differs (code: %s, database: %s)", fn, tn,
                f->flexible ? "true" : "false", g->flexible ? "true" : "false");
        static const char *const ops[] = { "select", "create", "update" };
        for (int k = 0; k < 3; k++)
            if (!same_perm(f->perm[k], g->perm[k], "FULL"))
                add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, "field_permissions",
                    f->perm[k] ? f->perm[k] : "FULL", g->perm[k] ? g->perm[k] : "FULL",
                    "field '%s' of table '%s': %s permission differs (code: %s, database: %s)", fn,
                    tn, ops[k], f->perm[k] ? f->perm[k] : "FULL", g->perm[k] ? g->perm[k] : "FULL");
        if (!same_str(f->comment, g->comment))
            add(c, SURQL_SCHEMA_SEVERITY_INFO, tn, fn, "field_comment", f->comment, g->comment,
                "field '%s' of table '%s': comment differs", fn, tn);
    }
    for (size_t i = 0; i < d->fields.n; i++) {
        const surql_schema_field *g = (const surql_schema_field *)d->fields.v[i];
        const char *fn = g->h.name;
        if (surql_schema_table_get_field(t, fn) || sq_field_is_implied(d, g))
            continue;
        int renamed = 0;
        for (size_t j = 0; j < t->fields.n && !renamed; j++) {
            const surql_schema_field *f = (const surql_schema_field *)t->fields.v[j];
            renamed = f->renamed && strcmp(f->renamed, fn) == 0;
        }
        if (!renamed)
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, fn, "extra_field", NULL, NULL,
                "field '%s' of table '%s' exists in the database but not in the code", fn, tn);
    }
    surql_buf_dispose(&x);
    surql_buf_dispose(&y);
}

static void cmp_table(vctx *c, const surql_schema_table *t, const surql_schema_table *d)
{
    const char *tn = t->h.name, *what = t->edge ? "edge" : "table";
    int ma = t->mode ? t->mode : SURQL_SCHEMA_SCHEMALESS, mb = d->mode ? d->mode : SURQL_SCHEMA_SCHEMALESS;
    int ka = t->kind ? t->kind : (ma == SURQL_SCHEMA_SCHEMAFULL ? SURQL_SCHEMA_TABLE_NORMAL : SURQL_SCHEMA_TABLE_ANY);
    int kb = d->kind ? d->kind : (mb == SURQL_SCHEMA_SCHEMAFULL ? SURQL_SCHEMA_TABLE_NORMAL : SURQL_SCHEMA_TABLE_ANY);
    if (ma != mb)
        add(c, SURQL_SCHEMA_SEVERITY_ERROR, tn, NULL, "table_mode", mode_name(ma), mode_name(mb),
            "%s '%s': mode differs (code: %s, database: %s)", what, tn, mode_name(ma), mode_name(mb));
    if (ka != kb)
        add(c, SURQL_SCHEMA_SEVERITY_ERROR, tn, NULL, "table_type", kind_name(ka), kind_name(kb),
            "%s '%s': type differs (code: %s, database: %s)", what, tn, kind_name(ka), kind_name(kb));
    surql_buf x = SURQL_BUF_INIT, y = SURQL_BUF_INIT;
    if (ka == SURQL_SCHEMA_TABLE_RELATION && kb == SURQL_SCHEMA_TABLE_RELATION) {
        const sq_strv *sa[2] = { &t->in, &t->out }, *sb[2] = { &d->in, &d->out };
        for (int k = 0; k < 2; k++) {
            join(&x, sa[k]);
            join(&y, sb[k]);
            if (strcmp(surql_buf_cstr(&x), surql_buf_cstr(&y)) != 0)
                add(c, SURQL_SCHEMA_SEVERITY_ERROR, tn, NULL, "edge_relation", surql_buf_cstr(&x),
                    surql_buf_cstr(&y), "%s '%s': %s tables differ (code: %s, database: %s)", what,
                    tn, k ? "OUT" : "IN", surql_buf_cstr(&x), surql_buf_cstr(&y));
        }
        if (t->enforced != d->enforced)
            add(c, SURQL_SCHEMA_SEVERITY_ERROR, tn, NULL, "edge_enforced",
                t->enforced ? "true" : "false", d->enforced ? "true" : "false",
                "%s '%s': ENFORCED differs (code: %s, database: %s)", what, tn,
                t->enforced ? "true" : "false", d->enforced ? "true" : "false");
    }
    if (t->drop != d->drop)
        add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "table_drop", t->drop ? "true" : "false",
            d->drop ? "true" : "false", "%s '%s': DROP differs", what, tn);
    surql_value *ca = t->changefeed ? surql_value_duration_parse(t->changefeed) : NULL;
    surql_value *cb = d->changefeed ? surql_value_duration_parse(d->changefeed) : NULL;
    if (!same_str(t->changefeed, d->changefeed) &&
        (!ca || !cb || !surql_value_equal(ca, cb) || t->cf_original != d->cf_original))
        add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "table_changefeed", t->changefeed,
            d->changefeed, "%s '%s': changefeed differs (code: %s, database: %s)", what, tn,
            t->changefeed ? t->changefeed : "(none)", d->changefeed ? d->changefeed : "(none)");
    else if (t->changefeed && d->changefeed && t->cf_original != d->cf_original)
        add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "table_changefeed", NULL, NULL,
            "%s '%s': changefeed INCLUDE ORIGINAL differs", what, tn);
    surql_value_unref(ca);
    surql_value_unref(cb);
    static const char *const ops[] = { "select", "create", "update", "delete" };
    for (int k = 0; k < 4; k++)
        if (!same_perm(t->perm[k], d->perm[k], "NONE"))
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "table_permissions",
                t->perm[k] ? t->perm[k] : "NONE", d->perm[k] ? d->perm[k] : "NONE",
                "%s '%s': %s permission differs (code: %s, database: %s)", what, tn, ops[k],
                t->perm[k] ? t->perm[k] : "NONE", d->perm[k] ? d->perm[k] : "NONE");
    if (!same_str(t->comment, d->comment))
        add(c, SURQL_SCHEMA_SEVERITY_INFO, tn, NULL, "table_comment", t->comment, d->comment,
            "%s '%s': comment differs", what, tn);
    surql_buf_dispose(&x);
    surql_buf_dispose(&y);
    cmp_fields(c, t, d);
    for (size_t i = 0; i < t->indexes.n; i++) {
        const surql_schema_index *a = (const surql_schema_index *)t->indexes.v[i];
        const surql_schema_index *b = surql_schema_table_get_index(d, a->h.name);
        if (!b)
            add(c, a->kind == SURQL_SCHEMA_INDEX_UNIQUE ? SURQL_SCHEMA_SEVERITY_ERROR
                                                        : SURQL_SCHEMA_SEVERITY_WARNING,
                tn, NULL, "missing_index", NULL, NULL,
                "index '%s' of table '%s' is missing from the database", a->h.name, tn);
        else if (!same_obj(cf_index, a, b, c))
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "index_differs", NULL, NULL,
                "index '%s' of table '%s' differs from the database's", a->h.name, tn);
    }
    for (size_t i = 0; i < d->indexes.n; i++) {
        const char *n = d->indexes.v[i]->name;
        if (!surql_schema_table_get_index(t, n))
            add(c, SURQL_SCHEMA_SEVERITY_INFO, tn, NULL, "extra_index", NULL, NULL,
                "index '%s' of table '%s' exists in the database but not in the code", n, tn);
    }
    for (size_t i = 0; i < t->events.n; i++) {
        const surql_schema_event *a = (const surql_schema_event *)t->events.v[i];
        const surql_schema_event *b = surql_schema_table_get_event(d, a->h.name);
        if (!b)
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "missing_event", NULL, NULL,
                "event '%s' of table '%s' is missing from the database", a->h.name, tn);
        else if (!same_obj(cf_event, a, b, c))
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, tn, NULL, "event_differs", NULL, NULL,
                "event '%s' of table '%s' differs from the database's", a->h.name, tn);
    }
    for (size_t i = 0; i < d->events.n; i++) {
        const char *n = d->events.v[i]->name;
        if (!surql_schema_table_get_event(t, n))
            add(c, SURQL_SCHEMA_SEVERITY_INFO, tn, NULL, "extra_event", NULL, NULL,
                "event '%s' of table '%s' exists in the database but not in the code", n, tn);
    }
}

static void cmp_defs(vctx *c, const char *what, const sq_objv *a, const sq_objv *b, canon_fn fn)
{
    for (size_t i = 0; i < a->n; i++) {
        size_t j = sq_objv_find(b, a->v[i]->name);
        if (j == (size_t)-1)
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, NULL, NULL, "missing_definition", NULL, NULL,
                "%s '%s' is missing from the database", what, a->v[i]->name);
        else if (!same_obj(fn, a->v[i], b->v[j], c))
            add(c, SURQL_SCHEMA_SEVERITY_WARNING, NULL, NULL, "definition_differs", NULL, NULL,
                "%s '%s' differs from the database's", what, a->v[i]->name);
    }
    for (size_t j = 0; j < b->n; j++)
        if (sq_objv_find(a, b->v[j]->name) == (size_t)-1)
            add(c, SURQL_SCHEMA_SEVERITY_INFO, NULL, NULL, "extra_definition", NULL, NULL,
                "%s '%s' exists in the database but not in the code", what, b->v[j]->name);
}

int surql_schema_validate(surql_schema_validation **out, const surql_schema *code,
                          const surql_schema *db)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    surql_schema *empty = NULL;
    int rc = surql_schema_new(&empty);
    if (rc)
        return rc;
    if (!code)
        code = empty;
    if (!db)
        db = empty;
    vctx c = { calloc(1, sizeof(surql_schema_validation)), SURQL_OK };
    if (!c.v) {
        surql_schema_unref(empty);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    cmp_defs(&c, "analyzer", &code->analyzers, &db->analyzers, cf_analyzer);
    cmp_defs(&c, "function", &code->functions, &db->functions, cf_function);
    cmp_defs(&c, "param", &code->params, &db->params, cf_param);
    cmp_defs(&c, "access", &code->accesses, &db->accesses, cf_access);
    for (size_t i = 0; i < code->tables.n; i++) {
        const surql_schema_table *t = (const surql_schema_table *)code->tables.v[i];
        const surql_schema_table *d = surql_schema_get_table(db, t->h.name);
        if (!d)
            add(&c, SURQL_SCHEMA_SEVERITY_ERROR, t->h.name, NULL, "missing_table", NULL, NULL,
                "%s '%s' is missing from the database", t->edge ? "edge" : "table", t->h.name);
        else
            cmp_table(&c, t, d);
    }
    for (size_t i = 0; i < db->tables.n; i++) {
        const surql_schema_table *d = (const surql_schema_table *)db->tables.v[i];
        if (!surql_schema_get_table(code, d->h.name))
            add(&c, SURQL_SCHEMA_SEVERITY_WARNING, d->h.name, NULL, "extra_table", NULL, NULL,
                "%s '%s' exists in the database but not in the code", d->edge ? "edge" : "table",
                d->h.name);
    }
    surql_schema_unref(empty);
    if (c.rc) {
        surql_schema_validation_free(c.v);
        return c.rc;
    }
    *out = c.v;
    return SURQL_OK;
}

void surql_schema_validation_free(surql_schema_validation *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        free(v->r[i].table);
        free(v->r[i].field);
        free(v->r[i].msg);
        surql_value_unref(v->r[i].details);
    }
    free(v->r);
    free(v);
}

size_t surql_schema_validation_count(const surql_schema_validation *v) { return v ? v->n : 0; }

size_t surql_schema_validation_count_severity(const surql_schema_validation *v,
                                              surql_schema_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; v && i < v->n; i++)
        n += v->r[i].sev == sev;
    return n;
}

int surql_schema_validation_has_errors(const surql_schema_validation *v)
{
    return surql_schema_validation_count_severity(v, SURQL_SCHEMA_SEVERITY_ERROR) > 0;
}

#define AT(v, i) ((v) && (i) < (v)->n)

surql_schema_severity surql_schema_validation_severity(const surql_schema_validation *v, size_t i)
{
    return AT(v, i) ? v->r[i].sev : (surql_schema_severity)0;
}
const char *surql_schema_validation_table(const surql_schema_validation *v, size_t i)
{
    return AT(v, i) ? v->r[i].table : NULL;
}
const char *surql_schema_validation_field(const surql_schema_validation *v, size_t i)
{
    return AT(v, i) ? v->r[i].field : NULL;
}
const char *surql_schema_validation_message(const surql_schema_validation *v, size_t i)
{
    return AT(v, i) ? v->r[i].msg : NULL;
}
const surql_value *surql_schema_validation_details(const surql_schema_validation *v, size_t i)
{
    return AT(v, i) ? v->r[i].details : NULL;
}

const char *surql_schema_severity_name(surql_schema_severity sev)
{
    switch (sev) {
    case SURQL_SCHEMA_SEVERITY_ERROR: return "ERROR";
    case SURQL_SCHEMA_SEVERITY_WARNING: return "WARNING";
    case SURQL_SCHEMA_SEVERITY_INFO: return "INFO";
    default: return "?";
    }
}

int surql_schema_validation_report(surql_buf *out, const surql_schema_validation *v,
                                   unsigned flags)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    size_t old = out->size;
    int rc = SURQL_OK;
    size_t ne = surql_schema_validation_count_severity(v, SURQL_SCHEMA_SEVERITY_ERROR),
           nw = surql_schema_validation_count_severity(v, SURQL_SCHEMA_SEVERITY_WARNING),
           ni = surql_schema_validation_count_severity(v, SURQL_SCHEMA_SEVERITY_INFO);
    if (ne + nw + ((flags & SURQL_SCHEMA_REPORT_INFO) ? ni : 0) == 0) {
        rc = surql_buf_puts(out, ni ? "schema is valid: no errors or warnings\n"
                                    : "schema is valid: no differences\n");
        return rc;
    }
    static const char *const title[] = { "", "Errors", "Warnings", "Info" };
    static const char *const color[] = { "", "\033[31m", "\033[33m", "\033[36m" };
    size_t cnt[4] = { 0, ne, nw, ni };
    for (int sev = 1; !rc && sev <= 3; sev++) {
        if (!cnt[sev] || (sev == 3 && !(flags & SURQL_SCHEMA_REPORT_INFO)))
            continue;
        if (flags & SURQL_SCHEMA_REPORT_COLOR)
            rc = surql_buf_printf(out, "%s%s (%zu):\033[0m\n", color[sev], title[sev], cnt[sev]);
        else
            rc = surql_buf_printf(out, "%s (%zu):\n", title[sev], cnt[sev]);
        for (size_t i = 0; !rc && i < v->n; i++)
            if ((int)v->r[i].sev == sev)
                rc = surql_buf_printf(out, "  - %s\n", v->r[i].msg);
    }
    if (!rc)
        rc = surql_buf_printf(out, "%zu error%s, %zu warning%s, %zu info\n", ne, ne == 1 ? "" : "s",
                              nw, nw == 1 ? "" : "s", ni);
    if (rc)
        surql_buf_truncate(out, old);
    return rc;
}

int surql_schema_validation_to_json(surql_buf *out, const surql_schema_validation *v)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    surql_value *a = surql_value_array();
    int rc = a ? SURQL_OK : SURQL_ENOMEM;
    for (size_t i = 0; !rc && v && i < v->n; i++) {
        surql_value *o = surql_value_object();
        if (!o) {
            rc = SURQL_ENOMEM;
            break;
        }
        const vres *r = &v->r[i];
        rc = surql_value_object_set_take(o, "severity",
                                         surql_value_string(surql_schema_severity_name(r->sev)));
        if (!rc)
            rc = surql_value_object_set_take(o, "table", r->table ? surql_value_string(r->table)
                                                                  : surql_value_null());
        if (!rc)
            rc = surql_value_object_set_take(o, "field", r->field ? surql_value_string(r->field)
                                                                  : surql_value_null());
        if (!rc)
            rc = surql_value_object_set_take(o, "message", surql_value_string(r->msg));
        if (!rc)
            rc = surql_value_object_set(o, "details", r->details);
        if (!rc)
            rc = surql_value_array_push_take(a, o);
        else
            surql_value_unref(o);
    }
    size_t old = out->size;
    if (!rc)
        rc = surql_value_to_json(a, out, SURQL_JSON_PRETTY);
    if (!rc)
        rc = surql_buf_putc(out, '\n');
    if (rc)
        surql_buf_truncate(out, old);
    surql_value_unref(a);
    return rc;
}
