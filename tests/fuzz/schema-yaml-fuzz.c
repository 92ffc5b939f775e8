/* libFuzzer target: the YAML schema file loader of libsurql-schema (and
 * the export: a loaded schema exported as YAML loads back equal).
 * Run by hand:  ./schema-yaml-fuzz -max_total_time=60 schema-yaml-corpus */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <surql/schema.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    surql_schema *s = NULL;
    if (surql_schema_from_yaml(&s, (const char *)data, size, "fuzz.yaml") != SURQL_OK) {
        /* every error carries a location or is an allocation failure */
        return 0;
    }
    surql_buf y = SURQL_BUF_INIT;
    if (surql_schema_to_yaml(&y, s) == SURQL_OK) {
        surql_schema *back = NULL;
        if (surql_schema_from_yaml(&back, y.ptr, y.size, "export.yaml") != SURQL_OK ||
            !surql_schema_equal(s, back))
            abort();
        surql_schema_unref(back);
    }
    surql_buf_dispose(&y);
    surql_schema_unref(s);
    return 0;
}
