/* The top of the chain: including surql/orch.h brings every layer's headers. */
#include <stdio.h>
#include <surql/orch.h>

int main(void)
{
    printf("orch %s migrate %s conn %s query %s schema %s\n", surql_orch_version_string(),
           surql_migrate_version_string(), surql_conn_version_string(),
           surql_query_version_string(), surql_schema_version_string());
    return surql_orch_version() == SURQL_ORCH_VERSION_NUMBER ? 0 : 1;
}
