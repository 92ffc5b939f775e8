/* Text forms shared by the JSON and SurrealQL writers and parsers: floats
 * (locale-independent, shortest round trip), decimals, RFC 3339 datetimes,
 * SurrealQL durations, UUIDs and base64. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value-internal.h"

/* ---- locale-independent number formatting ---- */

static locale_t g_c_locale = (locale_t)0;
static pthread_once_t g_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
    g_c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static locale_t c_locale_enter(void)
{
    pthread_once(&g_locale_once, c_locale_init);
    return g_c_locale ? uselocale(g_c_locale) : (locale_t)0;
}

static void c_locale_leave(locale_t old)
{
    if (old)
        uselocale(old);
}

/* If the C locale could not be created, repair a ',' decimal separator. */
static void fix_separator(char *s)
{
    for (; *s; s++)
        if (*s == ',')
            *s = '.';
}

/* Shortest text that reads back to the same double, written like
 * ECMAScript's Number::toString: plain digits for 1e-6 <= |d| < 1e21
 * ("100", "0.000001", "9223372036854776000"), else d.ddde[-]x ("1e21",
 * "1.5e-7"). Never depends on the locale. */
int surql__fmt_double(char *buf, size_t size, double d)
{
    if (isnan(d))
        return snprintf(buf, size, "NaN") < 0 ? SURQL_ERROR : SURQL_OK;
    if (isinf(d))
        return snprintf(buf, size, d < 0 ? "-Infinity" : "Infinity") < 0 ? SURQL_ERROR
                                                                           : SURQL_OK;
    char e[40];
    locale_t old = c_locale_enter();
    for (int prec = 0; prec <= 16; prec++) {
        snprintf(e, sizeof e, "%.*e", prec, d);
        if (!g_c_locale)
            fix_separator(e);
        if (strtod(e, NULL) == d)
            break;
    }
    c_locale_leave(old);
    /* e = [-]D[.DDD]e(+|-)XX */
    char dig[24];
    size_t nd = 0;
    const char *q = e;
    int neg = *q == '-';
    if (neg)
        q++;
    for (; *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9' && nd < sizeof dig)
            dig[nd++] = *q;
    int exp = *q == 'e' ? (int)strtol(q + 1, NULL, 10) : 0;
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    size_t k = 0;
    char out[64];
    if (neg)
        out[k++] = '-';
    if (exp >= -6 && exp < 21) {
        if (exp >= 0) {
            for (int i = 0; i <= exp; i++)
                out[k++] = (size_t)i < nd ? dig[i] : '0';
            if (nd > (size_t)exp + 1) {
                out[k++] = '.';
                for (size_t i = (size_t)exp + 1; i < nd; i++)
                    out[k++] = dig[i];
            }
        } else {
            out[k++] = '0';
            out[k++] = '.';
            for (int i = -1; i > exp; i--)
                out[k++] = '0';
            for (size_t i = 0; i < nd; i++)
                out[k++] = dig[i];
        }
        out[k] = '\0';
    } else {
        out[k++] = dig[0];
        if (nd > 1) {
            out[k++] = '.';
            for (size_t i = 1; i < nd; i++)
                out[k++] = dig[i];
        }
        snprintf(out + k, sizeof out - k, "e%d", exp);
    }
    if (strlen(out) >= size)
        return surql__err(SURQL_ERROR, "cannot format a double");
    memcpy(buf, out, strlen(out) + 1);
    return SURQL_OK;
}

/* 0 = ok, 1 = not a number, 2 = overflow; never records an error */
static int parse_double_core(const char *s, size_t len, double *out)
{
    char small[64];
    char *tmp = small;
    if (len >= sizeof small) {
        tmp = malloc(len + 1);
        if (!tmp)
            return 3;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    locale_t old = c_locale_enter();
    char *end = NULL;
    errno = 0;
    double d = strtod(tmp, &end);
    int overflow = errno == ERANGE && isinf(d);
    c_locale_leave(old);
    int ok = len > 0 && end == tmp + len;
    if (tmp != small)
        free(tmp);
    if (!ok)
        return 1;
    if (overflow)
        return 2;
    *out = d;
    return 0;
}

int surql__parse_double_quiet(const char *s, size_t len, double *out)
{
    return parse_double_core(s, len, out) == 0 ? 0 : -1;
}

int surql__parse_double(const char *s, size_t len, double *out)
{
    switch (parse_double_core(s, len, out)) {
    case 0:
        return SURQL_OK;
    case 1:
        return surql__err(SURQL_EINVAL, "not a number");
    case 2:
        return surql__err(SURQL_ERANGE, "number out of the range of a double");
    default:
        return surql__err(SURQL_ENOMEM, "out of memory parsing a number");
    }
}

/* ---- decimals ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int surql__decimal_check(const char *s, size_t len, size_t *bad)
{
    size_t i = 0, n;
    if (i < len && s[i] == '-')
        i++;
    for (n = 0; i < len && is_digit(s[i]); i++, n++)
        ;
    if (!n)
        goto fail;
    if (i < len && s[i] == '.') {
        i++;
        for (n = 0; i < len && is_digit(s[i]); i++, n++)
            ;
        if (!n)
            goto fail;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        for (n = 0; i < len && is_digit(s[i]); i++, n++)
            if (n == 6)
                goto fail;
        if (!n)
            goto fail;
    }
    if (i == len)
        return SURQL_OK;
fail:
    *bad = i;
    return SURQL_EINVAL;
}

/* A validated decimal seen as significant digits d[start..end) times 10^exp. */
typedef struct dec_view {
    const char *ip, *fp; /* integer and fraction digits */
    size_t in, fn;
    size_t start, end; /* significant range within the virtual ip||fp sequence */
    long exp;          /* power of ten of digit end-1 */
    int neg, zero;
} dec_view;

static char dec_digit(const dec_view *d, size_t k)
{
    return k < d->in ? d->ip[k] : d->fp[k - d->in];
}

static void dec_view_init(dec_view *d, const char *s)
{
    memset(d, 0, sizeof *d);
    if (*s == '-') {
        d->neg = 1;
        s++;
    }
    d->ip = s;
    while (is_digit(*s))
        s++;
    d->in = (size_t)(s - d->ip);
    d->fp = s;
    if (*s == '.') {
        d->fp = ++s;
        while (is_digit(*s))
            s++;
        d->fn = (size_t)(s - d->fp);
    }
    long e = 0;
    if (*s == 'e' || *s == 'E') {
        int eneg = 0;
        s++;
        if (*s == '+' || *s == '-')
            eneg = *s++ == '-';
        while (is_digit(*s))
            e = e * 10 + (*s++ - '0');
        if (eneg)
            e = -e;
    }
    size_t total = d->in + d->fn;
    d->start = 0;
    while (d->start < total && dec_digit(d, d->start) == '0')
        d->start++;
    d->end = total;
    while (d->end > d->start && dec_digit(d, d->end - 1) == '0')
        d->end--;
    d->zero = d->start == d->end;
    d->exp = e - (long)d->fn + (long)(total - d->end);
}

static long dec_magnitude(const dec_view *d)
{
    return d->exp + (long)(d->end - d->start) - 1;
}

int surql__decimal_cmp(const char *a, const char *b)
{
    dec_view x, y;
    dec_view_init(&x, a);
    dec_view_init(&y, b);
    int sx = x.zero ? 0 : (x.neg ? -1 : 1);
    int sy = y.zero ? 0 : (y.neg ? -1 : 1);
    if (sx != sy)
        return sx < sy ? -1 : 1;
    if (sx == 0)
        return 0;
    int r = 0;
    long mx = dec_magnitude(&x), my = dec_magnitude(&y);
    if (mx != my) {
        r = mx < my ? -1 : 1;
    } else {
        size_t lx = x.end - x.start, ly = y.end - y.start;
        size_t n = lx > ly ? lx : ly;
        for (size_t k = 0; k < n && !r; k++) {
            char cx = k < lx ? dec_digit(&x, x.start + k) : '0';
            char cy = k < ly ? dec_digit(&y, y.start + k) : '0';
            if (cx != cy)
                r = cx < cy ? -1 : 1;
        }
    }
    return sx < 0 ? -r : r;
}

uint64_t surql__decimal_hash(const char *s)
{
    dec_view d;
    dec_view_init(&d, s);
    uint64_t h = 1469598103934665603ULL;
    if (d.zero)
        return h;
    h = (h ^ (uint64_t)d.neg) * 1099511628211ULL;
    h = (h ^ (uint64_t)dec_magnitude(&d)) * 1099511628211ULL;
    for (size_t k = d.start; k < d.end; k++)
        h = (h ^ (unsigned char)dec_digit(&d, k)) * 1099511628211ULL;
    return h;
}

/* ---- datetimes (proleptic Gregorian, algorithms by Howard Hinnant) ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t surql__datetime_year(int64_t secs)
{
    int64_t y;
    unsigned m, d;
    civil_from_days(floor_div(secs, 86400), &y, &m, &d);
    return y;
}

int surql__fmt_datetime(surql_buf *b, int64_t secs, uint32_t nanos)
{
    int64_t days = floor_div(secs, 86400);
    int64_t sod = secs - days * 86400;
    int64_t y;
    unsigned mo, d;
    civil_from_days(days, &y, &mo, &d);
    int rc;
    if (y >= 0 && y <= 9999)
        rc = surql_buf_printf(b, "%04lld", (long long)y);
    else if (y > 9999)
        rc = surql_buf_printf(b, "+%lld", (long long)y);
    else
        rc = surql_buf_printf(b, "-%04lld", (long long)-y);
    if (!rc)
        rc = surql_buf_printf(b, "-%02u-%02uT%02u:%02u:%02u", mo, d, (unsigned)(sod / 3600),
                              (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
    if (!rc && nanos) {
        if (nanos % 1000000 == 0)
            rc = surql_buf_printf(b, ".%03u", nanos / 1000000);
        else if (nanos % 1000 == 0)
            rc = surql_buf_printf(b, ".%06u", nanos / 1000);
        else
            rc = surql_buf_printf(b, ".%09u", nanos);
    }
    if (!rc)
        rc = surql_buf_putc(b, 'Z');
    return rc;
}

/* min..max digits at *pos; on failure *pos is left at the start of the field */
static int digits(const char *s, size_t len, size_t *pos, size_t min, size_t max, long *out)
{
    size_t n = 0, start = *pos;
    long v = 0;
    while (*pos < len && n < max && is_digit(s[*pos])) {
        v = v * 10 + (s[*pos] - '0');
        (*pos)++;
        n++;
    }
    if (n < min || (*pos < len && n == max && is_digit(s[*pos]))) {
        *pos = start;
        return 0;
    }
    *out = v;
    return 1;
}

static int expect_char(const char *s, size_t len, size_t *pos, char a, char b)
{
    if (*pos < len && (s[*pos] == a || s[*pos] == b)) {
        (*pos)++;
        return 1;
    }
    return 0;
}

int surql__parse_datetime(const char *s, size_t len, int64_t *secs_out, uint32_t *nanos_out)
{
    size_t p = 0;
    long year, mon, day, hh, mm, ss, oh = 0, om = 0;
    int neg = 0;
    const char *what = "a 4-digit year";
    if (p < len && (s[p] == '+' || s[p] == '-')) {
        neg = s[p] == '-';
        p++;
        if (!digits(s, len, &p, 4, 6, &year))
            goto bad;
    } else if (!digits(s, len, &p, 4, 4, &year)) {
        goto bad;
    }
    if (neg)
        year = -year;
    what = "'-'";
    if (!expect_char(s, len, &p, '-', '-'))
        goto bad;
    what = "a 2-digit month";
    if (!digits(s, len, &p, 2, 2, &mon))
        goto bad;
    if (mon < 1 || mon > 12) {
        p -= 2;
        what = "a month 01..12";
        goto bad;
    }
    what = "'-'";
    if (!expect_char(s, len, &p, '-', '-'))
        goto bad;
    what = "a 2-digit day";
    if (!digits(s, len, &p, 2, 2, &day))
        goto bad;
    {
        static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        long maxd = mdays[mon - 1] + (mon == 2 && leap);
        if (day < 1 || day > maxd) {
            p -= 2;
            what = "a day of that month";
            goto bad;
        }
    }
    what = "'T'";
    if (!expect_char(s, len, &p, 'T', 't'))
        goto bad;
    what = "a 2-digit hour";
    if (!digits(s, len, &p, 2, 2, &hh))
        goto bad;
    if (hh > 23) {
        p -= 2;
        what = "an hour 00..23";
        goto bad;
    }
    what = "':'";
    if (!expect_char(s, len, &p, ':', ':'))
        goto bad;
    what = "2-digit minutes";
    if (!digits(s, len, &p, 2, 2, &mm))
        goto bad;
    if (mm > 59) {
        p -= 2;
        what = "minutes 00..59";
        goto bad;
    }
    what = "':'";
    if (!expect_char(s, len, &p, ':', ':'))
        goto bad;
    what = "2-digit seconds";
    if (!digits(s, len, &p, 2, 2, &ss))
        goto bad;
    if (ss > 59) {
        p -= 2;
        what = "seconds 00..59";
        goto bad;
    }
    uint32_t nanos = 0;
    if (p < len && s[p] == '.') {
        p++;
        size_t n = 0;
        while (p < len && is_digit(s[p]) && n < 9) {
            nanos = nanos * 10 + (uint32_t)(s[p] - '0');
            p++;
            n++;
        }
        what = "1 to 9 fraction digits";
        if (n == 0 || (p < len && is_digit(s[p])))
            goto bad;
        while (n++ < 9)
            nanos *= 10;
    }
    what = "'Z' or an offset +HH:MM / -HH:MM";
    if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
        p++;
    } else if (p < len && (s[p] == '+' || s[p] == '-')) {
        size_t at = p;
        int oneg = s[p] == '-';
        p++;
        if (!digits(s, len, &p, 2, 2, &oh) || oh > 23 || !expect_char(s, len, &p, ':', ':') ||
            !digits(s, len, &p, 2, 2, &om) || om > 59) {
            p = at;
            goto bad;
        }
        if (oneg) {
            oh = -oh;
            om = -om;
        }
    } else {
        goto bad;
    }
    what = "the end of the datetime";
    if (p != len)
        goto bad;
    int64_t secs = days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 + hh * 3600 +
                   mm * 60 + ss - (oh * 3600 + om * 60);
    if (secs < SURQL_DATETIME_MIN_SECS || secs > SURQL_DATETIME_MAX_SECS)
        return surql__err(SURQL_ERANGE, "datetime out of range (years -262143..262142)");
    *secs_out = secs;
    *nanos_out = nanos;
    return SURQL_OK;
bad:
    return surql__err(SURQL_EINVAL, "invalid datetime: expected %s at byte %zu", what, p);
}

/* ---- durations ---- */

#define SECS_PER_YEAR 31536000ULL

int surql__fmt_duration(surql_buf *b, uint64_t secs, uint32_t nanos)
{
    if (secs == 0 && nanos == 0)
        return surql_buf_puts(b, "0ns");
    static const struct {
        uint64_t div;
        const char *unit;
    } big[] = { { SECS_PER_YEAR, "y" }, { 604800, "w" }, { 86400, "d" },
                { 3600, "h" },          { 60, "m" },     { 1, "s" } };
    int rc = SURQL_OK;
    uint64_t rem = secs;
    for (size_t i = 0; i < sizeof big / sizeof big[0] && !rc; i++) {
        uint64_t q = rem / big[i].div;
        rem %= big[i].div;
        if (q)
            rc = surql_buf_printf(b, "%llu%s", (unsigned long long)q, big[i].unit);
    }
    uint32_t ms = nanos / 1000000, us = nanos / 1000 % 1000, ns = nanos % 1000;
    if (!rc && ms)
        rc = surql_buf_printf(b, "%ums", ms);
    if (!rc && us)
        rc = surql_buf_printf(b, "%u\xC2\xB5s", us);
    if (!rc && ns)
        rc = surql_buf_printf(b, "%uns", ns);
    return rc;
}

int surql__parse_duration(const char *s, size_t len, uint64_t *secs_out, uint32_t *nanos_out)
{
    uint64_t secs = 0, nanos = 0;
    size_t p = 0;
    if (len == 0)
        return surql__err(SURQL_EINVAL, "invalid duration: empty");
    while (p < len) {
        size_t start = p;
        uint64_t n = 0;
        if (!is_digit(s[p]))
            return surql__err(SURQL_EINVAL, "invalid duration: expected digits at byte %zu", p);
        while (p < len && is_digit(s[p])) {
            unsigned dgt = (unsigned)(s[p] - '0');
            if (n > (UINT64_MAX - dgt) / 10)
                return surql__err(SURQL_ERANGE, "duration number too large at byte %zu", start);
            n = n * 10 + dgt;
            p++;
        }
        uint64_t mult = 0;   /* seconds per unit, 0 for sub-second units */
        uint64_t sub = 0;    /* nanoseconds per unit for sub-second units */
        size_t rest = len - p;
        const char *u = s + p;
        if (rest >= 2 && u[0] == 'n' && u[1] == 's') {
            sub = 1;
            p += 2;
        } else if (rest >= 2 && u[0] == 'u' && u[1] == 's') {
            sub = 1000;
            p += 2;
        } else if (rest >= 3 && (unsigned char)u[0] == 0xC2 && (unsigned char)u[1] == 0xB5 &&
                   u[2] == 's') {
            sub = 1000; /* µs, MICRO SIGN */
            p += 3;
        } else if (rest >= 3 && (unsigned char)u[0] == 0xCE && (unsigned char)u[1] == 0xBC &&
                   u[2] == 's') {
            sub = 1000; /* μs, GREEK SMALL LETTER MU */
            p += 3;
        } else if (rest >= 2 && u[0] == 'm' && u[1] == 's') {
            sub = 1000000;
            p += 2;
        } else if (rest >= 1) {
            switch (u[0]) {
            case 's': mult = 1; break;
            case 'm': mult = 60; break;
            case 'h': mult = 3600; break;
            case 'd': mult = 86400; break;
            case 'w': mult = 604800; break;
            case 'y': mult = SECS_PER_YEAR; break;
            default: break;
            }
            if (mult)
                p++;
        }
        if (!mult && !sub)
            return surql__err(SURQL_EINVAL,
                              "invalid duration: expected a unit (y w d h m s ms us ns) at "
                              "byte %zu",
                              p);
        uint64_t add_s, add_ns;
        if (mult) {
            if (n > UINT64_MAX / mult)
                return surql__err(SURQL_ERANGE, "duration too large at byte %zu", start);
            add_s = n * mult;
            add_ns = 0;
        } else {
            uint64_t per = 1000000000ULL / sub; /* units per second */
            add_s = n / per;
            add_ns = (n % per) * sub;
        }
        if (secs > UINT64_MAX - add_s)
            return surql__err(SURQL_ERANGE, "duration too large at byte %zu", start);
        secs += add_s;
        nanos += add_ns;
        if (nanos >= 1000000000ULL) {
            nanos -= 1000000000ULL;
            if (secs == UINT64_MAX)
                return surql__err(SURQL_ERANGE, "duration too large at byte %zu", start);
            secs++;
        }
    }
    *secs_out = secs;
    *nanos_out = (uint32_t)nanos;
    return SURQL_OK;
}

/* ---- UUIDs ---- */

int surql__fmt_uuid(surql_buf *b, const uint8_t u[16])
{
    static const char hex[] = "0123456789abcdef";
    char t[36];
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            t[k++] = '-';
        t[k++] = hex[u[i] >> 4];
        t[k++] = hex[u[i] & 15];
    }
    return surql_buf_put(b, t, sizeof t);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int surql__parse_uuid(const char *s, size_t len, uint8_t out[16])
{
    size_t p = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            if (p >= len || s[p] != '-')
                return surql__err(SURQL_EINVAL, "invalid uuid: expected '-' at byte %zu", p);
            p++;
        }
        int hi = p < len ? hexval(s[p]) : -1;
        int lo = p + 1 < len ? hexval(s[p + 1]) : -1;
        if (hi < 0 || lo < 0)
            return surql__err(SURQL_EINVAL, "invalid uuid: expected a hex digit at byte %zu",
                              hi < 0 ? p : p + 1);
        out[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
    }
    if (p != len)
        return surql__err(SURQL_EINVAL, "invalid uuid: unexpected text at byte %zu", p);
    return SURQL_OK;
}

