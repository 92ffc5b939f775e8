/* Schema diff: ordered changes with up and down DDL. */
#include "canon-internal.h"
#include "ddl-internal.h"

#include <stdlib.h>
#include <string.h>

#include <surql/schema/diff.h>
#include <surql/schema/literal.h>

typedef struct change {
    int kind, edge;
    char *table, *name, *old_name, *up, *down;
} change;

struct surql_schema_diff {
    change *v;
    size_t n, cap;
};

typedef struct dctx {
    surql_schema_diff *d;
    surql_schema_ddl_options plain, over;
    int ddl; /* 0: only count changes (equality) */
} dctx;

static void change_clear(change *c)
{
    free(c->table);
    free(c->name);
    free(c->old_name);
    free(c->up);
    free(c->down);
}

void surql_schema_diff_free(surql_schema_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        change_clear(&d->v[i]);
    free(d->v);
    free(d);
}

/* takes up/down buffers */
static int add(dctx *x, int kind, const char *table, const char *name, const char *old_name,
               int edge, surql_buf *up, surql_buf *down)
{
    surql_schema_diff *d = x->d;
    int rc = SURQL_OK;
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        change *nv = realloc(d->v, nc * sizeof *nv);
        if (!nv)
            rc = sq_err(SURQL_ENOMEM, "out of memory");
        else {
            d->v = nv;
            d->cap = nc;
        }
    }
    if (!rc) {
        change *c = &d->v[d->n];
        memset(c, 0, sizeof *c);
        c->kind = kind;
        c->edge = edge;
        c->table = surql_strdup(table);
        c->name = surql_strdup(name);
        c->old_name = surql_strdup(old_name);
        c->up = surql_buf_detach(up);
        c->down = surql_buf_detach(down);
        if ((table && !c->table) || !c->name || (old_name && !c->old_name) || !c->up || !c->down) {
            change_clear(c);
            rc = sq_err(SURQL_ENOMEM, "out of memory");
        } else {
            d->n++;
        }
    }
    surql_buf_dispose(up);
    surql_buf_dispose(down);
    return rc;
}

/* compare two objects through their canonical strings */
typedef int (*canon_fn)(surql_buf *, const void *);

static int differs(canon_fn fn, const void *a, const void *b, int *out)
{
    surql_buf x = SURQL_BUF_INIT, y = SURQL_BUF_INIT;
    int rc = fn(&x, a);
    if (!rc)
        rc = fn(&y, b);
    *out = !rc && strcmp(surql_buf_cstr(&x), surql_buf_cstr(&y)) != 0;
    surql_buf_dispose(&x);
    surql_buf_dispose(&y);
    return rc;
}

static int c_table(surql_buf *b, const void *o) { return sq_canon_table(b, o); }
static int c_field(surql_buf *b, const void *o) { return sq_canon_field(b, o); }
static int c_index(surql_buf *b, const void *o) { return sq_canon_index(b, o); }
static int c_event(surql_buf *b, const void *o) { return sq_canon_event(b, o); }
static int c_access(surql_buf *b, const void *o) { return sq_canon_access(b, o); }
static int c_param(surql_buf *b, const void *o) { return sq_canon_param(b, o); }
static int c_function(surql_buf *b, const void *o) { return sq_canon_function(b, o); }
static int c_analyzer(surql_buf *b, const void *o) { return sq_canon_analyzer(b, o); }

/* find a field by canonical path among the non-implied fields of t */
static const surql_schema_field *find_field(const surql_schema_table *t, const char *name)
{
    if (!t || !name)
        return NULL;
    surql_buf want = SURQL_BUF_INIT, have = SURQL_BUF_INIT;
    const surql_schema_field *r = NULL;
    if (sq_path_canon(&want, name) == SURQL_OK) {
        for (size_t i = 0; i < t->fields.n && !r; i++) {
            const surql_schema_field *f = (const surql_schema_field *)t->fields.v[i];
            surql_buf_clear(&have);
            if (sq_path_canon(&have, f->h.name) == SURQL_OK &&
                strcmp(surql_buf_cstr(&have), surql_buf_cstr(&want)) == 0 &&
                !sq_field_is_implied(t, f))
                r = f;
        }
    }
    surql_buf_dispose(&want);
    surql_buf_dispose(&have);
    return r;
}

