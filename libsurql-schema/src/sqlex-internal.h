/* A SurrealQL tokenizer used by the DDL parser, expression normalisation and
 * dialect rewriting. Internal to libsurql-schema. */
#ifndef SURQL_SCHEMA_SQLEX_INTERNAL_H
#define SURQL_SCHEMA_SQLEX_INTERNAL_H

#include <stddef.h>

typedef enum tk_kind {
    TK_EOF = 0,
    TK_IDENT,   /* [A-Za-z_][A-Za-z0-9_]* */
    TK_QIDENT,  /* `...` or ⟨...⟩ */
    TK_STRING,  /* '...' "..." with optional prefix r d u s b f */
    TK_NUMBER,  /* 12, 1.5, 1e3, 1.5f, 10dec, 1h30m (durations) */
    TK_PARAM,   /* $name */
    TK_PUNCT    /* operators and brackets */
} tk_kind;

typedef struct tk {
    int kind;
    size_t off, len;   /* bytes in the source */
    size_t line, col;  /* 1-based */
} tk;

typedef struct tkv {
    tk *v;
    size_t n; /* tokens, not counting the final TK_EOF at v[n] */
} tkv;

/* Tokenize; comments and whitespace are skipped. line0/col0: position of
 * text[0] (for error messages in embedded text). SURQL_EPARSE with
 * "LINE:COL: message" and the position recorded. */
int sqlex(const char *text, size_t len, size_t line0, size_t col0, tkv *out);
void tkv_free(tkv *v);

/* case-insensitive keyword test of an IDENT token */
int tk_is(const char *src, const tk *t, const char *word);
/* exact punctuation test */
int tk_punct(const char *src, const tk *t, const char *p);
/* decode a string token (without prefix) into out; 0 or SURQL_ENOMEM */
struct surql_buf;
int tk_string(const char *src, const tk *t, struct surql_buf *out);
/* decode an identifier token (plain or quoted) */
int tk_ident(const char *src, const tk *t, struct surql_buf *out);
/* prefix character of a string token ('\0' for none) */
char tk_string_prefix(const char *src, const tk *t);

/* Append text without its comments: the tokens and the whitespace between
 * them as written, a block comment as one space, line comments (their
 * newline kept) and leading/trailing whitespace dropped. Text rendered into
 * a statement must not carry comments: a trailing line comment would swallow
 * whatever the statement puts after it. SURQL_EPARSE when it does not lex. */
int sqlex_strip_comments(struct surql_buf *out, const char *text, size_t len);

#endif
