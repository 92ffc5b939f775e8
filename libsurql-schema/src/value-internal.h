/* Private layout and helpers of surql_value (never installed). */
#ifndef SURQL_VALUE_INTERNAL_H
#define SURQL_VALUE_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <surql/schema/buf.h>
#include <surql/schema/error.h>
#include <surql/schema/literal.h>
#include <surql/schema/value.h>

#define SV_DOMAIN "surql-schema"

/* Objects and sets get a hash index once they hold this many items. */
#define SV_INDEX_MIN 16

typedef struct sv_index {
    uint32_t *slots; /* position + 1, 0 = empty; capacity is a power of two */
    size_t cap;
} sv_index;

typedef struct sv_entry {
    char *key; /* NUL-terminated copy, may contain NUL */
    size_t klen;
    surql_value *val;
} sv_entry;

struct surql_value {
    atomic_size_t refs;
    uint8_t type;
    uint8_t is_static;
    uint16_t depth; /* 0 for scalars, 1 + deepest child for containers */
    union {
        int b;
        int64_t i;
        double f;
        struct {
            char *ptr; /* NUL-terminated */
            size_t len;
        } s; /* string, decimal, table */
        struct {
            uint8_t *ptr;
            size_t len;
        } bytes;
        struct {
            int64_t secs;
            uint32_t nanos;
        } dt;
        struct {
            uint64_t secs;
            uint32_t nanos;
        } dur;
        uint8_t uuid[16];
        struct {
            char *table;
            size_t tlen;
            surql_value *key;
        } rec;
        struct {
            surql_value **items;
            size_t len, cap;
            sv_index idx;
        } arr; /* array and set */
        struct {
            sv_entry *items;
            size_t len, cap;
            sv_index idx;
        } obj;
        struct {
            int kind;
            surql_value *coords;
        } geo;
        struct {
            surql_value *lo, *hi;
            uint8_t lo_incl, hi_incl;
        } range;
    } u;
};

/* value.c */
int surql__err(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
surql_value *surql__alloc(int type, size_t extra);
int surql__is_shared(const surql_value *v);
/* Index of the first invalid UTF-8 byte, or len when valid. */
size_t surql__utf8_check(const char *s, size_t len);
/* Decode one code point; returns bytes used (1..4) or 0 when invalid. */
size_t surql__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Append the UTF-8 encoding of cp. */
int surql__utf8_put(surql_buf *b, uint32_t cp);
/* Error for a NULL argument passed where a value was consumed. */
int surql__null_item(const char *fn);
/* Append user text quoted and escaped for a message (at most 200 bytes). */
void surql__quote(surql_buf *q, const char *text, size_t len);
/* 1-based line and column (in characters) of byte offset `at`. */
void surql__line_col(const char *s, size_t len, size_t at, size_t *line, size_t *col);

/* value-text.c: text forms shared by JSON, SurrealQL and the parsers */
int surql__fmt_double(char *buf, size_t size, double d); /* shortest round trip, C locale */
int surql__parse_double(const char *s, size_t len, double *out); /* whole text, C locale */
int surql__parse_double_quiet(const char *s, size_t len, double *out); /* 0 or -1, no error */
int surql__decimal_check(const char *s, size_t len, size_t *bad);
int surql__decimal_cmp(const char *a, const char *b); /* numeric <0/0/>0 */
uint64_t surql__decimal_hash(const char *s);
double surql__decimal_to_double(const char *s); /* never sets an error; overflow gives +-inf */
int surql__fmt_datetime(surql_buf *b, int64_t secs, uint32_t nanos);
int surql__parse_datetime(const char *s, size_t len, int64_t *secs, uint32_t *nanos);
int surql__fmt_duration(surql_buf *b, uint64_t secs, uint32_t nanos);
int surql__parse_duration(const char *s, size_t len, uint64_t *secs, uint32_t *nanos);
int surql__fmt_uuid(surql_buf *b, const uint8_t u[16]);
int surql__parse_uuid(const char *s, size_t len, uint8_t out[16]);
int surql__base64_put(surql_buf *b, const uint8_t *p, size_t len, int pad);
int surql__base64_decode(const char *s, size_t len, surql_buf *out); /* accepts unpadded */
int64_t surql__datetime_year(int64_t secs);

/* value-container.c */
/* Validate and normalise coordinates (new reference in *norm). quiet: a wrong
 * shape returns SURQL_EINVAL without recording an error. */
int surql__geometry_check(int kind, const surql_value *coords, surql_value **norm, int quiet);
int surql__record_key_ok(const surql_value *key);
long surql__object_find(const surql_value *o, const char *key, size_t klen);
int surql__geometry_kind_from_name(const char *name, size_t len);
/* JSON parser only: insert without the depth limit (the caller checks) */
int surql__array_push_take(surql_value *arr, surql_value *item);
int surql__object_put_take(surql_value *obj, const char *key, size_t keylen, surql_value *val);
void surql__recompute_depth(surql_value *c);

/* value-compare.c */
uint64_t surql__hash(const surql_value *v);

/* literal.c */
int surql__is_reserved(const char *s, size_t len);
int surql__plain_name(const char *s, size_t len);

#endif
