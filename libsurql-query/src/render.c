/* Rendering: expressions and builders to text + bound variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query-internal.h"

const char *q_dist_name(int d);

int qr_init(qrender *r, surql_buf *out, int dialect)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->dialect = dialect;
    r->vars = surql_value_object();
    return r->vars ? SURQL_OK : surql_error_last()->code;
}

void qr_dispose(qrender *r)
{
    surql_value_unref(r->vars);
    free(r->ph);
    r->vars = NULL;
    r->ph = NULL;
}

int qr_bind(qrender *r, const surql_value *v)
{
    char name[32];
    size_t n = r->nvars + 1;
    snprintf(name, sizeof name, "p%zu", n);
    int rc = surql_value_object_set(r->vars, name, v);
    if (rc)
        return rc;
    r->nvars = n;
    if (r->nph == r->cph) {
        size_t nc = r->cph ? r->cph * 2 : 8;
        qph *np = realloc(r->ph, nc * sizeof *np);
        if (!np)
            return QERR(SURQL_ENOMEM, "out of memory");
        r->ph = np;
        r->cph = nc;
    }
    size_t off = r->out->size;
    rc = surql_buf_putc(r->out, '$');
    if (!rc)
        rc = surql_buf_puts(r->out, name);
    if (rc)
        return rc;
    r->ph[r->nph].off = off;
    r->ph[r->nph].len = r->out->size - off;
    r->ph[r->nph].var = n;
    r->nph++;
    return SURQL_OK;
}

/* ---- function names per dialect ---- */

static const char *const v2_prefixes[] = { "string::is::", "type::is::", "time::is::",
                                           "time::from::", "duration::from::", "geo::is::",
                                           NULL };

static int put_fn_name(qrender *r, const char *name, size_t nargs)
{
    surql_buf *o = r->out;
    if (r->dialect == SURQL_DIALECT_V3) {
        if (strcmp(name, "rand::guid") == 0)
            return surql_buf_puts(o, "rand::id");
        if (strcmp(name, "string::distance::osa_distance") == 0)
            return surql_buf_puts(o, "string::distance::osa");
        if (strcmp(name, "type::thing") == 0)
            return surql_buf_puts(o, "type::record");
        for (size_t i = 0; v2_prefixes[i]; i++) {
            size_t pl = strlen(v2_prefixes[i]);
            if (strncmp(name, v2_prefixes[i], pl) == 0 && name[pl]) {
                int rc = surql_buf_put(o, name, pl - 2);
                if (!rc)
                    rc = surql_buf_putc(o, '_');
                if (!rc)
                    rc = surql_buf_puts(o, name + pl);
                return rc;
            }
        }
        return surql_buf_puts(o, name);
    }
    if (strcmp(name, "rand::id") == 0)
        return surql_buf_puts(o, "rand::guid");
    if (strcmp(name, "string::distance::osa") == 0)
        return surql_buf_puts(o, "string::distance::osa_distance");
    if (strcmp(name, "type::record") == 0 && nargs == 2)
        return surql_buf_puts(o, "type::thing");
    for (size_t i = 0; v2_prefixes[i]; i++) {
        size_t pl = strlen(v2_prefixes[i]) - 2; /* "string::is" */
        if (strncmp(name, v2_prefixes[i], pl) == 0 && name[pl] == '_' && name[pl + 1]) {
            int rc = surql_buf_put(o, name, pl);
            if (!rc)
                rc = surql_buf_puts(o, "::");
            if (!rc)
                rc = surql_buf_puts(o, name + pl + 1);
            return rc;
        }
    }
    return surql_buf_puts(o, name);
}

