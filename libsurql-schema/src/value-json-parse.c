/* JSON -> surql_value: a strict RFC 8259 parser with positions.
 *
 * json-c (0.16, Debian 12) is not used for input: its tokener silently
 * turns lone surrogate escapes into U+FFFD, accepts overlong UTF-8 and raw
 * control characters in strings even with JSON_TOKENER_STRICT, keeps the
 * last of duplicate keys and gives no way to tell an integer literal that
 * does not fit int64 from a float. This parser rejects all of those with a
 * line and column, and builds surql_values directly. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value-internal.h"

typedef struct jp {
    const char *s;
    size_t len, pos;
    int ext, depth;
    int max_depth; /* JSON nesting allowed: tags of the extended form add levels */
} jp;

static int jp_errv(const jp *p, size_t at, int code, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;

static int jp_errv(const jp *p, size_t at, int code, const char *fmt, va_list ap)
{
    size_t line, col;
    surql__line_col(p->s, p->len, at, &line, &col);
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return surql_error_set_at(code, SV_DOMAIN, line, col, "JSON: %s at line %zu, column %zu",
                              msg, line, col);
}

static int jp_err(const jp *p, size_t at, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int jp_err(const jp *p, size_t at, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = jp_errv(p, at, code, fmt, ap);
    va_end(ap);
    return rc;
}

static void skip_ws(jp *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static int unexpected(jp *p)
{
    if (p->pos >= p->len)
        return jp_err(p, p->pos, SURQL_EPARSE, "unexpected end of input");
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c >= 0x20 && c < 0x7F)
        return jp_err(p, p->pos, SURQL_EPARSE, "unexpected character '%c'", c);
    return jp_err(p, p->pos, SURQL_EPARSE, "unexpected byte 0x%02X", c);
}

static int parse_value(jp *p, surql_value **out, int raw);

/* A builder refused a parsed value (depth, memory): report it at `at`. */
static int builder_err(const jp *p, size_t at)
{
    const surql_error *e = surql_error_last();
    if (e->code == SURQL_ENOMEM)
        return e->code;
    return jp_err(p, at, e->code, "%s", e->message);
}

static int hex4(const jp *p, size_t at, uint32_t *out)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++) {
        char c = at + i < p->len ? p->s[at + i] : '\0';
        int d = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0)
            return 0;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 1;
}

