/* SurrealQL literal parser, lexical part: the cursor and its errors, quoted
 * strings, numbers and durations (the grammar is in literal-parse.c). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "literal-parse-internal.h"

/* Record the error @p msg at byte @p at: for a record id (p->input) quoted
 * with it, otherwise with line and column. @p value: the message is a
 * builder's, about the value starting at @p at. */
static int report(lp *p, size_t at, int code, const char *msg, int value)
{
    size_t line, col;
    surql__line_col(p->s, p->len, at, &line, &col);
    const char *pre = value ? " (value at byte " : " at byte ";
    if (p->input) {
        surql_buf q = SURQL_BUF_INIT;
        surql__quote(&q, p->s, p->len);
        surql_error_set_at(code, SV_DOMAIN, line, col, "invalid record id %s: %s%s%zu%s",
                           surql_buf_cstr(&q), msg, pre, at, value ? ")" : "");
        surql_buf_dispose(&q);
        return code;
    }
    return surql_error_set_at(code, SV_DOMAIN, line, col, "SurrealQL: %s%s%zu%s%zu, column %zu)",
                              msg, pre, at, value ? ", line " : " (line ", line, col);
}

int surql__lp_err(lp *p, size_t at, int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return report(p, at, code, msg, 0);
}

/* A builder refused a parsed value: its message (which has its own offsets)
 * plus where the value starts. */
int surql__lp_builder(lp *p, size_t at)
{
    const surql_error *e = surql_error_last();
    int code = e->code == SURQL_ENOMEM || e->code == SURQL_ERANGE ? e->code : p->code;
    char msg[600];
    snprintf(msg, sizeof msg, "%s", e->message);
    return report(p, at, code, msg, 1);
}

void surql__lp_skip_ws(lp *p)
{
    while (!at_end(p)) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

int surql__lp_unexpected(lp *p, const char *expected)
{
    if (at_end(p))
        return surql__lp_err(p, p->pos, p->code, "unexpected end of input, expected %s", expected);
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c >= 0x20 && c < 0x7F)
        return surql__lp_err(p, p->pos, p->code, "unexpected '%c', expected %s", c, expected);
    return surql__lp_err(p, p->pos, p->code, "unexpected byte 0x%02X, expected %s", c, expected);
}

int surql__lp_enter(lp *p)
{
    if (p->depth >= SURQL_VALUE_MAX_DEPTH)
        return surql__lp_err(p, p->pos, SURQL_ERANGE, "nesting deeper than %d levels",
                      SURQL_VALUE_MAX_DEPTH);
    p->depth++;
    return SURQL_OK;
}

/* Quoted text: ' " ` or ⟨⟩, with SurrealQL escapes (both dialects'). */
int surql__lp_quoted(lp *p, surql_buf *b)
{
    size_t start = p->pos;
    int angle = at_langle(p);
    char q = angle ? 0 : p->s[p->pos];
    p->pos += angle ? 3 : 1;
    while (1) {
        if (at_end(p))
            return surql__lp_err(p, start, p->code, "unterminated %s",
                          q == '`' || angle ? "identifier" : "string");
        if ((angle && at_rangle(p)) || (!angle && p->s[p->pos] == q)) {
            p->pos += angle ? 3 : 1;
            return SURQL_OK;
        }
        char c = p->s[p->pos];
        if (c != '\\') {
            int rc = surql_buf_putc(b, c);
            if (rc)
                return rc;
            p->pos++;
            continue;
        }
        size_t esc = p->pos++;
        char e = peek(p, 0);
        char out = 0;
        uint32_t cp = 0;
        switch (e) {
        case '\\': out = '\\'; break;
        case '\'': out = '\''; break;
        case '"': out = '"'; break;
        case '`': out = '`'; break;
        case '/': out = '/'; break;
        case '0': out = '\0'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u':
            p->pos++;
            if (peek(p, 0) == '{') {
                size_t k = 1, nd = 0;
                while (hexv(peek(p, k)) >= 0 && nd < 6) {
                    cp = cp << 4 | (uint32_t)hexv(peek(p, k));
                    k++;
                    nd++;
                }
                if (!nd || peek(p, k) != '}')
                    return surql__lp_err(p, esc, p->code, "invalid \\u{...} escape");
                p->pos += k + 1;
            } else {
                for (size_t k = 0; k < 4; k++) {
                    int d = hexv(peek(p, k));
                    if (d < 0)
                        return surql__lp_err(p, esc, p->code, "invalid \\u escape (4 hex digits needed)");
                    cp = cp << 4 | (uint32_t)d;
                }
                p->pos += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && peek(p, 0) == '\\' && peek(p, 1) == 'u') {
                    uint32_t lo = 0;
                    int ok = 1;
                    for (size_t k = 0; k < 4 && ok; k++) {
                        int d = hexv(peek(p, 2 + k));
                        ok = d >= 0;
                        lo = lo << 4 | (uint32_t)(d < 0 ? 0 : d);
                    }
                    if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        p->pos += 6;
                    }
                }
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return surql__lp_err(p, esc, p->code, "\\u escape is not a valid character");
            {
                int rc = surql__utf8_put(b, cp);
                if (rc)
                    return rc;
            }
            continue;
        default:
            if (angle && at_rangle(p)) {
                int rc = surql_buf_put(b, "\xE2\x9F\xA9", 3);
                if (rc)
                    return rc;
                p->pos += 3;
                continue;
            }
            return surql__lp_err(p, esc, p->code, "invalid escape sequence");
        }
        int rc = surql_buf_putc(b, out);
        if (rc)
            return rc;
        p->pos++;
    }
}

