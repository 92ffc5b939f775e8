/* Analyzer tokenizers and filters: checked against the engine's grammar and
 * brought to the canonical spelling the engines echo in INFO FOR DB
 * (`EDGENGRAM(1,3)`, `SNOWBALL(ENGLISH)`, `MAPPER('path')`).
 *
 * An item is read with the SurrealQL tokenizer, so whitespace and comments
 * between its tokens are dropped exactly as the engine drops them, and each
 * argument must be the one token the filter takes: the canonical text is
 * rebuilt from those tokens, never copied from the input. */
#include "model-internal.h"
#include "sqlex-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema/literal.h>

/* Snowball languages: the name the engines echo, then the ISO 639-2 and
 * 639-1 codes they accept for it (checked on SurrealDB 3.0.2 and 2.6.0). */
static const char *const languages[][3] = {
    { "ARABIC", "ARA", "AR" },     { "DANISH", "DAN", "DA" },    { "DUTCH", "NLD", "NL" },
    { "ENGLISH", "ENG", "EN" },    { "FINNISH", "FIN", "FI" },   { "FRENCH", "FRA", "FR" },
    { "GERMAN", "DEU", "DE" },     { "GREEK", "ELL", "EL" },     { "HUNGARIAN", "HUN", "HU" },
    { "ITALIAN", "ITA", "IT" },    { "NORWEGIAN", "NOR", "NO" }, { "PORTUGUESE", "POR", "PT" },
    { "ROMANIAN", "RON", "RO" },   { "RUSSIAN", "RUS", "RU" },   { "SPANISH", "SPA", "ES" },
    { "SWEDISH", "SWE", "SV" },    { "TAMIL", "TAM", "TA" },     { "TURKISH", "TUR", "TR" },
};

typedef struct item {
    const char *src, *aname, *kind; /* kind: "filter" or "tokenizer" */
    const char *word;               /* canonical filter name */
    const tkv *t;
    size_t i;
} item;

static int bad(const item *it, const char *expected)
{
    const tk *t = &it->t->v[it->i];
    if (it->i >= it->t->n)
        return sq_err(SURQL_ESCHEMA, "analyzer '%s': %s %s: expected %s, found the end",
                      it->aname, it->kind, it->word, expected);
    return sq_err(SURQL_ESCHEMA, "analyzer '%s': %s %s: expected %s, found '%.*s'", it->aname,
                  it->kind, it->word, expected, (int)(t->len > 40 ? 40 : t->len),
                  it->src + t->off);
}

static int punct(item *it, const char *s)
{
    if (it->i < it->t->n && tk_punct(it->src, &it->t->v[it->i], s)) {
        it->i++;
        return SURQL_OK;
    }
    char what[8];
    snprintf(what, sizeof what, "'%s'", s);
    return bad(it, what);
}

/* an ngram size: a whole number 0..65535 (the engine's u16), optional '+' */
static int size_arg(item *it, surql_buf *b)
{
    if (it->i < it->t->n && tk_punct(it->src, &it->t->v[it->i], "+"))
        it->i++;
    const tk *t = &it->t->v[it->i];
    unsigned long v = 0;
    int ok = it->i < it->t->n && t->kind == TK_NUMBER && t->len > 0;
    for (size_t k = 0; ok && k < t->len; k++) {
        char c = it->src[t->off + k];
        ok = c >= '0' && c <= '9' && (v = v * 10 + (unsigned long)(c - '0')) <= 65535;
    }
    if (!ok)
        return bad(it, "a size (a whole number 0 to 65535)");
    it->i++;
    return surql_buf_printf(b, "%lu", v);
}

static int language_arg(item *it, surql_buf *b)
{
    const tk *t = &it->t->v[it->i];
    if (it->i < it->t->n && t->kind == TK_IDENT)
        for (size_t l = 0; l < sizeof languages / sizeof languages[0]; l++)
            for (int k = 0; k < 3; k++)
                if (tk_is(it->src, t, languages[l][k])) {
                    it->i++;
                    return surql_buf_puts(b, languages[l][0]);
                }
    return bad(it, "a language (english, french, german, ... or its ISO code)");
}

