/* SurrealQL literal text -> surql_value (surql_value_from_surql) and whole
 * record ids (surql_value_record_parse). Literals only: no expressions,
 * field references or function calls other than the three the renderer
 * writes (type::table, encoding::base64::decode, object::from_entries). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "literal-parse-internal.h"

static int parse_expr(lp *p, surql_value **out);
static int parse_primary(lp *p, surql_value **out);
static int parse_object(lp *p, surql_value **out, int as_key);

/* ---- record ids ---- */

static int parse_table_name(lp *p, surql_buf *b)
{
    if (peek(p, 0) == '`' || at_langle(p)) {
        size_t at = p->pos;
        int rc = surql__lp_quoted(p, b);
        if (!rc && (b->size == 0 || strlen(surql_buf_cstr(b)) != b->size))
            return surql__lp_err(p, at, p->code, "table name is empty or contains U+0000");
        return rc;
    }
    size_t start = p->pos;
    while (!at_end(p) && is_ident(p->s[p->pos]))
        p->pos++;
    if (p->pos == start)
        return surql__lp_unexpected(p, "a table name");
    return surql_buf_put(b, p->s + start, p->pos - start);
}

/* One record key (not a range). */
static int parse_key_atom(lp *p, surql_value **out)
{
    char c = peek(p, 0);
    size_t at = p->pos;
    if (c == '[')
        return parse_primary(p, out);
    if (c == '{')
        return parse_object(p, out, 1);
    if ((c == 'u') && (peek(p, 1) == '\'' || peek(p, 1) == '"'))
        return parse_primary(p, out);
    if (c == '`' || at_langle(p)) {
        surql_buf b = SURQL_BUF_INIT;
        int rc = surql__lp_quoted(p, &b);
        if (!rc) {
            *out = surql_value_string_len(surql_buf_cstr(&b), b.size);
            rc = *out ? SURQL_OK : surql__lp_builder(p, at);
        }
        surql_buf_dispose(&b);
        return rc;
    }
    size_t start = p->pos;
    int neg = c == '-';
    if (neg)
        p->pos++;
    size_t body = p->pos;
    while (!at_end(p) && is_ident(p->s[p->pos]))
        p->pos++;
    if (p->pos == body) {
        p->pos = start;
        return surql__lp_unexpected(p, "a record key");
    }
    int digits_only = 1;
    for (size_t i = body; i < p->pos; i++)
        digits_only &= is_digit(p->s[i]);
    if (neg && !digits_only)
        return surql__lp_err(p, start, p->code, "a record key starting with '-' must be an integer");
    if (digits_only) {
        /* an integer when it fits in 64 bits (as SurrealDB 3.x), else a string */
        uint64_t mag = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
        int fits = 1;
        for (size_t i = body; i < p->pos && fits; i++) {
            unsigned d = (unsigned)(p->s[i] - '0');
            if (mag > (lim - d) / 10)
                fits = 0;
            else
                mag = mag * 10 + d;
        }
        if (fits) {
            int64_t v = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag)
                            : (int64_t)mag;
            *out = surql_value_int(v);
            return *out ? SURQL_OK : SURQL_ENOMEM;
        }
    }
    *out = surql_value_string_len(p->s + start, p->pos - start);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}

static int key_atom_starts(const lp *p)
{
    char c = peek(p, 0);
    return c == '[' || c == '{' || c == '`' || c == '-' || is_ident(c) || at_langle(p);
}

/* Key, possibly an id range such as 1..5, ..=5, `a`>..`z`. */
static int parse_key(lp *p, surql_value **out)
{
    surql_value *lo = NULL, *hi = NULL;
    int lo_incl = 1, hi_incl = 0, rc;
    size_t at = p->pos;
    if (!(peek(p, 0) == '.' && peek(p, 1) == '.')) {
        rc = parse_key_atom(p, &lo);
        if (rc)
            return rc;
        if (peek(p, 0) == '>' && peek(p, 1) == '.' && peek(p, 2) == '.') {
            lo_incl = 0;
            p->pos++;
        } else if (!(peek(p, 0) == '.' && peek(p, 1) == '.')) {
            *out = lo;
            return SURQL_OK;
        }
    }
    p->pos += 2;
    if (peek(p, 0) == '=') {
        hi_incl = 1;
        p->pos++;
        if (!key_atom_starts(p)) {
            surql_value_unref(lo);
            return surql__lp_unexpected(p, "an upper bound after '..='");
        }
    }
    if (key_atom_starts(p)) {
        rc = parse_key_atom(p, &hi);
        if (rc) {
            surql_value_unref(lo);
            return rc;
        }
    }
    *out = surql_value_range_take(lo, lo_incl, hi, hi_incl);
    return *out ? SURQL_OK : surql__lp_builder(p, at);
}

