/* Schema files: located errors ("FILE:LINE:COL: what", with "did you mean"
 * suggestions) and typed getters over the nodes of a YAML/JSON schema
 * document, shared by the loaders (files.c, files-table.c, files-index.c). */
#include "files-internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LD_FILE(c) ((c)->file ? (c)->file : "<input>")

int ld_err(const ld *c, const sn *n, int code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = n ? n->line : 0, col = n ? n->col : 0;
    return surql_error_set_at(code, SQ_DOMAIN, line, col, "%s:%zu:%zu: %s", LD_FILE(c), line,
                              col, msg);
}

int ld_wrap(const ld *c, const sn *n, int rc)
{
    if (rc == SURQL_ENOMEM)
        return rc;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", surql_error_last()->message);
    return ld_err(c, n, rc, "%s", msg);
}

const char *ld_kind_word(const sn *n)
{
    switch (n ? n->kind : SN_NULL) {
    case SN_MAP: return "a mapping";
    case SN_SEQ: return "a list";
    case SN_NULL: return "null";
    default: return "a scalar";
    }
}

/* ---- keys --------------------------------------------------------------- */

static size_t lev(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t m = prev[j] + 1;
            if (cur[j - 1] + 1 < m)
                m = cur[j - 1] + 1;
            if (prev[j - 1] + cost < m)
                m = prev[j - 1] + cost;
            cur[j] = m;
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* the nearest word of valid to w, or NULL when nothing is close */
static const char *nearest(const char *w, const char *const *valid)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (size_t i = 0; valid[i]; i++) {
        size_t d = lev(w, valid[i]);
        if (d < bd) {
            bd = d;
            best = valid[i];
        }
    }
    size_t wl = strlen(w);
    size_t limit = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
    return best && bd <= limit ? best : NULL;
}

