/* Schema files: interpreting YAML/JSON schema documents (docs/schema-files.md)
 * into the model, with FILE:LINE:COL errors and "did you mean" suggestions.
 * This file: the document and its database-level definitions; tables and
 * edges are in files-table.c and files-index.c, the getters in files-node.c. */
#include "files-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/files.h>

/* ---- database-level definitions ----------------------------------------- */

static int load_access(const ld *c, const sn *key, const sn *v, surql_schema_access **out)
{
    static const char *const keys[] = { "type", "signup", "signin", "authenticate", "algorithm",
                                        "key", "url", "issuer_key", "duration", "comment", NULL };
    static const char *const kinds[] = { "record", "jwt", NULL };
    char what[400];
    snprintf(what, sizeof what, "access '%s'", key->text);
    int rc;
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs a 'type' (record or jwt)", what);
    if ((rc = ld_need_map(c, v, what)) || (rc = ld_check_keys(c, v, keys, what)))
        return rc;
    static const char *const text_keys[] = { "type",      "signup", "signin", "authenticate",
                                             "algorithm", "key",    "url",    "issuer_key",
                                             "comment",   NULL };
    const char *ty = NULL, *su = NULL, *si = NULL, *au = NULL, *alg = NULL, *k = NULL, *url = NULL,
               *ik = NULL, *cm = NULL, *tok = NULL, *ses = NULL;
    const char **const texts[] = { &ty, &su, &si, &au, &alg, &k, &url, &ik, &cm };
    if ((rc = ld_get_texts(c, v, text_keys, texts, what)))
        return rc;
    int kind = ty ? ld_word_index(ty, kinds) : -1;
    if (kind < 0)
        return ty ? ld_bad_word(c, ld_get(v, "type"), "type", what, kinds)
                  : ld_err(c, v, SURQL_EPARSE, "%s needs a 'type' (record or jwt)", what);
    const sn *du = ld_get(v, "duration");
    if (du) {
        static const char *const dk[] = { "token", "session", NULL };
        char w[500];
        snprintf(w, sizeof w, "the duration of %s", what);
        const char **const dt[] = { &tok, &ses };
        if ((rc = ld_need_map(c, du, w)) || (rc = ld_check_keys(c, du, dk, w)) ||
            (rc = ld_get_texts(c, du, dk, dt, w)))
            return rc;
    }
    surql_schema_access *a = NULL;
    if (kind == 1) {
        if (su || si) {
            const sn *bad = su ? ld_get(v, "signup") : ld_get(v, "signin");
            return ld_err(c, bad, SURQL_ESCHEMA, "%s: signup/signin need type record", what);
        }
        rc = surql_schema_access_jwt(&a, key->text, alg, k, url);
    } else {
        rc = surql_schema_access_record(&a, key->text, su, si);
        if (!rc && (alg || k || url)) {
            surql_schema_access *n = NULL;
            rc = surql_schema_access_with_jwt(&n, a, alg, k, url);
            surql_schema_access_unref(a);
            a = n;
        }
    }
    if (rc)
        return ld_wrap(c, v, rc);
    STEP_IF(surql_schema_access, a, v, "issuer_key", ik, surql_schema_access_with_issuer_key);
    STEP_IF(surql_schema_access, a, v, "authenticate", au, surql_schema_access_with_authenticate);
    if (tok || ses)
        STEP(surql_schema_access, a, du, surql_schema_access_with_durations(&nv_, a, tok, ses));
    STEP_IF(surql_schema_access, a, v, "comment", cm, surql_schema_access_with_comment);
    *out = a;
    return SURQL_OK;
fail:
    surql_schema_access_unref(a);
    return rc;
}

static int load_param(const ld *c, const sn *key, const sn *v, surql_schema_param **out)
{
    static const char *const keys[] = { "value", "permissions", "comment", NULL };
    char what[400];
    snprintf(what, sizeof what, "param '%s'", key->text);
    int rc;
    const sn *val = v;
    const char *perm = NULL, *cm = NULL;
    if (v && v->kind == SN_SEQ)
        return ld_err(c, v, SURQL_EPARSE, "%s must be an expression or a mapping (got a list)",
                      what);
    if (v && v->kind == SN_MAP) {
        const char **const texts[] = { &perm, &cm }; /* keys + 1 */
        if ((rc = ld_check_keys(c, v, keys, what)) ||
            (rc = ld_get_texts(c, v, keys + 1, texts, what)))
            return rc;
        val = ld_get(v, "value");
    }
    if (!val)
        return ld_err(c, v ? v : key, SURQL_ESCHEMA, "%s needs a 'value'", what);
    surql_schema_param *p = NULL;
    if (val->kind == SN_SCALAR) {
        rc = surql_schema_param_new(&p, key->text, val->text);
    } else {
        surql_value *dv = NULL;
        if ((rc = ld_data_value(c, val, &dv)))
            return rc;
        rc = surql_schema_param_new_value(&p, key->text, dv);
        surql_value_unref(dv);
    }
    if (rc)
        return ld_wrap(c, val, rc);
    STEP_IF(surql_schema_param, p, v, "permissions", perm, surql_schema_param_with_permission);
    STEP_IF(surql_schema_param, p, v, "comment", cm, surql_schema_param_with_comment);
    *out = p;
    return SURQL_OK;
fail:
    surql_schema_param_unref(p);
    return rc;
}