static int parse_record_at(lp *p, surql_value **out)
{
    surql_buf tb = SURQL_BUF_INIT;
    size_t at = p->pos;
    int rc = parse_table_name(p, &tb);
    if (!rc && peek(p, 0) != ':')
        rc = surql__lp_unexpected(p, "':' after the table name");
    if (!rc) {
        p->pos++;
        rc = surql__lp_enter(p);
    }
    surql_value *key = NULL;
    if (!rc) {
        rc = parse_key(p, &key);
        p->depth--;
    }
    if (!rc) {
        *out = surql_value_record_take(surql_buf_cstr(&tb), key);
        if (!*out)
            rc = surql__lp_builder(p, at);
    }
    surql_buf_dispose(&tb);
    return rc;
}

/* ---- containers ---- */

static int parse_list(lp *p, surql_value *c, char close)
{
    size_t open = p->pos;
    int rc = surql__lp_enter(p);
    if (rc)
        return rc;
    p->pos++;
    while (1) {
        surql__lp_skip_ws(p);
        if (peek(p, 0) == close) {
            p->pos++;
            break;
        }
        surql_value *item = NULL;
        rc = parse_expr(p, &item);
        if (rc)
            return rc;
        rc = c->type == SURQL_VALUE_SET ? surql_value_set_add_take(c, item)
                                        : surql_value_array_push_take(c, item);
        if (rc)
            return surql__lp_builder(p, open);
        surql__lp_skip_ws(p);
        if (peek(p, 0) == ',') {
            p->pos++;
            continue;
        }
        if (peek(p, 0) != close)
            return at_end(p) ? surql__lp_err(p, open, p->code, "unterminated list")
                             : surql__lp_unexpected(p, close == ']' ? "',' or ']'" : "',' or '}'");
    }
    p->depth--;
    return SURQL_OK;
}

/* Object key: identifier characters, a quoted string or a backticked name. */
static int parse_obj_key(lp *p, surql_buf *b)
{
    char c = peek(p, 0);
    if (c == '\'' || c == '"' || c == '`' || at_langle(p))
        return surql__lp_quoted(p, b);
    size_t start = p->pos;
    while (!at_end(p) && is_ident(p->s[p->pos]))
        p->pos++;
    if (p->pos == start)
        return surql__lp_unexpected(p, "an object key");
    return surql_buf_put(b, p->s + start, p->pos - start);
}

/* GeoJSON-shaped object -> geometry, as SurrealDB's parser does. */
static surql_value *maybe_geometry(surql_value *o)
{
    if (o->u.obj.len != 2)
        return o;
    const surql_value *t = surql_value_object_get(o, "type");
    if (surql_value_type_of(t) != SURQL_VALUE_STRING)
        return o;
    int kind = surql__geometry_kind_from_name(t->u.s.ptr, t->u.s.len);
    const surql_value *c = surql_value_object_get(
        o, kind == SURQL_GEOMETRY_COLLECTION ? "geometries" : "coordinates");
    if (!kind || !c)
        return o;
    surql_value *norm = NULL;
    if (surql__geometry_check(kind, c, &norm, 1) != 0) /* not a geometry: stays an object */
        return o;
    surql_value_unref(norm);
    surql_value *g = surql_value_geometry((surql_geometry_kind)kind, c);
    if (!g)
        return o;
    surql_value_unref(o);
    return g;
}

