/* Schema files: tables and edges of a YAML/JSON schema document, with their
 * permissions, fields and events (indexes: files-index.c). */
#include "files-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- permissions -------------------------------------------------------- */

static const char *const perm_keys_table[] = { "select", "create", "update", "delete", NULL };
static const char *const perm_keys_field[] = { "select", "create", "update", NULL };
static const unsigned perm_ops[] = { SURQL_SCHEMA_PERM_SELECT, SURQL_SCHEMA_PERM_CREATE,
                                     SURQL_SCHEMA_PERM_UPDATE, SURQL_SCHEMA_PERM_DELETE };

/* calls set(obj, ops, rule) for the permissions node p */
typedef int (*perm_set_fn)(void **out, const void *obj, unsigned ops, const char *rule);

static int tperm(void **out, const void *o, unsigned ops, const char *rule)
{
    return surql_schema_table_with_permission((surql_schema_table **)out, o, ops, rule);
}
static int fperm(void **out, const void *o, unsigned ops, const char *rule)
{
    return surql_schema_field_with_permission((surql_schema_field **)out, o, ops, rule);
}

static int load_perms(const ld *c, const sn *p, void **obj, perm_set_fn set, int field,
                      void (*unref)(void *), const char *what)
{
    if (!p)
        return SURQL_OK;
    int rc = SURQL_OK;
    char w[300];
    snprintf(w, sizeof w, "the permissions of %s", what);
    if (p->kind == SN_SCALAR) {
        void *n = NULL;
        rc = set(&n, *obj, SURQL_SCHEMA_PERM_ALL, p->text);
        if (rc)
            return ld_wrap(c, p, rc);
        unref(*obj);
        *obj = n;
        return SURQL_OK;
    }
    if (p->kind != SN_MAP)
        return ld_err(c, p, SURQL_EPARSE, "'permissions' of %s must be a rule or a mapping", what);
    if ((rc = ld_check_keys(c, p, field ? perm_keys_field : perm_keys_table, w)))
        return rc;
    for (int i = 0; i < (field ? 3 : 4); i++) {
        const char *key = perm_keys_table[i];
        const sn *r = ld_get(p, key);
        if (!r)
            continue;
        if (r->kind != SN_SCALAR)
            return ld_err(c, r, SURQL_EPARSE, "permission '%s' of %s must be a rule", key, what);
        void *n = NULL;
        rc = set(&n, *obj, perm_ops[i], r->text);
        if (rc)
            return ld_wrap(c, r, rc);
        unref(*obj);
        *obj = n;
    }
    return SURQL_OK;
}

static void unref_table(void *t) { surql_schema_table_unref(t); }
static void unref_field(void *f) { surql_schema_field_unref(f); }

/* ---- fields, indexes, events -------------------------------------------- */

static const char *const field_keys[] = { "type", "assert", "default", "default_always", "value",
                                          "computed", "readonly", "flexible", "permissions",
                                          "comment", "renamed_from", NULL };

