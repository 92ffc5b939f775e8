/* A small application that links only the query layer (and, through it, the
 * schema base). It must build with nothing but
 *   cc consumer.c $(pkg-config --cflags --libs surql-query)
 * and must not pull libcurl, wslay, libcbor or hiredis into the process. */
#include <stdio.h>
#include <string.h>

#include <surql/query.h>

int main(void)
{
    if (surql_query_version() != SURQL_QUERY_VERSION_NUMBER) {
        fprintf(stderr, "header/library mismatch: %s vs %s\n", surql_query_version_string(),
                SURQL_QUERY_VERSION_STRING);
        return 1;
    }
    surql_buf b = SURQL_BUF_INIT;
    if (surql_buf_printf(&b, "surql-query %s on surql-schema %s", surql_query_version_string(),
                         surql_schema_version_string()) != SURQL_OK) {
        fprintf(stderr, "buffer: %s\n", surql_error_last()->message);
        return 1;
    }
    puts(b.ptr);
    surql_buf_dispose(&b);
    return 0;
}