static const void *find(const sq_objv *v, const char *name)
{
    size_t i = v ? sq_objv_find(v, name) : (size_t)-1;
    return i == (size_t)-1 ? NULL : v->v[i];
}

#define UPDOWN surql_buf up = SURQL_BUF_INIT, down = SURQL_BUF_INIT

/* REMOVE FIELD f, plus the element fields the engine created for it (it keeps them) */
static int remove_field(surql_buf *b, const surql_schema_field *f, const char *tn)
{
    size_t plen;
    int rc = sq_ddl_remove(b, sq_path_is_element(f->h.name, &plen) ? "FIELD IF EXISTS" : "FIELD",
                           f->h.name, tn, 1);
    surql_buf ty = SURQL_BUF_INIT, path = SURQL_BUF_INIT;
    if (!rc && f->type && sq_type_canon(&ty, f->type, "field") == SURQL_OK)
        rc = surql_buf_puts(&path, f->h.name);
    char *el = rc ? NULL : sq_element_type(surql_buf_cstr(&ty));
    while (!rc && el) {
        rc = surql_buf_puts(&path, "[*]");
        if (!rc)
            rc = sq_ddl_remove(b, "FIELD IF EXISTS", surql_buf_cstr(&path), tn, 1);
        char *next = rc ? NULL : sq_element_type(el);
        free(el);
        el = next;
    }
    free(el);
    surql_buf_dispose(&ty);
    surql_buf_dispose(&path);
    return rc;
}

static int fields(dctx *x, const surql_schema_table *a, const surql_schema_table *b, int edge)
{
    const char *tn = b->h.name;
    int rc = SURQL_OK;
    size_t nb = b->fields.n;
    char *consumed = calloc(a ? a->fields.n + 1 : 1, 1);
    if (!consumed)
        return sq_err(SURQL_ENOMEM, "out of memory");
    /* renames */
    for (size_t i = 0; !rc && i < nb; i++) {
        const surql_schema_field *f = (const surql_schema_field *)b->fields.v[i];
        if (!f->renamed || sq_field_is_implied(b, f) || find_field(a, f->h.name))
            continue;
        const surql_schema_field *old = find_field(a, f->renamed);
        if (!old || find_field(b, f->renamed))
            continue;
        consumed[sq_objv_find(&a->fields, old->h.name)] = 1;
        UPDOWN;
        if (x->ddl) {
            rc = sq_ddl_field(&up, b, tn, f, &x->plain);
            if (!rc)
                rc = remove_field(&up, old, tn);
            if (!rc) {
                rc = surql_buf_printf(&up, "UPDATE ");
                if (!rc)
                    rc = surql_ident_escape(&up, tn);
                if (!rc)
                    rc = surql_buf_puts(&up, " SET ");
                if (!rc)
                    rc = sq_path_render(&up, f->h.name, 0);
                if (!rc)
                    rc = surql_buf_puts(&up, " = ");
                if (!rc)
                    rc = sq_path_render(&up, old->h.name, 0);
                if (!rc)
                    rc = surql_buf_puts(&up, ", ");
                if (!rc)
                    rc = sq_path_render(&up, old->h.name, 0);
                if (!rc)
                    rc = surql_buf_puts(&up, " = NONE;\n");
            }
            if (!rc)
                rc = sq_ddl_field(&down, a, tn, old, &x->plain);
            if (!rc)
                rc = remove_field(&down, f, tn);
            if (!rc) {
                rc = surql_buf_printf(&down, "UPDATE ");
                if (!rc)
                    rc = surql_ident_escape(&down, tn);
                if (!rc)
                    rc = surql_buf_puts(&down, " SET ");
                if (!rc)
                    rc = sq_path_render(&down, old->h.name, 0);
                if (!rc)
                    rc = surql_buf_puts(&down, " = ");
                if (!rc)
                    rc = sq_path_render(&down, f->h.name, 0);
                if (!rc)
                    rc = surql_buf_puts(&down, ", ");
                if (!rc)
                    rc = sq_path_render(&down, f->h.name, 0);
                if (!rc)
                    rc = surql_buf_puts(&down, " = NONE;\n");
            }
        }
        if (!rc)
            rc = add(x, SURQL_SCHEMA_RENAME_FIELD, tn, f->h.name, old->h.name, edge, &up, &down);
        else {
            surql_buf_dispose(&up);
            surql_buf_dispose(&down);
        }
    }
    /* added or changed */
    for (size_t i = 0; !rc && i < nb; i++) {
        const surql_schema_field *f = (const surql_schema_field *)b->fields.v[i];
        if (sq_field_is_implied(b, f))
            continue;
        const surql_schema_field *old = find_field(a, f->h.name);
        int kind = SURQL_SCHEMA_ADD_FIELD, diff = 1;
        if (old) {
            if ((rc = differs(c_field, old, f, &diff)))
                break;
            kind = SURQL_SCHEMA_MODIFY_FIELD;
            consumed[sq_objv_find(&a->fields, old->h.name)] = 1;
        } else if (f->renamed && find_field(a, f->renamed) && !find_field(b, f->renamed)) {
            continue; /* handled as a rename */
        }
        if (!diff)
            continue;
        UPDOWN;
        if (x->ddl) {
            rc = sq_ddl_field(&up, b, tn, f, old ? &x->over : &x->plain);
            if (!rc)
                rc = old ? sq_ddl_field(&down, a, tn, old, &x->over)
                         : remove_field(&down, f, tn);
        }
        rc = rc ? rc : add(x, kind, tn, f->h.name, NULL, edge, &up, &down);
        surql_buf_dispose(&up);
        surql_buf_dispose(&down);
    }
    /* removed */
    for (size_t i = 0; !rc && a && i < a->fields.n; i++) {
        const surql_schema_field *f = (const surql_schema_field *)a->fields.v[i];
        if (consumed[i] || sq_field_is_implied(a, f) || find_field(b, f->h.name))
            continue;
        UPDOWN;
        if (x->ddl) {
            rc = remove_field(&up, f, tn);
            if (!rc)
                rc = sq_ddl_field(&down, a, tn, f, &x->plain);
        }
        rc = rc ? rc : add(x, SURQL_SCHEMA_REMOVE_FIELD, tn, f->h.name, NULL, edge, &up, &down);
        surql_buf_dispose(&up);
        surql_buf_dispose(&down);
    }
    free(consumed);
    return rc;
}

