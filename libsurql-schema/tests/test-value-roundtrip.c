/* Property tests: random values survive SurrealQL rendering + parsing and
 * extended JSON exactly; random and mutated text never crashes the parsers
 * (run under ASan/valgrind). Deterministic: a fixed xorshift seed. */
#include "surql_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

static unsigned long long g_rs = 0x9E3779B97F4A7C15ULL;

static unsigned long long rnd(void)
{
    g_rs ^= g_rs << 13;
    g_rs ^= g_rs >> 7;
    g_rs ^= g_rs << 17;
    return g_rs;
}

static int rn(int n)
{
    return (int)(rnd() % (unsigned)n);
}

static const char *const pieces[] = {
    "a", "Z", "_", "0", " ", "'", "\"", "\\", "`", "⟨", "⟩", ";", "--", "/*", "\n", "\r", "\t",
    "\x01", "\x7f", "\xc2\x80", "é", "😀", "\xe2\x80\xae", "\xef\xbb\xbf", "$", ":", "..", "{",
    "}", "[", "]", "(", ")", "<", ">", ",", "\\u0041", "NONE", "select", "-", "1", "e", "\0",
};

static size_t rstr(char *buf, size_t cap, int nul)
{
    size_t n = 0;
    int k = rn(7);
    for (int i = 0; i < k; i++) {
        const char *p = pieces[rn((int)(sizeof pieces / sizeof pieces[0]))];
        size_t l = p[0] ? strlen(p) : 1;
        if ((!p[0] && !nul) || n + l >= cap)
            continue;
        memcpy(buf + n, p, l);
        n += l;
    }
    return n;
}

static surql_value *rval(int depth);

static surql_value *rkey(int depth)
{
    char b[128];
    size_t n;
    switch (rn(5)) {
    case 0: return surql_value_int((int64_t)(rnd() % 2001) - 1000);
    case 1: n = rstr(b, sizeof b, 1); return surql_value_string_len(b, n);
    case 2: {
        uint8_t u[16];
        for (int i = 0; i < 16; i++)
            u[i] = (uint8_t)rnd();
        return surql_value_uuid(u);
    }
    case 3: {
        surql_value *a = surql_value_array();
        for (int i = rn(3); i > 0; i--)
            surql_value_array_push_take(a, rval(depth + 1));
        return a;
    }
    default: {
        surql_value *o = surql_value_object();
        for (int i = rn(3); i > 0; i--) {
            n = rstr(b, sizeof b, 1);
            surql_value_object_set_len_take(o, b, n, rval(depth + 1));
        }
        return o;
    }
    }
}

static surql_value *rval(int depth)
{
    static const double floats[] = { 0.0, -0.0, 1.0, 0.1, -2.5, 1e300, 5e-324, 1e21, 1e-7,
                                     123456.789, NAN, INFINITY, -INFINITY };
    static const char *const decs[] = { "0", "-1.50", "1e5", "0.0000000000000000000000000001",
                                         "79228162514264337593543950335" };
    char b[128];
    size_t n;
    switch (rn(depth > 3 ? 13 : 19)) {
    case 0: return surql_value_none();
    case 1: return surql_value_null();
    case 2: return surql_value_bool(rn(2));
    case 3: return surql_value_int((int64_t)rnd());
    case 4: return surql_value_float(floats[rn(13)]);
    case 5: return surql_value_decimal(decs[rn(5)]);
    case 6:
    case 7: n = rstr(b, sizeof b, 1); return surql_value_string_len(b, n);
    case 8: n = (size_t)rn(6); for (size_t i = 0; i < n; i++) b[i] = (char)rnd(); return surql_value_bytes(b, n);
    case 9:
        return surql_value_datetime((int64_t)(rnd() % 20000000000ULL) - 10000000000LL,
                                    (uint32_t)(rnd() % 1000000000));
    case 10: return surql_value_duration(rnd() >> rn(64), (uint32_t)(rnd() % 1000000000));
    case 11: {
        uint8_t u[16];
        for (int i = 0; i < 16; i++)
            u[i] = (uint8_t)rnd();
        return surql_value_uuid(u);
    }
    case 12: {
        n = rstr(b, sizeof b, 0);
        b[n] = '\0';
        surql_value *k = rkey(depth);
        if (rn(4) == 0) {
            surql_value *hi = rkey(depth);
            k = surql_value_range_take(k, rn(2), hi, rn(2));
        }
        return surql_value_record_take(n ? b : "t", k);
    }
    case 13: {
        surql_value *a = surql_value_array();
        for (int i = rn(4); i > 0; i--)
            surql_value_array_push_take(a, rval(depth + 1));
        return a;
    }
    case 14: {
        surql_value *o = surql_value_object();
        for (int i = rn(4); i > 0; i--) {
            n = rstr(b, sizeof b, 1);
            surql_value_object_set_len_take(o, b, n, rval(depth + 1));
        }
        return o;
    }
    case 15: {
        surql_value *s = surql_value_set();
        for (int i = rn(4); i > 0; i--)
            surql_value_set_add_take(s, rval(depth + 1));
        return s;
    }
    case 16: {
        n = rstr(b, sizeof b, 0);
        b[n] = '\0';
        return surql_value_table(n ? b : "tb");
    }
    case 17: {
        if (rn(2))
            return surql_value_point((double)rn(1000) / 8 - 60, -(double)rn(100));
        surql_value *ring = surql_value_array();
        for (int i = rn(4) + 1; i > 0; i--) {
            surql_value *pt = surql_value_array();
            surql_value_array_push_take(pt, surql_value_int(rn(10)));
            surql_value_array_push_take(pt, surql_value_float(rn(10) / 4.0));
            surql_value_array_push_take(ring, pt);
        }
        surql_value *rings = surql_value_array();
        surql_value_array_push_take(rings, ring);
        return surql_value_geometry_take(rn(2) ? SURQL_GEOMETRY_POLYGON : SURQL_GEOMETRY_MULTILINE,
                                         rings);
    }
    default: {
        surql_value *lo = rn(4) ? rval(depth + 1) : NULL, *hi = rn(4) ? rval(depth + 1) : NULL;
        if (surql_value_type_of(lo) == SURQL_VALUE_RANGE)
            lo = surql_value_unref(lo);
        if (surql_value_type_of(hi) == SURQL_VALUE_RANGE)
            hi = surql_value_unref(hi);
        return surql_value_range_take(lo, rn(2), hi, rn(2));
    }
    }
}