static int parse_object(lp *p, surql_value **out, int as_key)
{
    size_t open = p->pos;
    int rc = surql__lp_enter(p);
    if (rc)
        return rc;
    p->pos++;
    surql_value *o = surql_value_object();
    if (!o)
        return SURQL_ENOMEM;
    surql_buf k = SURQL_BUF_INIT;
    while (1) {
        surql__lp_skip_ws(p);
        if (peek(p, 0) == '}') {
            p->pos++;
            break;
        }
        size_t kat = p->pos;
        surql_buf_clear(&k);
        rc = parse_obj_key(p, &k);
        if (rc)
            goto fail;
        if (surql__object_find(o, surql_buf_cstr(&k), k.size) >= 0) {
            rc = surql__lp_err(p, kat, p->code, "duplicate object key");
            goto fail;
        }
        surql__lp_skip_ws(p);
        if (peek(p, 0) != ':') {
            rc = surql__lp_unexpected(p, "':' after an object key");
            goto fail;
        }
        p->pos++;
        surql__lp_skip_ws(p);
        surql_value *val = NULL;
        rc = parse_expr(p, &val);
        if (rc)
            goto fail;
        if (surql_value_object_set_len_take(o, surql_buf_cstr(&k), k.size, val) != 0) {
            rc = surql__lp_builder(p, kat);
            goto fail;
        }
        surql__lp_skip_ws(p);
        if (peek(p, 0) == ',') {
            p->pos++;
            continue;
        }
        if (peek(p, 0) != '}') {
            rc = at_end(p) ? surql__lp_err(p, open, p->code, "unterminated object")
                           : surql__lp_unexpected(p, "',' or '}'");
            goto fail;
        }
    }
    surql_buf_dispose(&k);
    p->depth--;
    *out = as_key ? o : maybe_geometry(o);
    return SURQL_OK;
fail:
    surql_buf_dispose(&k);
    surql_value_unref(o);
    return rc;
}

/* Does an object key followed by ':' (not '::') start here? Looks ahead
 * without moving or recording errors. */
static int key_colon_ahead(const lp *p)
{
    size_t i = p->pos;
    char c = i < p->len ? p->s[i] : '\0';
    if (c == '\'' || c == '"' || c == '`') {
        for (i++; i < p->len && p->s[i] != c; i++)
            if (p->s[i] == '\\')
                i++;
        if (i >= p->len)
            return 0;
        i++;
    } else if (at_langle(p)) {
        for (i += 3; i + 2 < p->len && !(p->s[i] == '\xE2' && p->s[i + 1] == '\x9F' &&
                                          p->s[i + 2] == '\xA9');
             i++)
            if (p->s[i] == '\\')
                i++;
        if (i + 2 >= p->len)
            return 0;
        i += 3;
    } else {
        size_t start = i;
        while (i < p->len && is_ident(p->s[i]))
            i++;
        if (i == start)
            return 0;
    }
    while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\n' || p->s[i] == '\r'))
        i++;
    return i < p->len && p->s[i] == ':' && !(i + 1 < p->len && p->s[i + 1] == ':');
}

/* '{': object, or a 3.x set literal {,} / {a,} / {a, b} */
static int parse_brace(lp *p, surql_value **out)
{
    size_t save = p->pos;
    p->pos++;
    surql__lp_skip_ws(p);
    if (peek(p, 0) == ',') { /* {,} */
        p->pos++;
        surql__lp_skip_ws(p);
        if (peek(p, 0) != '}')
            return surql__lp_unexpected(p, "'}'");
        p->pos++;
        *out = surql_value_set();
        return *out ? SURQL_OK : SURQL_ENOMEM;
    }
    /* object when the first item is "key:" */
    int is_object = peek(p, 0) == '}' || key_colon_ahead(p);
    p->pos = save;
    if (is_object)
        return parse_object(p, out, 0);
    surql_value *set = surql_value_set();
    if (!set)
        return SURQL_ENOMEM;
    size_t open = p->pos;
    int rc = parse_list(p, set, '}');
    if (!rc && set->u.arr.len == 1) {
        /* {a} is a block in SurrealQL; a one-element set is written {a,} */
        size_t k = p->pos - 2;
        while (k > open && (p->s[k] == ' ' || p->s[k] == '\t' || p->s[k] == '\n' || p->s[k] == '\r'))
            k--;
        if (p->s[k] != ',')
            rc = surql__lp_err(p, open, p->code, "a block is not a literal (write a one-element set {a,})");
    }
    if (rc) {
        surql_value_unref(set);
        return rc;
    }
    *out = set;
    return SURQL_OK;
}