/* Parse a string starting at '"' into b (contents only). */
static int parse_string(jp *p, surql_buf *b)
{
    size_t start = p->pos++;
    while (1) {
        size_t run = p->pos;
        while (p->pos < p->len) {
            unsigned char c = (unsigned char)p->s[p->pos];
            if (c == '"' || c == '\\' || c < 0x20)
                break;
            p->pos++;
        }
        int rc = surql_buf_put(b, p->s + run, p->pos - run);
        if (rc)
            return rc;
        if (p->pos >= p->len)
            return jp_err(p, start, SURQL_EPARSE, "unterminated string");
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            return SURQL_OK;
        }
        if (c < 0x20)
            return jp_err(p, p->pos, SURQL_EPARSE,
                          "raw control character 0x%02X in a string (use an escape)", c);
        /* backslash */
        size_t esc = p->pos++;
        char e = p->pos < p->len ? p->s[p->pos] : '\0';
        char out = 0;
        switch (e) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (!hex4(p, p->pos + 1, &cp))
                return jp_err(p, esc, SURQL_EPARSE, "invalid \\u escape (4 hex digits needed)");
            p->pos += 5;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return jp_err(p, esc, SURQL_EPARSE, "lone low surrogate \\u%04X", cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (p->pos + 1 >= p->len || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
                    !hex4(p, p->pos + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return jp_err(p, esc, SURQL_EPARSE,
                                  "high surrogate \\u%04X not followed by a low surrogate", cp);
                p->pos += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            rc = surql__utf8_put(b, cp);
            if (rc)
                return rc;
            continue;
        }
        default:
            if (p->pos >= p->len)
                return jp_err(p, start, SURQL_EPARSE, "unterminated string");
            return jp_err(p, esc, SURQL_EPARSE, "invalid escape '\\%c'",
                          (e >= 0x20 && e < 0x7F) ? e : '?');
        }
        p->pos++;
        rc = surql_buf_putc(b, out);
        if (rc)
            return rc;
    }
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int parse_number(jp *p, surql_value **out)
{
    size_t start = p->pos, i = p->pos;
    const char *s = p->s;
    int is_int = 1;
    if (i < p->len && s[i] == '-')
        i++;
    if (i >= p->len || !is_digit(s[i])) {
        p->pos = i;
        return p->pos >= p->len ? jp_err(p, i, SURQL_EPARSE, "unexpected end of input in a number")
                                : jp_err(p, i, SURQL_EPARSE, "invalid number: digit expected");
    }
    if (s[i] == '0') {
        i++;
        if (i < p->len && is_digit(s[i]))
            return jp_err(p, i, SURQL_EPARSE, "invalid number: leading zero");
    } else {
        while (i < p->len && is_digit(s[i]))
            i++;
    }
    if (i < p->len && s[i] == '.') {
        is_int = 0;
        i++;
        if (i >= p->len || !is_digit(s[i]))
            return jp_err(p, i, SURQL_EPARSE, "invalid number: digit expected after '.'");
        while (i < p->len && is_digit(s[i]))
            i++;
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        is_int = 0;
        i++;
        if (i < p->len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(s[i]))
            return jp_err(p, i, SURQL_EPARSE, "invalid number: digit expected in the exponent");
        while (i < p->len && is_digit(s[i]))
            i++;
    }
    p->pos = i;
    if (is_int) {
        /* exact int64 when it fits */
        size_t k = start;
        int neg = s[k] == '-';
        if (neg)
            k++;
        uint64_t mag = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
        int fits = 1;
        for (; k < i; k++) {
            unsigned d = (unsigned)(s[k] - '0');
            if (mag > (lim - d) / 10) {
                fits = 0;
                break;
            }
            mag = mag * 10 + d;
        }
        if (fits) {
            int64_t v = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag)
                            : (int64_t)mag;
            *out = surql_value_int(v);
            return *out ? SURQL_OK : SURQL_ENOMEM;
        }
    }
    double d;
    int rc = surql__parse_double(s + start, i - start, &d);
    if (rc)
        return jp_err(p, start, rc == SURQL_ERANGE ? SURQL_ERANGE : SURQL_EPARSE,
                      "number out of the range of a double");
    *out = surql_value_float(d);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}

static int literal(jp *p, const char *word, surql_value *v, surql_value **out)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
        size_t k = 0;
        while (p->pos + k < p->len && k < n && p->s[p->pos + k] == word[k])
            k++;
        p->pos += k;
        return unexpected(p);
    }
    p->pos += n;
    *out = v;
    return SURQL_OK;
}

static int enter(jp *p)
{
    if (p->depth >= p->max_depth)
        return jp_err(p, p->pos, SURQL_ERANGE, "nesting deeper than %d levels", p->max_depth);
    p->depth++;
    p->pos++;
    return SURQL_OK;
}

static int parse_array(jp *p, surql_value **out)
{
    size_t start = p->pos;
    int rc = enter(p);
    if (rc)
        return rc;
    surql_value *a = surql_value_array();
    if (!a)
        return SURQL_ENOMEM;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ']') {
        p->pos++;
        goto done;
    }
    while (1) {
        surql_value *item = NULL;
        skip_ws(p);
        size_t at = p->pos;
        rc = parse_value(p, &item, 0);
        if (rc)
            goto fail;
        if (surql__array_push_take(a, item) != 0) {
            rc = builder_err(p, at);
            goto fail;
        }
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == ']') {
            p->pos++;
            break;
        }
        rc = p->pos >= p->len ? jp_err(p, p->pos, SURQL_EPARSE, "unterminated array")
                              : jp_err(p, p->pos, SURQL_EPARSE, "expected ',' or ']'");
        goto fail;
    }
