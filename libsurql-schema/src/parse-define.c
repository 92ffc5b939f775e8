/* DDL parser: DEFINE TABLE/FIELD/INDEX/EVENT statements. */
#include "parse-internal.h"

#include <stdlib.h>
#include <string.h>

#include <surql/schema/literal.h>

#define TRY(x)                                                                           \
    do {                                                                                 \
        if ((rc = (x)) != SURQL_OK)                                                      \
            goto done;                                                                   \
    } while (0)

/* apply a builder to *obj, replacing it; errors re-positioned at tok */
#define STEP(obj, call)                                                                  \
    do {                                                                                 \
        void *nobj_ = NULL;                                                              \
        rc = call;                                                                       \
        if (rc) {                                                                        \
            rc = ps_wrap(p, at, rc);                                                     \
            goto done;                                                                   \
        }                                                                                \
        sq_obj_unref(obj);                                                               \
        obj = nobj_;                                                                     \
    } while (0)

static int comment(ps *p, char **c)
{
    free(*c);
    *c = NULL;
    if (ps_word(p, "NONE"))
        return SURQL_OK;
    return ps_string(p, c, "a comment");
}

static int unexpected(ps *p, const char *stmt)
{
    const tk *t = ps_tok(p);
    if (p->i >= p->end)
        return ps_err(p, t, SURQL_EPARSE, "%s: unexpected end", stmt);
    return ps_err(p, t, SURQL_EPARSE, "%s: unexpected '%.*s'", stmt,
                  (int)(t->len > 40 ? 40 : t->len), p->src + t->off);
}

static int table_list(ps *p, sq_strv *v)
{
    int rc;
    do {
        char *n = NULL;
        if ((rc = ps_ident(p, &n, "a table name")))
            return rc;
        rc = sq_strv_push(v, n);
        free(n);
        if (rc)
            return rc;
    } while (ps_punct(p, "|") || ps_punct(p, ","));
    return SURQL_OK;
}

int sq_parse_define_table(ps *p, surql_schema_table **out)
{
    const tk *at = ps_tok(p);
    char *name = NULL;
    surql_schema_table *t = NULL;
    int rc = ps_ident(p, &name, "a table name");
    if (rc)
        return rc;
    if ((rc = surql_schema_table_new(&t, name))) {
        free(name);
        return ps_wrap(p, at, rc);
    }
    free(name);
    t->mode = 0; /* no SCHEMAFULL/SCHEMALESS clause: the engine's default */
    while (!rc && p->i < p->end) {
        at = ps_tok(p);
        if (ps_word(p, "TYPE")) {
            if (ps_word(p, "ANY"))
                t->kind = SURQL_SCHEMA_TABLE_ANY;
            else if (ps_word(p, "NORMAL"))
                t->kind = SURQL_SCHEMA_TABLE_NORMAL;
            else if (ps_word(p, "RELATION")) {
                t->kind = SURQL_SCHEMA_TABLE_RELATION;
                t->edge = 1;
                for (;;) {
                    if (ps_word(p, "IN") || ps_word(p, "FROM"))
                        TRY(table_list(p, &t->in));
                    else if (ps_word(p, "OUT") || ps_word(p, "TO"))
                        TRY(table_list(p, &t->out));
                    else if (ps_word(p, "ENFORCED"))
                        t->enforced = 1;
                    else
                        break;
                }
            } else
                rc = ps_err(p, NULL, SURQL_EPARSE, "expected ANY, NORMAL or RELATION");
        } else if (ps_word(p, "DROP")) {
            t->drop = 1;
        } else if (ps_word(p, "SCHEMAFULL") || ps_word(p, "SCHEMAFUL")) {
            t->mode = SURQL_SCHEMA_SCHEMAFULL;
        } else if (ps_word(p, "SCHEMALESS")) {
            t->mode = SURQL_SCHEMA_SCHEMALESS;
        } else if (ps_word(p, "COMMENT")) {
            rc = comment(p, &t->comment);
        } else if (ps_word(p, "CHANGEFEED")) {
            free(t->changefeed);
            t->changefeed = NULL;
            TRY(ps_duration(p, &t->changefeed, "a changefeed duration"));
            if (ps_word(p, "INCLUDE"))
                TRY(ps_expect_word(p, "ORIGINAL"));
            t->cf_original = tk_is(p->src, &p->t->v[p->i - 1], "ORIGINAL");
        } else if (ps_word(p, "PERMISSIONS")) {
            sq_perm_clear(t->perm);
            rc = ps_perms(p, t->perm, 0, NULL);
        } else if (tk_is(p->src, at, "AS")) {
            rc = ps_err(p, at, SURQL_EUNSUPPORTED,
                        "DEFINE TABLE: views (AS SELECT) are not part of the schema model");
        } else {
            rc = unexpected(p, "DEFINE TABLE");
        }
    }
done:
    if (rc) {
        sq_obj_unref(t);
        return rc;
    }
    *out = t;
    return SURQL_OK;
}

