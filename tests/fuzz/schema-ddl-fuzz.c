/* libFuzzer target: the SurrealQL DDL parser of libsurql-schema (parse,
 * apply, then render both dialects and diff against itself).
 * Run by hand:  ./schema-ddl-fuzz -max_total_time=60 schema-ddl-corpus */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <surql/schema.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    surql_schema *s = NULL;
    if (surql_schema_parse(&s, (const char *)data, size) != SURQL_OK)
        return 0;
    for (int d = 2; d <= 3; d++) {
        surql_buf b = SURQL_BUF_INIT;
        surql_schema_ddl_options o = SURQL_SCHEMA_DDL_OPTIONS_INIT;
        o.dialect = (surql_dialect)d;
        if (surql_schema_to_ddl(&b, s, &o) == SURQL_OK) {
            /* what we render parses back to an equal schema */
            surql_schema *back = NULL;
            if (surql_schema_parse(&back, b.ptr, b.size) != SURQL_OK ||
                !surql_schema_equal(s, back))
                abort();
            surql_schema_unref(back);
        }
        surql_buf_dispose(&b);
    }
    surql_schema_diff *df = NULL;
    if (surql_schema_diff_new(&df, s, s, NULL) == SURQL_OK && surql_schema_diff_count(df) != 0)
        abort();
    surql_schema_diff_free(df);
    surql_schema_unref(s);
    return 0;
}