static const char *op_text(int op)
{
    switch (op) {
    case SURQL_QUERY_OP_EQ: return " = ";
    case SURQL_QUERY_OP_NEQ: return " != ";
    case SURQL_QUERY_OP_GT: return " > ";
    case SURQL_QUERY_OP_GTE: return " >= ";
    case SURQL_QUERY_OP_LT: return " < ";
    case SURQL_QUERY_OP_LTE: return " <= ";
    case SURQL_QUERY_OP_EXACT: return " == ";
    case SURQL_QUERY_OP_CONTAINS: return " CONTAINS ";
    case SURQL_QUERY_OP_CONTAINSNOT: return " CONTAINSNOT ";
    case SURQL_QUERY_OP_CONTAINSALL: return " CONTAINSALL ";
    case SURQL_QUERY_OP_CONTAINSANY: return " CONTAINSANY ";
    case SURQL_QUERY_OP_CONTAINSNONE: return " CONTAINSNONE ";
    case SURQL_QUERY_OP_INSIDE: return " INSIDE ";
    case SURQL_QUERY_OP_NOTINSIDE: return " NOTINSIDE ";
    case SURQL_QUERY_OP_ALLINSIDE: return " ALLINSIDE ";
    case SURQL_QUERY_OP_ANYINSIDE: return " ANYINSIDE ";
    case SURQL_QUERY_OP_NONEINSIDE: return " NONEINSIDE ";
    case SURQL_QUERY_OP_IN: return " IN ";
    case SURQL_QUERY_OP_NOTIN: return " NOT IN ";
    case SURQL_QUERY_OP_FUZZY: return " ~ ";
    case SURQL_QUERY_OP_NOTFUZZY: return " !~ ";
    case SURQL_QUERY_OP_MATCHES: return " @@ ";
    case SURQL_QUERY_OP_ADD: return " + ";
    case SURQL_QUERY_OP_SUB: return " - ";
    case SURQL_QUERY_OP_MUL: return " * ";
    case SURQL_QUERY_OP_DIV: return " / ";
    case SURQL_QUERY_OP_AND: return " AND ";
    case SURQL_QUERY_OP_OR: return " OR ";
    default: return NULL;
    }
}

static int composite(const surql_query_expr *e)
{
    switch (e->kind) {
    case QX_BINARY:
    case QX_NOT:
    case QX_POSTFIX:
    case QX_RAW:
    case QX_ALIAS:
    case QX_KNN:
        return 1;
    default:
        return 0;
    }
}

int qr_operand(qrender *r, const surql_query_expr *e)
{
    if (!composite(e))
        return qr_expr(r, e);
    int rc = surql_buf_putc(r->out, '(');
    if (!rc)
        rc = qr_expr(r, e);
    if (!rc)
        rc = surql_buf_putc(r->out, ')');
    return rc;
}

static int put_uint(surql_buf *o, unsigned long long v)
{
    return surql_buf_printf(o, "%llu", v);
}

static int render_graph(qrender *r, const surql_query_expr *e)
{
    int rc = qr_operand(r, e->kids[0]);
    size_t open = 0;
    for (size_t i = 0; !rc && i < e->nparts; i++) {
        const qgpart *p = &e->parts[i];
        if (p->kind == GP_STEP) {
            rc = surql_buf_puts(r->out, p->dir == SURQL_QUERY_OUT  ? "->"
                                        : p->dir == SURQL_QUERY_IN ? "<-"
                                                                   : "<->");
            if (!rc)
                rc = surql_buf_puts(r->out, p->table ? p->table : "?");
            continue;
        }
        rc = surql_buf_puts(r->out, ".{");
        if (!rc && p->mode == SURQL_QUERY_RECURSE_SHORTEST) {
            rc = surql_buf_puts(r->out, "..");
            if (!rc)
                rc = put_uint(r->out, p->max);
        } else if (!rc) {
            rc = put_uint(r->out, p->min);
            if (!rc && p->max) {
                rc = surql_buf_puts(r->out, "..");
                if (!rc)
                    rc = put_uint(r->out, p->max);
            }
        }
        if (!rc && p->mode == SURQL_QUERY_RECURSE_COLLECT)
            rc = surql_buf_puts(r->out, "+collect");
        else if (!rc && p->mode == SURQL_QUERY_RECURSE_PATH)
            rc = surql_buf_puts(r->out, "+path");
        else if (!rc && p->mode == SURQL_QUERY_RECURSE_SHORTEST) {
            rc = surql_buf_puts(r->out, "+shortest=");
            if (!rc)
                rc = qr_operand(r, p->target);
        }
        if (!rc)
            rc = surql_buf_puts(r->out, "}(");
        open++;
    }
    while (!rc && open--)
        rc = surql_buf_putc(r->out, ')');
    return rc;
}

