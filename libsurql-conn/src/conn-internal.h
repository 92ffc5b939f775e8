/* Internals shared by the libsurql-conn sources: clock and global state. */
#ifndef SURQL_CONN_CONN_INTERNAL_H
#define SURQL_CONN_CONN_INTERNAL_H

#include <stdint.h>

/* Monotonic clock in milliseconds (CLOCK_MONOTONIC). Deadlines passed to the
 * transports are absolute values of this clock. */
int64_t surql_conn__now_ms(void);

/* Milliseconds left until @p deadline_ms (0 when passed; deadline <= 0 means
 * "no deadline" and yields INT32_MAX-ish large values). */
int64_t surql_conn__remaining_ms(int64_t deadline_ms);

/* SURQL_OK when surql_conn_global_init() is in effect, else SURQL_ESTATE
 * with a message naming @p what. */
int surql_conn__check_init(const char *what);

#endif