/* words joined with ", " into list (cap bytes, cut short when full) */
static void join_words(char *list, size_t cap, const char *const *words)
{
    size_t used = 0;
    list[0] = '\0';
    for (size_t j = 0; words[j] && used < cap - 1; j++) {
        int w = snprintf(list + used, cap - used, "%s%s", j ? ", " : "", words[j]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

int ld_check_keys(const ld *c, const sn *m, const char *const *valid, const char *what)
{
    for (size_t i = 0; m && m->kind == SN_MAP && i < m->n; i++) {
        const char *k = m->keys[i]->text;
        int ok = 0;
        for (size_t j = 0; valid[j] && !ok; j++)
            ok = strcmp(k, valid[j]) == 0;
        if (ok)
            continue;
        const char *near = nearest(k, valid);
        if (near)
            return ld_err(c, m->keys[i], SURQL_EPARSE,
                          "unknown key '%s' in %s (did you mean '%s'?)", k, what, near);
        char list[512];
        join_words(list, sizeof list, valid);
        return ld_err(c, m->keys[i], SURQL_EPARSE, "unknown key '%s' in %s (valid keys: %s)", k,
                      what, list);
    }
    return SURQL_OK;
}

/* ---- typed getters ------------------------------------------------------ */

const sn *ld_get(const sn *m, const char *key)
{
    for (size_t i = 0; m && m->kind == SN_MAP && i < m->n; i++)
        if (strcmp(m->keys[i]->text, key) == 0)
            return m->items[i] && m->items[i]->kind != SN_NULL ? m->items[i] : NULL;
    return NULL;
}

int ld_need_map(const ld *c, const sn *n, const char *what)
{
    if (n && n->kind != SN_MAP)
        return ld_err(c, n, SURQL_EPARSE, "%s must be a mapping (got %s)", what, ld_kind_word(n));
    return SURQL_OK;
}

int ld_get_text(const ld *c, const sn *m, const char *key, const char **out, const char *what)
{
    const sn *v = ld_get(m, key);
    *out = NULL;
    if (!v)
        return SURQL_OK;
    if (v->kind != SN_SCALAR)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a string (got %s)", key, what,
                      ld_kind_word(v));
    *out = v->text;
    return SURQL_OK;
}

int ld_get_texts(const ld *c, const sn *m, const char *const *keys, const char **const *outs,
                 const char *what)
{
    int rc = SURQL_OK;
    for (size_t i = 0; !rc && keys[i]; i++)
        rc = ld_get_text(c, m, keys[i], outs[i], what);
    return rc;
}

int ld_scalar_bool(const sn *v, int *out)
{
    if (!v || v->kind != SN_SCALAR || v->quoted)
        return -1;
    if (strcmp(v->text, "true") == 0 || strcmp(v->text, "True") == 0 ||
        strcmp(v->text, "TRUE") == 0)
        *out = 1;
    else if (strcmp(v->text, "false") == 0 || strcmp(v->text, "False") == 0 ||
             strcmp(v->text, "FALSE") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

int ld_get_bool(const ld *c, const sn *m, const char *key, int *out, const char *what)
{
    const sn *v = ld_get(m, key);
    *out = 0;
    if (v && ld_scalar_bool(v, out) != 0)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be true or false", key, what);
    return SURQL_OK;
}

int ld_scalar_uint(const sn *v, unsigned *out)
{
    if (!v || v->kind != SN_SCALAR || v->quoted || !v->text[0] || v->len > 9)
        return -1;
    unsigned long x = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->text[i] < '0' || v->text[i] > '9')
            return -1;
        x = x * 10 + (unsigned long)(v->text[i] - '0');
    }
    *out = (unsigned)x;
    return 0;
}

int ld_get_uint(const ld *c, const sn *m, const char *key, unsigned *out, const char *what)
{
    const sn *v = ld_get(m, key);
    *out = 0;
    if (v && ld_scalar_uint(v, out) != 0)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a non-negative integer", key, what);
    return SURQL_OK;
}

int ld_scalar_double(const sn *v, double *out)
{
    if (!v || v->kind != SN_SCALAR || v->quoted || !v->text[0])
        return -1;
    char *end = NULL;
    double d = strtod(v->text, &end);
    if (!end || *end || d != d)
        return -1;
    *out = d;
    return 0;
}

int ld_get_double(const ld *c, const sn *m, const char *key, double *out, const char *what)
{
    const sn *v = ld_get(m, key);
    *out = 0;
    if (v && ld_scalar_double(v, out) != 0)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a number", key, what);
    return SURQL_OK;
}

int ld_get_list(const ld *c, const sn *m, const char *key, const char ***out, size_t *n,
                const char *what)
{
    const sn *v = ld_get(m, key);
    *out = NULL;
    *n = 0;
    if (!v)
        return SURQL_OK;
    size_t cnt = v->kind == SN_SEQ ? v->n : 1;
    if (v->kind == SN_MAP)
        return ld_err(c, v, SURQL_EPARSE, "'%s' of %s must be a string or a list of strings", key,
                      what);
    const char **arr = calloc(cnt ? cnt : 1, sizeof *arr);
    if (!arr)
        return sq_err(SURQL_ENOMEM, "out of memory");
    for (size_t i = 0; i < cnt; i++) {
        const sn *e = v->kind == SN_SEQ ? v->items[i] : v;
        if (e->kind != SN_SCALAR) {
            free(arr);
            return ld_err(c, e, SURQL_EPARSE, "'%s' of %s: expected a string (got %s)", key, what,
                          ld_kind_word(e));
        }
        arr[i] = e->text;
    }
    *out = arr;
    *n = cnt;
    return SURQL_OK;
}

/* ---- data values (param values and defaults given as YAML/JSON data) ---- */

static surql_value *plain_value(const sn *n)
{
    const char *s = n->text;
    size_t len = n->len;
    int b;
    if (ld_scalar_bool(n, &b) == 0)
        return surql_value_bool(b);
    size_t i = (len && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    int digits = i < len, dot = 0, exp = 0;
    for (size_t j = i; j < len; j++) {
        if (s[j] >= '0' && s[j] <= '9')
            continue;
        if (s[j] == '.' && !dot && !exp)
            dot = 1;
        else if ((s[j] == 'e' || s[j] == 'E') && !exp && j > i && j + 1 < len) {
            exp = 1;
            if (s[j + 1] == '-' || s[j + 1] == '+')
                j++;
        } else {
            digits = 0;
            break;
        }
    }
    if (digits && !dot && !exp && len - i <= 18) {
        long long x = strtoll(s, NULL, 10);
        return surql_value_int((int64_t)x);
    }
    if (digits) {
        double d = strtod(s, NULL);
        return surql_value_float(d);
    }
    if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 || strcmp(s, "+.inf") == 0)
        return surql_value_float(1e308 * 10);
    if (strcmp(s, "-.inf") == 0 || strcmp(s, "-.Inf") == 0)
        return surql_value_float(-1e308 * 10);
    return surql_value_string_len(s, len);
}

int ld_data_value(const ld *c, const sn *n, surql_value **out)
{
    *out = NULL;
    if (n->jv) {
        *out = surql_value_ref(n->jv);
        return SURQL_OK;
    }
    surql_value *v = NULL;
    int rc = SURQL_OK;
    switch (n->kind) {
    case SN_NULL: v = surql_value_null(); break;
    case SN_SCALAR: v = n->quoted ? surql_value_string_len(n->text, n->len) : plain_value(n); break;
    case SN_SEQ:
        v = surql_value_array();
        for (size_t i = 0; v && !rc && i < n->n; i++) {
            surql_value *e = NULL;
            rc = ld_data_value(c, n->items[i], &e);
            if (!rc)
                rc = surql_value_array_push_take(v, e);
        }
        break;
    case SN_MAP:
        v = surql_value_object();
        for (size_t i = 0; v && !rc && i < n->n; i++) {
            surql_value *e = NULL;
            rc = ld_data_value(c, n->items[i], &e);
            if (!rc)
                rc = surql_value_object_set_len_take(v, n->keys[i]->text, n->keys[i]->len, e);
        }
        break;
    }
    if (!v)
        return ld_wrap(c, n, surql_error_last()->code ? surql_error_last()->code : SURQL_ENOMEM);
    if (rc) {
        surql_value_unref(v);
        return rc == SURQL_ENOMEM ? rc : ld_wrap(c, n, rc);
    }
    *out = v;
    return SURQL_OK;
}

int ld_word_index(const char *w, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strcasecmp(w, words[i]) == 0)
            return i;
    return -1;
}

int ld_bad_word(const ld *c, const sn *n, const char *key, const char *what,
                const char *const *words)
{
    char list[256];
    join_words(list, sizeof list, words);
    const char *near = n->kind == SN_SCALAR ? nearest(n->text, words) : NULL;
    if (near)
        return ld_err(c, n, SURQL_EPARSE, "'%s' of %s: unknown value '%s' (did you mean '%s'?)",
                      key, what, n->text, near);
    return ld_err(c, n, SURQL_EPARSE, "'%s' of %s must be one of: %s", key, what, list);
}