static int render_list(qrender *r, surql_query_expr *const *v, size_t n)
{
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        if (i)
            rc = surql_buf_puts(r->out, ", ");
        if (!rc)
            rc = qr_expr(r, v[i]);
    }
    return rc;
}

int qr_expr(qrender *r, const surql_query_expr *e)
{
    surql_buf *o = r->out;
    int rc;
    switch (e->kind) {
    case QX_FIELD:
    case QX_KEYWORD:
    case QX_RAW:
        return surql_buf_puts(o, e->text);
    case QX_ALL:
        return surql_buf_putc(o, '*');
    case QX_VALUE:
        return qr_bind(r, e->val);
    case QX_PARAM:
        rc = surql_buf_putc(o, '$');
        return rc ? rc : surql_buf_puts(o, e->text);
    case QX_ARRAY:
        rc = surql_buf_putc(o, '[');
        if (!rc)
            rc = render_list(r, e->kids, e->nkids);
        return rc ? rc : surql_buf_putc(o, ']');
    case QX_SUBQUERY:
        rc = surql_buf_putc(o, '(');
        if (!rc)
            rc = qr_builder(r, e->sub);
        return rc ? rc : surql_buf_putc(o, ')');
    case QX_BINARY: {
        if ((e->op == SURQL_QUERY_OP_FUZZY || e->op == SURQL_QUERY_OP_NOTFUZZY) &&
            r->dialect != SURQL_DIALECT_V2)
            return QERR(SURQL_QUERY_EDIALECT,
                        "the fuzzy match operators (~, !~) were removed in SurrealDB 3.x; use "
                        "string::similarity::fuzzy() or a full-text index with @@");
        rc = qr_operand(r, e->kids[0]);
        if (!rc)
            rc = surql_buf_puts(o, op_text(e->op));
        return rc ? rc : qr_operand(r, e->kids[1]);
    }
    case QX_NOT:
        rc = surql_buf_puts(o, "NOT (");
        if (!rc)
            rc = qr_expr(r, e->kids[0]);
        return rc ? rc : surql_buf_putc(o, ')');
    case QX_POSTFIX:
        rc = qr_operand(r, e->kids[0]);
        return rc ? rc : surql_buf_puts(o, e->text);
    case QX_FN:
        rc = put_fn_name(r, e->text, e->nkids);
        if (!rc)
            rc = surql_buf_putc(o, '(');
        if (!rc)
            rc = render_list(r, e->kids, e->nkids);
        return rc ? rc : surql_buf_putc(o, ')');
    case QX_CAST:
        rc = surql_buf_printf(o, "<%s>", e->text);
        return rc ? rc : qr_operand(r, e->kids[0]);
    case QX_ALIAS:
        rc = qr_operand(r, e->kids[0]);
        if (!rc)
            rc = surql_buf_puts(o, " AS ");
        return rc ? rc : surql_buf_puts(o, e->text);
    case QX_KNN:
        /* `<|k|>` searches an MTREE index: 3.x removed MTREE, and there the form is refused
         * even with an HNSW index ("KNN operators ... not supported"; 2.x returns []) */
        if (e->ef <= 0 && !e->metric && r->dialect == SURQL_DIALECT_V3)
            return QERR(SURQL_QUERY_EDIALECT,
                        "KNN <|k|> needs an MTREE index, which SurrealDB 3.x removed: give ef "
                        "(<|k,ef|>, HNSW) or a distance metric");
        rc = surql_buf_printf(o, "%s <|%lld", e->text, (long long)e->k);
        if (!rc && e->ef > 0)
            rc = surql_buf_printf(o, ",%lld", (long long)e->ef);
        else if (!rc && e->metric == SURQL_QUERY_DIST_MINKOWSKI)
            rc = surql_buf_printf(o, ",MINKOWSKI %.17g", e->mink);
        else if (!rc && e->metric)
            rc = surql_buf_printf(o, ",%s", q_dist_name(e->metric));
        if (!rc)
            rc = surql_buf_puts(o, "|> ");
        return rc ? rc : qr_bind(r, e->val);
    case QX_GRAPH:
        return render_graph(r, e);
    default:
        return QERR(SURQL_ERROR, "unknown expression node %d", e->kind);
    }
}