done:
    p->depth--;
    if (a->depth > SURQL_VALUE_MAX_DEPTH) {
        rc = jp_err(p, start, SURQL_ERANGE, "value nested deeper than %d levels",
                    SURQL_VALUE_MAX_DEPTH);
        goto fail;
    }
    *out = a;
    return SURQL_OK;
fail:
    surql_value_unref(a);
    return rc;
}

static surql_value *ext_decode(jp *p, surql_value *o, size_t at, int *rc);

static int parse_object(jp *p, surql_value **out, int raw)
{
    size_t start = p->pos;
    int rc = enter(p);
    if (rc)
        return rc;
    surql_value *o = surql_value_object();
    if (!o)
        return SURQL_ENOMEM;
    surql_buf key = SURQL_BUF_INIT;
    int first_escape = 0; /* first key is "$object": its value was parsed raw */
    size_t first_at = 0;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == '}') {
        p->pos++;
        goto done;
    }
    while (1) {
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != '"') {
            rc = p->pos >= p->len ? jp_err(p, p->pos, SURQL_EPARSE, "unterminated object")
                                  : jp_err(p, p->pos, SURQL_EPARSE, "expected a string key");
            goto fail;
        }
        size_t kat = p->pos;
        surql_buf_clear(&key);
        rc = parse_string(p, &key);
        if (rc)
            goto fail;
        if (surql__object_find(o, surql_buf_cstr(&key), key.size) >= 0) {
            rc = jp_err(p, kat, SURQL_EPARSE, "duplicate key \"%.*s\"",
                        key.size > 64 ? 64 : (int)key.size, surql_buf_cstr(&key));
            goto fail;
        }
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ':') {
            rc = p->pos >= p->len ? jp_err(p, p->pos, SURQL_EPARSE, "unterminated object")
                                  : jp_err(p, p->pos, SURQL_EPARSE, "expected ':'");
            goto fail;
        }
        p->pos++;
        skip_ws(p);
        /* In a tagged context the value of a leading "$object" key may be an
         * escaped user object: parse its own level raw. A raw object (the
         * payload itself) is a user object whose members are ordinary values. */
        int esc = p->ext && !raw && o->u.obj.len == 0 && key.size == 7 &&
                  memcmp(key.ptr, "$object", 7) == 0;
        if (esc) {
            first_escape = 1;
            first_at = p->pos;
        }
        surql_value *val = NULL;
        size_t vat = p->pos;
        rc = parse_value(p, &val, esc);
        if (rc)
            goto fail;
        if (surql__object_put_take(o, surql_buf_cstr(&key), key.size, val) != 0) {
            rc = builder_err(p, vat);
            goto fail;
        }
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == '}') {
            p->pos++;
            break;
        }
        rc = p->pos >= p->len ? jp_err(p, p->pos, SURQL_EPARSE, "unterminated object")
                              : jp_err(p, p->pos, SURQL_EPARSE, "expected ',' or '}'");
        goto fail;
    }
done:
    surql_buf_dispose(&key);
    p->depth--;
    if (p->ext && first_escape) {
        sv_entry *e = &o->u.obj.items[0];
        if (o->u.obj.len == 1) {
            /* {"$object": {...}}: the escaped user object, taken verbatim */
            if (e->val->type != SURQL_VALUE_OBJECT) {
                surql_value_unref(o);
                return jp_err(p, first_at, SURQL_EPARSE, "\"$object\" expects an object");
            }
            *out = surql_value_ref(e->val);
            surql_value_unref(o);
            return SURQL_OK;
        }
        /* an ordinary object whose first key happens to be "$object": decode
         * the value now (ext_decode consumes the reference the entry held) */
        if (e->val->type == SURQL_VALUE_OBJECT) {
            e->val = ext_decode(p, e->val, first_at, &rc);
            if (!e->val) {
                surql_value_unref(o);
                return rc;
            }
            surql__recompute_depth(o);
        }
    }
    if (p->ext && !raw) {
        surql_value *d = ext_decode(p, o, start, &rc);
        if (!d)
            return rc;
        o = d;
    }
    /* Objects are not depth-checked here: in the extended form an object may
     * be a tag payload ({"lo": {"incl": v}}) nested deeper than the value it
     * becomes. Decoders check their parts; surql_value_from_json checks the
     * result. Arrays never wrap anything, so they are checked as they close. */
    *out = o;
    return SURQL_OK;