static int load_function(const ld *c, const sn *key, const sn *v, surql_schema_function **out)
{
    static const char *const keys[] = { "args", "returns", "body", "permissions", "comment", NULL };
    char what[400];
    snprintf(what, sizeof what, "function '%s'", key->text);
    int rc;
    if (!v)
        return ld_err(c, key, SURQL_EPARSE, "%s needs a 'body'", what);
    if ((rc = ld_need_map(c, v, what)) || (rc = ld_check_keys(c, v, keys, what)))
        return rc;
    const char *ret = NULL, *body = NULL, *perm = NULL, *cm = NULL;
    const char **const texts[] = { &ret, &body, &perm, &cm }; /* keys + 1 */
    if ((rc = ld_get_texts(c, v, keys + 1, texts, what)))
        return rc;
    const sn *args = ld_get(v, "args");
    char w[500];
    snprintf(w, sizeof w, "the args of %s", what);
    if ((rc = ld_need_map(c, args, w)))
        return rc;
    surql_schema_function *f = NULL;
    if ((rc = surql_schema_function_new(&f, key->text, body)))
        return ld_wrap(c, ld_get(v, "body") ? ld_get(v, "body") : v, rc);
    for (size_t i = 0; args && i < args->n; i++) {
        const sn *ty = args->items[i];
        if (ty->kind != SN_SCALAR) {
            rc = ld_err(c, ty, SURQL_EPARSE, "argument '%s' of %s: expected a type",
                        args->keys[i]->text, what);
            goto fail;
        }
        STEP(surql_schema_function, f, ty,
             surql_schema_function_with_arg(&nv_, f, args->keys[i]->text, ty->text));
    }
    STEP_IF(surql_schema_function, f, v, "returns", ret, surql_schema_function_with_returns);
    STEP_IF(surql_schema_function, f, v, "permissions", perm,
            surql_schema_function_with_permission);
    STEP_IF(surql_schema_function, f, v, "comment", cm, surql_schema_function_with_comment);
    *out = f;
    return SURQL_OK;
fail:
    surql_schema_function_unref(f);
    return rc;
}

static int load_analyzer(const ld *c, const sn *key, const sn *v, surql_schema_analyzer **out)
{
    static const char *const keys[] = { "tokenizers", "filters", "function", "comment", NULL };
    char what[400];
    snprintf(what, sizeof what, "analyzer '%s'", key->text);
    int rc;
    if ((rc = ld_need_map(c, v, what)) || (rc = ld_check_keys(c, v, keys, what)))
        return rc;
    const char *fn = NULL, *cm = NULL, **tok = NULL, **fil = NULL;
    size_t nt = 0, nfl = 0;
    surql_schema_analyzer *a = NULL;
    const char **const texts[] = { &fn, &cm }; /* keys + 2 */
    if ((rc = ld_get_texts(c, v, keys + 2, texts, what)) ||
        (rc = ld_get_list(c, v, "tokenizers", &tok, &nt, what)) ||
        (rc = ld_get_list(c, v, "filters", &fil, &nfl, what)))
        goto fail;
    if ((rc = surql_schema_analyzer_new(&a, key->text))) {
        rc = ld_wrap(c, key, rc);
        goto fail;
    }
    if (nt)
        STEP(surql_schema_analyzer, a, ld_get(v, "tokenizers"),
             surql_schema_analyzer_with_tokenizers(&nv_, a, tok, nt));
    if (nfl)
        STEP(surql_schema_analyzer, a, ld_get(v, "filters"),
             surql_schema_analyzer_with_filters(&nv_, a, fil, nfl));
    STEP_IF(surql_schema_analyzer, a, v, "function", fn, surql_schema_analyzer_with_function);
    STEP_IF(surql_schema_analyzer, a, v, "comment", cm, surql_schema_analyzer_with_comment);
    *out = a;
    a = NULL;
fail:
    free(tok);
    free(fil);
    surql_schema_analyzer_unref(a);
    return rc;
}

/* ---- the document ------------------------------------------------------- */

static const char *const top_keys[] = { "version", "analyzers", "functions", "params",
                                        "accesses", "tables", "edges", NULL };

/* the sections of a document: top_keys after "version", in load order */
enum { SEC_ANALYZERS, SEC_FUNCTIONS, SEC_PARAMS, SEC_ACCESSES, SEC_TABLES, SEC_EDGES, SEC_COUNT };
static const char *const *const sections = top_keys + 1;

