/* placeholder: the value model is being written (issue 2) */
#ifndef SURQL_SCHEMA_VALUE_H
#define SURQL_SCHEMA_VALUE_H
#include <surql/schema/common.h>
typedef struct surql_value surql_value;
#endif
