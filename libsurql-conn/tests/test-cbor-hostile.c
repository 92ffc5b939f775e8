/* Unit tests of the CBOR codec against every class of malformed input:
 * truncation at every byte, trailing bytes, depth, length claims, UTF-8,
 * map keys, tags and tag contents, limits, and release of what was built
 * before an error. Runs without a server. */
#include "cbor-fixture.h"

/* ------------------------------------------------------------------------ */
/* malformed input                                                            */
/* ------------------------------------------------------------------------ */

ST_TEST(truncated_at_every_byte)
{
    surql_value *v = every_type();
    surql_buf b = SURQL_BUF_INIT;
    ST_OK(surql_conn__cbor_encode(v, &b, 0));
    /* also an RPC request */
    surql_buf r = SURQL_BUF_INIT;
    surql_value *id = surql_value_int(1);
    ST_OK(surql_conn__cbor_encode_request(&r, id, "query", NULL, NULL, NULL, 0));
    const surql_buf *bufs[2] = { &b, &r };
    for (int k = 0; k < 2; k++) {
        for (size_t n = 0; n < bufs[k]->size; n++) {
            /* a fresh allocation of exactly n bytes, so ASan sees any over-read */
            uint8_t *p = malloc(n ? n : 1);
            memcpy(p, bufs[k]->ptr, n);
            surql_value *out = (surql_value *)1;
            int rc = surql_conn__cbor_decode(&out, p, n, NULL);
            free(p);
            ST_CHECKF(rc == SURQL_EPARSE, "prefix of %zu bytes: %s", n, surql_status_name(rc));
            ST_CHECKF(out == NULL, "prefix of %zu bytes: out not reset", n);
            ST_CHECKF(strstr(ERRMSG(), "truncated") != NULL, "prefix of %zu bytes: %s", n, ERRMSG());
        }
    }
    surql_value_unref(id);
    surql_value_unref(v);
    surql_buf_dispose(&b);
    surql_buf_dispose(&r);
}

ST_TEST(trailing_bytes)
{
    DECERR("01 02", SURQL_EPARSE, "trailing bytes after the CBOR item: 1 bytes at offset 1");
    DECERR("80 00 00", SURQL_EPARSE, "2 bytes at offset 1");
    DECERR("c6 f6 f6", SURQL_EPARSE, "at offset 2");
    DECERR("", SURQL_EPARSE, "empty input");
}

ST_TEST(depth_limits)
{
    static uint8_t buf[200000];
    surql_value *v = NULL;
    /* 128 nested arrays decode with the default limit, 129 do not */
    memset(buf, 0x81, 128);
    buf[128] = 0x00;
    ST_OK(surql_conn__cbor_decode(&v, buf, 129, NULL));
    surql_value_unref(v);
    memset(buf, 0x81, 129);
    buf[129] = 0x00;
    ST_ERR(surql_conn__cbor_decode(&v, buf, 130, NULL), SURQL_ERANGE);
    ST_CHECK(strstr(ERRMSG(), "nested deeper than 128 levels at offset 128") != NULL);
    /* indefinite arrays, maps and tags count the same */
    memset(buf, 0x9f, 200);
    ST_ERR(surql_conn__cbor_decode(&v, buf, 200, NULL), SURQL_ERANGE);
    for (int i = 0; i < 200; i++) {
        buf[3 * i] = 0xa1;
        buf[3 * i + 1] = 0x61;
        buf[3 * i + 2] = 'k';
    }
    ST_ERR(surql_conn__cbor_decode(&v, buf, 600, NULL), SURQL_ERANGE);
    memset(buf, 0xd8, sizeof buf); /* d8 d8 d8 ... = 216(216(...)): unknown tag first */
    ST_ERR(surql_conn__cbor_decode(&v, buf, 1000, NULL), SURQL_EUNSUPPORTED);
    for (int i = 0; i < 300; i++) { /* 8(8(8(...))) */
        buf[i] = 0xc8;
    }
    ST_ERR(surql_conn__cbor_decode(&v, buf, 300, NULL), SURQL_ERANGE);
    /* very deep input fails fast without recursion */
    memset(buf, 0x81, sizeof buf);
    ST_ERR(surql_conn__cbor_decode(&v, buf, sizeof buf, NULL), SURQL_ERANGE);
    /* a custom limit */
    surql_conn__cbor_limits lim = { 0 };
    lim.max_depth = 3;
    DECERRL("81 81 81 81 00", &lim, SURQL_ERANGE, "deeper than 3 levels");
    memset(buf, 0x81, 3);
    buf[3] = 0;
    ST_OK(surql_conn__cbor_decode(&v, buf, 4, &lim));
    surql_value_unref(v);
    /* a limit above SURQL_VALUE_MAX_DEPTH is capped */
    lim.max_depth = 100000;
    memset(buf, 0x81, 300);
    buf[300] = 0;
    ST_ERR(surql_conn__cbor_decode(&v, buf, 301, &lim), SURQL_ERANGE);
    ST_CHECK(strstr(ERRMSG(), "256") != NULL);
}