/* '(' : point (x, y) or a parenthesised literal */
static int parse_paren(lp *p, surql_value **out)
{
    size_t open = p->pos;
    int rc = surql__lp_enter(p);
    if (rc)
        return rc;
    p->pos++;
    surql_value *a = NULL, *b = NULL;
    surql__lp_skip_ws(p);
    rc = parse_expr(p, &a);
    if (rc)
        return rc;
    surql__lp_skip_ws(p);
    if (peek(p, 0) == ',') {
        p->pos++;
        surql__lp_skip_ws(p);
        rc = parse_expr(p, &b);
        if (rc) {
            surql_value_unref(a);
            return rc;
        }
        surql__lp_skip_ws(p);
    }
    if (peek(p, 0) != ')') {
        surql_value_unref(a);
        surql_value_unref(b);
        return at_end(p) ? surql__lp_err(p, open, p->code, "unterminated '('") : surql__lp_unexpected(p, "')'");
    }
    p->pos++;
    p->depth--;
    if (!b) {
        *out = a;
        return SURQL_OK;
    }
    double x, y;
    int ok = (a->type == SURQL_VALUE_INT || a->type == SURQL_VALUE_FLOAT) &&
             (b->type == SURQL_VALUE_INT || b->type == SURQL_VALUE_FLOAT);
    if (ok) {
        surql_value_get_number(a, &x);
        surql_value_get_number(b, &y);
    }
    surql_value_unref(a);
    surql_value_unref(b);
    if (!ok)
        return surql__lp_err(p, open, p->code, "a point needs two numbers");
    *out = surql_value_point(x, y);
    return *out ? SURQL_OK : surql__lp_builder(p, open);
}

/* ---- identifiers, keywords and the three known functions ---- */

static int word_is(const lp *p, size_t start, size_t end, const char *w)
{
    return strlen(w) == end - start && strncasecmp(p->s + start, w, end - start) == 0;
}

static int parse_call_arg(lp *p, surql_value **arg)
{
    surql__lp_skip_ws(p);
    if (peek(p, 0) != '(')
        return surql__lp_unexpected(p, "'('");
    int rc = surql__lp_enter(p);
    if (rc)
        return rc;
    p->pos++;
    surql__lp_skip_ws(p);
    rc = parse_expr(p, arg);
    if (rc)
        return rc;
    surql__lp_skip_ws(p);
    if (peek(p, 0) != ')') {
        *arg = surql_value_unref(*arg);
        return surql__lp_unexpected(p, "')'");
    }
    p->pos++;
    p->depth--;
    return SURQL_OK;
}

