/* SurrealQL tokenizer (see sqlex-internal.h). */
#include "sqlex-internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <surql/schema/buf.h>
#include <surql/schema/error.h>

static int is_start(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_word(unsigned char c) { return is_start(c) || is_digit(c); }

typedef struct lx {
    const char *s;
    size_t n, i, line, col;
} lx;

static void adv(lx *l, size_t k)
{
    while (k-- && l->i < l->n) {
        unsigned char c = (unsigned char)l->s[l->i++];
        if (c == '\n') {
            l->line++;
            l->col = 1;
        } else if ((c & 0xC0) != 0x80) {
            l->col++;
        }
    }
}

static int push(tkv *v, size_t *cap, int kind, size_t off, size_t len, size_t line, size_t col)
{
    if (v->n + 1 >= *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        tk *nv = realloc(v->v, nc * sizeof *nv);
        if (!nv)
            return surql_error_set(SURQL_ENOMEM, "surql-schema", "out of memory");
        v->v = nv;
        *cap = nc;
    }
    tk *t = &v->v[v->n++];
    t->kind = kind;
    t->off = off;
    t->len = len;
    t->line = line;
    t->col = col;
    return 0;
}

static const char *const puncts[] = { "<->", "..=", "...", "+?=", "::", "->", "<-", "!=", "==",
                                      ">=", "<=", "&&", "||", "??", "?:", "..", "+=", "-=",
                                      "*=", "/=", "**", "!~", "?=", "*~", "?~", "|>", "<|",
                                      NULL };

int sqlex(const char *text, size_t len, size_t line0, size_t col0, tkv *out)
{
    lx l = { text, len, 0, line0 ? line0 : 1, col0 ? col0 : 1 };
    size_t cap = 0;
    out->v = NULL;
    out->n = 0;
    int rc = 0;
    while (!rc) {
        /* whitespace and comments */
        for (;;) {
            if (l.i >= l.n)
                break;
            unsigned char c = (unsigned char)l.s[l.i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                adv(&l, 1);
            } else if (c == '#' || (c == '-' && l.i + 1 < l.n && l.s[l.i + 1] == '-') ||
                       (c == '/' && l.i + 1 < l.n && l.s[l.i + 1] == '/')) {
                while (l.i < l.n && l.s[l.i] != '\n')
                    adv(&l, 1);
            } else if (c == '/' && l.i + 1 < l.n && l.s[l.i + 1] == '*') {
                size_t sl = l.line, sc = l.col;
                adv(&l, 2);
                while (l.i + 1 < l.n && !(l.s[l.i] == '*' && l.s[l.i + 1] == '/'))
                    adv(&l, 1);
                if (l.i + 1 >= l.n) {
                    rc = surql_error_set_at(SURQL_EPARSE, "surql-schema", sl, sc,
                                            "%zu:%zu: unterminated comment", sl, sc);
                    goto done;
                }
                adv(&l, 2);
            } else {
                break;
            }
        }
        if (l.i >= l.n)
            break;
        size_t off = l.i, line = l.line, col = l.col;
        unsigned char c = (unsigned char)l.s[l.i];
        int kind = TK_PUNCT;
        /* string, possibly prefixed */
        size_t q = l.i;
        if (strchr("rdusbfRDUSBF", c) && c && l.i + 1 < l.n &&
            (l.s[l.i + 1] == '\'' || l.s[l.i + 1] == '"'))
            q = l.i + 1;
        if (l.s[q] == '\'' || l.s[q] == '"') {
            char quote = l.s[q];
            adv(&l, q - l.i + 1);
            while (l.i < l.n && l.s[l.i] != quote) {
                if (l.s[l.i] == '\\' && l.i + 1 < l.n)
                    adv(&l, 1);
                adv(&l, 1);
            }
            if (l.i >= l.n) {
                rc = surql_error_set_at(SURQL_EPARSE, "surql-schema", line, col,
                                        "%zu:%zu: unterminated string", line, col);
                goto done;
            }
            adv(&l, 1);
            kind = TK_STRING;
        } else if (is_start(c)) {
            while (l.i < l.n && is_word((unsigned char)l.s[l.i]))
                adv(&l, 1);
            kind = TK_IDENT;
        } else if (is_digit(c)) {
            while (l.i < l.n && is_digit((unsigned char)l.s[l.i]))
                adv(&l, 1);
            if (l.i + 1 < l.n && l.s[l.i] == '.' && is_digit((unsigned char)l.s[l.i + 1])) {
                adv(&l, 1);
                while (l.i < l.n && is_digit((unsigned char)l.s[l.i]))
                    adv(&l, 1);
            }
            if (l.i + 1 < l.n && (l.s[l.i] == 'e' || l.s[l.i] == 'E') &&
                (is_digit((unsigned char)l.s[l.i + 1]) ||
                 ((l.s[l.i + 1] == '-' || l.s[l.i + 1] == '+') && l.i + 2 < l.n &&
                  is_digit((unsigned char)l.s[l.i + 2])))) {
                adv(&l, 2);
                while (l.i < l.n && is_digit((unsigned char)l.s[l.i]))
                    adv(&l, 1);
            }
            /* suffixes and duration parts: f, dec, 1h30m, 5µs */
            while (l.i < l.n && (is_word((unsigned char)l.s[l.i]) ||
                                 ((unsigned char)l.s[l.i] == 0xC2 && l.i + 1 < l.n &&
                                  (unsigned char)l.s[l.i + 1] == 0xB5)))
                adv(&l, (unsigned char)l.s[l.i] == 0xC2 ? 2 : 1);
            kind = TK_NUMBER;
        } else if (c == '$') {
            adv(&l, 1);
            while (l.i < l.n && is_word((unsigned char)l.s[l.i]))
                adv(&l, 1);
            kind = TK_PARAM;
        } else if (c == '`') {
            adv(&l, 1);
            while (l.i < l.n && l.s[l.i] != '`') {
                if (l.s[l.i] == '\\' && l.i + 1 < l.n)
                    adv(&l, 1);
                adv(&l, 1);
            }
            if (l.i >= l.n) {
                rc = surql_error_set_at(SURQL_EPARSE, "surql-schema", line, col,
                                        "%zu:%zu: unterminated `identifier`", line, col);
                goto done;
            }
            adv(&l, 1);
            kind = TK_QIDENT;
        } else if (c == 0xE2 && l.i + 2 < l.n && (unsigned char)l.s[l.i + 1] == 0x9F &&
                   (unsigned char)l.s[l.i + 2] == 0xA8) { /* ⟨ ... ⟩ */
            adv(&l, 3);
            while (l.i + 2 < l.n && !((unsigned char)l.s[l.i] == 0xE2 &&
                                      (unsigned char)l.s[l.i + 1] == 0x9F &&
                                      (unsigned char)l.s[l.i + 2] == 0xA9))
                adv(&l, 1);
            if (l.i + 2 >= l.n) {
                rc = surql_error_set_at(SURQL_EPARSE, "surql-schema", line, col,
                                        "%zu:%zu: unterminated \u27e8identifier\u27e9", line,
                                        col);
                goto done;
            }
            adv(&l, 3);
            kind = TK_QIDENT;
        } else {
            size_t k = 1;
            for (size_t p = 0; puncts[p]; p++) {
                size_t pl = strlen(puncts[p]);
                if (l.i + pl <= l.n && memcmp(l.s + l.i, puncts[p], pl) == 0) {
                    k = pl;
                    break;
                }
            }
            if (k == 1 && c >= 0x80) { /* a whole UTF-8 character (×, ÷, ∋ ...) */
                while (l.i + k < l.n && ((unsigned char)l.s[l.i + k] & 0xC0) == 0x80)
                    k++;
            }
            adv(&l, k);
        }
        rc = push(out, &cap, kind, off, l.i - off, line, col);
    }
    if (!rc)
        rc = push(out, &cap, TK_EOF, l.n, 0, l.line, l.col);
done:
    if (rc) {
        free(out->v);
        out->v = NULL;
        out->n = 0;
        return rc;
    }
    out->n--; /* do not count the EOF token */
    return 0;
}

void tkv_free(tkv *v)
{
    if (!v)
        return;
    free(v->v);
    v->v = NULL;
    v->n = 0;
}

int tk_is(const char *src, const tk *t, const char *word)
{
    size_t n = strlen(word);
    return t->kind == TK_IDENT && t->len == n && strncasecmp(src + t->off, word, n) == 0;
}

int tk_punct(const char *src, const tk *t, const char *p)
{
    size_t n = strlen(p);
    return t->kind == TK_PUNCT && t->len == n && memcmp(src + t->off, p, n) == 0;
}

char tk_string_prefix(const char *src, const tk *t)
{
    char c = src[t->off];
    return (c == '\'' || c == '"') ? '\0' : c;
}

static int put_utf8(surql_buf *out, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return surql_buf_put(out, b, n);
}

/* decode escapes between [b, e) */
static int unescape(const char *b, const char *e, surql_buf *out)
{
    int rc = surql_buf_put(out, "", 0);
    while (!rc && b < e) {
        char c = *b++;
        if (c != '\\' || b >= e) {
            rc = surql_buf_putc(out, c);
            continue;
        }
        c = *b++;
        switch (c) {
        case 'n': rc = surql_buf_putc(out, '\n'); break;
        case 't': rc = surql_buf_putc(out, '\t'); break;
        case 'r': rc = surql_buf_putc(out, '\r'); break;
        case 'b': rc = surql_buf_putc(out, '\b'); break;
        case 'f': rc = surql_buf_putc(out, '\f'); break;
        case '0': rc = surql_buf_putc(out, '\0'); break;
        case 'u': {
            unsigned long cp = 0;
            int brace = b < e && *b == '{';
            if (brace)
                b++;
            int k = 0;
            while (b < e && k < (brace ? 6 : 4)) {
                char h = *b;
                int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                        : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
                if (d < 0)
                    break;
                cp = cp * 16 + (unsigned long)d;
                b++, k++;
            }
            if (brace && b < e && *b == '}')
                b++;
            rc = put_utf8(out, cp);
            break;
        }
        default: rc = surql_buf_putc(out, c); break;
        }
    }
    return rc;
}

int tk_string(const char *src, const tk *t, surql_buf *out)
{
    const char *b = src + t->off, *e = b + t->len;
    if (*b != '\'' && *b != '"')
        b++;
    return unescape(b + 1, e - 1, out);
}

int tk_ident(const char *src, const tk *t, surql_buf *out)
{
    const char *b = src + t->off;
    if (t->kind != TK_QIDENT)
        return surql_buf_put(out, b, t->len);
    if (*b == '`')
        return unescape(b + 1, b + t->len - 1, out);
    return surql_buf_put(out, b + 3, t->len - 6);
}

int sqlex_strip_comments(struct surql_buf *out, const char *text, size_t len)
{
    tkv t;
    int rc = sqlex(text, len, 1, 1, &t);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < t.n; i++) {
        if (i > 0) {
            /* the gap between two tokens holds only whitespace and comments */
            const char *g = text + t.v[i - 1].off + t.v[i - 1].len, *e = text + t.v[i].off;
            while (!rc && g < e) {
                if (*g == '#' || (g + 1 < e && ((g[0] == '-' && g[1] == '-') ||
                                                (g[0] == '/' && g[1] == '/')))) {
                    while (g < e && *g != '\n') /* the newline stays: it ends the line */
                        g++;
                } else if (g + 1 < e && g[0] == '/' && g[1] == '*') {
                    const char *c = g + 2;
                    while (c + 1 < e && !(c[0] == '*' && c[1] == '/'))
                        c++;
                    g = c + 2;
                    rc = surql_buf_putc(out, ' '); /* '-', comment, '-' must not become `--` */
                } else {
                    rc = surql_buf_putc(out, *g++);
                }
            }
        }
        if (!rc)
            rc = surql_buf_put(out, text + t.v[i].off, t.v[i].len);
    }
    tkv_free(&t);
    return rc;
}