ST_TEST(huge_length_claims)
{
    /* claims the remaining input cannot back fail before any allocation */
    DECERR("9b ff ff ff ff ff ff ff ff", SURQL_EPARSE, "claims 18446744073709551615 items");
    DECERR("9a 00 10 00 00 01 02", SURQL_EPARSE, "claims 1048576 items but only 2 bytes remain");
    DECERR("bb 7f ff ff ff ff ff ff ff", SURQL_EPARSE, "entries");
    DECERR("a2 61 'a' 01", SURQL_EPARSE, "claims 2 entries but only 3 bytes remain");
    DECERR("5b 00 00 00 01 00 00 00 00 00", SURQL_EPARSE, "claims 4294967296 bytes but only 1 remain");
    DECERR("7b ff ff ff ff ff ff ff ff", SURQL_EPARSE, "text string at offset 0 claims");
    DECERR("7a ff ff ff ff 'abc'", SURQL_EPARSE, "claims 4294967295 bytes");
    DECERR("82 01 65 'abc'", SURQL_EPARSE, "text string at offset 2 claims 5 bytes but only 3");
    DECERR("19 01", SURQL_EPARSE, "needs 2 bytes, 1 remain");
    DECERR("fb 00 00", SURQL_EPARSE, "needs 8 bytes");
    DECERR("d9 00", SURQL_EPARSE, "the head of the tag at offset 0");
    /* limits */
    surql_conn__cbor_limits lim = { 0 };
    lim.max_string = 4;
    DECERRL("65 'abcde'", &lim, SURQL_ERANGE, "longer than 4 bytes");
    DECERRL("45 0102030405", &lim, SURQL_ERANGE, "byte string at offset 0 is longer");
    DECERRL("7f 63 'abc' 62 'de' ff", &lim, SURQL_ERANGE, "longer than 4 bytes");
    DEC("7f 62 'ab' 62 'cd' ff", "'abcd'");
    lim.max_string = 0;
    lim.max_size = 8;
    DECERRL("88 01 02 03 04 05 06 07 08", &lim, SURQL_ERANGE, "9 bytes exceeds the limit of 8");
    lim.max_size = 0;
    lim.max_items = 5;
    DECERRL("85 01 02 03 04 05", &lim, SURQL_ERANGE, "more than 5 items");
}