static int path_arg(item *it, surql_buf *b)
{
    const tk *t = &it->t->v[it->i];
    if (it->i >= it->t->n || t->kind != TK_STRING || tk_string_prefix(it->src, t))
        return bad(it, "a file path (a string)");
    surql_buf s = SURQL_BUF_INIT;
    int rc = tk_string(it->src, t, &s);
    if (!rc)
        rc = surql_string_escape(b, s.ptr ? s.ptr : "", s.size);
    surql_buf_dispose(&s);
    if (!rc)
        it->i++;
    return rc;
}

/* *known 0: the first word names no tokenizer/filter of this kind */
static int canon(item *it, surql_buf *b, int filter, int *known)
{
    static const char *const toks[] = { "BLANK", "CAMEL", "CLASS", "PUNCT", NULL };
    static const char *const plain[] = { "ASCII", "LOWERCASE", "UPPERCASE", NULL };
    static const struct {
        const char *word;
        int nargs;
        int (*arg)(item *, surql_buf *);
    } with_args[] = { { "EDGENGRAM", 2, size_arg }, { "NGRAM", 2, size_arg },
                      { "SNOWBALL", 1, language_arg }, { "MAPPER", 1, path_arg } };
    const tkv *t = it->t;
    const tk *w = &t->v[0];
    *known = 0;
    if (t->n == 0 || w->kind != TK_IDENT)
        return SURQL_OK;
    const char *const *set = filter ? plain : toks;
    for (size_t k = 0; set[k]; k++)
        if (tk_is(it->src, w, set[k])) {
            *known = t->n == 1;
            return *known ? surql_buf_puts(b, set[k]) : SURQL_OK;
        }
    for (size_t k = 0; filter && k < sizeof with_args / sizeof with_args[0]; k++) {
        if (!tk_is(it->src, w, with_args[k].word))
            continue;
        *known = 1;
        it->word = with_args[k].word;
        it->i = 1;
        int rc = surql_buf_puts(b, it->word);
        if (!rc)
            rc = punct(it, "(");
        if (!rc)
            rc = surql_buf_putc(b, '(');
        for (int a = 0; !rc && a < with_args[k].nargs; a++) {
            if (a && !(rc = punct(it, ",")))
                rc = surql_buf_putc(b, ',');
            if (!rc)
                rc = with_args[k].arg(it, b);
        }
        if (!rc)
            rc = punct(it, ")");
        if (!rc)
            rc = surql_buf_putc(b, ')');
        if (!rc && it->i < t->n)
            rc = bad(it, "nothing after ')'");
        return rc;
    }
    return SURQL_OK;
}

int sq_analyzer_item(char **dst, const char *text, int filter, const char *aname)
{
    *dst = NULL;
    const char *s = text ? text : "";
    tkv t;
    int rc = sqlex(s, strlen(s), 1, 1, &t);
    if (rc) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", surql_error_last()->message);
        return sq_err(SURQL_ESCHEMA, "analyzer '%s': %s '%s': %s", aname,
                      filter ? "filter" : "tokenizer", s, msg);
    }
    item it = { s, aname, filter ? "filter" : "tokenizer", NULL, &t, 0 };
    surql_buf b = SURQL_BUF_INIT;
    int known = 0;
    rc = canon(&it, &b, filter, &known);
    tkv_free(&t);
    if (!rc && !known) {
        surql_buf_dispose(&b);
        return sq_err(SURQL_ESCHEMA,
                      filter ? "analyzer '%s': unknown filter '%s' (ascii, lowercase, uppercase, "
                               "edgengram(min,max), ngram(min,max), snowball(language), "
                               "mapper('path'))"
                             : "analyzer '%s': unknown tokenizer '%s' (blank, camel, class, punct)",
                      aname, s);
    }
    if (!rc && !(*dst = surql_buf_detach(&b)))
        rc = sq_err(SURQL_ENOMEM, "out of memory");
    surql_buf_dispose(&b);
    return rc;
}
