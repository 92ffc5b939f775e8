/* The test harness: runs cases, reports TAP-like lines, sets the exit code. */
#include "surql_test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <surql/schema.h>

static int g_failed_now;
static int g_skipped_now;

int st_failed_now(void)
{
    return g_failed_now;
}

int st_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "#   FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    g_failed_now = 1;
    return 0;
}

void st_note(const char *fmt, ...)
{
    va_list ap;
    fputs("# ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void st_skip(const char *why)
{
    fprintf(stderr, "#   SKIP %s\n", why ? why : "");
    g_skipped_now = 1;
}

static void print_escaped(const char *s, size_t n)
{
    fputc('"', stderr);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(stderr, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(stderr, "\\x%02x", c);
        else
            fputc(c, stderr);
    }
    fputc('"', stderr);
}

int st_eq_str(const char *file, int line, const char *ea, const char *eb, const char *a,
              const char *b)
{
    if (a == b || (a && b && strcmp(a, b) == 0))
        return 1;
    st_fail(file, line, "%s == %s", ea, eb);
    fputs("#     got:      ", stderr);
    if (a) print_escaped(a, strlen(a)); else fputs("NULL", stderr);
    fputs("\n#     expected: ", stderr);
    if (b) print_escaped(b, strlen(b)); else fputs("NULL", stderr);
    fputc('\n', stderr);
    return 0;
}

int st_eq_mem(const char *file, int line, const char *ea, const void *a, size_t alen,
              const void *b, size_t blen)
{
    if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
        return 1;
    st_fail(file, line, "%s: %zu bytes differ from expected %zu bytes", ea, alen, blen);
    fputs("#     got:      ", stderr);
    print_escaped(a, alen);
    fputs("\n#     expected: ", stderr);
    print_escaped(b, blen);
    fputc('\n', stderr);
    return 0;
}

int st_eq_int(const char *file, int line, const char *ea, const char *eb, long long a,
              long long b)
{
    if (a == b)
        return 1;
    return st_fail(file, line, "%s == %s: got %lld, expected %lld", ea, eb, a, b);
}

int st_ok(const char *file, int line, const char *expr, int rc)
{
    if (rc == 0)
        return 1;
    const surql_error *e = surql_error_last();
    return st_fail(file, line, "%s returned %d (%s): %s", expr, rc, surql_status_name(rc),
                   e->message);
}

int st_err(const char *file, int line, const char *expr, int rc, int want)
{
    if (rc == want)
        return 1;
    const surql_error *e = surql_error_last();
    return st_fail(file, line, "%s returned %d (%s), expected %d (%s); last error: %s", expr,
                   rc, surql_status_name(rc), want, surql_status_name(want), e->message);
}

int st_run(int argc, char **argv, const st_case *cases)
{
    int failed = 0, ran = 0, skipped = 0;
    for (int a = 1; a < argc; a++) {
        int found = 0;
        for (const st_case *c = cases; c->name; c++)
            if (strcmp(c->name, argv[a]) == 0)
                found = 1;
        if (!found) {
            fprintf(stderr, "unknown test case '%s'\n", argv[a]);
            return 2;
        }
    }
    for (const st_case *c = cases; c->name; c++) {
        if (argc > 1) {
            int want = 0;
            for (int a = 1; a < argc; a++)
                if (strcmp(c->name, argv[a]) == 0)
                    want = 1;
            if (!want)
                continue;
        }
        g_failed_now = 0;
        g_skipped_now = 0;
        surql_error_clear();
        c->fn();
        ran++;
        if (g_failed_now) {
            failed++;
            printf("not ok %d - %s\n", ran, c->name);
        } else if (g_skipped_now) {
            skipped++;
            printf("ok %d - %s # SKIP\n", ran, c->name);
        } else {
            printf("ok %d - %s\n", ran, c->name);
        }
        fflush(stdout);
    }
    printf("1..%d\n", ran);
    if (failed)
        return 1;
    if (ran > 0 && skipped == ran)
        return 77;
    return 0;
}

char *st_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

char *st_schema_data(const char *name)
{
    const char *dir = getenv("SURQL_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/libsurql-schema/tests/data/%s", dir ? dir : ".", name);
    return st_read_file(path);
}
