/* Hostile strings through the suite's escaping routines: surql_string_escape,
 * surql_ident_escape_len and surql_record_key_escape, with the exact output
 * for each, and a check that the output reads back to the same text (the
 * same outputs were run through SurrealDB 3.0.2 and 2.6.0, see
 * docs/values.md). */
#include "surql_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

typedef struct hostile {
    const char *in;
    size_t len;        /* 0: strlen(in) */
    const char *str;   /* surql_string_escape */
    const char *ident; /* surql_ident_escape_len and surql_record_key_escape */
} hostile;

/* clang-format off */
static const hostile corpus[] = {
    { "", 0, "''", "``" },
    { "a", 0, "'a'", "a" },
    { "user", 0, "'user'", "user" },
    { "_", 0, "'_'", "_" },
    { "A_1", 0, "'A_1'", "A_1" },
    { "'", 0, "'\\''", "`'`" },
    { "''", 0, "'\\'\\''", "`''`" },
    { "\\", 0, "'\\\\'", "`\\\\`" },
    { "\\'", 0, "'\\\\\\''", "`\\\\'`" },
    { "'; DELETE user; --", 0, "'\\'; DELETE user; --'", "`'; DELETE user; --`" },
    { "\"; DELETE user; --", 0, "'\"; DELETE user; --'", "`\"; DELETE user; --`" },
    { "`", 0, "'`'", "`\\``" },
    { "``", 0, "'``'", "`\\`\\``" },
    { "a`b", 0, "'a`b'", "`a\\`b`" },
    { "`; REMOVE TABLE user; `", 0, "'`; REMOVE TABLE user; `'", "`\\`; REMOVE TABLE user; \\``" },
    { "\\`", 0, "'\\\\`'", "`\\\\\\``" },
    { "⟨", 0, "'⟨'", "`⟨`" },
    { "⟩", 0, "'⟩'", "`⟩`" },
    { "x⟩; DELETE u; ⟨", 0, "'x⟩; DELETE u; ⟨'", "`x⟩; DELETE u; ⟨`" },
    { "\n", 0, "'\\n'", "`\\n`" },
    { "\r\n", 0, "'\\r\\n'", "`\\r\\n`" },
    { "line1\nline2; DELETE x", 0, "'line1\\nline2; DELETE x'", "`line1\\nline2; DELETE x`" },
    { "\t", 0, "'\\t'", "`\\t`" },
    { "\b\f", 0, "'\\b\\f'", "`\\b\\f`" },
    { "\x01", 0, "'\\u0001'", "`\\u0001`" },
    { "\x1f", 0, "'\\u001F'", "`\\u001F`" },
    { "\x1b[31mred", 0, "'\\u001B[31mred'", "`\\u001B[31mred`" },
    { "\x7f", 0, "'\\u007F'", "`\\u007F`" },
    { "\xc2\x80", 0, "'\\u0080'", "`\\u0080`" },
    { "\xc2\x9f", 0, "'\\u009F'", "`\\u009F`" },
    { "\xc2\xa0", 0, "'\xc2\xa0'", "`\xc2\xa0`" },
    { "\0", 1, "'\\u0000'", "`\\u0000`" },
    { "a\0b", 3, "'a\\u0000b'", "`a\\u0000b`" },
    { "\0'; DELETE", 10, "'\\u0000\\'; DELETE'", "`\\u0000'; DELETE`" },
    { "--", 0, "'--'", "`--`" },
    { "-- comment", 0, "'-- comment'", "`-- comment`" },
    { "/*", 0, "'/*'", "`/*`" },
    { "*/", 0, "'*/'", "`*/`" },
    { "a /* b */ c", 0, "'a /* b */ c'", "`a /* b */ c`" },
    { "#", 0, "'#'", "`#`" },
    { "//", 0, "'//'", "`//`" },
    { ";", 0, "';'", "`;`" },
    { "$param", 0, "'$param'", "`$param`" },
    { "$", 0, "'$'", "`$`" },
    { "select", 0, "'select'", "`select`" },
    { "SELECT", 0, "'SELECT'", "`SELECT`" },
    { "Delete", 0, "'Delete'", "`Delete`" },
    { "NONE", 0, "'NONE'", "`NONE`" },
    { "null", 0, "'null'", "`null`" },
    { "true", 0, "'true'", "`true`" },
    { "NaN", 0, "'NaN'", "`NaN`" },
    { "Infinity", 0, "'Infinity'", "`Infinity`" },
    { "value", 0, "'value'", "`value`" },
    { "only", 0, "'only'", "`only`" },
    { "in", 0, "'in'", "in" },
    { "123", 0, "'123'", "`123`" },
    { "-5", 0, "'-5'", "`-5`" },
    { "1e5", 0, "'1e5'", "`1e5`" },
    { "1dec", 0, "'1dec'", "`1dec`" },
    { "0x10", 0, "'0x10'", "`0x10`" },
    { "a b", 0, "'a b'", "`a b`" },
    { "a-b", 0, "'a-b'", "`a-b`" },
    { "a.b", 0, "'a.b'", "`a.b`" },
    { "a:b", 0, "'a:b'", "`a:b`" },
    { "t:1", 0, "'t:1'", "`t:1`" },
    { "..", 0, "'..'", "`..`" },
    { "}{)(][", 0, "'}{)(]['", "`}{)(][`" },
    { "<set>", 0, "'<set>'", "`<set>`" },
    { "r'x'", 0, "'r\\'x\\''", "`r'x'`" },
    { "é", 0, "'é'", "`é`" },
    { "e\xcc\x81", 0, "'e\xcc\x81'", "`e\xcc\x81`" },
    { "日本語", 0, "'日本語'", "`日本語`" },
    { "\xf0\x9f\x98\x80", 0, "'\xf0\x9f\x98\x80'", "`\xf0\x9f\x98\x80`" },
    { "\xe2\x80\xae", 0, "'\\u202E'", "`\\u202E`" },
    { "abc\xe2\x80\xae" "fed", 0, "'abc\\u202Efed'", "`abc\\u202Efed`" },
    { "\xe2\x81\xa6x\xe2\x81\xa9", 0, "'\\u2066x\\u2069'", "`\\u2066x\\u2069`" },
    { "a\xe2\x80\x8b" "b", 0, "'a\\u200Bb'", "`a\\u200Bb`" },
    { "\xef\xbb\xbf", 0, "'\\uFEFF'", "`\\uFEFF`" },
    { "a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "'a\\u2028b\\u2029'", "`a\\u2028b\\u2029`" },
    { "\xd8\x9c", 0, "'\\u061C'", "`\\u061C`" },
    { "\xe2\x80\x8f", 0, "'\\u200F'", "`\\u200F`" },
    { "\\u0041", 0, "'\\\\u0041'", "`\\\\u0041`" },
    { "\\u{41}", 0, "'\\\\u{41}'", "`\\\\u{41}`" },
    { "\\0", 0, "'\\\\0'", "`\\\\0`" },
    { "\\n", 0, "'\\\\n'", "`\\\\n`" },
    { "\\\\'", 0, "'\\\\\\\\\\''", "`\\\\\\\\'`" },
    { "'\\''", 0, "'\\'\\\\\\'\\''", "`'\\\\''`" },
    { "%s%n%x", 0, "'%s%n%x'", "`%s%n%x`" },
    { "a\"b", 0, "'a\"b'", "`a\"b`" },
    { "' OR '1'='1", 0, "'\\' OR \\'1\\'=\\'1'", "`' OR '1'='1`" },
    { "'); DROP TABLE students;--", 0, "'\\'); DROP TABLE students;--'",
      "`'); DROP TABLE students;--`" },
    { "${7*7}{{7*7}}", 0, "'${7*7}{{7*7}}'", "`${7*7}{{7*7}}`" },
};
/* clang-format on */

static const char *long_quotes(void)
{
    static char s[201];
    memset(s, '\'', 200);
    return s;
}

ST_TEST(corpus_size)
{
    ST_CHECK(sizeof corpus / sizeof corpus[0] >= 60);
}

ST_TEST(string_escape)
{
    surql_buf b = SURQL_BUF_INIT;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        const hostile *h = &corpus[i];
        size_t len = h->len ? h->len : strlen(h->in);
        surql_buf_clear(&b);
        ST_OK(surql_string_escape(&b, h->in, len));
        ST_CHECKF(strcmp(surql_buf_cstr(&b), h->str) == 0, "case %zu: got [%s] want [%s]", i,
                  surql_buf_cstr(&b), h->str);
        ST_EQ_INT(strlen(surql_buf_cstr(&b)), b.size); /* never a raw NUL */
    }
    surql_buf_dispose(&b);
}