int surql_query_expr_display(const surql_query_expr *e, int dialect, surql_buf *out)
{
    if (!e || !out)
        return QERR(SURQL_EINVAL, "NULL argument");
    int rc = q_check_dialect(dialect);
    if (rc)
        return rc;
    surql_buf tmp = SURQL_BUF_INIT;
    qrender r;
    rc = qr_init(&r, &tmp, dialect);
    if (!rc)
        rc = qr_expr(&r, e);
    surql_query_stmt *s = NULL;
    if (!rc)
        rc = q_stmt_from_render(&s, &r, SURQL_QUERY_SHAPE_VALUE, 1);
    qr_dispose(&r);
    surql_buf_dispose(&tmp);
    if (!rc)
        rc = surql_query_stmt_display(s, out);
    surql_query_stmt_unref(s);
    return rc;
}

/* ---- statement objects ---- */

int q_stmt_from_render(surql_query_stmt **out, qrender *r, surql_query_shape shape, size_t count)
{
    surql_query_stmt *s = calloc(1, sizeof *s);
    if (!s)
        return QERR(SURQL_ENOMEM, "out of memory");
    atomic_init(&s->refs, 1);
    s->len = r->out->size;
    s->text = surql_buf_detach(r->out);
    if (!s->text) {
        free(s);
        return QERR(SURQL_ENOMEM, "out of memory");
    }
    s->vars = r->vars;
    r->vars = NULL;
    s->ph = r->ph;
    s->nph = r->nph;
    r->ph = NULL;
    r->nph = r->cph = 0;
    s->dialect = r->dialect;
    s->shape = shape;
    s->count = count;
    *out = s;
    return SURQL_OK;
}

surql_query_stmt *surql_query_stmt_ref(const surql_query_stmt *s)
{
    surql_query_stmt *m = (surql_query_stmt *)(uintptr_t)s;
    if (m)
        atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
    return m;
}

surql_query_stmt *surql_query_stmt_unref(surql_query_stmt *s)
{
    if (!s || atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
        return NULL;
    free(s->text);
    surql_value_unref(s->vars);
    free(s->ph);
    free(s);
    return NULL;
}

const char *surql_query_stmt_text(const surql_query_stmt *s) { return s ? s->text : ""; }
size_t surql_query_stmt_text_len(const surql_query_stmt *s) { return s ? s->len : 0; }
const surql_value *surql_query_stmt_vars(const surql_query_stmt *s) { return s ? s->vars : NULL; }
int surql_query_stmt_dialect(const surql_query_stmt *s) { return s ? s->dialect : 0; }
size_t surql_query_stmt_count(const surql_query_stmt *s) { return s ? s->count : 0; }

surql_query_shape surql_query_stmt_shape(const surql_query_stmt *s)
{
    return s ? s->shape : SURQL_QUERY_SHAPE_VALUE;
}

static const surql_value *ph_value(const surql_query_stmt *s, size_t var)
{
    char name[32];
    snprintf(name, sizeof name, "p%zu", var);
    return surql_value_object_get(s->vars, name);
}

int surql_query_stmt_display(const surql_query_stmt *s, surql_buf *out)
{
    if (!s || !out)
        return QERR(SURQL_EINVAL, "NULL argument");
    size_t start = out->size;
    size_t pos = 0;
    int flags = s->dialect == SURQL_DIALECT_V2 ? SURQL_LITERAL_V2 : 0;
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && i < s->nph; i++) {
        rc = surql_buf_put(out, s->text + pos, s->ph[i].off - pos);
        if (!rc)
            rc = surql_value_to_surql(ph_value(s, s->ph[i].var), out, flags);
        pos = s->ph[i].off + s->ph[i].len;
    }
    if (!rc)
        rc = surql_buf_put(out, s->text + pos, s->len - pos);
    if (rc && out->size > start)
        surql_buf_truncate(out, start);
    return rc;
}

