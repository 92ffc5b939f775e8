/* The smallest surql application: links the query layer only.
 *   cc hello.c $(pkg-config --cflags --libs surql-query) */
#include <stdio.h>
#include <surql/query.h>

int main(void)
{
    printf("linked against libsurql-query %s (headers %s), libsurql-schema %s\n",
           surql_query_version_string(), SURQL_QUERY_VERSION_STRING,
           surql_schema_version_string());
    return surql_query_version() == SURQL_QUERY_VERSION_NUMBER ? 0 : 1;
}