static int load_table(const ld *c, const sn *k, const sn *v, surql_schema_table **out)
{
    return ld_load_table(c, k, v, 0, out);
}
static int load_edge(const ld *c, const sn *k, const sn *v, surql_schema_table **out)
{
    return ld_load_table(c, k, v, 1, out);
}

/* load the definition with loader into o_, then ns = add(*s, o_) */
#define LOAD_ADD(T, loader, add)                  \
    do {                                          \
        T *o_ = NULL;                             \
        if ((rc = loader(c, k, v, &o_)))          \
            return rc;                            \
        rc = add(&ns, *s, o_);                    \
        T##_unref(o_);                            \
    } while (0)

/* definition k (value v, NULL when null) of section sec, added to *s */
static int load_def(const ld *c, int sec, const sn *k, const sn *v, surql_schema **s)
{
    surql_schema *ns = NULL;
    int rc;
    if (sec >= SEC_TABLES && surql_schema_get_table(*s, k->text))
        return ld_err(c, k, SURQL_ESCHEMA_CONFLICT,
                      "'%s' is defined both under 'tables' and under 'edges'", k->text);
    switch (sec) {
    case SEC_ANALYZERS:
        LOAD_ADD(surql_schema_analyzer, load_analyzer, surql_schema_with_analyzer);
        break;
    case SEC_FUNCTIONS:
        LOAD_ADD(surql_schema_function, load_function, surql_schema_with_function);
        break;
    case SEC_PARAMS: LOAD_ADD(surql_schema_param, load_param, surql_schema_with_param); break;
    case SEC_ACCESSES: LOAD_ADD(surql_schema_access, load_access, surql_schema_with_access); break;
    case SEC_TABLES: LOAD_ADD(surql_schema_table, load_table, surql_schema_with_table); break;
    default: LOAD_ADD(surql_schema_table, load_edge, surql_schema_with_table); break;
    }
    if (rc)
        return ld_wrap(c, k, rc);
    surql_schema_unref(*s);
    *s = ns;
    return SURQL_OK;
}

static int load_doc(surql_schema **out, const sn *root, const char *file)
{
    ld cc = { file }, *c = &cc;
    *out = NULL;
    int rc;
    surql_schema *s = NULL;
    if ((rc = surql_schema_new(&s)))
        return rc;
    if (root->kind == SN_NULL) {
        *out = s;
        return SURQL_OK;
    }
    if ((rc = ld_need_map(c, root, "a schema document")) ||
        (rc = ld_check_keys(c, root, top_keys, "the schema document")))
        goto fail;
    const sn *ver = ld_get(root, "version");
    unsigned vn = 0;
    if (ver && (ld_scalar_uint(ver, &vn) != 0 || vn != SURQL_SCHEMA_FILE_VERSION)) {
        rc = ld_err(c, ver, SURQL_EUNSUPPORTED,
                    "unsupported schema file version '%s' (this library reads version %d)",
                    ver->kind == SN_SCALAR ? ver->text : "?", SURQL_SCHEMA_FILE_VERSION);
        goto fail;
    }
    for (int sec = 0; sec < SEC_COUNT; sec++) {
        const sn *m = ld_get(root, sections[sec]);
        if (!m)
            continue;
        char what[64];
        snprintf(what, sizeof what, "'%s'", sections[sec]);
        if (m->kind != SN_MAP) {
            rc = ld_err(c, m, SURQL_EPARSE, "%s must be a mapping of names (got %s)", what,
                        ld_kind_word(m));
            goto fail;
        }
        for (size_t i = 0; i < m->n; i++) {
            const sn *k = m->keys[i], *v = m->items[i]->kind == SN_NULL ? NULL : m->items[i];
            if ((rc = load_def(c, sec, k, v, &s)))
                goto fail;
        }
    }
    *out = s;
    return SURQL_OK;
fail:
    surql_schema_unref(s);
    return rc;
}

/* text as a YAML or JSON document, interpreted */
static int from_doc(surql_schema **out, const char *text, size_t len, const char *name, int json)
{
    if (!out)
        return sq_err(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!text && len)
        return sq_err(SURQL_EINVAL, "text is NULL");
    sn *root = NULL;
    surql_value *jv = NULL;
    int rc = json ? sq_json_read(&root, &jv, text, len, name)
                  : sq_yaml_read(&root, text, len, name);
    if (!rc)
        rc = load_doc(out, root, name ? name : json ? "<json>" : "<yaml>");
    sn_free(root);
    surql_value_unref(jv);
    return rc;
}

int surql_schema_from_yaml(surql_schema **out, const char *text, size_t len, const char *name)
{
    return from_doc(out, text, len, name, 0);
}

int surql_schema_from_json(surql_schema **out, const char *text, size_t len, const char *name)
{
    return from_doc(out, text, len, name, 1);
}