fail:
    surql_buf_dispose(&key);
    surql_value_unref(o);
    return rc;
}

static int parse_value(jp *p, surql_value **out, int raw)
{
    if (p->pos >= p->len)
        return unexpected(p);
    switch (p->s[p->pos]) {
    case '{':
        return parse_object(p, out, raw);
    case '[':
        return parse_array(p, out);
    case '"': {
        surql_buf b = SURQL_BUF_INIT;
        int rc = parse_string(p, &b);
        if (!rc) {
            *out = surql_value_string_len(surql_buf_cstr(&b), b.size);
            rc = *out ? SURQL_OK : surql_error_last()->code;
        }
        surql_buf_dispose(&b);
        return rc;
    }
    case 't':
        return literal(p, "true", surql_value_bool(1), out);
    case 'f':
        return literal(p, "false", surql_value_bool(0), out);
    case 'n':
        return literal(p, "null", surql_value_null(), out);
    default:
        if (p->s[p->pos] == '-' || is_digit(p->s[p->pos]))
            return parse_number(p, out);
        return unexpected(p);
    }
}

/* ---- extended form ---- */

static const char *tag_text(const surql_value *v, size_t *len)
{
    if (v->type != SURQL_VALUE_STRING)
        return NULL;
    *len = v->u.s.len;
    return v->u.s.ptr;
}

static surql_value *geo_from_json(jp *p, const surql_value *g, size_t at, int *rc)
{
    const surql_value *t = surql_value_object_get(g, "type");
    size_t tl = 0;
    const char *ts = surql_value_type_of(t) == SURQL_VALUE_STRING ? t->u.s.ptr : NULL;
    if (ts)
        tl = t->u.s.len;
    int kind = ts ? surql__geometry_kind_from_name(ts, tl) : 0;
    const char *member = kind == SURQL_GEOMETRY_COLLECTION ? "geometries" : "coordinates";
    const surql_value *c = surql_value_object_get(g, member);
    if (g->type != SURQL_VALUE_OBJECT || !kind || !c || g->u.obj.len != 2) {
        *rc = jp_err(p, at, SURQL_EPARSE,
                     "\"$geometry\" expects a GeoJSON object {\"type\", \"coordinates\"} or "
                     "{\"type\": \"GeometryCollection\", \"geometries\"}");
        return NULL;
    }
    surql_value *coords = NULL;
    if (kind == SURQL_GEOMETRY_COLLECTION) {
        if (c->type != SURQL_VALUE_ARRAY)
            goto bad;
        coords = surql_value_array();
        if (!coords) {
            *rc = SURQL_ENOMEM;
            return NULL;
        }
        for (size_t i = 0; i < c->u.arr.len; i++) {
            surql_value *m = geo_from_json(p, c->u.arr.items[i], at, rc);
            if (!m || surql_value_array_push_take(coords, m) != 0) {
                if (m)
                    *rc = surql_error_last()->code;
                surql_value_unref(coords);
                return NULL;
            }
        }
    } else {
        coords = surql_value_ref(c);
    }
    surql_value *v = surql_value_geometry_take((surql_geometry_kind)kind, coords);
    if (v)
        return v;
bad:
    *rc = jp_err(p, at, SURQL_EPARSE, "invalid \"$geometry\": %s", surql_error_last()->message);
    return NULL;
}