static int parse_function(lp *p, size_t start, surql_value **out)
{
    while (peek(p, 0) == ':' && peek(p, 1) == ':' && is_ident(peek(p, 2))) {
        p->pos += 2;
        while (!at_end(p) && is_ident(p->s[p->pos]))
            p->pos++;
    }
    size_t end = p->pos;
    int fn = word_is(p, start, end, "type::table")               ? 1
             : word_is(p, start, end, "encoding::base64::decode") ? 2
             : word_is(p, start, end, "object::from_entries")     ? 3
                                                                  : 0;
    if (!fn)
        return surql__lp_err(p, start, p->code, "function call '%.*s' is not a literal",
                      (int)(end - start > 64 ? 64 : end - start), p->s + start);
    surql_value *arg = NULL;
    int rc = parse_call_arg(p, &arg);
    if (rc)
        return rc;
    surql_value *r = NULL;
    if (fn == 1 && arg->type == SURQL_VALUE_STRING) {
        if (strlen(arg->u.s.ptr) == arg->u.s.len)
            r = surql_value_table(arg->u.s.ptr);
        if (!r)
            rc = surql__lp_builder(p, start);
    } else if (fn == 2 && arg->type == SURQL_VALUE_STRING) {
        surql_buf b = SURQL_BUF_INIT;
        rc = surql__base64_decode(arg->u.s.ptr, arg->u.s.len, &b);
        if (!rc)
            r = surql_value_bytes(b.ptr, b.size);
        surql_buf_dispose(&b);
        if (!r)
            rc = surql__lp_builder(p, start);
    } else if (fn == 3 && arg->type == SURQL_VALUE_ARRAY) {
        r = surql_value_object();
        for (size_t i = 0; r && i < arg->u.arr.len; i++) {
            const surql_value *e = arg->u.arr.items[i];
            if (e->type != SURQL_VALUE_ARRAY || e->u.arr.len != 2 ||
                e->u.arr.items[0]->type != SURQL_VALUE_STRING) {
                r = surql_value_unref(r);
                rc = surql__lp_err(p, start, p->code, "object::from_entries expects [key, value] pairs");
            } else {
                const surql_value *k = e->u.arr.items[0];
                if (surql__object_find(r, k->u.s.ptr, k->u.s.len) >= 0) {
                    r = surql_value_unref(r);
                    rc = surql__lp_err(p, start, p->code, "duplicate object key");
                } else if (surql_value_object_set_len(r, k->u.s.ptr, k->u.s.len,
                                                      e->u.arr.items[1]) != 0) {
                    r = surql_value_unref(r);
                    rc = surql__lp_builder(p, start);
                }
            }
        }
    } else {
        rc = surql__lp_err(p, start, p->code, "wrong argument type for '%.*s'", (int)(end - start),
                    p->s + start);
    }
    surql_value_unref(arg);
    *out = r;
    return rc;
}

static int parse_word(lp *p, surql_value **out)
{
    size_t start = p->pos;
    while (!at_end(p) && is_ident(p->s[p->pos]))
        p->pos++;
    size_t end = p->pos;
    if (peek(p, 0) == ':' && peek(p, 1) == ':')
        return parse_function(p, start, out);
    if (peek(p, 0) == ':') {
        p->pos = start;
        return parse_record_at(p, out);
    }
    if (word_is(p, start, end, "NONE"))
        *out = surql_value_none();
    else if (word_is(p, start, end, "NULL"))
        *out = surql_value_null();
    else if (word_is(p, start, end, "true"))
        *out = surql_value_bool(1);
    else if (word_is(p, start, end, "false"))
        *out = surql_value_bool(0);
    else if (end - start == 3 && memcmp(p->s + start, "NaN", 3) == 0)
        *out = surql_value_float(NAN);
    else if (end - start == 8 && memcmp(p->s + start, "Infinity", 8) == 0)
        *out = surql_value_float(INFINITY);
    else
        return surql__lp_err(p, start, p->code, "'%.*s' is not a literal (a field or table reference?)",
                      (int)(end - start > 64 ? 64 : end - start), p->s + start);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}

/* <float> / <set> casts, as written for NaN, the infinities and sets */
static int parse_cast(lp *p, surql_value **out)
{
    size_t start = p->pos;
    int is_float = strncmp(p->s + p->pos, "<float>", 7) == 0 && p->len - p->pos >= 7;
    int is_set = !is_float && p->len - p->pos >= 5 && strncmp(p->s + p->pos, "<set>", 5) == 0;
    if (!is_float && !is_set)
        return surql__lp_err(p, start, p->code, "only <float> and <set> casts are literals");
    p->pos += is_float ? 7 : 5;
    surql__lp_skip_ws(p);
    surql_value *arg = NULL;
    int rc = parse_primary(p, &arg);
    if (rc)
        return rc;
    surql_value *r = NULL;
    if (is_float) {
        if (arg->type == SURQL_VALUE_FLOAT)
            r = surql_value_ref(arg);
        else if (arg->type == SURQL_VALUE_INT)
            r = surql_value_float((double)arg->u.i);
        else if (arg->type == SURQL_VALUE_STRING) {
            const char *t = arg->u.s.ptr;
            if (strcmp(t, "NaN") == 0)
                r = surql_value_float(NAN);
            else if (strcmp(t, "Infinity") == 0 || strcmp(t, "inf") == 0)
                r = surql_value_float(INFINITY);
            else if (strcmp(t, "-Infinity") == 0 || strcmp(t, "-inf") == 0)
                r = surql_value_float(-INFINITY);
            else {
                double d;
                if (surql__parse_double_quiet(t, arg->u.s.len, &d) == 0)
                    r = surql_value_float(d);
            }
        }
    } else if (arg->type == SURQL_VALUE_ARRAY || arg->type == SURQL_VALUE_SET) {
        r = surql_value_set();
        for (size_t i = 0; r && i < arg->u.arr.len; i++)
            if (surql_value_set_add(r, arg->u.arr.items[i]) != 0)
                r = surql_value_unref(r);
    }
    surql_value_unref(arg);
    if (!r)
        return surql__lp_err(p, start, p->code, "invalid %s cast", is_float ? "<float>" : "<set>");
    *out = r;
    return SURQL_OK;
}

