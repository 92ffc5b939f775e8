/* Schema model plumbing: errors, string/object vectors, reference counting,
 * permissions and name validation. */
#include "model-internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/schema/literal.h>

int sq_err(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    surql_error_setv(code, SQ_DOMAIN, fmt, ap);
    va_end(ap);
    return code;
}

int sq_set_str(char **dst, const char *src)
{
    char *c = NULL;
    if (src) {
        c = surql_strdup(src);
        if (!c)
            return sq_err(SURQL_ENOMEM, "out of memory");
    }
    free(*dst);
    *dst = c;
    return SURQL_OK;
}

int sq_strv_push(sq_strv *sv, const char *s)
{
    char *c = surql_strdup(s ? s : "");
    char **nv = c ? realloc(sv->v, (sv->n + 1) * sizeof *nv) : NULL;
    if (!nv) {
        free(c);
        return sq_err(SURQL_ENOMEM, "out of memory");
    }
    nv[sv->n++] = c;
    sv->v = nv;
    return SURQL_OK;
}

int sq_strv_copy(sq_strv *dst, const sq_strv *src)
{
    dst->v = NULL;
    dst->n = 0;
    for (size_t i = 0; i < src->n; i++) {
        if (sq_strv_push(dst, src->v[i]) != SURQL_OK) {
            sq_strv_clear(dst);
            return SURQL_ENOMEM;
        }
    }
    return SURQL_OK;
}

void sq_strv_clear(sq_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = 0;
}

void sq_obj_init(sq_obj *o, int kind)
{
    o->refs = 1;
    o->kind = kind;
    o->name = NULL;
}

void *sq_obj_ref(const void *o)
{
    union {
        const void *c;
        sq_obj *m;
    } u = { o };
    if (u.m)
        __atomic_add_fetch(&u.m->refs, 1, __ATOMIC_RELAXED);
    return u.m;
}