/* indexes (which 0) or events (which 1); phase 0: removed, phase 1: added/changed */
static int children(dctx *x, const surql_schema_table *a, const surql_schema_table *b, int which,
                    int phase, int edge)
{
    const char *tn = b->h.name;
    const sq_objv *va = a ? (which ? &a->events : &a->indexes) : NULL;
    const sq_objv *vb = which ? &b->events : &b->indexes;
    canon_fn cf = which ? c_event : c_index;
    const char *what = which ? "EVENT" : "INDEX";
    int rc = SURQL_OK;
    if (phase == 0) {
        for (size_t i = 0; !rc && va && i < va->n; i++) {
            const sq_obj *o = va->v[i];
            if (find(vb, o->name))
                continue;
            UPDOWN;
            if (x->ddl) {
                rc = sq_ddl_remove(&up, what, o->name, tn, 0);
                if (!rc)
                    rc = which ? sq_ddl_event(&down, tn, (const void *)o, &x->plain)
                               : sq_ddl_index(&down, tn, (const void *)o, &x->plain);
            }
            rc = rc ? rc
                    : add(x, which ? SURQL_SCHEMA_REMOVE_EVENT : SURQL_SCHEMA_REMOVE_INDEX, tn,
                          o->name, NULL, edge, &up, &down);
            surql_buf_dispose(&up);
            surql_buf_dispose(&down);
        }
        return rc;
    }
    for (size_t i = 0; !rc && i < vb->n; i++) {
        const sq_obj *o = vb->v[i];
        const sq_obj *old = find(va, o->name);
        int diff = 1;
        if (old && (rc = differs(cf, old, o, &diff)))
            break;
        if (!diff)
            continue;
        UPDOWN;
        if (x->ddl) {
            const surql_schema_ddl_options *m = old ? &x->over : &x->plain;
            rc = which ? sq_ddl_event(&up, tn, (const void *)o, m)
                       : sq_ddl_index(&up, tn, (const void *)o, m);
            if (!rc && old)
                rc = which ? sq_ddl_event(&down, tn, (const void *)old, &x->over)
                           : sq_ddl_index(&down, tn, (const void *)old, &x->over);
            else if (!rc)
                rc = sq_ddl_remove(&down, what, o->name, tn, 0);
        }
        int kind = which ? (old ? SURQL_SCHEMA_MODIFY_EVENT : SURQL_SCHEMA_ADD_EVENT)
                         : (old ? SURQL_SCHEMA_MODIFY_INDEX : SURQL_SCHEMA_ADD_INDEX);
        rc = rc ? rc : add(x, kind, tn, o->name, NULL, edge, &up, &down);
        surql_buf_dispose(&up);
        surql_buf_dispose(&down);
    }
    return rc;
}