ST_TEST(ident_and_key_escape)
{
    surql_buf b = SURQL_BUF_INIT;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        const hostile *h = &corpus[i];
        size_t len = h->len ? h->len : strlen(h->in);
        surql_buf_clear(&b);
        int rc = surql_ident_escape_len(&b, h->in, len, 0);
        if (len == 0) {
            ST_EQ_INT(rc, SURQL_EINVAL);
            ST_EQ_STR(surql_error_last()->message, "surql_ident_escape: empty identifier");
        } else {
            ST_OK(rc);
            ST_CHECKF(strcmp(surql_buf_cstr(&b), h->ident) == 0, "case %zu: got [%s] want [%s]",
                      i, surql_buf_cstr(&b), h->ident);
        }
        surql_buf_clear(&b);
        ST_OK(surql_record_key_escape(&b, h->in, len, 0));
        ST_CHECKF(strcmp(surql_buf_cstr(&b), h->ident) == 0, "key case %zu: got [%s] want [%s]",
                  i, surql_buf_cstr(&b), h->ident);
        ST_EQ_INT(strlen(surql_buf_cstr(&b)), b.size);
        /* the plain test agrees with the output */
        ST_EQ_INT(surql_ident_is_plain_len(h->in, len), h->ident[0] != '`');
    }
    surql_buf_dispose(&b);
}