void sq_obj_unref(void *p)
{
    sq_obj *o = p;
    if (!o || __atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    switch (o->kind) {
    case SQ_SCHEMA: sq_schema_destroy(p); break;
    case SQ_TABLE: sq_table_destroy(p); break;
    case SQ_FIELD: sq_field_destroy(p); break;
    case SQ_INDEX: sq_index_destroy(p); break;
    case SQ_EVENT: sq_event_destroy(p); break;
    case SQ_ACCESS: sq_access_destroy(p); break;
    case SQ_PARAM: sq_param_destroy(p); break;
    case SQ_FUNCTION: sq_function_destroy(p); break;
    case SQ_ANALYZER: sq_analyzer_destroy(p); break;
    default: break;
    }
}

int sq_objv_copy(sq_objv *dst, const sq_objv *src)
{
    dst->v = NULL;
    dst->n = 0;
    if (!src->n)
        return SURQL_OK;
    dst->v = malloc(src->n * sizeof *dst->v);
    if (!dst->v)
        return sq_err(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; i < src->n; i++)
        dst->v[i] = sq_obj_ref(src->v[i]);
    dst->n = src->n;
    return SURQL_OK;
}

void sq_objv_clear(sq_objv *v)
{
    for (size_t i = 0; i < v->n; i++)
        sq_obj_unref(v->v[i]);
    free(v->v);
    v->v = NULL;
    v->n = 0;
}

size_t sq_objv_find(const sq_objv *v, const char *name)
{
    for (size_t i = 0; name && i < v->n; i++)
        if (strcmp(v->v[i]->name, name) == 0)
            return i;
    return (size_t)-1;
}

int sq_objv_put(sq_objv *v, const void *o)
{
    const sq_obj *ob = o;
    size_t i = sq_objv_find(v, ob->name);
    if (i != (size_t)-1) {
        sq_obj_unref(v->v[i]);
        v->v[i] = sq_obj_ref(o);
        return SURQL_OK;
    }
    sq_obj **nv = realloc(v->v, (v->n + 1) * sizeof *nv);
    if (!nv)
        return sq_err(SURQL_ENOMEM, "out of memory");
    nv[v->n++] = sq_obj_ref(o);
    v->v = nv;
    return SURQL_OK;
}

void sq_objv_remove(sq_objv *v, size_t i)
{
    if (i >= v->n)
        return;
    sq_obj_unref(v->v[i]);
    memmove(v->v + i, v->v + i + 1, (v->n - i - 1) * sizeof *v->v);
    v->n--;
}

/* ---- permissions --------------------------------------------------------- */

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

int sq_perm_rule(char **dst, const char *rule, const char *what)
{
    *dst = NULL;
    if (!rule)
        return SURQL_OK;
    const char *r = skip_ws(rule);
    size_t n = strlen(r);
    while (n && (r[n - 1] == ' ' || r[n - 1] == '\t' || r[n - 1] == '\n' || r[n - 1] == '\r'))
        n--;
    if (n == 4 && strncasecmp(r, "FULL", 4) == 0)
        r = "FULL";
    else if (n == 4 && strncasecmp(r, "NONE", 4) == 0)
        r = "NONE";
    else if (n > 6 && strncasecmp(r, "WHERE", 5) == 0 &&
             (r[5] == ' ' || r[5] == '\t' || r[5] == '\n' || r[5] == '(')) {
        const char *e = skip_ws(r + 5);
        n -= (size_t)(e - r);
        r = e;
    }
    if (n == 0)
        return sq_err(SURQL_ESCHEMA, "%s: empty permission rule", what);
    *dst = surql_strndup(r, n);
    return *dst ? SURQL_OK : sq_err(SURQL_ENOMEM, "out of memory");
}

int sq_perm_index(unsigned op)
{
    switch (op) {
    case SURQL_SCHEMA_PERM_SELECT: return 0;
    case SURQL_SCHEMA_PERM_CREATE: return 1;
    case SURQL_SCHEMA_PERM_UPDATE: return 2;
    case SURQL_SCHEMA_PERM_DELETE: return 3;
    default: return -1;
    }
}

int sq_perm_set(char *perm[4], unsigned ops, const char *rule, const char *what)
{
    if (ops == 0 || (ops & ~(unsigned)SURQL_SCHEMA_PERM_ALL))
        return sq_err(SURQL_EINVAL, "%s: invalid permission operations 0x%x", what, ops);
    for (int i = 0; i < 4; i++) {
        if (!(ops & (1u << i)))
            continue;
        char *r = NULL;
        int rc = sq_perm_rule(&r, rule, what);
        if (rc)
            return rc;
        free(perm[i]);
        perm[i] = r;
    }
    return SURQL_OK;
}

int sq_perm_copy(char *dst[4], char *const src[4])
{
    for (int i = 0; i < 4; i++) {
        dst[i] = NULL;
        if (src[i] && !(dst[i] = surql_strdup(src[i]))) {
            sq_perm_clear(dst);
            return sq_err(SURQL_ENOMEM, "out of memory");
        }
    }
    return SURQL_OK;
}

void sq_perm_clear(char *perm[4])
{
    for (int i = 0; i < 4; i++) {
        free(perm[i]);
        perm[i] = NULL;
    }
}

/* ---- names ---------------------------------------------------------------- */

static int ident_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static int ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

/* One segment of a path: *kind 0 = name (plain or backticked), 1 = element
 * ([*] or .*). Returns bytes consumed or 0 on a syntax error. */
typedef struct seg {
    int element;
    const char *p; /* name text (raw, including backticks) */
    size_t len;
} seg;

static size_t next_seg(const char *s, int first, seg *out)
{
    const char *p = s;
    if (!first) {
        if (p[0] == '[' && p[1] == '*' && p[2] == ']') {
            out->element = 1, out->p = p, out->len = 3;
            return 3;
        }
        if (p[0] != '.')
            return 0;
        p++;
        if (*p == '*') {
            out->element = 1, out->p = p - 1, out->len = 2;
            return 2;
        }
    }
    out->element = 0;
    out->p = p;
    if (*p == '`') {
        const char *q = p + 1;
        while (*q && *q != '`') {
            if (*q == '\\' && q[1])
                q++;
            q++;
        }
        if (*q != '`' || q == p + 1)
            return 0;
        out->len = (size_t)(q + 1 - p);
        return (size_t)(q + 1 - s);
    }
    if (!ident_char(*p))
        return 0;
    const char *q = p;
    while (ident_char(*q))
        q++;
    out->len = (size_t)(q - p);
    return (size_t)(q - s);
}

/* unescape a backticked segment into out */
static int seg_name(surql_buf *out, const seg *g)
{
    if (g->p[0] != '`')
        return surql_buf_put(out, g->p, g->len);
    for (size_t i = 1; i + 1 < g->len; i++) {
        char c = g->p[i];
        if (c == '\\' && i + 2 < g->len) {
            c = g->p[++i];
            if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
            else if (c == 'r') c = '\r';
        }
        if (surql_buf_putc(out, c))
            return SURQL_ENOMEM;
    }
    return SURQL_OK;
}

int sq_path_check(const char *path, const char *what)
{
    if (!path || !*path)
        return sq_err(SURQL_EIDENT, "%s: name is empty", what);
    if (strlen(path) > 1024)
        return sq_err(SURQL_EIDENT, "%s: name is too long", what);
    const char *p = path;
    int first = 1;
    while (*p) {
        seg g;
        size_t n = next_seg(p, first, &g);
        if (n == 0)
            return sq_err(SURQL_EIDENT,
                          "%s: invalid name '%s' at offset %zu (expected identifier, "
                          "'.name', '[*]' or '.*')",
                          what, path, (size_t)(p - path));
        if (first && !ident_start(g.p[0]) && g.p[0] != '`')
            return sq_err(SURQL_EIDENT, "%s: invalid name '%s': cannot start with a digit",
                          what, path);
        if (!g.element) {
            surql_buf b = SURQL_BUF_INIT;
            int rc = seg_name(&b, &g);
            if (!rc)
                rc = surql_ident_validate(surql_buf_cstr(&b), what);
            surql_buf_dispose(&b);
            if (rc)
                return rc;
        }
        first = 0;
        p += n;
    }
    return SURQL_OK;
}

int sq_path_render(surql_buf *out, const char *path, int v2)
{
    const char *p = path;
    int first = 1, rc = SURQL_OK;
    surql_buf name = SURQL_BUF_INIT;
    while (*p && !rc) {
        seg g;
        size_t n = next_seg(p, first, &g);
        if (!n)
            return sq_err(SURQL_EIDENT, "invalid name '%s'", path);
        if (g.element)
            rc = surql_buf_put(out, g.p, g.len);
        else {
            if (!first)
                rc = surql_buf_putc(out, '.');
            surql_buf_clear(&name);
            if (!rc)
                rc = seg_name(&name, &g);
            if (!rc)
                rc = surql_ident_escape_len(out, surql_buf_cstr(&name), name.size,
                                            v2 ? SURQL_LITERAL_V2 : 0);
        }
        first = 0;
        p += n;
    }
    surql_buf_dispose(&name);
    return rc;
}

int sq_path_canon(surql_buf *out, const char *path)
{
    const char *p = path;
    int first = 1, rc = SURQL_OK;
    while (*p && !rc) {
        seg g;
        size_t n = next_seg(p, first, &g);
        if (!n)
            return surql_buf_puts(out, p); /* not a path: keep as is */
        if (g.element)
            rc = surql_buf_puts(out, "[*]");
        else {
            if (!first)
                rc = surql_buf_putc(out, '.');
            if (!rc)
                rc = seg_name(out, &g);
        }
        first = 0;
        p += n;
    }
    return rc;
}

int sq_path_is_element(const char *path, size_t *parent_len)
{
    size_t n = strlen(path);
    if (n > 3 && strcmp(path + n - 3, "[*]") == 0) {
        *parent_len = n - 3;
        return 1;
    }
    if (n > 2 && strcmp(path + n - 2, ".*") == 0) {
        *parent_len = n - 2;
        return 1;
    }
    return 0;
}

int sq_fn_name_check(const char *name, const char *what)
{
    if (!name || !*name)
        return sq_err(SURQL_EIDENT, "%s: name is empty", what);
    const char *p = name;
    for (;;) {
        if (!ident_start(*p))
            return sq_err(SURQL_EIDENT,
                          "%s: invalid function name '%s' (expected identifiers joined by '::')",
                          what, name);
        while (ident_char(*p))
            p++;
        if (!*p)
            return SURQL_OK;
        if (p[0] != ':' || p[1] != ':')
            return sq_err(SURQL_EIDENT,
                          "%s: invalid function name '%s' (expected identifiers joined by '::')",
                          what, name);
        p += 2;
    }
}

int sq_duration_check(const char *d, const char *what)
{
    if (!d || strcasecmp(d, "NONE") == 0)
        return SURQL_OK;
    surql_value *v = surql_value_duration_parse(d);
    if (!v)
        return sq_err(SURQL_ESCHEMA, "%s: invalid duration '%s'", what, d);
    surql_value_unref(v);
    return SURQL_OK;
}