ST_TEST(invalid_utf8)
{
    DECERR("62 c3 28", SURQL_EPARSE, "CBOR text string at offset 0: invalid UTF-8 at byte 0");
    DECERR("62 c0 80", SURQL_EPARSE, "invalid UTF-8"); /* overlong NUL */
    DECERR("63 ed a0 80", SURQL_EPARSE, "invalid UTF-8"); /* surrogate */
    DECERR("64 f4 90 80 80", SURQL_EPARSE, "invalid UTF-8"); /* > U+10FFFF */
    DECERR("61 ff", SURQL_EPARSE, "invalid UTF-8");
    DECERR("82 01 62 'a' e2", SURQL_EPARSE, "text string at offset 2"); /* truncated sequence */
    DECERR("a1 62 'a' ff 01", SURQL_EPARSE, "CBOR map key at offset 1: ");
    DECERR("a1 62 'a' ff 01", SURQL_EPARSE, "CBOR map key at offset 1: invalid UTF-8 at byte 1");
    DECERR("c7 61 ff", SURQL_EPARSE, "invalid UTF-8");
    /* byte strings are not text */
    DEC("41 ff", "b\"FF\"");
}

ST_TEST(non_text_map_keys)
{
    DECERR("a1 01 02", SURQL_EPARSE, "key at offset 1 is an unsigned integer; map keys must be text");
    DECERR("a1 20 02", SURQL_EPARSE, "negative integer");
    DECERR("a1 41 'a' 02", SURQL_EPARSE, "byte string");
    DECERR("a1 80 02", SURQL_EPARSE, "array");
    DECERR("a1 a0 02", SURQL_EPARSE, "map keys must be text");
    DECERR("a1 c6 f6 02", SURQL_EPARSE, "tag");
    DECERR("a1 f6 02", SURQL_EPARSE, "simple value");
    DECERR("bf 01 02 ff", SURQL_EPARSE, "map keys must be text");
    /* the second key, too */
    DECERR("a2 61 'a' 01 f5 02", SURQL_EPARSE, "key at offset 4");
    /* duplicates are refused (RFC 8949 §5.6: not valid CBOR) */
    DECERR("a2 61 'a' 01 61 'a' 02", SURQL_EPARSE, "duplicate key \"a\" at offset 4");
    DECERR("bf 61 'a' 01 7f 61 'a' ff 02 ff", SURQL_EPARSE, "duplicate key");
    /* keys may contain NUL and are exact */
    DEC("a2 61 'a' 01 62 61 00 02", "{ a: 1, 'a\\u{0}': 2 }");
}

ST_TEST(unknown_tags)
{
    DECERR("d8 64 00", SURQL_EUNSUPPORTED, "unknown CBOR tag 100 at offset 0");
    DECERR("c1 00", SURQL_EUNSUPPORTED, "unknown CBOR tag 1 at offset 0");
    DECERR("c2 41 01", SURQL_EUNSUPPORTED, "tag 2");
    DECERR("cb 61 'x'", SURQL_EUNSUPPORTED, "tag 11"); /* binary decimal: reserved */
    DECERR("d4 00", SURQL_EUNSUPPORTED, "tag 20");
    DECERR("d8 20 61 'x'", SURQL_EUNSUPPORTED, "tag 32");
    DECERR("d9 d9 f7 00", SURQL_EUNSUPPORTED, "tag 55799");
    DECERR("db ff ff ff ff ff ff ff ff 00", SURQL_EUNSUPPORTED, "tag 18446744073709551615");
    DECERR("d8 37 82 61 'b' 61 'k'", SURQL_EUNSUPPORTED, "tag 55 (file pointer)");
    DECERR("cf 61 'x'", SURQL_EUNSUPPORTED, "tag 15 (future");
    DECERR("82 01 d8 39 00", SURQL_EUNSUPPORTED, "tag 57 at offset 2");
    DECERR("f7", SURQL_EUNSUPPORTED, "undefined at offset 0");
    DECERR("81 f7", SURQL_EUNSUPPORTED, "undefined at offset 1");
}