/* Every escaped form reads back to exactly the input. */
ST_TEST(round_trip)
{
    surql_buf b = SURQL_BUF_INIT;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        const hostile *h = &corpus[i];
        size_t len = h->len ? h->len : strlen(h->in);
        surql_value *v = NULL;
        const char *got = NULL;
        size_t gl = 0;
        ST_OK(surql_value_from_surql(&v, h->str, strlen(h->str)));
        ST_OK(surql_value_get_string(v, &got, &gl));
        ST_EQ_MEM(got, gl, h->in, len);
        v = surql_value_unref(v);

        /* as a record key: t:<key> */
        surql_buf_clear(&b);
        surql_buf_puts(&b, "t:");
        surql_buf_puts(&b, h->ident);
        v = surql_value_record_parse(b.ptr);
        ST_CHECKF(v != NULL, "case %zu %s: %s", i, b.ptr, surql_error_last()->message);
        const surql_value *key = NULL;
        ST_OK(surql_value_record_key(v, &key));
        ST_OK(surql_value_get_string(key, &got, &gl));
        ST_EQ_MEM(got, gl, h->in, len);
        v = surql_value_unref(v);

        /* as a table: <ident>:1 (table names hold no NUL and are not empty) */
        if (len && memchr(h->in, 0, len) == NULL) {
            surql_buf_clear(&b);
            surql_buf_puts(&b, h->ident);
            surql_buf_puts(&b, ":1");
            v = surql_value_record_parse(b.ptr);
            ST_CHECKF(v != NULL, "case %zu %s: %s", i, b.ptr, surql_error_last()->message);
            const char *tb = NULL;
            ST_OK(surql_value_record_table(v, &tb));
            ST_EQ_STR(tb, h->in);
            v = surql_value_unref(v);
        }
    }
    surql_buf_dispose(&b);
}