static int table_pair(dctx *x, const surql_schema_table *a, const surql_schema_table *b)
{
    int edge = b->edge || b->kind == SURQL_SCHEMA_TABLE_RELATION;
    int diff = 1, rc = SURQL_OK;
    if (a && (rc = differs(c_table, a, b, &diff)))
        return rc;
    if (diff) {
        UPDOWN;
        if (x->ddl) {
            rc = sq_ddl_table_define(&up, b, a ? &x->over : &x->plain);
            if (!rc)
                rc = a ? sq_ddl_table_define(&down, a, &x->over)
                       : sq_ddl_remove(&down, "TABLE", b->h.name, NULL, 0);
        }
        rc = rc ? rc
                : add(x, a ? SURQL_SCHEMA_MODIFY_TABLE : SURQL_SCHEMA_ADD_TABLE, NULL, b->h.name,
                      NULL, edge, &up, &down);
        surql_buf_dispose(&up);
        surql_buf_dispose(&down);
    }
    if (!rc)
        rc = fields(x, a, b, edge);
    if (!rc)
        rc = children(x, a, b, 0, 0, edge);
    if (!rc)
        rc = children(x, a, b, 0, 1, edge);
    if (!rc)
        rc = children(x, a, b, 1, 0, edge);
    if (!rc)
        rc = children(x, a, b, 1, 1, edge);
    /* fields removal was done in fields(); table-level children done */
    return rc;
}

/* database-level objects: which 0 analyzers, 1 functions, 2 params, 3 accesses;
 * phase 0 add/modify, 1 remove */