static surql_value *bound_from_json(jp *p, const surql_value *b, size_t at, int *incl, int *rc)
{
    const char *k = NULL;
    if (surql_value_type_of(b) == SURQL_VALUE_OBJECT && b->u.obj.len == 1)
        k = b->u.obj.items[0].key;
    if (!k || (strcmp(k, "incl") != 0 && strcmp(k, "excl") != 0)) {
        *rc = jp_err(p, at, SURQL_EPARSE,
                     "\"$range\" bounds must be {\"incl\": value} or {\"excl\": value}");
        return NULL;
    }
    *incl = k[0] == 'i';
    return b->u.obj.items[0].val;
}

/* Turn a single-key "$tag" object into its value; other objects pass through.
 * Consumes `o`; returns NULL with *rc set on error. */
static surql_value *ext_decode(jp *p, surql_value *o, size_t at, int *rc)
{
    if (o->u.obj.len != 1 || o->u.obj.items[0].klen == 0 || o->u.obj.items[0].key[0] != '$')
        return o;
    const char *tag = o->u.obj.items[0].key;
    if (strlen(tag) != o->u.obj.items[0].klen)
        tag = "$?"; /* a key with U+0000 is no tag name */
    const surql_value *v = o->u.obj.items[0].val;
    surql_value *r = NULL;
    size_t tl = 0;
    const char *txt = tag_text(v, &tl);
    const char *want = "a string";
    int tried = 0;
    if (strcmp(tag, "$none") == 0) {
        want = "true";
        if (v->type == SURQL_VALUE_BOOL && v->u.b)
            r = surql_value_none();
    } else if (strcmp(tag, "$float") == 0) {
        want = "\"NaN\", \"Infinity\", \"-Infinity\" or a number";
        if (txt && strcmp(txt, "NaN") == 0)
            r = surql_value_float(NAN);
        else if (txt && strcmp(txt, "Infinity") == 0)
            r = surql_value_float(INFINITY);
        else if (txt && strcmp(txt, "-Infinity") == 0)
            r = surql_value_float(-INFINITY);
        else if (v->type == SURQL_VALUE_FLOAT)
            r = surql_value_ref(v);
        else if (v->type == SURQL_VALUE_INT)
            r = surql_value_float((double)v->u.i);
    } else if (strcmp(tag, "$decimal") == 0) {
        if (txt && (tried = 1))
            r = surql_value_decimal_len(txt, tl);
    } else if (strcmp(tag, "$bytes") == 0) {
        want = "a base64 string";
        if (txt) {
            surql_buf b = SURQL_BUF_INIT;
            tried = 1;
            if (surql__base64_decode(txt, tl, &b) == 0)
                r = surql_value_bytes(b.ptr, b.size);
            surql_buf_dispose(&b);
        }
    } else if (strcmp(tag, "$datetime") == 0) {
        want = "an RFC 3339 string";
        if (txt && strlen(txt) == tl && (tried = 1))
            r = surql_value_datetime_parse(txt);
    } else if (strcmp(tag, "$duration") == 0) {
        want = "a duration string";
        if (txt && strlen(txt) == tl && (tried = 1))
            r = surql_value_duration_parse(txt);
    } else if (strcmp(tag, "$uuid") == 0) {
        want = "a uuid string";
        if (txt && strlen(txt) == tl && (tried = 1))
            r = surql_value_uuid_parse(txt);
    } else if (strcmp(tag, "$table") == 0) {
        want = "a non-empty string without U+0000";
        if (txt && strlen(txt) == tl && (tried = 1))
            r = surql_value_table(txt);
    } else if (strcmp(tag, "$set") == 0) {
        want = "an array";
        if (v->type == SURQL_VALUE_ARRAY) {
            tried = 1;
            r = surql_value_set();
            for (size_t i = 0; r && i < v->u.arr.len; i++)
                if (surql_value_set_add(r, v->u.arr.items[i]) != 0)
                    r = surql_value_unref(r);
        }
    } else if (strcmp(tag, "$record") == 0) {
        want = "{\"tb\": string, \"id\": key}";
        const surql_value *tb = surql_value_object_get(v, "tb");
        const surql_value *id = surql_value_object_get(v, "id");
        size_t n = 0;
        const char *t = tb ? tag_text(tb, &n) : NULL;
        if (v->type == SURQL_VALUE_OBJECT && v->u.obj.len == 2 && t && id && strlen(t) == n &&
            (tried = 1))
            r = surql_value_record(t, id);
    } else if (strcmp(tag, "$geometry") == 0) {
        r = geo_from_json(p, v, at, rc);
        if (!r) {
            surql_value_unref(o);
            return NULL;
        }
    } else if (strcmp(tag, "$range") == 0) {
        want = "{\"lo\": bound, \"hi\": bound} (both optional)";
        if (v->type == SURQL_VALUE_OBJECT) {
            const surql_value *lo = surql_value_object_get(v, "lo");
            const surql_value *hi = surql_value_object_get(v, "hi");
            size_t known = (lo != NULL) + (hi != NULL);
            int li = 0, hi_i = 0;
            const surql_value *lv = NULL, *hv = NULL;
            if (known != v->u.obj.len)
                goto bad;
            if (lo && !(lv = bound_from_json(p, lo, at, &li, rc)))
                goto out;
            if (hi && !(hv = bound_from_json(p, hi, at, &hi_i, rc)))
                goto out;
            tried = 1;
            r = surql_value_range(lv, li, hv, hi_i);
        }
    } else {
        *rc = jp_err(p, at, SURQL_EPARSE,
                     "unknown extended JSON tag \"%.*s\" (wrap objects with a single \"$\" key "
                     "in {\"$object\": ...})",
                     (int)(o->u.obj.items[0].klen > 64 ? 64 : o->u.obj.items[0].klen), tag);
        goto out;
    }
    if (r) {
        surql_value_unref(o);
        return r;
    }
bad:
    if (tried && surql_error_last()->code == SURQL_ENOMEM)
        *rc = SURQL_ENOMEM;
    else if (tried)
        *rc = jp_err(p, at, SURQL_EPARSE, "invalid \"%s\": %s", tag, surql_error_last()->message);
    else
        *rc = jp_err(p, at, SURQL_EPARSE, "invalid \"%s\": expected %s", tag, want);
out:
    surql_value_unref(o);
    return NULL;
}

