/* JSON schema files: parsed by the value layer's strict JSON parser
 * (surql_value_from_json), then walked into the schema document tree. The
 * parser does not report where each value starts, so a small scanner walks
 * the (already validated) text in the same order and supplies the 1-based
 * line and column of every key and value. */
#include "sdoc-internal.h"
#include "model-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jpos {
    const char *s;
    size_t len, i, line, col;
} jpos;

static void adv(jpos *p)
{
    unsigned char c = (unsigned char)p->s[p->i++];
    if (c == '\n') {
        p->line++;
        p->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        p->col++;
    }
}

static void skip_ws(jpos *p)
{
    while (p->i < p->len && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
        adv(p);
}

static void skip_string(jpos *p)
{
    adv(p); /* " */
    while (p->i < p->len && p->s[p->i] != '"') {
        if (p->s[p->i] == '\\')
            adv(p);
        if (p->i < p->len)
            adv(p);
    }
    if (p->i < p->len)
        adv(p);
}

static void skip_literal(jpos *p)
{
    while (p->i < p->len && !strchr(",]} \t\r\n", p->s[p->i]) && p->s[p->i])
        adv(p);
}

static char *scalar_text(const surql_value *v, size_t *len)
{
    surql_buf b = SURQL_BUF_INIT;
    const char *s = NULL;
    if (surql_value_get_string(v, &s, len) == SURQL_OK)
        return surql_strndup(s, *len);
    if (surql_value_to_json(v, &b, 0) != SURQL_OK) {
        surql_buf_dispose(&b);
        return NULL;
    }
    *len = b.size;
    return surql_buf_detach(&b);
}

/* builds the node of v, whose text starts at p (after whitespace) */
static int walk(sn **out, const surql_value *v, jpos *p)
{
    skip_ws(p);
    surql_value_type t = surql_value_type_of(v);
    sn *n = sn_new(t == SURQL_VALUE_OBJECT  ? SN_MAP
                   : t == SURQL_VALUE_ARRAY ? SN_SEQ
                   : t == SURQL_VALUE_NULL  ? SN_NULL
                                            : SN_SCALAR,
                   p->line, p->col);
    if (!n)
        return SURQL_ENOMEM;
    n->jv = v;
    int rc = SURQL_OK;
    if (t == SURQL_VALUE_OBJECT) {
        adv(p); /* { */
        size_t cnt = surql_value_length(v);
        for (size_t i = 0; !rc && i < cnt; i++) {
            const char *k = NULL;
            size_t kl = 0;
            const surql_value *e = NULL;
            surql_value_object_at(v, i, &k, &kl, &e);
            skip_ws(p);
            if (p->i < p->len && p->s[p->i] == ',') {
                adv(p);
                skip_ws(p);
            }
            sn *key = sn_new(SN_SCALAR, p->line, p->col);
            if (!key) {
                rc = SURQL_ENOMEM;
                break;
            }
            key->quoted = 1;
            key->len = kl;
            if (!(key->text = surql_strndup(k, kl))) {
                sn_free(key);
                rc = sq_err(SURQL_ENOMEM, "out of memory");
                break;
            }
            skip_string(p);
            skip_ws(p);
            if (p->i < p->len && p->s[p->i] == ':')
                adv(p);
            sn *val = NULL;
            rc = walk(&val, e, p);
            if (rc)
                sn_free(key);
            else
                rc = sn_push(n, key, val);
        }
        skip_ws(p);
        if (p->i < p->len && p->s[p->i] == '}')
            adv(p);
    } else if (t == SURQL_VALUE_ARRAY) {
        adv(p); /* [ */
        size_t cnt = surql_value_length(v);
        for (size_t i = 0; !rc && i < cnt; i++) {
            skip_ws(p);
            if (p->i < p->len && p->s[p->i] == ',')
                adv(p);
            sn *val = NULL;
            rc = walk(&val, surql_value_array_at(v, i), p);
            if (!rc)
                rc = sn_push(n, NULL, val);
        }
        skip_ws(p);
        if (p->i < p->len && p->s[p->i] == ']')
            adv(p);
    } else {
        if (p->i < p->len && p->s[p->i] == '"')
            skip_string(p);
        else
            skip_literal(p);
        if (t != SURQL_VALUE_NULL) {
            n->quoted = t == SURQL_VALUE_STRING;
            if (!(n->text = scalar_text(v, &n->len)))
                rc = sq_err(SURQL_ENOMEM, "out of memory");
        }
    }
    if (rc) {
        sn_free(n);
        return rc;
    }
    *out = n;
    return SURQL_OK;
}

int sq_json_read(sn **out, surql_value **json, const char *text, size_t len, const char *file)
{
    *out = NULL;
    *json = NULL;
    surql_value *v = NULL;
    int rc = surql_value_from_json(&v, text ? text : "", len, 0);
    if (rc) {
        const surql_error *e = surql_error_last();
        size_t line = e->line, col = e->column;
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e->message);
        /* "JSON: what at line L, column C" -> "FILE:L:C: JSON: what" */
        char *at = strstr(msg, " at line ");
        if (at && line)
            *at = '\0';
        return surql_error_set_at(rc, SQ_DOMAIN, line, col, "%s:%zu:%zu: %s",
                                  file ? file : "<json>", line, col, msg);
    }
    jpos p = { text, len, 0, 1, 1 };
    rc = walk(out, v, &p);
    if (rc) {
        surql_value_unref(v);
        return rc;
    }
    *json = v;
    return SURQL_OK;
}
