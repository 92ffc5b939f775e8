/* Schema documents: the tree that YAML and JSON schema files are read into
 * before being interpreted (files.c), with the position of every node, and
 * the writers used by the export. Internal to libsurql-schema. */
#ifndef SURQL_SCHEMA_SDOC_INTERNAL_H
#define SURQL_SCHEMA_SDOC_INTERNAL_H

#include <stddef.h>

#include <surql/schema/buf.h>
#include <surql/schema/value.h>

/* deepest nesting accepted in a schema document */
#define SN_MAX_DEPTH 128

typedef enum sn_kind { SN_NULL = 0, SN_SCALAR = 1, SN_MAP = 2, SN_SEQ = 3 } sn_kind;

typedef struct sn sn;
struct sn {
    sn_kind kind;
    int quoted;             /* scalar written quoted/block (YAML) or a JSON string */
    char *text;             /* scalar text, NUL-terminated (NULL otherwise) */
    size_t len;
    size_t line, col;       /* 1-based position of the node */
    const surql_value *jv;  /* JSON documents: the value of this node (borrowed) */
    size_t n, cap;
    sn **items;             /* sequence items, or mapping values */
    sn **keys;              /* mapping keys (scalar nodes) */
};

sn *sn_new(sn_kind kind, size_t line, size_t col);
void sn_free(sn *n);
/* append an item (seq) or a key/value pair (map); takes ownership (frees on failure) */
int sn_push(sn *parent, sn *key, sn *val);

/* YAML text -> tree; errors "FILE:LINE:COL: what" (file may be NULL) */
int sq_yaml_read(sn **out, const char *text, size_t len, const char *file);
/* JSON text -> tree (strict parser of the value layer); *json keeps the values alive */
int sq_json_read(sn **out, surql_value **json, const char *text, size_t len, const char *file);
/* a plain-JSON-compatible value (object/array/string/number/bool/null) as YAML */
int sq_yaml_write(surql_buf *out, const surql_value *v);

#endif