int surql_value_from_json(surql_value **out, const char *json, size_t len, int flags)
{
    if (!out)
        return surql__err(SURQL_EINVAL, "surql_value_from_json: out is NULL");
    *out = NULL;
    if (!json && len)
        return surql__err(SURQL_EINVAL, "surql_value_from_json: text is NULL");
    int ext = (flags & SURQL_JSON_EXTENDED) != 0;
    /* a value level takes up to three JSON levels in the extended form
     * ({"$range": {"lo": {"incl": v}}}); the value depth limit still applies */
    jp p = { json ? json : "", len, 0, ext, 0, ext ? 3 * SURQL_VALUE_MAX_DEPTH
                                                   : SURQL_VALUE_MAX_DEPTH };
    size_t bad = surql__utf8_check(p.s, len);
    if (bad != len)
        return jp_err(&p, bad, SURQL_EINVAL, "invalid UTF-8 (byte 0x%02X)",
                      (unsigned char)p.s[bad]);
    skip_ws(&p);
    surql_value *v = NULL;
    int rc = parse_value(&p, &v, 0);
    if (rc)
        return rc;
    skip_ws(&p);
    if (p.pos != p.len) {
        surql_value_unref(v);
        return jp_err(&p, p.pos, SURQL_EPARSE, "trailing text after the JSON value");
    }
    if (v->depth > SURQL_VALUE_MAX_DEPTH) {
        surql_value_unref(v);
        return jp_err(&p, 0, SURQL_ERANGE, "value nested deeper than %d levels",
                      SURQL_VALUE_MAX_DEPTH);
    }
    *out = v;
    return SURQL_OK;
}