/* Quoted text as a NUL-free C string (d'', u'', r'', b'' contents). */
int surql__lp_quoted_text(lp *p, surql_buf *b, size_t at)
{
    int rc = surql__lp_quoted(p, b);
    if (!rc && strlen(surql_buf_cstr(b)) != b->size)
        return surql__lp_err(p, at, p->code, "U+0000 is not allowed here");
    return rc;
}

/* ---- numbers and durations ---- */

int surql__lp_number(lp *p, surql_value **out)
{
    size_t start = p->pos, i = p->pos;
    const char *s = p->s;
    int is_int = 1;
    if (i < p->len && s[i] == '-')
        i++;
    if (i >= p->len || !is_digit(s[i])) {
        p->pos = i;
        return surql__lp_unexpected(p, "a digit");
    }
    while (i < p->len && is_digit(s[i]))
        i++;
    size_t int_end = i;
    if (i + 1 < p->len && s[i] == '.' && is_digit(s[i + 1])) {
        is_int = 0;
        i++;
        while (i < p->len && is_digit(s[i]))
            i++;
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < p->len && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < p->len && is_digit(s[j])) {
            is_int = 0;
            while (j < p->len && is_digit(s[j]))
                j++;
            i = j;
        }
    }
    size_t num_end = i;
    p->pos = i;
    /* suffixes */
    if (p->len - i >= 3 && strncmp(s + i, "dec", 3) == 0 && (i + 3 >= p->len || !is_ident(s[i + 3]))) {
        p->pos = i + 3;
        *out = surql_value_decimal_len(s + start, num_end - start);
        return *out ? SURQL_OK : surql__lp_builder(p, start);
    }
    if (i < p->len && s[i] == 'f' && (i + 1 >= p->len || !is_ident(s[i + 1]))) {
        double d;
        p->pos = i + 1;
        if (surql__parse_double(s + start, num_end - start, &d) != 0)
            return surql__lp_builder(p, start);
        *out = surql_value_float(d);
        return *out ? SURQL_OK : SURQL_ENOMEM;
    }
    if (is_int && int_end == num_end && i < p->len &&
        (is_ident(s[i]) || (unsigned char)s[i] == 0xC2 || (unsigned char)s[i] == 0xCE)) {
        /* duration: digits and units up to the end of the token */
        size_t j = i;
        while (j < p->len && (is_ident(s[j]) || (unsigned char)s[j] >= 0x80))
            j++;
        if (s[start] == '-')
            return surql__lp_err(p, start, p->code, "a duration cannot be negative");
        char *tok = surql_strndup(s + start, j - start);
        if (!tok)
            return surql__err(SURQL_ENOMEM, "out of memory parsing a duration");
        *out = surql_value_duration_parse(tok);
        surql_free(tok);
        p->pos = j;
        return *out ? SURQL_OK : surql__lp_builder(p, start);
    }
    if (i < p->len && is_ident(s[i]))
        return surql__lp_err(p, i, p->code, "unexpected '%c' after a number", s[i]);
    if (is_int) {
        char *end = NULL;
        char tmp[32];
        size_t n = num_end - start;
        if (n >= sizeof tmp)
            return surql__lp_err(p, start, p->code, "integer does not fit in 64 bits");
        memcpy(tmp, s + start, n);
        tmp[n] = '\0';
        errno = 0;
        long long v = strtoll(tmp, &end, 10);
        if (errno == ERANGE)
            return surql__lp_err(p, start, p->code, "integer does not fit in 64 bits");
        *out = surql_value_int((int64_t)v);
        return *out ? SURQL_OK : SURQL_ENOMEM;
    }
    double d;
    if (surql__parse_double(s + start, num_end - start, &d) != 0)
        return surql__lp_builder(p, start);
    *out = surql_value_float(d);
    return *out ? SURQL_OK : SURQL_ENOMEM;
}