static const char *const field_stops[] = { "FLEXIBLE", "TYPE", "DEFAULT", "READONLY", "VALUE",
                                           "ASSERT", "COMPUTED", "REFERENCE", "COMMENT",
                                           "PERMISSIONS", NULL };

/* VALUE <future> { expr } -> expr, else NULL */
static char *future_body(const char *v)
{
    tkv t;
    char *r = NULL;
    if (sqlex(v, strlen(v), 1, 1, &t))
        return NULL;
    if (t.n >= 5 && tk_punct(v, &t.v[0], "<") && tk_is(v, &t.v[1], "future") &&
        tk_punct(v, &t.v[2], ">") && tk_punct(v, &t.v[3], "{") &&
        tk_punct(v, &t.v[t.n - 1], "}") && t.n > 5) {
        const tk *a = &t.v[4], *b = &t.v[t.n - 2];
        r = surql_strndup(v + a->off, b->off + b->len - a->off);
    }
    tkv_free(&t);
    return r;
}

int sq_parse_define_field(ps *p, surql_schema_field **out, char **table)
{
    const tk *at = ps_tok(p);
    char *name = NULL, *type = NULL, *def = NULL, *value = NULL, *assert_ = NULL,
         *computed = NULL, *cmt = NULL;
    char *perm[4] = { NULL, NULL, NULL, NULL };
    int flexible = 0, readonly = 0, always = 0;
    surql_schema_field *f = NULL;
    const tk *name_at = at;
    int rc = ps_path(p, &name, "a field name");
    if (rc)
        return rc;
    TRY(ps_expect_word(p, "ON"));
    ps_word(p, "TABLE");
    TRY(ps_ident(p, table, "a table name"));
    while (p->i < p->end) {
        at = ps_tok(p);
        if (ps_word(p, "FLEXIBLE") || ps_word(p, "FLEXI") || ps_word(p, "FLEX"))
            flexible = 1;
        else if (ps_word(p, "TYPE")) {
            free(type);
            type = NULL;
            TRY(ps_kind(p, &type, "a type"));
        } else if (ps_word(p, "DEFAULT")) {
            always = ps_word(p, "ALWAYS");
            free(def);
            def = NULL;
            TRY(ps_expr(p, &def, field_stops, 0, "a DEFAULT expression"));
        } else if (ps_word(p, "READONLY"))
            readonly = 1;
        else if (ps_word(p, "VALUE")) {
            free(value);
            value = NULL;
            TRY(ps_expr(p, &value, field_stops, 0, "a VALUE expression"));
            char *fut = future_body(value);
            if (fut) {
                free(value);
                value = NULL;
                free(computed);
                computed = fut;
            }
        } else if (ps_word(p, "ASSERT")) {
            free(assert_);
            assert_ = NULL;
            TRY(ps_expr(p, &assert_, field_stops, 0, "an ASSERT expression"));
        } else if (ps_word(p, "COMPUTED")) {
            free(computed);
            computed = NULL;
            TRY(ps_expr(p, &computed, field_stops, 0, "a COMPUTED expression"));
        } else if (ps_word(p, "COMMENT")) {
            TRY(comment(p, &cmt));
        } else if (ps_word(p, "PERMISSIONS")) {
            sq_perm_clear(perm);
            TRY(ps_perms(p, perm, 1, NULL));
        } else if (tk_is(p->src, at, "REFERENCE")) {
            rc = ps_err(p, at, SURQL_EUNSUPPORTED,
                        "DEFINE FIELD: REFERENCE is not part of the schema model");
            goto done;
        } else {
            rc = unexpected(p, "DEFINE FIELD");
            goto done;
        }
    }
    at = name_at;
    STEP(f, surql_schema_field_new((surql_schema_field **)&nobj_, name, type));
    /* set the clauses directly: the engine's echo may combine clauses the builders
     * reject (e.g. FLEXIBLE on option<object> in 2.x), and the text is the engine's */
    rc = sq_set_str(&f->def, def) | sq_set_str(&f->value, value) |
         sq_set_str(&f->assert_, assert_) | sq_set_str(&f->computed, computed) |
         sq_set_str(&f->comment, cmt);
    if (rc) {
        rc = sq_err(SURQL_ENOMEM, "out of memory");
        goto done;
    }
    f->flexible = flexible;
    f->readonly = readonly;
    f->def_always = def ? always : 0;
    for (int i = 0; i < 3; i++) {
        f->perm[i] = perm[i];
        perm[i] = NULL;
    }
    /* the one cross-clause rule both engines enforce: it also keeps the model
     * renderable (2.x has a single VALUE clause for VALUE and COMPUTED) */
    if ((rc = sq_field_check_computed(f)))
        rc = ps_wrap(p, name_at, rc);
done:
    free(name);
    free(type);
    free(def);
    free(value);
    free(assert_);
    free(computed);
    free(cmt);
    sq_perm_clear(perm);
    if (rc) {
        sq_obj_unref(f);
        free(*table);
        *table = NULL;
        return rc;
    }
    *out = f;
    return SURQL_OK;
}

