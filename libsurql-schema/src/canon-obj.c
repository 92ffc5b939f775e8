/* Canonical comparison strings of model objects: the normalisation rules of
 * docs/schema.md ("Normalisation") live here. */
#include "canon-internal.h"
#include "ddl-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/literal.h>

static int kv(surql_buf *b, const char *k, const char *v)
{
    return surql_buf_printf(b, "%s=%s;", k, v ? v : "");
}

static int kexpr(surql_buf *b, const char *k, const char *e)
{
    int rc = surql_buf_printf(b, "%s=", k);
    if (!rc && e)
        rc = sq_expr_canon(b, e);
    if (!rc)
        rc = surql_buf_putc(b, ';');
    return rc;
}

static int ktype(surql_buf *b, const char *k, const char *t)
{
    int rc = surql_buf_printf(b, "%s=", k);
    if (!rc && t && sq_type_canon(b, t, "type") != SURQL_OK)
        rc = surql_buf_puts(b, t); /* already validated; keep the text if not */
    if (!rc)
        rc = surql_buf_putc(b, ';');
    return rc;
}

/* a duration in canonical text ("NONE" stays) */
static int kdur(surql_buf *b, const char *k, const char *d, const char *dflt)
{
    if (!d)
        d = dflt;
    int rc = surql_buf_printf(b, "%s=", k);
    surql_value *v = d && strcmp(d, "NONE") != 0 ? surql_value_duration_parse(d) : NULL;
    if (!rc && v)
        rc = surql_value_to_surql(v, b, 0);
    else if (!rc && d)
        rc = surql_buf_puts(b, d);
    surql_value_unref(v);
    if (!rc)
        rc = surql_buf_putc(b, ';');
    return rc;
}

static int kperm(surql_buf *b, char *const perm[4], int nops, const char *dflt)
{
    int rc = SURQL_OK;
    for (int i = 0; !rc && i < nops; i++) {
        const char *r = perm[i] ? perm[i] : dflt;
        rc = surql_buf_printf(b, "perm%d=", i);
        if (!rc && (strcmp(r, "FULL") == 0 || strcmp(r, "NONE") == 0))
            rc = surql_buf_puts(b, r);
        else if (!rc)
            rc = sq_expr_canon(b, r);
        if (!rc)
            rc = surql_buf_putc(b, ';');
    }
    return rc;
}

int sq_canon_table(surql_buf *b, const surql_schema_table *t)
{
    int mode = t->mode ? t->mode : SURQL_SCHEMA_SCHEMALESS;
    int kind = t->kind;
    if (kind == SURQL_SCHEMA_TABLE_KIND_DEFAULT)
        kind = mode == SURQL_SCHEMA_SCHEMAFULL ? SURQL_SCHEMA_TABLE_NORMAL : SURQL_SCHEMA_TABLE_ANY;
    int rc = surql_buf_printf(b, "kind=%d;mode=%d;drop=%d;enforced=%d;", kind, mode, t->drop,
                              t->enforced);
    for (size_t i = 0; !rc && i < t->in.n; i++)
        rc = kv(b, "in", t->in.v[i]);
    for (size_t i = 0; !rc && i < t->out.n; i++)
        rc = kv(b, "out", t->out.v[i]);
    if (!rc)
        rc = kv(b, "comment", t->comment);
    if (!rc)
        rc = kdur(b, "changefeed", t->changefeed, NULL);
    if (!rc)
        rc = surql_buf_printf(b, "original=%d;", t->changefeed ? t->cf_original : 0);
    if (!rc)
        rc = kperm(b, t->perm, 4, "NONE");
    return rc;
}

int sq_canon_field(surql_buf *b, const surql_schema_field *f)
{
    int rc = ktype(b, "type", f->type);
    if (!rc)
        rc = surql_buf_printf(b, "flex=%d;ro=%d;always=%d;", f->flexible, f->readonly,
                              (f->def || f->def_value) ? f->def_always : 0);
    if (!rc && f->def_value) {
        surql_buf v = SURQL_BUF_INIT;
        rc = surql_value_to_surql(f->def_value, &v, 0);
        if (!rc)
            rc = kexpr(b, "default", surql_buf_cstr(&v));
        surql_buf_dispose(&v);
    } else if (!rc) {
        rc = kexpr(b, "default", f->def);
    }
    if (!rc)
        rc = kexpr(b, "value", f->value);
    if (!rc)
        rc = kexpr(b, "assert", f->assert_);
    if (!rc)
        rc = kexpr(b, "computed", f->computed);
    if (!rc)
        rc = kv(b, "comment", f->comment);
    if (!rc)
        rc = kperm(b, f->perm, 3, "FULL");
    return rc;
}