/* ---- base64 (RFC 4648 standard alphabet) ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int surql__base64_put(surql_buf *b, const uint8_t *p, size_t len, int pad)
{
    int rc = surql_buf_grow(b, (len + 2) / 3 * 4);
    for (size_t i = 0; i < len && !rc; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        char t[4] = { b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63] };
        size_t n = i + 2 < len ? 4 : (i + 1 < len ? 3 : 2);
        if (pad)
            for (size_t k = n; k < 4; k++)
                t[k] = '=';
        rc = surql_buf_put(b, t, pad ? 4 : n);
    }
    return rc;
}

int surql__base64_decode(const char *s, size_t len, surql_buf *out)
{
    while (len && s[len - 1] == '=')
        len--;
    if (len % 4 == 1)
        return surql__err(SURQL_EINVAL, "invalid base64: bad length");
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        const char *q = s[i] ? strchr(b64, s[i]) : NULL;
        if (!q)
            return surql__err(SURQL_EINVAL, "invalid base64 character at byte %zu", i);
        acc = (acc << 6) | (uint32_t)(q - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            int rc = surql_buf_putc(out, (char)((acc >> bits) & 0xFF));
            if (rc)
                return rc;
        }
    }
    return SURQL_OK;
}

double surql__decimal_to_double(const char *s)
{
    locale_t old = c_locale_enter();
    double d = strtod(s, NULL);
    c_locale_leave(old);
    return d;
}
