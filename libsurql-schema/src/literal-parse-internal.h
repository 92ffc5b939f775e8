/* Private to the SurrealQL literal parser (literal-parse.c: the grammar,
 * literal-lex.c: the cursor, errors, quoted text and numbers). */
#ifndef SURQL_SCHEMA_LITERAL_PARSE_INTERNAL_H
#define SURQL_SCHEMA_LITERAL_PARSE_INTERNAL_H

#include <stddef.h>

#include "value-internal.h"

typedef struct lp {
    const char *s;
    size_t len, pos;
    int depth;
    int code;          /* error code for syntax errors */
    const char *input; /* record_parse: the text, quoted in messages */
} lp;

static inline char peek(const lp *p, size_t k)
{
    return p->pos + k < p->len ? p->s[p->pos + k] : '\0';
}

static inline int at_end(const lp *p)
{
    return p->pos >= p->len;
}

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int is_ident(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || is_digit(c);
}

/* "⟨" and "⟩" are U+27E8 / U+27E9: E2 9F A8 / E2 9F A9 */
static inline int at_langle(const lp *p)
{
    return peek(p, 0) == '\xE2' && peek(p, 1) == '\x9F' && peek(p, 2) == '\xA8';
}

static inline int at_rangle(const lp *p)
{
    return peek(p, 0) == '\xE2' && peek(p, 1) == '\x9F' && peek(p, 2) == '\xA9';
}


static inline int hexv(char c)
{
    return (c >= '0' && c <= '9')   ? c - '0'
           : (c >= 'a' && c <= 'f') ? c - 'a' + 10
           : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                    : -1;
}

/* Record a syntax error at byte @p at (with line and column); returns @p code. */
int surql__lp_err(lp *p, size_t at, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* A builder refused a parsed value: its message plus where the value starts. */
int surql__lp_builder(lp *p, size_t at);
/* Skip spaces, tabs and line breaks. */
void surql__lp_skip_ws(lp *p);
/* "unexpected X, expected @p expected" at the cursor. */
int surql__lp_unexpected(lp *p, const char *expected);
/* One nesting level deeper (SURQL_ERANGE past SURQL_VALUE_MAX_DEPTH). */
int surql__lp_enter(lp *p);
/* A quoted string at the cursor, unescaped into @p b. */
int surql__lp_quoted(lp *p, surql_buf *b);
/* As surql__lp_quoted, reporting errors at @p at. */
int surql__lp_quoted_text(lp *p, surql_buf *b, size_t at);
/* A number or duration at the cursor. */
int surql__lp_number(lp *p, surql_value **out);

#endif