ST_TEST(random_values_round_trip)
{
    surql_buf t = SURQL_BUF_INIT;
    for (int i = 0; i < 3000; i++) {
        surql_value *v = rval(0);
        ST_CHECKF(v != NULL, "value %d: %s", i, surql_error_last()->message);
        surql_value *back = NULL;

        surql_buf_clear(&t);
        ST_OK(surql_value_to_surql(v, &t, 0));
        ST_CHECKF(strlen(t.ptr) == t.size, "raw NUL in %s", t.ptr);
        ST_CHECKF(surql_value_from_surql(&back, t.ptr, t.size) == 0, "%s: %s", t.ptr,
                  surql_error_last()->message);
        ST_CHECKF(surql_value_equal(v, back), "SurrealQL round trip of %s", t.ptr);
        ST_EQ_INT(surql_value_compare(v, back), 0);
        back = surql_value_unref(back);

        surql_buf_clear(&t);
        ST_OK(surql_value_to_json(v, &t, SURQL_JSON_EXTENDED | (i % 2 ? SURQL_JSON_PRETTY : 0)));
        ST_CHECKF(surql_value_from_json(&back, t.ptr, t.size, SURQL_JSON_EXTENDED) == 0, "%s: %s",
                  t.ptr, surql_error_last()->message);
        ST_CHECKF(surql_value_equal(v, back), "JSON round trip of %s", t.ptr);
        back = surql_value_unref(back);

        /* the server form is valid plain JSON */
        surql_buf_clear(&t);
        ST_OK(surql_value_to_json(v, &t, 0));
        ST_CHECKF(surql_value_from_json(&back, t.ptr, t.size, 0) == 0, "%s: %s", t.ptr,
                  surql_error_last()->message);
        surql_value_unref(back);
        surql_value_unref(v);
    }
    surql_buf_dispose(&t);
}

/* Mutated valid text and random bytes: parsers either succeed or fail cleanly. */
ST_TEST(parsers_survive_garbage)
{
    surql_buf t = SURQL_BUF_INIT;
    char *buf = malloc(4096);
    ST_CHECK(buf != NULL);
    int ok = 0, failed = 0;
    for (int i = 0; i < 4000; i++) {
        size_t n;
        if (i % 2) {
            surql_value *v = rval(0);
            surql_buf_clear(&t);
            if (i % 4 == 1)
                surql_value_to_surql(v, &t, 0);
            else
                surql_value_to_json(v, &t, SURQL_JSON_EXTENDED);
            surql_value_unref(v);
            n = t.size < 4095 ? t.size : 4095;
            memcpy(buf, surql_buf_cstr(&t), n);
            for (int m = rn(4) + 1; m > 0 && n; m--) {
                size_t at = (size_t)rn((int)n);
                switch (rn(3)) {
                case 0: buf[at] = (char)rnd(); break;                           /* flip */
                case 1: n = at; break;                                          /* truncate */
                default: memmove(buf + at, buf + at + 1, n - at - 1); n--; break; /* delete */
                }
            }
        } else {
            n = (size_t)rn(64);
            for (size_t k = 0; k < n; k++)
                buf[k] = "[]{}()'\"`\\:,.<>=-0123456789aeEfdNn$ \n\xe2\x9f\xa9"[rn(38)];
        }
        buf[n] = '\0';
        /* a failure returns the code recorded in the error slot, with a message */
        surql_value *v = NULL;
        int r1 = surql_value_from_surql(&v, buf, n);
        ST_CHECK(r1 == 0 ? v != NULL : (v == NULL && surql_error_last()->code == r1 &&
                                        surql_error_last()->message[0] != '\0'));
        v = surql_value_unref(v);
        int r2 = surql_value_from_json(&v, buf, n, SURQL_JSON_EXTENDED);
        ST_CHECK(r2 == 0 ? v != NULL : (v == NULL && surql_error_last()->code == r2));
        v = surql_value_unref(v);
        int r3 = surql_value_from_json(&v, buf, n, 0);
        ST_CHECK(r3 == 0 ? v != NULL : (v == NULL && surql_error_last()->code == r3));
        v = surql_value_unref(v);
        v = surql_value_record_parse(buf);
        ST_CHECK(v != NULL || surql_error_last()->code == SURQL_EIDENT ||
                 surql_error_last()->code == SURQL_ERANGE);
        ok += (r1 == 0) + (r2 == 0) + (r3 == 0) + (v != NULL);
        failed += (r1 != 0) + (r2 != 0) + (r3 != 0) + (v == NULL);
        v = surql_value_unref(v);
    }
    st_note("%d parses succeeded, %d failed cleanly", ok, failed);
    free(buf);
    surql_buf_dispose(&t);
}

ST_MAIN(ST_CASE(random_values_round_trip), ST_CASE(parsers_survive_garbage))
