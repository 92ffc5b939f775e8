/* Internals shared by config.c and dotenv.c. */
#ifndef SURQL_CONN_CONFIG_INTERNAL_H
#define SURQL_CONN_CONFIG_INTERNAL_H

#include <stddef.h>
#include <surql/conn/config.h>

/* Last definition of @p key: value and 1-based line, or NULL. */
const char *surql_conn__dotenv_find(const surql_conn_dotenv *env, const char *key, size_t *line);

/* The origin given at parse time (the file path). Never NULL. */
const char *surql_conn__dotenv_origin(const surql_conn_dotenv *env);

/* Largest .env file accepted. */
#define SURQL_CONN__DOTENV_MAX ((size_t)1 << 20)

#endif