static int distance(ps *p, surql_schema_vector_options *v)
{
    static const char *const names[] = { NULL, "EUCLIDEAN", "COSINE", "MANHATTAN", "MINKOWSKI",
                                         "CHEBYSHEV", "HAMMING", "JACCARD", "PEARSON" };
    for (int i = 1; i < 9; i++)
        if (ps_word(p, names[i])) {
            v->distance = (surql_schema_distance)i;
            if (i == SURQL_SCHEMA_DIST_MINKOWSKI)
                return ps_uint(p, &v->minkowski_order, "the MINKOWSKI order");
            return SURQL_OK;
        }
    return ps_err(p, NULL, SURQL_EPARSE, "expected a distance (EUCLIDEAN, COSINE, ...)");
}

static int vtype(ps *p, surql_schema_vector_options *v)
{
    static const char *const names[] = { NULL, "F64", "F32", "I64", "I32", "I16" };
    for (int i = 1; i < 6; i++)
        if (ps_word(p, names[i])) {
            v->type = (surql_schema_vector_type)i;
            return SURQL_OK;
        }
    return ps_err(p, NULL, SURQL_EPARSE, "expected a vector type (F64, F32, I64, I32, I16)");
}

int sq_parse_define_index(ps *p, surql_schema_index **out, char **table)
{
    const tk *at = ps_tok(p), *name_at = at;
    char *name = NULL, *cmt = NULL, *analyzer = NULL;
    sq_strv cols = { NULL, 0 };
    int kind = SURQL_SCHEMA_INDEX_STANDARD, bm25 = 0, hl = 0;
    double k1 = 0, b = 0;
    surql_schema_vector_options vo = SURQL_SCHEMA_VECTOR_OPTIONS_INIT;
    surql_schema_index *x = NULL;
    int rc = ps_ident(p, &name, "an index name");
    if (rc)
        return rc;
    TRY(ps_expect_word(p, "ON"));
    ps_word(p, "TABLE");
    TRY(ps_ident(p, table, "a table name"));
    while (p->i < p->end) {
        at = ps_tok(p);
        if (ps_word(p, "FIELDS") || ps_word(p, "COLUMNS")) {
            sq_strv_clear(&cols);
            do {
                char *c = NULL;
                TRY(ps_path(p, &c, "a column"));
                rc = sq_strv_push(&cols, c);
                free(c);
                if (rc)
                    goto done;
            } while (ps_punct(p, ","));
        } else if (ps_word(p, "UNIQUE")) {
            kind = SURQL_SCHEMA_INDEX_UNIQUE;
        } else if (ps_word(p, "SEARCH") || ps_word(p, "FULLTEXT")) {
            kind = SURQL_SCHEMA_INDEX_FULLTEXT;
            for (;;) {
                unsigned dummy;
                if (ps_word(p, "ANALYZER")) {
                    free(analyzer);
                    analyzer = NULL;
                    TRY(ps_ident(p, &analyzer, "an analyzer name"));
                } else if (ps_word(p, "BM25")) {
                    bm25 = 1;
                    if (ps_punct(p, "(")) {
                        TRY(ps_double(p, &k1, "BM25 k1"));
                        TRY(ps_expect_punct(p, ","));
                        TRY(ps_double(p, &b, "BM25 b"));
                        TRY(ps_expect_punct(p, ")"));
                    }
                } else if (ps_word(p, "VS")) {
                    /* 1.x scoring keyword: nothing to record */
                } else if (ps_word(p, "HIGHLIGHTS")) {
                    hl = 1;
                } else if (ps_word(p, "DOC_IDS_ORDER") || ps_word(p, "DOC_LENGTHS_ORDER") ||
                           ps_word(p, "POSTINGS_ORDER") || ps_word(p, "TERMS_ORDER") ||
                           ps_word(p, "DOC_IDS_CACHE") || ps_word(p, "DOC_LENGTHS_CACHE") ||
                           ps_word(p, "POSTINGS_CACHE") || ps_word(p, "TERMS_CACHE")) {
                    TRY(ps_uint(p, &dummy, "a size")); /* storage tuning: not modelled */
                } else
                    break;
            }
        } else if (ps_word(p, "MTREE") || ps_word(p, "HNSW")) {
            kind = tk_is(p->src, at, "HNSW") ? SURQL_SCHEMA_INDEX_HNSW : SURQL_SCHEMA_INDEX_MTREE;
            TRY(ps_expect_word(p, "DIMENSION"));
            TRY(ps_uint(p, &vo.dimension, "a dimension"));
            for (;;) {
                unsigned dummy;
                if (ps_word(p, "DIST") || ps_word(p, "DISTANCE"))
                    TRY(distance(p, &vo));
                else if (ps_word(p, "TYPE"))
                    TRY(vtype(p, &vo));
                else if (ps_word(p, "CAPACITY"))
                    TRY(ps_uint(p, &vo.capacity, "a capacity"));
                else if (ps_word(p, "EFC"))
                    TRY(ps_uint(p, &vo.efc, "EFC"));
                else if (ps_word(p, "M0"))
                    TRY(ps_uint(p, &vo.m0, "M0"));
                else if (ps_word(p, "M"))
                    TRY(ps_uint(p, &vo.m, "M"));
                else if (ps_word(p, "LM"))
                    TRY(ps_double(p, &vo.lm, "LM"));
                else if (ps_word(p, "DOC_IDS_ORDER") || ps_word(p, "DOC_IDS_CACHE") ||
                         ps_word(p, "MTREE_CACHE"))
                    TRY(ps_uint(p, &dummy, "a size"));
                else if (ps_word(p, "EXTEND_CANDIDATES") ||
                         ps_word(p, "KEEP_PRUNED_CONNECTIONS") || ps_word(p, "HASHED_VECTOR"))
                    ; /* search tuning: not modelled */
                else
                    break;
            }
        } else if (ps_word(p, "COMMENT")) {
            TRY(comment(p, &cmt));
        } else if (ps_word(p, "CONCURRENTLY") || ps_word(p, "DEFER")) {
            /* build options, not part of the definition */
        } else if (tk_is(p->src, at, "COUNT")) {
            rc = ps_err(p, at, SURQL_EUNSUPPORTED,
                        "DEFINE INDEX: COUNT indexes are not part of the schema model");
            goto done;
        } else {
            rc = unexpected(p, "DEFINE INDEX");
            goto done;
        }
    }
    at = name_at;
    const char *const *cv = (const char *const *)cols.v;
    if (kind == SURQL_SCHEMA_INDEX_STANDARD || kind == SURQL_SCHEMA_INDEX_UNIQUE) {
        STEP(x, surql_schema_index_new((surql_schema_index **)&nobj_, name,
                                       (surql_schema_index_kind)kind, cv, cols.n));
    } else {
        /* build with the first column, then keep every column the text lists */
        if (!cols.n) {
            rc = ps_err(p, at, SURQL_ESCHEMA, "index '%s': no column", name);
            goto done;
        }
        if (kind == SURQL_SCHEMA_INDEX_FULLTEXT) {
            surql_schema_fulltext_options fo = SURQL_SCHEMA_FULLTEXT_OPTIONS_INIT;
            fo.analyzer = analyzer;
            fo.bm25 = bm25;
            fo.bm25_k1 = k1;
            fo.bm25_b = b;
            fo.highlights = hl;
            STEP(x, surql_schema_index_fulltext((surql_schema_index **)&nobj_, name, cv[0], &fo));
        } else if (kind == SURQL_SCHEMA_INDEX_HNSW) {
            STEP(x, surql_schema_index_hnsw((surql_schema_index **)&nobj_, name, cv[0], &vo));
        } else {
            STEP(x, surql_schema_index_mtree((surql_schema_index **)&nobj_, name, cv[0], &vo));
        }
        sq_strv_clear(&x->cols);
        if ((rc = sq_strv_copy(&x->cols, &cols)))
            goto done;
    }
    if ((rc = sq_set_str(&x->comment, cmt)))
        goto done;
done:
    free(name);
    free(cmt);
    free(analyzer);
    sq_strv_clear(&cols);
    if (rc) {
        sq_obj_unref(x);
        free(*table);
        *table = NULL;
        return rc;
    }
    *out = x;
    return SURQL_OK;
}