/* natural logarithm for x >= 1 (no libm dependency): x = 2^k * y, y in [1, 2) */
static double ln(double x)
{
    int k = 0;
    while (x >= 2.0) {
        x /= 2.0;
        k++;
    }
    double z = (x - 1.0) / (x + 1.0), z2 = z * z, term = z, sum = 0.0;
    for (int i = 1; i < 200; i += 2) {
        sum += term / i;
        term *= z2;
    }
    return k * 0.69314718055994530942 + 2.0 * sum;
}

int sq_canon_index(surql_buf *b, const surql_schema_index *x)
{
    int rc = surql_buf_printf(b, "kind=%d;", x->kind);
    for (size_t i = 0; !rc && i < x->cols.n; i++) {
        rc = surql_buf_puts(b, "col=");
        if (!rc)
            rc = sq_path_canon(b, x->cols.v[i]);
        if (!rc)
            rc = surql_buf_putc(b, ';');
    }
    const surql_schema_vector_options *v = &x->vec;
    if (!rc && x->kind == SURQL_SCHEMA_INDEX_FULLTEXT) {
        /* the engine always scores with BM25, by default (1.2, 0.75) */
        double k1 = x->k1 != 0 || x->b != 0 ? x->k1 : 1.2, bb = x->k1 != 0 || x->b != 0 ? x->b : 0.75;
        rc = surql_buf_printf(b, "analyzer=%s;bm25=%.12g,%.12g;hl=%d;",
                              x->analyzer ? x->analyzer : "like", k1, bb, x->highlights);
    } else if (!rc && x->kind == SURQL_SCHEMA_INDEX_HNSW) {
        unsigned m = v->m ? v->m : 12, m0 = v->m0 ? v->m0 : 2 * m;
        double lm = v->lm != 0 ? v->lm : 1.0 / ln((double)m);
        rc = surql_buf_printf(b, "dim=%u;dist=%d/%u;type=%d;efc=%u;m=%u;m0=%u;lm=%.12g;",
                              v->dimension, v->distance ? (int)v->distance : 1,
                              v->minkowski_order, v->type ? (int)v->type : SURQL_SCHEMA_VEC_F32,
                              v->efc ? v->efc : 150, m, m0, lm);
    } else if (!rc && x->kind == SURQL_SCHEMA_INDEX_MTREE) {
        rc = surql_buf_printf(b, "dim=%u;dist=%d/%u;type=%d;cap=%u;", v->dimension,
                              v->distance ? (int)v->distance : 1, v->minkowski_order,
                              v->type ? (int)v->type : SURQL_SCHEMA_VEC_F64,
                              v->capacity ? v->capacity : 40);
    }
    if (!rc)
        rc = kv(b, "comment", x->comment);
    return rc;
}

int sq_canon_event(surql_buf *b, const surql_schema_event *e)
{
    int rc = kexpr(b, "when", e->when ? e->when : "true");
    if (!rc)
        rc = kexpr(b, "then", e->then);
    if (!rc)
        rc = kv(b, "comment", e->comment);
    return rc;
}

static int redacted(const char *k) { return !k || strcmp(k, "[REDACTED]") == 0; }

int sq_canon_access(surql_buf *b, const surql_schema_access *a)
{
    int rc = surql_buf_printf(b, "kind=%d;", a->kind);
    if (!rc)
        rc = kexpr(b, "signup", a->signup);
    if (!rc)
        rc = kexpr(b, "signin", a->signin);
    if (!rc)
        rc = kexpr(b, "auth", a->authenticate);
    /* the engine never shows symmetric keys, and gives record access an HS512 JWT
     * with a random key when none is declared */
    const char *alg = a->alg, *key = a->key;
    if (a->kind == SURQL_SCHEMA_ACCESS_RECORD && !a->url && (!alg || strcmp(alg, "HS512") == 0) &&
        redacted(key))
        alg = NULL;
    if (alg && strncmp(alg, "HS", 2) == 0)
        key = NULL;
    if (redacted(key))
        key = NULL;
    if (!rc)
        rc = kv(b, "alg", alg);
    if (!rc)
        rc = kv(b, "key", key);
    if (!rc)
        rc = kv(b, "url", a->url);
    if (!rc)
        rc = kdur(b, "token", a->token, "1h");
    if (!rc)
        rc = kdur(b, "session", a->session, "NONE");
    if (!rc)
        rc = kv(b, "comment", a->comment);
    return rc;
}