static int dbobjs(dctx *x, const surql_schema *a, const surql_schema *b, int which, int phase)
{
    static const int kinds[4][3] = {
        { SURQL_SCHEMA_ADD_ANALYZER, SURQL_SCHEMA_MODIFY_ANALYZER, SURQL_SCHEMA_REMOVE_ANALYZER },
        { SURQL_SCHEMA_ADD_FUNCTION, SURQL_SCHEMA_MODIFY_FUNCTION, SURQL_SCHEMA_REMOVE_FUNCTION },
        { SURQL_SCHEMA_ADD_PARAM, SURQL_SCHEMA_MODIFY_PARAM, SURQL_SCHEMA_REMOVE_PARAM },
        { SURQL_SCHEMA_ADD_ACCESS, SURQL_SCHEMA_MODIFY_ACCESS, SURQL_SCHEMA_REMOVE_ACCESS },
    };
    static const char *const what[] = { "ANALYZER", "FUNCTION", "PARAM", "ACCESS" };
    const sq_objv *va = which == 0 ? &a->analyzers : which == 1 ? &a->functions
                        : which == 2 ? &a->params : &a->accesses;
    const sq_objv *vb = which == 0 ? &b->analyzers : which == 1 ? &b->functions
                        : which == 2 ? &b->params : &b->accesses;
    canon_fn cf = which == 0 ? c_analyzer : which == 1 ? c_function : which == 2 ? c_param : c_access;
    int rc = SURQL_OK;
    const sq_objv *src = phase == 0 ? vb : va, *other = phase == 0 ? va : vb;
    for (size_t i = 0; !rc && i < src->n; i++) {
        const sq_obj *o = src->v[i], *old = find(other, o->name);
        int diff = 1, kind;
        if (phase == 1 && old)
            continue;
        if (phase == 0 && old && (rc = differs(cf, old, o, &diff)))
            break;
        if (!diff)
            continue;
        kind = phase == 1 ? kinds[which][2] : old ? kinds[which][1] : kinds[which][0];
        UPDOWN;
        if (x->ddl) {
            const surql_schema_ddl_options *m = old ? &x->over : &x->plain;
            surql_buf *def_buf = phase == 0 ? &up : &down;
            switch (which) {
            case 0: rc = sq_ddl_analyzer(def_buf, (const void *)o, phase ? &x->plain : m); break;
            case 1: rc = sq_ddl_function(def_buf, (const void *)o, phase ? &x->plain : m); break;
            case 2: rc = sq_ddl_param(def_buf, (const void *)o, phase ? &x->plain : m); break;
            default: rc = sq_ddl_access(def_buf, (const void *)o, phase ? &x->plain : m); break;
            }
            surql_buf *rev = phase == 0 ? &down : &up;
            if (!rc && phase == 0 && old) {
                switch (which) {
                case 0: rc = sq_ddl_analyzer(rev, (const void *)old, &x->over); break;
                case 1: rc = sq_ddl_function(rev, (const void *)old, &x->over); break;
                case 2: rc = sq_ddl_param(rev, (const void *)old, &x->over); break;
                default: rc = sq_ddl_access(rev, (const void *)old, &x->over); break;
                }
            } else if (!rc) {
                const char *n = o->name;
                if (which == 1)
                    rc = surql_buf_printf(rev, "REMOVE FUNCTION fn::%s;\n", n);
                else if (which == 2)
                    rc = surql_buf_printf(rev, "REMOVE PARAM $%s;\n", n);
                else if (which == 3) {
                    rc = surql_buf_puts(rev, "REMOVE ACCESS ");
                    if (!rc)
                        rc = surql_ident_escape(rev, n);
                    if (!rc)
                        rc = surql_buf_puts(rev, " ON DATABASE;\n");
                } else
                    rc = sq_ddl_remove(rev, what[which], n, NULL, 0);
            }
        }
        rc = rc ? rc : add(x, kind, NULL, o->name, NULL, 0, &up, &down);
        surql_buf_dispose(&up);
        surql_buf_dispose(&down);
    }
    return rc;
}

static int build(dctx *x, const surql_schema *a, const surql_schema *b)
{
    int rc = SURQL_OK;
    for (int w = 0; !rc && w < 3; w++)
        rc = dbobjs(x, a, b, w, 0);
    for (int edges = 0; !rc && edges < 2; edges++)
        for (size_t i = 0; !rc && i < b->tables.n; i++) {
            const surql_schema_table *t = (const surql_schema_table *)b->tables.v[i];
            int is_edge = t->edge || t->kind == SURQL_SCHEMA_TABLE_RELATION;
            if (is_edge == edges)
                rc = table_pair(x, find(&a->tables, t->h.name), t);
        }
    for (int edges = 1; !rc && edges >= 0; edges--)
        for (size_t i = 0; !rc && i < a->tables.n; i++) {
            const surql_schema_table *t = (const surql_schema_table *)a->tables.v[i];
            int is_edge = t->edge || t->kind == SURQL_SCHEMA_TABLE_RELATION;
            if (is_edge != edges || find(&b->tables, t->h.name))
                continue;
            UPDOWN;
            if (x->ddl) {
                rc = sq_ddl_remove(&up, "TABLE", t->h.name, NULL, 0);
                if (!rc)
                    rc = sq_ddl_table_full(&down, t, &x->plain);
            }
            rc = rc ? rc
                    : add(x, SURQL_SCHEMA_REMOVE_TABLE, NULL, t->h.name, NULL, is_edge, &up, &down);
            surql_buf_dispose(&up);
            surql_buf_dispose(&down);
        }
    if (!rc)
        rc = dbobjs(x, a, b, 3, 0);
    if (!rc)
        rc = dbobjs(x, a, b, 3, 1);
    for (int w = 2; !rc && w >= 0; w--)
        rc = dbobjs(x, a, b, w, 1);
    return rc;
}

