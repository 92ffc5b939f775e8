/* A code-first schema in C as a shared object (tests of surql_schema_load_plugin). */
#include <stdlib.h>

#include <surql/schema.h>

SURQL_SCHEMA_PLUGIN_DECLARE;

SURQL_SCHEMA_PLUGIN_VISIBLE int surql_schema_register(surql_schema **inout);

SURQL_SCHEMA_PLUGIN_VISIBLE int surql_schema_register(surql_schema **inout)
{
    if (getenv("SURQL_TEST_PLUGIN_FAIL"))
        return surql_error_set(SURQL_ESCHEMA, "plugin-test", "plugin refused on purpose");
    surql_schema_table *t = NULL, *t2 = NULL, *e = NULL;
    surql_schema_field *f = NULL;
    surql_schema *s = NULL, *s2 = NULL;
    int rc = surql_schema_table_new(&t, "plugin_user");
    if (!rc)
        rc = surql_schema_field_new(&f, "name", "string");
    if (!rc)
        rc = surql_schema_table_with_fields(&t2, t, (const surql_schema_field *const *)&f, 1);
    if (!rc)
        rc = surql_schema_edge_new(&e, "plugin_follows", SURQL_SCHEMA_EDGE_RELATION, "plugin_user",
                                   "plugin_user");
    if (!rc)
        rc = surql_schema_with_table(&s, *inout, t2);
    if (!rc)
        rc = surql_schema_with_table(&s2, s, e);
    if (!rc) {
        surql_schema_unref(*inout);
        *inout = s2;
        s2 = NULL;
    }
    surql_schema_unref(s);
    surql_schema_unref(s2);
    surql_schema_table_unref(t);
    surql_schema_table_unref(t2);
    surql_schema_table_unref(e);
    surql_schema_field_unref(f);
    return rc;
}