static int load_field(const ld *c, const sn *key, const sn *v, const char *tname,
                      surql_schema_field **out)
{
    char what[600];
    snprintf(what, sizeof what, "field '%s' of table '%s'", key->text, tname);
    surql_schema_field *f = NULL;
    int rc;
    const char *type = NULL;
    if (v && v->kind == SN_SEQ)
        return ld_err(c, v, SURQL_EPARSE, "%s must be a type or a mapping (got a list)", what);
    if (v && v->kind == SN_SCALAR)
        type = v->text;
    if (v && v->kind == SN_MAP) {
        if ((rc = ld_check_keys(c, v, field_keys, what)) ||
            (rc = ld_get_text(c, v, "type", &type, what)))
            return rc;
    }
    rc = surql_schema_field_new(&f, key->text, type);
    if (rc)
        return ld_wrap(c, v && ld_get(v, "type") ? ld_get(v, "type") : key, rc);
    if (v && v->kind == SN_MAP) {
        int always = 0;
        if ((rc = ld_get_bool(c, v, "default_always", &always, what)))
            goto fail;
        const sn *d = ld_get(v, "default");
        if (d && d->kind == SN_SCALAR) {
            STEP(surql_schema_field, f, d,
                 surql_schema_field_with_default(&nv_, f, d->text, always));
        } else if (d) {
            surql_value *dv = NULL;
            if ((rc = ld_data_value(c, d, &dv)))
                goto fail;
            surql_schema_field *nv = NULL;
            rc = surql_schema_field_with_default_value(&nv, f, dv, always);
            surql_value_unref(dv);
            if (rc) {
                rc = ld_wrap(c, d, rc);
                goto fail;
            }
            surql_schema_field_unref(f);
            f = nv;
        } else if (always) {
            rc = ld_err(c, ld_get(v, "default_always"), SURQL_ESCHEMA,
                        "%s: 'default_always' needs a 'default'", what);
            goto fail;
        }
        STEP_TEXT(surql_schema_field, f, v, "assert", what, surql_schema_field_with_assert);
        STEP_TEXT(surql_schema_field, f, v, "value", what, surql_schema_field_with_value);
        STEP_TEXT(surql_schema_field, f, v, "computed", what, surql_schema_field_with_computed);
        STEP_FLAG(surql_schema_field, f, v, "readonly", what, surql_schema_field_with_readonly);
        STEP_FLAG(surql_schema_field, f, v, "flexible", what, surql_schema_field_with_flexible);
        if ((rc = load_perms(c, ld_get(v, "permissions"), (void **)&f, fperm, 1, unref_field,
                             what)))
            goto fail;
        STEP_TEXT(surql_schema_field, f, v, "comment", what, surql_schema_field_with_comment);
        STEP_TEXT(surql_schema_field, f, v, "renamed_from", what,
                  surql_schema_field_with_renamed_from);
    }
    *out = f;
    return SURQL_OK;
fail:
    surql_schema_field_unref(f);
    return rc;
}

static int load_event(const ld *c, const sn *key, const sn *v, const char *tname,
                      surql_schema_event **out)
{
    static const char *const keys[] = { "when", "then", "comment", NULL };
    char what[600];
    snprintf(what, sizeof what, "event '%s' of table '%s'", key->text, tname);
    int rc;
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs 'then'", what);
    if ((rc = ld_need_map(c, v, what)) || (rc = ld_check_keys(c, v, keys, what)))
        return rc;
    const char *when = NULL, *then = NULL, *cm = NULL;
    if ((rc = ld_get_text(c, v, "when", &when, what)) ||
        (rc = ld_get_text(c, v, "then", &then, what)) ||
        (rc = ld_get_text(c, v, "comment", &cm, what)))
        return rc;
    surql_schema_event *e = NULL;
    if ((rc = surql_schema_event_new(&e, key->text, when, then)))
        return ld_wrap(c, ld_get(v, "then") ? ld_get(v, "then") : v, rc);
    if (cm)
        STEP(surql_schema_event, e, ld_get(v, "comment"),
             surql_schema_event_with_comment(&nv_, e, cm));
    *out = e;
    return SURQL_OK;
fail:
    surql_schema_event_unref(e);
    return rc;
}

/* ---- tables and edges --------------------------------------------------- */

static const char *const table_keys[] = { "type", "mode", "drop", "from", "to", "enforced",
                                          "changefeed", "comment", "permissions", "fields",
                                          "indexes", "events", NULL };

typedef int (*child_fn)(const ld *c, const sn *key, const sn *v, const char *tname, void **out);

