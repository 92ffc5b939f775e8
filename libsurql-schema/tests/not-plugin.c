/* A shared object without the plugin symbols (tests of surql_schema_load_plugin). */
int surql_not_a_plugin(void);
__attribute__((visibility("default"))) int surql_not_a_plugin(void) { return 42; }
