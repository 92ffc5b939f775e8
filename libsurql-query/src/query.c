/* libsurql-query: placeholder translation unit until the library's issue lands.
 * The version functions are generated from cmake/version.c.in. */
#include <surql/query.h>