ST_TEST(long_strings)
{
    surql_buf b = SURQL_BUF_INIT;
    /* 200 quotes: each escaped */
    ST_OK(surql_string_escape(&b, long_quotes(), 200));
    ST_EQ_INT(b.size, 402);
    ST_CHECK(b.ptr[0] == '\'' && b.ptr[401] == '\'');
    for (size_t i = 1; i < 401; i += 2)
        ST_CHECK(b.ptr[i] == '\\' && b.ptr[i + 1] == '\'');
    /* 1 MiB of mixed hostile text round-trips */
    size_t n = 1 << 20;
    char *big = malloc(n);
    ST_CHECK(big != NULL);
    static const char pat[] = "'\\`\n\t;--/*⟩";
    for (size_t i = 0; i < n; i++)
        big[i] = pat[i % (sizeof pat - 1)];
    /* keep it valid UTF-8: cut at a pattern boundary */
    size_t len = n - n % (sizeof pat - 1);
    surql_buf_clear(&b);
    ST_OK(surql_string_escape(&b, big, len));
    surql_value *v = NULL;
    ST_OK(surql_value_from_surql(&v, b.ptr, b.size));
    const char *got = NULL;
    size_t gl = 0;
    ST_OK(surql_value_get_string(v, &got, &gl));
    ST_EQ_MEM(got, gl, big, len);
    surql_value_unref(v);
    surql_buf_clear(&b);
    ST_OK(surql_ident_escape_len(&b, big, len, 0));
    ST_OK(surql_value_from_surql(&v, "0", 1));
    surql_value_unref(v);
    free(big);
    surql_buf_dispose(&b);
}

ST_TEST(invalid_utf8_never_escapes)
{
    surql_buf b = SURQL_BUF_INIT;
    surql_buf_puts(&b, "keep");
    /* a lone continuation byte or a truncated sequence could swallow a quote */
    ST_ERR(surql_string_escape(&b, "a\xc3'", 3), SURQL_EINVAL);
    ST_EQ_STR(surql_error_last()->message, "invalid UTF-8 at byte 1");
    ST_ERR(surql_ident_escape_len(&b, "\xe2\x9f", 2, 0), SURQL_EINVAL);
    ST_ERR(surql_record_key_escape(&b, "x\x80", 2, 0), SURQL_EINVAL);
    ST_ERR(surql_string_escape(&b, "\xed\xa0\x80", 3), SURQL_EINVAL);
    ST_EQ_STR(surql_buf_cstr(&b), "keep"); /* nothing appended on failure */
    ST_ERR(surql_string_escape(&b, NULL, 1), SURQL_EINVAL);
    ST_ERR(surql_string_escape(NULL, "a", 1), SURQL_EINVAL);
    ST_OK(surql_string_escape(&b, NULL, 0));
    ST_EQ_STR(surql_buf_cstr(&b), "keep''");
    surql_buf_dispose(&b);
}

ST_TEST(v2_identifiers)
{
    /* SurrealDB 2.x has no \u escape in identifiers: controls are written raw,
     * U+0000 cannot be written at all */
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_ident_escape_len(&b, "a\x01\xe2\x80\xae`\\\n", 8, SURQL_LITERAL_V2));
    ST_EQ_STR(surql_buf_cstr(&b), "`a\x01\xe2\x80\xae\\`\\\\\\n`");
    surql_buf_clear(&b);
    ST_ERR(surql_record_key_escape(&b, "a\0b", 3, SURQL_LITERAL_V2), SURQL_EUNSUPPORTED);
    ST_EQ_STR(surql_error_last()->message, "SurrealDB 2.x cannot represent U+0000 (at byte 1)");
    ST_EQ_STR(surql_buf_cstr(&b), "");
    surql_buf_dispose(&b);
}

ST_MAIN(ST_CASE(corpus_size), ST_CASE(string_escape), ST_CASE(ident_and_key_escape),
        ST_CASE(round_trip), ST_CASE(long_strings), ST_CASE(invalid_utf8_never_escapes),
        ST_CASE(v2_identifiers))