/* the section key of table v: a mapping of names, each loaded by fn */
static int load_children(const ld *c, const sn *v, const char *key, const char *tname,
                         child_fn fn, void (*unref)(void *), void ***objs, size_t *n)
{
    const sn *sec = ld_get(v, key);
    *objs = NULL;
    *n = 0;
    if (!sec)
        return SURQL_OK;
    if (sec->kind != SN_MAP)
        return ld_err(c, sec, SURQL_EPARSE,
                      "'%s' of table '%s' must be a mapping of names (got %s)", key, tname,
                      ld_kind_word(sec));
    void **arr = calloc(sec->n ? sec->n : 1, sizeof *arr);
    if (!arr)
        return sq_err(SURQL_ENOMEM, "out of memory");
    int rc = SURQL_OK;
    size_t i;
    for (i = 0; !rc && i < sec->n; i++)
        rc = fn(c, sec->keys[i], sec->items[i]->kind == SN_NULL ? NULL : sec->items[i], tname,
                &arr[i]);
    if (rc) {
        for (size_t j = 0; j < sec->n; j++)
            unref(arr[j]);
        free(arr);
        return rc;
    }
    *objs = arr;
    *n = sec->n;
    return SURQL_OK;
}

static int field_fn(const ld *c, const sn *k, const sn *v, const char *t, void **o)
{
    /* a field given as `name:` (null) has no type */
    return load_field(c, k, v, t, (surql_schema_field **)o);
}
static int index_fn(const ld *c, const sn *k, const sn *v, const char *t, void **o)
{
    return ld_load_index(c, k, v, t, (surql_schema_index **)o);
}
static int event_fn(const ld *c, const sn *k, const sn *v, const char *t, void **o)
{
    return load_event(c, k, v, t, (surql_schema_event **)o);
}
static void unref_index(void *x) { surql_schema_index_unref(x); }
static void unref_event(void *x) { surql_schema_event_unref(x); }