int surql_query_stmt_new_raw_trusted(surql_query_stmt **out, const char *text,
                                     const surql_value *vars, int dialect,
                                     surql_query_shape shape)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!text)
        return QERR(SURQL_EINVAL, "text is NULL");
    int rc = q_check_dialect(dialect);
    if (rc)
        return rc;
    if (vars && surql_value_type_of(vars) != SURQL_VALUE_OBJECT)
        return QERR(SURQL_ETYPE, "vars must be an object");
    surql_query_stmt *s = calloc(1, sizeof *s);
    if (!s)
        return QERR(SURQL_ENOMEM, "out of memory");
    atomic_init(&s->refs, 1);
    s->text = surql_strdup(text);
    s->len = strlen(text);
    s->vars = vars ? surql_value_ref(vars) : surql_value_object();
    if (!s->text || !s->vars) {
        surql_query_stmt_unref(s);
        return QERR(SURQL_ENOMEM, "out of memory");
    }
    s->dialect = dialect;
    s->shape = shape;
    s->count = 1;
    *out = s;
    return SURQL_OK;
}

int surql_query_stmt_concat(surql_query_stmt **out, const surql_query_stmt *const *stmts, size_t n,
                            surql_query_shape shape)
{
    if (!out)
        return QERR(SURQL_EINVAL, "out is NULL");
    *out = NULL;
    if (!stmts || n == 0)
        return QERR(SURQL_EINVAL, "no statements");
    for (size_t i = 0; i < n; i++) {
        if (!stmts[i])
            return QERR(SURQL_EINVAL, "statement %zu is NULL", i);
        if (stmts[i]->dialect != stmts[0]->dialect)
            return QERR(SURQL_EINVAL, "statements of different dialects");
    }
    surql_buf text = SURQL_BUF_INIT;
    qrender r;
    int rc = qr_init(&r, &text, stmts[0]->dialect);
    size_t count = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const surql_query_stmt *s = stmts[i];
        if (i)
            rc = surql_buf_putc(&text, '\n');
        size_t pos = 0;
        for (size_t j = 0; !rc && j < s->nph; j++) {
            rc = surql_buf_put(&text, s->text + pos, s->ph[j].off - pos);
            if (!rc)
                rc = qr_bind(&r, ph_value(s, s->ph[j].var));
            pos = s->ph[j].off + s->ph[j].len;
        }
        if (!rc)
            rc = surql_buf_put(&text, s->text + pos, s->len - pos);
        /* a trusted statement's own variables are not placeholders: keep them */
        if (!rc && s->nph == 0 && surql_value_length(s->vars)) {
            surql_value_iter it;
            surql_value_iter_init(&it, s->vars);
            while (!rc && surql_value_iter_next(&it) == SURQL_OK)
                rc = surql_value_object_set_len(r.vars, it.key, it.key_len, it.value);
        }
        if (!rc && (s->len == 0 || s->text[s->len - 1] != ';'))
            rc = surql_buf_putc(&text, ';');
        count += s->count;
    }
    if (!rc)
        rc = q_stmt_from_render(out, &r, shape, count);
    qr_dispose(&r);
    surql_buf_dispose(&text);
    return rc;
}