/* prefixed strings: d'' u'' r'' b"" s'' */
static int parse_prefixed(lp *p, surql_value **out)
{
    char k = p->s[p->pos];
    size_t at = p->pos++;
    surql_buf b = SURQL_BUF_INIT;
    int rc = k == 's' ? surql__lp_quoted(p, &b) : surql__lp_quoted_text(p, &b, at);
    if (rc) {
        surql_buf_dispose(&b);
        return rc;
    }
    const char *t = surql_buf_cstr(&b);
    switch (k) {
    case 'd':
        *out = surql_value_datetime_parse(t);
        break;
    case 'u':
        *out = surql_value_uuid_parse(t);
        break;
    case 's':
        *out = surql_value_string_len(t, b.size);
        break;
    case 'r': {
        lp sub = { t, b.size, 0, p->depth, p->code, NULL };
        rc = parse_record_at(&sub, out);
        if (!rc && sub.pos != sub.len) {
            *out = surql_value_unref(*out);
            rc = surql__lp_err(p, at, p->code, "unexpected text after the record id in r''");
        }
        surql_buf_dispose(&b);
        return rc;
    }
    default: { /* b"hex" */
        surql_buf raw = SURQL_BUF_INIT;
        *out = NULL;
        if (b.size % 2 == 0) {
            size_t i;
            for (i = 0; i < b.size && !rc; i += 2) {
                int hi = hexv(t[i]), lo = hexv(t[i + 1]);
                if (hi < 0 || lo < 0)
                    break;
                rc = surql_buf_putc(&raw, (char)(hi << 4 | lo));
            }
            if (i >= b.size && !rc)
                *out = surql_value_bytes(raw.ptr, raw.size);
        }
        surql_buf_dispose(&raw);
        surql_buf_dispose(&b);
        if (!*out)
            return rc ? rc : surql__lp_err(p, at, p->code, "bytes literal needs an even number of hex digits");
        return SURQL_OK;
    }
    }
    surql_buf_dispose(&b);
    return *out ? SURQL_OK : surql__lp_builder(p, at);
}

static int parse_primary(lp *p, surql_value **out)
{
    *out = NULL;
    surql__lp_skip_ws(p);
    char c = peek(p, 0), n = peek(p, 1);
    if (at_end(p))
        return surql__lp_unexpected(p, "a value");
    if (c == '[') {
        surql_value *a = surql_value_array();
        if (!a)
            return SURQL_ENOMEM;
        int rc = parse_list(p, a, ']');
        if (rc) {
            surql_value_unref(a);
            return rc;
        }
        *out = a;
        return SURQL_OK;
    }
    if (c == '{')
        return parse_brace(p, out);
    if (c == '(')
        return parse_paren(p, out);
    if (c == '<')
        return parse_cast(p, out);
    if (c == '\'' || c == '"') {
        size_t at = p->pos;
        surql_buf b = SURQL_BUF_INIT;
        int rc = surql__lp_quoted(p, &b);
        if (!rc) {
            *out = surql_value_string_len(surql_buf_cstr(&b), b.size);
            if (!*out)
                rc = surql__lp_builder(p, at);
        }
        surql_buf_dispose(&b);
        return rc;
    }
    if (c == '`' || at_langle(p))
        return parse_record_at(p, out);
    if ((c == 'd' || c == 'u' || c == 'r' || c == 's' || c == 'b') && (n == '\'' || n == '"'))
        return parse_prefixed(p, out);
    if (c == '-' || is_digit(c))
        return surql__lp_number(p, out);
    if (is_ident(c))
        return parse_word(p, out);
    return surql__lp_unexpected(p, "a value");
}