int ld_load_table(const ld *c, const sn *key, const sn *v, int edge_section,
                  surql_schema_table **out)
{
    static const char *const kinds[] = { "default", "any", "normal", "relation", NULL };
    static const char *const modes[] = { "schemafull", "schemaless", NULL };
    char what[400];
    snprintf(what, sizeof what, "%s '%s'", edge_section ? "edge" : "table", key->text);
    int rc;
    if ((rc = ld_need_map(c, v, what)) || (rc = ld_check_keys(c, v, table_keys, what)))
        return rc;
    const char *ks = NULL, *ms = NULL;
    if ((rc = ld_get_text(c, v, "type", &ks, what)) || (rc = ld_get_text(c, v, "mode", &ms, what)))
        return rc;
    int kind = edge_section ? SURQL_SCHEMA_TABLE_RELATION : SURQL_SCHEMA_TABLE_KIND_DEFAULT;
    if (ks && (kind = ld_word_index(ks, kinds)) < 0)
        return ld_bad_word(c, ld_get(v, "type"), "type", what, kinds);
    int mode = 0;
    if (ms) {
        int m = ld_word_index(ms, modes);
        if (m < 0)
            return ld_bad_word(c, ld_get(v, "mode"), "mode", what, modes);
        mode = m == 0 ? SURQL_SCHEMA_SCHEMAFULL : SURQL_SCHEMA_SCHEMALESS;
    }
    const char **in = NULL, **outs = NULL;
    size_t nin = 0, nout = 0;
    int enforced = 0, drop = 0;
    void **fields = NULL, **idx = NULL, **evs = NULL;
    size_t nf = 0, nx = 0, ne = 0;
    surql_schema_table *t = NULL;
    if ((rc = ld_get_list(c, v, "from", &in, &nin, what)) ||
        (rc = ld_get_list(c, v, "to", &outs, &nout, what)) ||
        (rc = ld_get_bool(c, v, "enforced", &enforced, what)) ||
        (rc = ld_get_bool(c, v, "drop", &drop, what)))
        goto fail;
    if (kind != SURQL_SCHEMA_TABLE_RELATION && (nin || nout || enforced)) {
        const sn *bad = ld_get(v, "from")   ? ld_get(v, "from")
                        : ld_get(v, "to") ? ld_get(v, "to")
                                          : ld_get(v, "enforced");
        rc = ld_err(c, bad, SURQL_ESCHEMA, "%s: 'from', 'to' and 'enforced' need type relation",
                    what);
        goto fail;
    }
    if (edge_section && kind != SURQL_SCHEMA_TABLE_RELATION) {
        rc = surql_schema_edge_new(&t, key->text,
                                   mode == SURQL_SCHEMA_SCHEMAFULL ? SURQL_SCHEMA_EDGE_SCHEMAFULL
                                                                   : SURQL_SCHEMA_EDGE_SCHEMALESS,
                                   NULL, NULL);
    } else if (edge_section) {
        rc = surql_schema_edge_new(&t, key->text, SURQL_SCHEMA_EDGE_RELATION, NULL, NULL);
    } else {
        rc = surql_schema_table_new(&t, key->text);
    }
    if (rc) {
        rc = ld_wrap(c, key, rc);
        goto fail;
    }
    if (kind == SURQL_SCHEMA_TABLE_RELATION)
        STEP(surql_schema_table, t, v ? v : key,
             surql_schema_table_with_relation(&nv_, t, in, nin, outs, nout, enforced));
    else if (kind != SURQL_SCHEMA_TABLE_KIND_DEFAULT)
        STEP(surql_schema_table, t, ld_get(v, "type"),
             surql_schema_table_with_kind(&nv_, t, (surql_schema_table_kind)kind));
    if (mode)
        STEP(surql_schema_table, t, ld_get(v, "mode"),
             surql_schema_table_with_mode(&nv_, t, (surql_schema_table_mode)mode));
    if (drop)
        STEP(surql_schema_table, t, ld_get(v, "drop"), surql_schema_table_with_drop(&nv_, t, 1));
    const sn *cf = ld_get(v, "changefeed");
    if (cf) {
        const char *d = NULL;
        int orig = 0;
        if (cf->kind == SN_SCALAR) {
            d = cf->text;
        } else {
            static const char *const cfk[] = { "duration", "include_original", NULL };
            char w[500];
            snprintf(w, sizeof w, "the changefeed of %s", what);
            if ((rc = ld_need_map(c, cf, w)) || (rc = ld_check_keys(c, cf, cfk, w)) ||
                (rc = ld_get_text(c, cf, "duration", &d, w)) ||
                (rc = ld_get_bool(c, cf, "include_original", &orig, w)))
                goto fail;
            if (!d) {
                rc = ld_err(c, cf, SURQL_ESCHEMA, "%s needs a 'duration'", w);
                goto fail;
            }
        }
        STEP(surql_schema_table, t, cf, surql_schema_table_with_changefeed(&nv_, t, d, orig));
    }
    STEP_TEXT(surql_schema_table, t, v, "comment", what, surql_schema_table_with_comment);
    if ((rc = load_perms(c, ld_get(v, "permissions"), (void **)&t, tperm, 0, unref_table, what)))
        goto fail;
    if ((rc = load_children(c, v, "fields", key->text, field_fn, unref_field, &fields, &nf)) ||
        (rc = load_children(c, v, "indexes", key->text, index_fn, unref_index, &idx, &nx)) ||
        (rc = load_children(c, v, "events", key->text, event_fn, unref_event, &evs, &ne)))
        goto fail;
    if (nf)
        STEP(surql_schema_table, t, ld_get(v, "fields"),
             surql_schema_table_with_fields(&nv_, t, (const surql_schema_field *const *)fields,
                                            nf));
    if (nx)
        STEP(surql_schema_table, t, ld_get(v, "indexes"),
             surql_schema_table_with_indexes(&nv_, t, (const surql_schema_index *const *)idx, nx));
    if (ne)
        STEP(surql_schema_table, t, ld_get(v, "events"),
             surql_schema_table_with_events(&nv_, t, (const surql_schema_event *const *)evs, ne));
    *out = t;
    t = NULL;
fail:
    for (size_t i = 0; i < nf; i++)
        surql_schema_field_unref(fields[i]);
    for (size_t i = 0; i < nx; i++)
        surql_schema_index_unref(idx[i]);
    for (size_t i = 0; i < ne; i++)
        surql_schema_event_unref(evs[i]);
    free(fields);
    free(idx);
    free(evs);
    free(in);
    free(outs);
    surql_schema_table_unref(t);
    return rc;
}