ST_TEST(invalid_initial_bytes)
{
    static const char *const bad[] = { "1c", "1d", "1e", "3c", "3e", "5c", "5e", "7c", "7e", "9c",
                                       "9e", "bc", "be", "dc", "de", "fc", "fd", "fe" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char hex[16];
        snprintf(hex, sizeof hex, "%s 00", bad[i]);
        DECERR(hex, SURQL_EPARSE, "reserved");
    }
    DECERR("e0", SURQL_EPARSE, "unassigned simple value");
    DECERR("f3", SURQL_EPARSE, "initial byte 0xf3 at offset 0");
    DECERR("f8 20", SURQL_EPARSE, "initial byte 0xf8");
    DECERR("82 01 f8 ff", SURQL_EPARSE, "at offset 2");
}

ST_TEST(malformed_tag_contents)
{
    /* 6: NONE */
    DECERR("c6 01", SURQL_EPARSE, "CBOR tag 6 (NONE) at offset 0: expected null, got an int");
    DECERR("c6 c6 f6", SURQL_EPARSE, "expected null, got a none");
    /* 7: table */
    DECERR("c7 01", SURQL_EPARSE, "tag 7 (table) at offset 0: expected text");
    DECERR("c7 60", SURQL_EPARSE, "tag 7 (table)");
    DECERR("c7 63 61 00 62", SURQL_EPARSE, "NUL byte");
    /* 8: record id */
    DECERR("c8 83 61 't' 01 02", SURQL_EPARSE, "expected [table, key] or \"table:key\" text, got an array of 3 items");
    DECERR("c8 81 61 't'", SURQL_EPARSE, "array of 1 item");
    DECERR("c8 80", SURQL_EPARSE, "array of 0 items");
    DECERR("c8 82 01 02", SURQL_EPARSE, "tag 8 (record id) at offset 0: expected text, got an int");
    DECERR("c8 82 60 02", SURQL_EPARSE, "tag 8 (record id)");
    DECERR("c8 82 61 't' f9 3c 00", SURQL_EPARSE, "key must be");
    DECERR("c8 82 61 't' f6", SURQL_EPARSE, "key must be");
    DECERR("c8 82 61 't' c6 f6", SURQL_EPARSE, "key must be");
    DECERR("c8 82 61 't' d8 31 82 d8 32 f5 f6", SURQL_EPARSE, "key must be");
    DECERR("c8 01", SURQL_EPARSE, "tag 8 (record id) at offset 0: expected");
    DECERR("c8 65 'a b c'", SURQL_EPARSE, "tag 8 (record id)");
    DECERR("82 00 c8 82 61 't' f6", SURQL_EPARSE, "at offset 2");
    /* 9 / 37: uuid */
    DECERR("c9 63 'abc'", SURQL_EPARSE, "expected 36 characters, got 3");
    DECERR("c9 78 24 '0190d0b8-a8f4-7b59-9a5e-2f6b2c7e1aZZ'", SURQL_EPARSE, "tag 9 (uuid text)");
    DECERR("c9 01", SURQL_EPARSE, "expected text");
    DECERR("d8 25 42 01 02", SURQL_EPARSE, "expected a byte string of 16 bytes, got a byte string of 2 bytes");
    DECERR("d8 25 61 'a'", SURQL_EPARSE, "byte string of 16 bytes");
    /* 10: decimal */
    DECERR("ca 63 'abc'", SURQL_EPARSE, "tag 10 (decimal) at offset 0");
    DECERR("ca 01", SURQL_EPARSE, "expected text, got an int");
    DECERR("ca 60", SURQL_EPARSE, "tag 10 (decimal)");
    /* 12: datetime */
    DECERR("cc 83 01 02 03", SURQL_EPARSE,
           "CBOR tag 12 (datetime) at offset 0: expected [seconds, nanoseconds], got an array of 3 items");
    DECERR("cc 81 01", SURQL_EPARSE, "array of 1 item");
    DECERR("cc 80", SURQL_EPARSE, "got an array of 0 items");
    DECERR("cc 63 'abc'", SURQL_EPARSE, "got a string");
    DECERR("cc 82 f9 3c 00 00", SURQL_EPARSE, "seconds must be an integer, got a float");
    DECERR("cc 82 00 1a 3b 9a ca 00", SURQL_EPARSE, "nanoseconds 1000000000 out of range 0..999999999");
    DECERR("cc 82 00 20", SURQL_EPARSE, "nanoseconds -1 out of range");
    DECERR("cc 82 00 61 'a'", SURQL_EPARSE, "nanoseconds must be an integer");
    DECERR("cc 82 1b 7f ff ff ff ff ff ff ff 00", SURQL_ERANGE, "tag 12 (datetime)");
    /* 0 / 13: text forms */
    DECERR("c0 63 'abc'", SURQL_EPARSE, "tag 0 (datetime text)");
    DECERR("c0 01", SURQL_EPARSE, "expected text");
    DECERR("cd 62 '1x'", SURQL_EPARSE, "tag 13 (duration text)");
    DECERR("cd 60", SURQL_EPARSE, "tag 13 (duration text)");
    /* 14: duration */
    DECERR("ce 83 01 02 03", SURQL_EPARSE, "expected [], [seconds] or [seconds, nanoseconds], got an array of 3");
    DECERR("ce 81 20", SURQL_EPARSE, "seconds -1 out of range");
    DECERR("ce 81 61 'a'", SURQL_EPARSE, "seconds must be an integer, got a string");
    DECERR("ce 82 00 1a 3b 9a ca 00", SURQL_EPARSE, "nanoseconds 1000000000");
    DECERR("ce 01", SURQL_EPARSE, "got an int");
    /* 49/50/51: ranges */
    DECERR("d8 31 82 01 02", SURQL_EPARSE, "lower bound must be tag 50, tag 51 or null, got an int");
    DECERR("d8 31 82 f6 02", SURQL_EPARSE, "upper bound must be");
    DECERR("d8 31 81 f6", SURQL_EPARSE, "expected [lower bound, upper bound], got an array of 1");
    DECERR("d8 31 83 f6 f6 f6", SURQL_EPARSE, "array of 3");
    DECERR("d8 31 f6", SURQL_EPARSE, "got a null");
    DECERR("d8 32 01", SURQL_EPARSE, "tag 50 (included bound) at offset 0 outside");
    DECERR("82 d8 33 01 f6", SURQL_EPARSE, "tag 51 (excluded bound) at offset 1 outside");
    DECERR("d8 31 83 f6 f6 d8 32 01", SURQL_EPARSE, "tag 50 (included bound) at offset 5 outside");
    DECERR("d8 31 82 d8 32 d8 32 01 f6", SURQL_EPARSE, "outside");
    DECERR("d8 31 82 81 d8 32 01 f6", SURQL_EPARSE, "outside");
    DECERR("d8 31 82 d8 32 d8 31 82 f6 f6 f6", SURQL_EPARSE, "cannot itself be a range");
    /* 56: set */
    DECERR("d8 38 61 'x'", SURQL_EPARSE, "tag 56 (set) at offset 0: expected an array, got a string");
    /* 88..94: geometry */
    DECERR("d8 58 81 01", SURQL_EPARSE, "tag 88 (geometry point) at offset 0: expected [x, y]");
    DECERR("d8 58 83 01 02 03", SURQL_EPARSE, "expected [x, y]");
    DECERR("d8 58 82 61 'a' 01", SURQL_EPARSE, "coordinate 0 must be a number, got a string");
    DECERR("d8 58 82 01 ca 61 '1'", SURQL_EPARSE, "coordinate 1 must be a number, got a decimal");
    DECERR("d8 58 82 01 f9 7c 00", SURQL_EPARSE, "tag 88 (geometry point)"); /* infinite */
    DECERR("d8 59 81 82 01 02", SURQL_EPARSE, "item 0 is an array of 2 items, expected a Point geometry");
    DECERR("d8 59 61 'x'", SURQL_EPARSE, "expected an array, got a string");
    DECERR("d8 5a 80", SURQL_EPARSE, "tag 90 (geometry polygon)"); /* no ring */
    DECERR("d8 5a 81 d8 58 82 01 02", SURQL_EPARSE, "item 0 is Point, expected a LineString geometry");
    DECERR("d8 5b 81 d8 59 80", SURQL_EPARSE, "expected a Point");
    DECERR("d8 5c 81 d8 58 82 01 02", SURQL_EPARSE, "expected a LineString");
    DECERR("d8 5d 81 d8 59 80", SURQL_EPARSE, "expected a Polygon");
    DECERR("d8 5e 81 01", SURQL_EPARSE, "tag 94 (geometry collection) at offset 0: item 0 is an int");
    /* errors deep inside a message keep the offset of the tag */
    DECERR("a1 61 'x' 82 00 cc 81 00", SURQL_EPARSE, "tag 12 (datetime) at offset 5");
}