/* A value, possibly a range (bounds are single literals). */
static int parse_expr(lp *p, surql_value **out)
{
    surql_value *lo = NULL, *hi = NULL;
    int lo_incl = 1, hi_incl = 0, rc;
    surql__lp_skip_ws(p);
    size_t at = p->pos;
    if (!(peek(p, 0) == '.' && peek(p, 1) == '.')) {
        rc = parse_primary(p, &lo);
        if (rc)
            return rc;
        surql__lp_skip_ws(p);
        if (peek(p, 0) == '>' && peek(p, 1) == '.' && peek(p, 2) == '.') {
            lo_incl = 0;
            p->pos++;
        } else if (!(peek(p, 0) == '.' && peek(p, 1) == '.')) {
            *out = lo;
            return SURQL_OK;
        }
    }
    p->pos += 2;
    if (peek(p, 0) == '=') {
        hi_incl = 1;
        p->pos++;
    }
    surql__lp_skip_ws(p);
    char c = peek(p, 0);
    if (hi_incl || (!at_end(p) && c != ',' && c != ']' && c != '}' && c != ')')) {
        rc = parse_primary(p, &hi);
        if (rc) {
            surql_value_unref(lo);
            return rc;
        }
    }
    if ((lo && lo->type == SURQL_VALUE_RANGE) || (hi && hi->type == SURQL_VALUE_RANGE)) {
        surql_value_unref(lo);
        surql_value_unref(hi);
        return surql__lp_err(p, at, p->code, "a range bound cannot be a range");
    }
    *out = surql_value_range_take(lo, lo_incl, hi, hi_incl);
    return *out ? SURQL_OK : surql__lp_builder(p, at);
}

int surql_value_from_surql(surql_value **out, const char *text, size_t len)
{
    if (!out)
        return surql__err(SURQL_EINVAL, "surql_value_from_surql: out is NULL");
    *out = NULL;
    if (!text && len)
        return surql__err(SURQL_EINVAL, "surql_value_from_surql: text is NULL");
    lp p = { text ? text : "", len, 0, 0, SURQL_EPARSE, NULL };
    size_t bad = surql__utf8_check(p.s, len);
    if (bad != len)
        return surql__lp_err(&p, bad, SURQL_EINVAL, "invalid UTF-8");
    surql_value *v = NULL;
    int rc = parse_expr(&p, &v);
    if (rc)
        return rc;
    surql__lp_skip_ws(&p);
    if (!at_end(&p)) {
        surql_value_unref(v);
        return surql__lp_err(&p, p.pos, SURQL_EPARSE, "unexpected text after the literal");
    }
    *out = v;
    return SURQL_OK;
}

surql_value *surql_value_record_parse(const char *text)
{
    if (!text) {
        surql__err(SURQL_EIDENT, "invalid record id: text is NULL");
        return NULL;
    }
    size_t len = strlen(text);
    lp p = { text, len, 0, 0, SURQL_EIDENT, text };
    size_t bad = surql__utf8_check(text, len);
    if (bad != len) {
        surql__lp_err(&p, bad, SURQL_EIDENT, "invalid UTF-8");
        return NULL;
    }
    if (len == 0) {
        surql__lp_err(&p, 0, SURQL_EIDENT, "empty text");
        return NULL;
    }
    surql_value *v = NULL;
    if (parse_record_at(&p, &v) != 0)
        return NULL;
    if (!at_end(&p)) {
        surql_value_unref(v);
        surql__lp_err(&p, p.pos, SURQL_EIDENT, "unexpected text after the key");
        return NULL;
    }
    return v;
}