static int run(surql_schema_diff **out, const surql_schema *from, const surql_schema *to,
               const surql_schema_diff_options *opts, int ddl)
{
    surql_schema_diff_options o = SURQL_SCHEMA_DIFF_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SURQL_SCHEMA_DIFF_OPTIONS_VERSION)
            return sq_err(SURQL_EINVAL, "unknown diff options version %u", opts->version);
        if (!surql_dialect_valid((int)opts->dialect))
            return sq_err(SURQL_EINVAL, "unknown dialect %d", (int)opts->dialect);
        o = *opts;
    }
    surql_schema *ea = NULL, *eb = NULL;
    int rc = SURQL_OK;
    if (!from && (rc = surql_schema_new(&ea)))
        return rc;
    if (!to && (rc = surql_schema_new(&eb))) {
        surql_schema_unref(ea);
        return rc;
    }
    dctx x;
    x.ddl = ddl;
    x.d = calloc(1, sizeof *x.d);
    surql_schema_ddl_options p = SURQL_SCHEMA_DDL_OPTIONS_INIT;
    p.dialect = o.dialect;
    x.plain = p;
    x.over = p;
    x.over.mode = SURQL_SCHEMA_DDL_OVERWRITE;
    if (!x.d)
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    else
        rc = build(&x, from ? from : ea, to ? to : eb);
    surql_schema_unref(ea);
    surql_schema_unref(eb);
    if (rc) {
        surql_schema_diff_free(x.d);
        return rc;
    }
    *out = x.d;
    return SURQL_OK;
}

int surql_schema_diff_new(surql_schema_diff **out, const surql_schema *from,
                          const surql_schema *to, const surql_schema_diff_options *opts)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    return run(out, from, to, opts, 1);
}

int surql_schema_equal(const surql_schema *a, const surql_schema *b)
{
    surql_schema_diff *d = NULL;
    if (run(&d, a, b, NULL, 0) != SURQL_OK)
        return 0;
    int eq = d->n == 0;
    surql_schema_diff_free(d);
    return eq;
}

size_t surql_schema_diff_count(const surql_schema_diff *d) { return d ? d->n : 0; }
surql_schema_change_kind surql_schema_diff_kind(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? (surql_schema_change_kind)d->v[i].kind : (surql_schema_change_kind)0;
}
const char *surql_schema_diff_table(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? d->v[i].table : NULL;
}
const char *surql_schema_diff_name(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? d->v[i].name : NULL;
}
const char *surql_schema_diff_old_name(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? d->v[i].old_name : NULL;
}
int surql_schema_diff_is_edge(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? d->v[i].edge : 0;
}
const char *surql_schema_diff_up(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? d->v[i].up : NULL;
}
const char *surql_schema_diff_down(const surql_schema_diff *d, size_t i)
{
    return d && i < d->n ? d->v[i].down : NULL;
}

int surql_schema_diff_up_ddl(surql_buf *out, const surql_schema_diff *d)
{
    if (!out || !d)
        return sq_err(SURQL_EINVAL, "diff_up_ddl: NULL argument");
    int rc = surql_buf_put(out, "", 0);
    for (size_t i = 0; !rc && i < d->n; i++)
        rc = surql_buf_puts(out, d->v[i].up);
    return rc;
}

int surql_schema_diff_down_ddl(surql_buf *out, const surql_schema_diff *d)
{
    if (!out || !d)
        return sq_err(SURQL_EINVAL, "diff_down_ddl: NULL argument");
    int rc = surql_buf_put(out, "", 0);
    for (size_t i = d->n; !rc && i-- > 0;)
        rc = surql_buf_puts(out, d->v[i].down);
    return rc;
}

const char *surql_schema_change_kind_name(surql_schema_change_kind k)
{
    static const char *const n[] = { "?", "add_table", "remove_table", "modify_table",
                                     "add_field", "remove_field", "modify_field", "rename_field",
                                     "add_index", "remove_index", "modify_index", "add_event",
                                     "remove_event", "modify_event", "add_access",
                                     "remove_access", "modify_access", "add_param",
                                     "remove_param", "modify_param", "add_function",
                                     "remove_function", "modify_function", "add_analyzer",
                                     "remove_analyzer", "modify_analyzer" };
    return (int)k > 0 && (size_t)k < sizeof n / sizeof n[0] ? n[k] : "?";
}