ST_TEST(limits_defaults)
{
    surql_conn__cbor_limits lim;
    surql_conn__cbor_limits_default(&lim);
    ST_EQ_INT(lim.max_size, 128u << 20);
    ST_EQ_INT(lim.max_depth, 128);
    ST_EQ_INT(lim.max_items, 16u << 20);
    ST_EQ_INT(lim.max_string, 64u << 20);
    surql_value *v = (surql_value *)1;
    ST_ERR(surql_conn__cbor_decode(NULL, (const uint8_t *)"", 0, NULL), SURQL_EINVAL);
    ST_ERR(surql_conn__cbor_decode(&v, NULL, 1, NULL), SURQL_EINVAL);
    ST_CHECK(v == NULL);
    ST_ERR(surql_conn__cbor_decode(&v, NULL, 0, NULL), SURQL_EPARSE);
    /* items budget */
    lim.max_items = 5;
    DECERRL("85 01 02 03 04 05", &lim, SURQL_ERANGE, "more than 5 items (at offset 5)");
    ST_OK(dec_hex(&v, "84 01 02 03 04", &lim));
    surql_value_unref(v);
}

ST_TEST(errors_midway_release_everything)
{
    /* failures after partial construction (checked for leaks by ASan/valgrind) */
    DECERR("a3 61 'a' 82 01 82 02 61 'x' 61 'b' cc 82 00 00 61 'c' d8 64 00", SURQL_EUNSUPPORTED,
           "tag 100 at offset 17");
    DECERR("9f 01 bf 61 'a' 7f 61 'x' 41 00", SURQL_EPARSE, "not a definite text chunk");
    DECERR("c8 82 61 't' 82 01 d8 31 82 d8 32 01 f7", SURQL_EUNSUPPORTED, "undefined");
    DECERR("d8 31 82 d8 32 82 01 02 d8 33 9f 01 bf 61 'a' 61 ff", SURQL_EPARSE, "invalid UTF-8");
    DECERR("d8 38 82 01 a1 61 'a' 1b ff ff ff ff ff ff ff ff", SURQL_ERANGE, "int64");
    DECERR("d8 5e 82 d8 58 82 01 02 d8 59 82 d8 58 82 01 02 01", SURQL_EPARSE, "item 1");
    DECERR("bf 61 'a' 5f 41 00 41 01", SURQL_EPARSE, "truncated");
}

ST_MAIN(ST_CASE(truncated_at_every_byte), ST_CASE(trailing_bytes), ST_CASE(depth_limits),
        ST_CASE(huge_length_claims), ST_CASE(invalid_utf8), ST_CASE(non_text_map_keys),
        ST_CASE(unknown_tags), ST_CASE(invalid_initial_bytes), ST_CASE(malformed_tag_contents),
        ST_CASE(limits_defaults), ST_CASE(errors_midway_release_everything))
