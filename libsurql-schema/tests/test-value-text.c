/* Unit tests of the text forms: RFC 3339 datetimes, SurrealQL durations,
 * UUIDs and float formatting (shortest round trip, locale-independent). */
#include "surql_test.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <surql/schema.h>

#define ERRMSG() (surql_error_last()->message)

static const char *json_of(const surql_value *v)
{
    static surql_buf b = SURQL_BUF_INIT;
    surql_buf_clear(&b);
    if (surql_value_to_json(v, &b, 0) != 0)
        return "<error>";
    return surql_buf_cstr(&b);
}

ST_TEST(datetime_parse_ok)
{
    static const struct {
        const char *in;
        int64_t secs;
        uint32_t nanos;
        const char *out; /* server JSON form */
    } cases[] = {
        { "1970-01-01T00:00:00Z", 0, 0, "\"1970-01-01T00:00:00Z\"" },
        { "2024-01-02T03:04:05Z", 1704164645, 0, "\"2024-01-02T03:04:05Z\"" },
        { "2024-01-02t03:04:05z", 1704164645, 0, "\"2024-01-02T03:04:05Z\"" },
        { "2024-01-02T03:04:05.1Z", 1704164645, 100000000, "\"2024-01-02T03:04:05.100Z\"" },
        { "2024-01-02T03:04:05.12Z", 1704164645, 120000000, "\"2024-01-02T03:04:05.120Z\"" },
        { "2024-01-02T03:04:05.1234Z", 1704164645, 123400000, "\"2024-01-02T03:04:05.123400Z\"" },
        { "2024-01-02T03:04:05.000001Z", 1704164645, 1000, "\"2024-01-02T03:04:05.000001Z\"" },
        { "2024-01-02T03:04:05.123456789Z", 1704164645, 123456789,
          "\"2024-01-02T03:04:05.123456789Z\"" },
        { "2024-01-02T04:04:05+01:00", 1704164645, 0, "\"2024-01-02T03:04:05Z\"" },
        { "2024-01-01T23:30:00-05:30", 1704171600, 0, "\"2024-01-02T05:00:00Z\"" },
        { "2024-01-01T00:00:00+23:59", 1703980860, 0, "\"2023-12-31T00:01:00Z\"" },
        { "2024-02-29T12:00:00Z", 1709208000, 0, "\"2024-02-29T12:00:00Z\"" },
        { "2000-02-29T00:00:00Z", 951782400, 0, "\"2000-02-29T00:00:00Z\"" },
        { "1969-12-31T23:59:59.999999999Z", -1, 999999999, "\"1969-12-31T23:59:59.999999999Z\"" },
        { "0000-01-01T00:00:00Z", -62167219200LL, 0, "\"0000-01-01T00:00:00Z\"" },
        { "-0001-01-01T00:00:00Z", -62198755200LL, 0, "\"-0001-01-01T00:00:00Z\"" },
        { "+10000-01-01T00:00:00Z", 253402300800LL, 0, "\"+10000-01-01T00:00:00Z\"" },
        { "9999-12-31T23:59:59Z", 253402300799LL, 0, "\"9999-12-31T23:59:59Z\"" },
        { "+262142-12-31T23:59:59Z", 8210266876799LL, 0, "\"+262142-12-31T23:59:59Z\"" },
        { "-262143-01-01T00:00:00Z", -8334601228800LL, 0, "\"-262143-01-01T00:00:00Z\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        surql_value *v = surql_value_datetime_parse(cases[i].in);
        ST_CHECKF(v != NULL, "%s: %s", cases[i].in, ERRMSG());
        int64_t s = 0;
        uint32_t ns = 0;
        ST_OK(surql_value_get_datetime(v, &s, &ns));
        ST_CHECKF(s == cases[i].secs && ns == cases[i].nanos, "%s: got %lld.%09u", cases[i].in,
                  (long long)s, ns);
        ST_EQ_STR(json_of(v), cases[i].out);
        surql_value_unref(v);
    }
}

ST_TEST(datetime_parse_errors)
{
    static const struct {
        const char *in;
        int code;
        const char *msg;
    } cases[] = {
        { "", SURQL_EINVAL, "'': invalid datetime: expected a 4-digit year at byte 0" },
        { "2024", SURQL_EINVAL, "'2024': invalid datetime: expected '-' at byte 4" },
        { "24-01-01T00:00:00Z", SURQL_EINVAL,
          "'24-01-01T00:00:00Z': invalid datetime: expected a 4-digit year at byte 0" },
        { "2024-13-01T00:00:00Z", SURQL_EINVAL,
          "'2024-13-01T00:00:00Z': invalid datetime: expected a month 01..12 at byte 5" },
        { "2024-02-30T00:00:00Z", SURQL_EINVAL,
          "'2024-02-30T00:00:00Z': invalid datetime: expected a day of that month at byte 8" },
        { "2023-02-29T00:00:00Z", SURQL_EINVAL,
          "'2023-02-29T00:00:00Z': invalid datetime: expected a day of that month at byte 8" },
        { "2024-01-01 00:00:00Z", SURQL_EINVAL,
          "'2024-01-01 00:00:00Z': invalid datetime: expected 'T' at byte 10" },
        { "2024-01-01T24:00:00Z", SURQL_EINVAL,
          "'2024-01-01T24:00:00Z': invalid datetime: expected an hour 00..23 at byte 11" },
        { "2024-01-01T00:60:00Z", SURQL_EINVAL,
          "'2024-01-01T00:60:00Z': invalid datetime: expected minutes 00..59 at byte 14" },
        { "2024-12-31T23:59:60Z", SURQL_EINVAL,
          "'2024-12-31T23:59:60Z': invalid datetime: expected seconds 00..59 at byte 17" },
        { "2024-01-01T00:00Z", SURQL_EINVAL,
          "'2024-01-01T00:00Z': invalid datetime: expected ':' at byte 16" },
        { "2024-01-01T00:00:00", SURQL_EINVAL,
          "'2024-01-01T00:00:00': invalid datetime: expected 'Z' or an offset +HH:MM / -HH:MM at "
          "byte 19" },
        { "2024-01-01T00:00:00.Z", SURQL_EINVAL,
          "'2024-01-01T00:00:00.Z': invalid datetime: expected 1 to 9 fraction digits at byte 20" },
        { "2024-01-01T00:00:00.1234567891Z", SURQL_EINVAL,
          "'2024-01-01T00:00:00.1234567891Z': invalid datetime: expected 1 to 9 fraction digits "
          "at byte 29" },
        { "2024-01-01T00:00:00,5Z", SURQL_EINVAL,
          "'2024-01-01T00:00:00,5Z': invalid datetime: expected 'Z' or an offset +HH:MM / -HH:MM "
          "at byte 19" },
        { "2024-01-01T00:00:00+24:00", SURQL_EINVAL,
          "'2024-01-01T00:00:00+24:00': invalid datetime: expected 'Z' or an offset +HH:MM / "
          "-HH:MM at byte 19" },
        { "2024-01-01T00:00:00+0100", SURQL_EINVAL,
          "'2024-01-01T00:00:00+0100': invalid datetime: expected 'Z' or an offset +HH:MM / "
          "-HH:MM at byte 19" },
        { "2024-01-01T00:00:00Z ", SURQL_EINVAL,
          "'2024-01-01T00:00:00Z ': invalid datetime: expected the end of the datetime at byte 20" },
        { "2024-01-01T00:00:00Z'; DROP", SURQL_EINVAL,
          "'2024-01-01T00:00:00Z\\'; DROP': invalid datetime: expected the end of the datetime at "
          "byte 20" },
        { "+262143-01-01T00:00:00Z", SURQL_ERANGE,
          "'+262143-01-01T00:00:00Z': datetime out of range (years -262143..262142)" },
        { "+1000000-01-01T00:00:00Z", SURQL_EINVAL,
          "'+1000000-01-01T00:00:00Z': invalid datetime: expected a 4-digit year at byte 1" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        surql_value *v = surql_value_datetime_parse(cases[i].in);
        ST_CHECKF(v == NULL, "%s parsed", cases[i].in);
        ST_EQ_INT(surql_error_last()->code, cases[i].code);
        ST_EQ_STR(ERRMSG(), cases[i].msg);
    }
    ST_CHECK(surql_value_datetime_parse(NULL) == NULL);
    ST_EQ_INT(surql_error_last()->code, SURQL_EINVAL);
}

ST_TEST(duration_parse)
{
    static const struct {
        const char *in;
        uint64_t secs;
        uint32_t nanos;
        const char *out;
    } ok[] = {
        { "0ns", 0, 0, "\"0ns\"" },
        { "0s", 0, 0, "\"0ns\"" },
        { "1h30m", 5400, 0, "\"1h30m\"" },
        { "90m", 5400, 0, "\"1h30m\"" },
        { "1y2w3d4h5m6s7ms8us9ns", 33019506, 7008009, "\"1y2w3d4h5m6s7ms8µs9ns\"" },
        { "1y2w3d4h5m6s7ms8µs9ns", 33019506, 7008009, "\"1y2w3d4h5m6s7ms8µs9ns\"" },
        { "8μs", 0, 8000, "\"8µs\"" }, /* GREEK SMALL LETTER MU accepted */
        { "1500ms", 1, 500000000, "\"1s500ms\"" },
        { "1000000001ns", 1, 1, "\"1s1ns\"" },
        { "1s1s", 2, 0, "\"2s\"" },
        { "999ms999us999ns", 0, 999999999, "\"999ms999µs999ns\"" },
        { "999ms999us1001ns", 1, 1, "\"1s1ns\"" },
        { "7d", 604800, 0, "\"1w\"" },
        { "365d", 31536000, 0, "\"1y\"" },
        { "18446744073709551615s", UINT64_MAX, 0, "\"584942417355y3w5d7h15s\"" },
        { "18446744073709551615s999999999ns", UINT64_MAX, 999999999,
          "\"584942417355y3w5d7h15s999ms999µs999ns\"" },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        surql_value *v = surql_value_duration_parse(ok[i].in);
        ST_CHECKF(v != NULL, "%s: %s", ok[i].in, ERRMSG());
        uint64_t s = 0;
        uint32_t ns = 0;
        ST_OK(surql_value_get_duration(v, &s, &ns));
        ST_CHECKF(s == ok[i].secs && ns == ok[i].nanos, "%s: got %llu %u", ok[i].in,
                  (unsigned long long)s, ns);
        ST_EQ_STR(json_of(v), ok[i].out);
        surql_value_unref(v);
    }
    static const struct {
        const char *in;
        int code;
        const char *msg;
    } bad[] = {
        { "", SURQL_EINVAL, "'': invalid duration: empty" },
        { "1", SURQL_EINVAL, "'1': invalid duration: expected a unit (y w d h m s ms us ns) at byte 1" },
        { "h", SURQL_EINVAL, "'h': invalid duration: expected digits at byte 0" },
        { "1.5s", SURQL_EINVAL,
          "'1.5s': invalid duration: expected a unit (y w d h m s ms us ns) at byte 1" },
        { "-1s", SURQL_EINVAL, "'-1s': invalid duration: expected digits at byte 0" },
        { "1x", SURQL_EINVAL, "'1x': invalid duration: expected a unit (y w d h m s ms us ns) at byte 1" },
        { "1h 30m", SURQL_EINVAL, "'1h 30m': invalid duration: expected digits at byte 2" },
        { "1H", SURQL_EINVAL, "'1H': invalid duration: expected a unit (y w d h m s ms us ns) at byte 1" },
        { "18446744073709551616s", SURQL_ERANGE, "'18446744073709551616s': duration number too large at byte 0" },
        { "18446744073709551615s1s", SURQL_ERANGE,
          "'18446744073709551615s1s': duration too large at byte 21" },
        { "584942417356y", SURQL_ERANGE, "'584942417356y': duration too large at byte 0" },
        { "18446744073709551615s1000000000ns", SURQL_ERANGE,
          "'18446744073709551615s1000000000ns': duration too large at byte 21" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ST_CHECKF(surql_value_duration_parse(bad[i].in) == NULL, "%s parsed", bad[i].in);
        ST_EQ_INT(surql_error_last()->code, bad[i].code);
        ST_EQ_STR(ERRMSG(), bad[i].msg);
    }
}

ST_TEST(uuid_parse)
{
    surql_value *v = surql_value_uuid_parse("0190A3F4-abcd-7000-8000-00000000002A");
    ST_CHECK(v != NULL);
    ST_EQ_STR(json_of(v), "\"0190a3f4-abcd-7000-8000-00000000002a\"");
    surql_value_unref(v);
    static const struct {
        const char *in, *msg;
    } bad[] = {
        { "", "'': invalid uuid: expected a hex digit at byte 0" },
        { "0190a3f4abcd70008000000000000000", "'0190a3f4abcd70008000000000000000': invalid uuid: "
                                              "expected '-' at byte 8" },
        { "{0190a3f4-abcd-7000-8000-00000000002a}",
          "'{0190a3f4-abcd-7000-8000-00000000002a}': invalid uuid: expected a hex digit at byte 0" },
        { "0190a3f4-abcd-7000-8000-00000000002", "'0190a3f4-abcd-7000-8000-00000000002': invalid "
                                                 "uuid: expected a hex digit at byte 35" },
        { "0190a3f4-abcd-7000-8000-00000000002ab", "'0190a3f4-abcd-7000-8000-00000000002ab': "
                                                   "invalid uuid: unexpected text at byte 36" },
        { "0190a3f4-abcd-7000-8000-00000000002g", "'0190a3f4-abcd-7000-8000-00000000002g': invalid "
                                                  "uuid: expected a hex digit at byte 35" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ST_CHECK(surql_value_uuid_parse(bad[i].in) == NULL);
        ST_EQ_INT(surql_error_last()->code, SURQL_EINVAL);
        ST_EQ_STR(ERRMSG(), bad[i].msg);
    }
}

ST_TEST(float_text)
{
    static const struct {
        double d;
        const char *json, *surql;
    } cases[] = {
        { 0.0, "0.0", "0f" },
        { -0.0, "-0.0", "-0f" },
        { 1.0, "1.0", "1f" },
        { 1.5, "1.5", "1.5f" },
        { -2.25, "-2.25", "-2.25f" },
        { 0.1, "0.1", "0.1f" },
        { 1.0 / 3.0, "0.3333333333333333", "0.3333333333333333f" },
        { 1e21, "1e21", "1e21f" },
        { 1e300, "1e300", "1e300f" },
        { 1.5e-7, "1.5e-7", "1.5e-7f" },
        { 5e-324, "5e-324", "5e-324f" },
        { 1.7976931348623157e308, "1.7976931348623157e308", "1.7976931348623157e308f" },
        { 123456789.123, "123456789.123", "123456789.123f" },
        { 9007199254740993.0, "9007199254740992.0", "9007199254740992f" },
    };
    surql_buf b = SURQL_BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        surql_value *v = surql_value_float(cases[i].d);
        ST_EQ_STR(json_of(v), cases[i].json);
        surql_buf_clear(&b);
        ST_OK(surql_value_to_surql(v, &b, 0));
        ST_EQ_STR(surql_buf_cstr(&b), cases[i].surql);
        /* round trip through JSON is exact */
        surql_value *back = NULL;
        ST_OK(surql_value_from_json(&back, cases[i].json, strlen(cases[i].json), 0));
        double d = 0;
        ST_OK(surql_value_get_float(back, &d));
        ST_CHECK(memcmp(&d, &cases[i].d, sizeof d) == 0);
        surql_value_unref(back);
        surql_value_unref(v);
    }
    surql_buf_dispose(&b);
}

ST_TEST(float_text_ignores_locale)
{
    /* a locale with a decimal comma must not leak into JSON or SurrealQL */
    const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (!loc)
        loc = setlocale(LC_NUMERIC, "fr_FR.UTF-8");
    if (!loc)
        st_note("no decimal-comma locale installed; checking the C locale only");
    surql_value *v = surql_value_float(1.5);
    ST_EQ_STR(json_of(v), "1.5");
    surql_value *back = NULL;
    ST_OK(surql_value_from_json(&back, "2.75", 4, 0));
    double d = 0;
    ST_OK(surql_value_get_float(back, &d));
    ST_CHECK(d == 2.75);
    surql_value *dec = surql_value_decimal("3.25");
    ST_OK(surql_value_get_number(dec, &d));
    ST_CHECK(d == 3.25);
    setlocale(LC_NUMERIC, "C");
    surql_value_unref(dec);
    surql_value_unref(back);
    surql_value_unref(v);
}

ST_MAIN(ST_CASE(datetime_parse_ok), ST_CASE(datetime_parse_errors), ST_CASE(duration_parse),
        ST_CASE(uuid_parse), ST_CASE(float_text), ST_CASE(float_text_ignores_locale))