int sq_parse_define_event(ps *p, surql_schema_event **out, char **table)
{
    static const char *const when_stops[] = { "THEN", "COMMENT", NULL };
    static const char *const then_stops[] = { "COMMENT", "ASYNC", NULL };
    const tk *at = ps_tok(p), *name_at = at;
    char *name = NULL, *when = NULL, *then = NULL, *cmt = NULL;
    surql_schema_event *e = NULL;
    int rc = ps_ident(p, &name, "an event name");
    if (rc)
        return rc;
    TRY(ps_expect_word(p, "ON"));
    ps_word(p, "TABLE");
    TRY(ps_ident(p, table, "a table name"));
    while (p->i < p->end) {
        at = ps_tok(p);
        if (ps_word(p, "WHEN")) {
            free(when);
            when = NULL;
            TRY(ps_expr(p, &when, when_stops, 0, "a WHEN condition"));
        } else if (ps_word(p, "THEN")) {
            free(then);
            then = NULL;
            TRY(ps_expr(p, &then, then_stops, 0, "a THEN action"));
        } else if (ps_word(p, "COMMENT")) {
            TRY(comment(p, &cmt));
        } else if (tk_is(p->src, at, "ASYNC")) {
            rc = ps_err(p, at, SURQL_EUNSUPPORTED,
                        "DEFINE EVENT: ASYNC events are not part of the schema model");
            goto done;
        } else {
            rc = unexpected(p, "DEFINE EVENT");
            goto done;
        }
    }
    at = name_at;
    if (!then) {
        rc = ps_expect_word(p, "THEN");
        goto done;
    }
    STEP(e, surql_schema_event_new((surql_schema_event **)&nobj_, name, when, then));
    rc = sq_set_str(&e->comment, cmt);
done:
    free(name);
    free(when);
    free(then);
    free(cmt);
    if (rc) {
        sq_obj_unref(e);
        free(*table);
        *table = NULL;
        return rc;
    }
    *out = e;
    return SURQL_OK;
}