int sq_canon_param(surql_buf *b, const surql_schema_param *p)
{
    int rc = SURQL_OK;
    if (p->vvalue) {
        surql_buf v = SURQL_BUF_INIT;
        rc = surql_value_to_surql(p->vvalue, &v, 0);
        if (!rc)
            rc = kexpr(b, "value", surql_buf_cstr(&v));
        surql_buf_dispose(&v);
    } else {
        rc = kexpr(b, "value", p->value);
    }
    char *perm[4] = { p->perm, NULL, NULL, NULL };
    if (!rc)
        rc = kperm(b, perm, 1, "FULL");
    if (!rc)
        rc = kv(b, "comment", p->comment);
    return rc;
}

int sq_canon_function(surql_buf *b, const surql_schema_function *f)
{
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < f->argn.n; i++) {
        rc = kv(b, "arg", f->argn.v[i]);
        if (!rc)
            rc = ktype(b, "argtype", f->argt.v[i]);
    }
    if (!rc)
        rc = ktype(b, "returns", f->returns);
    if (!rc)
        rc = kexpr(b, "body", f->body);
    char *perm[4] = { f->perm, NULL, NULL, NULL };
    if (!rc)
        rc = kperm(b, perm, 1, "FULL");
    if (!rc)
        rc = kv(b, "comment", f->comment);
    return rc;
}

int sq_canon_analyzer(surql_buf *b, const surql_schema_analyzer *a)
{
    int rc = kv(b, "function", a->function);
    for (size_t i = 0; !rc && i < a->tok.n; i++)
        rc = kv(b, "tok", a->tok.v[i]);
    for (size_t i = 0; !rc && i < a->filt.n; i++)
        rc = kv(b, "filter", a->filt.v[i]);
    if (!rc)
        rc = kv(b, "comment", a->comment);
    return rc;
}

/* f has no clause besides its type and default permissions */
static int bare(const surql_schema_field *f)
{
    if (f->def || f->def_value || f->value || f->assert_ || f->computed || f->readonly ||
        f->flexible || f->comment)
        return 0;
    for (int i = 0; i < 3; i++)
        if (f->perm[i] && strcmp(f->perm[i], "FULL") != 0)
            return 0;
    return 1;
}

int sq_field_is_implied(const surql_schema_table *t, const surql_schema_field *f)
{
    if (!f->type || !bare(f))
        return 0;
    surql_buf ft = SURQL_BUF_INIT, want = SURQL_BUF_INIT;
    int implied = 0;
    if (sq_type_canon(&ft, f->type, "field"))
        goto out;
    if (t->kind == SURQL_SCHEMA_TABLE_RELATION &&
        (strcmp(f->h.name, "in") == 0 || strcmp(f->h.name, "out") == 0)) {
        const sq_strv *v = f->h.name[0] == 'i' ? &t->in : &t->out;
        int rc = surql_buf_puts(&want, "record");
        for (size_t i = 0; !rc && i < v->n; i++) {
            rc = surql_buf_puts(&want, i ? " | " : "<");
            if (!rc)
                rc = surql_ident_escape(&want, v->v[i]);
        }
        if (!rc && v->n)
            rc = surql_buf_putc(&want, '>');
        implied = !rc && strcmp(surql_buf_cstr(&want), surql_buf_cstr(&ft)) == 0;
        goto out;
    }
    size_t plen;
    if (!sq_path_is_element(f->h.name, &plen))
        goto out;
    surql_buf pp = SURQL_BUF_INIT, cp = SURQL_BUF_INIT, pt = SURQL_BUF_INIT;
    char *parent = surql_strndup(f->h.name, plen);
    if (parent && sq_path_canon(&pp, parent) == SURQL_OK) {
        for (size_t i = 0; i < t->fields.n && !implied; i++) {
            const surql_schema_field *p = (const surql_schema_field *)t->fields.v[i];
            surql_buf_clear(&cp);
            surql_buf_clear(&pt);
            if (!p->type || sq_path_canon(&cp, p->h.name) ||
                strcmp(surql_buf_cstr(&cp), surql_buf_cstr(&pp)) != 0 ||
                sq_type_canon(&pt, p->type, "field"))
                continue;
            char *el = sq_element_type(surql_buf_cstr(&pt));
            implied = el && strcmp(el, surql_buf_cstr(&ft)) == 0;
            free(el);
        }
    }
    free(parent);
    surql_buf_dispose(&pp);
    surql_buf_dispose(&cp);
    surql_buf_dispose(&pt);
out:
    surql_buf_dispose(&ft);
    surql_buf_dispose(&want);
    return implied;
}
