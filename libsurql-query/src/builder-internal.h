/* libsurql-query: what the builder's translation units share (builder.c:
 * lists and lifetime; builder-target.c, builder-select.c, builder-write.c,
 * builder-hints.c: the methods; builder-render.c: the text). Internal. */
#ifndef SURQL_QUERY_BUILDER_INTERNAL_H
#define SURQL_QUERY_BUILDER_INTERNAL_H

#include "query-internal.h"

/* ---- persistent lists (newest first, shared between builders) ---- */
qlist *qb_list_ref(qlist *l);
/* push onto *head (consumes a, b and name even on failure) */
int qb_list_push(qlist **head, surql_query_expr *a, surql_query_expr *b, int flags, char *name);
size_t qb_list_len(const qlist *l);
/* items oldest first into a caller array of qb_list_len() entries */
void qb_list_items(const qlist *l, const qlist **v, size_t n);

/* ---- builder lifetime ---- */
surql_query_builder *qb_new(int kind);
/* Copy-on-write: the caller's reference is consumed. A builder nobody else
 * holds is reused in place; a shared one is copied (parts are shared). */
surql_query_builder *qb_own(surql_query_builder *b);
/* qb_own() for a clause (named what) of statements whose kind is in the mask
 * kinds: a builder of another kind is released (misuse error), NULL returned */
surql_query_builder *qb_own_kind(surql_query_builder *b, unsigned kinds, const char *what);
/* qb_own() for a method taking an expression e of a statement whose kind is
 * in the mask kinds (0: any; what names the clause in the error). On failure
 * e is consumed, b released and NULL returned; a NULL e fails (NULL argument) */
surql_query_builder *qb_own_expr(surql_query_builder *b, surql_query_expr *e, unsigned kinds,
                                 const char *what);
/* fail: release the builder and return NULL (the error is already set) */
surql_query_builder *qb_fail(surql_query_builder *b);
/* a NULL builder was passed: report it, return NULL */
surql_query_builder *qb_null(void);

/* ---- statement kinds ---- */
const char *qb_kind_name(int k);
/* bitmask of statement kinds */
#define KM(k) (1u << (k))
#define KM_WRITE                                                                     \
    (KM(QK_CREATE) | KM(QK_UPDATE) | KM(QK_UPSERT) | KM(QK_DELETE) | KM(QK_RELATE) | \
     KM(QK_INSERT) | KM(QK_INSERT_REL))
/* what applies to b only when its kind is in mask; else a misuse error */
int qb_need_kind(const surql_query_builder *b, unsigned mask, const char *what);

/* ---- hints (builder-hints.c), used when rendering ---- */
int qb_put_duration_ms(surql_buf *o, uint64_t ms);
/* the hints that are comments only (PARALLEL on 3.x, FETCH) */
int qb_hint_comments(surql_buf *o, const qhints *h, int dialect);

#endif
