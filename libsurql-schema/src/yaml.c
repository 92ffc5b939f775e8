/* YAML schema files: reading with libfyaml's event parser into the schema
 * document tree (with positions), and a small deterministic YAML writer for
 * the export. Aliases, tags, complex keys and multi-document streams are
 * refused; duplicate keys are errors. */
#include "sdoc-internal.h"
#include "model-internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

/* ---- the tree ----------------------------------------------------------- */

sn *sn_new(sn_kind kind, size_t line, size_t col)
{
    sn *n = calloc(1, sizeof *n);
    if (!n) {
        sq_err(SURQL_ENOMEM, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->line = line;
    n->col = col;
    return n;
}

void sn_free(sn *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        sn_free(n->items[i]);
        if (n->keys)
            sn_free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->text);
    free(n);
}

int sn_push(sn *p, sn *key, sn *val)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        sn **items = realloc(p->items, cap * sizeof *items);
        if (items)
            p->items = items;
        sn **keys = items && p->kind == SN_MAP ? realloc(p->keys, cap * sizeof *keys) : NULL;
        if (keys)
            p->keys = keys;
        if (!items || (p->kind == SN_MAP && !keys)) {
            sn_free(key);
            sn_free(val);
            return sq_err(SURQL_ENOMEM, "out of memory");
        }
        p->cap = cap;
    }
    p->items[p->n] = val;
    if (p->kind == SN_MAP)
        p->keys[p->n] = key;
    else
        sn_free(key);
    p->n++;
    return SURQL_OK;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct yr {
    const char *file;
    sn *stack[SN_MAX_DEPTH + 1];
    sn *pending[SN_MAX_DEPTH + 1]; /* key waiting for its value, per open mapping */
    int depth;
    sn *root;
} yr;

static int yerr(const yr *r, size_t line, size_t col, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static int yerr(const yr *r, size_t line, size_t col, int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return surql_error_set_at(code, SQ_DOMAIN, line, col, "%s:%zu:%zu: %s",
                              r->file ? r->file : "<yaml>", line, col, msg);
}

static int plain_null(const char *s, size_t len)
{
    return len == 0 || (len == 1 && s[0] == '~') ||
           (len == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
                         memcmp(s, "NULL", 4) == 0));
}

/* attach a finished node to the open container (or make it the root) */
static int attach(yr *r, sn *n)
{
    if (r->depth == 0) {
        r->root = n;
        return SURQL_OK;
    }
    sn *p = r->stack[r->depth - 1];
    if (p->kind == SN_SEQ)
        return sn_push(p, NULL, n);
    sn *key = r->pending[r->depth - 1];
    if (!key) {
        if (n->kind != SN_SCALAR && n->kind != SN_NULL) {
            int rc = yerr(r, n->line, n->col, SURQL_EPARSE,
                          "complex mapping keys are not supported");
            sn_free(n);
            return rc;
        }
        for (size_t i = 0; i < p->n; i++) {
            if (p->keys[i]->len == n->len && memcmp(p->keys[i]->text ? p->keys[i]->text : "",
                                                    n->text ? n->text : "", n->len) == 0) {
                int rc = yerr(r, n->line, n->col, SURQL_EPARSE,
                              "duplicate key '%s' (first at line %zu, column %zu)",
                              n->text ? n->text : "", p->keys[i]->line, p->keys[i]->col);
                sn_free(n);
                return rc;
            }
        }
        if (!n->text && !(n->text = surql_strdup(""))) {
            sn_free(n);
            return sq_err(SURQL_ENOMEM, "out of memory");
        }
        n->kind = SN_SCALAR; /* a key is text, even `null:` */
        r->pending[r->depth - 1] = n;
        return SURQL_OK;
    }
    r->pending[r->depth - 1] = NULL;
    return sn_push(p, key, n);
}

static void capture_diag_error(struct fy_diag *diag, char *msg, size_t cap, size_t *line,
                               size_t *col)
{
    void *it = NULL;
    struct fy_diag_error *e;
    while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
        if (!msg[0] && e->msg) {
            snprintf(msg, cap, "%s", e->msg);
            *line = e->line >= 0 ? (size_t)e->line + 1 : 0;
            *col = e->column >= 0 ? (size_t)e->column + 1 : 0;
        }
    }
}

static void tag_pos(struct fy_token *tag, size_t *line, size_t *col)
{
    const struct fy_mark *m = fy_token_start_mark(tag);
    if (m) {
        *line = (size_t)m->line + 1;
        *col = (size_t)m->column + 1;
    }
}

/* a copy of the text of a scalar token */
static int token_text(struct fy_token *t, char **out, size_t *len)
{
    size_t n = 0;
    const char *s = fy_token_get_text(t, &n);
    if (!s)
        n = 0;
    char *b = surql_strndup(s ? s : "", n);
    if (!b)
        return sq_err(SURQL_ENOMEM, "out of memory");
    *out = b;
    *len = n;
    return SURQL_OK;
}

static void diag_discard(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

/* YAML allows printable characters only (and tab, LF, CR) in valid UTF-8.
 * Checked before libfyaml sees the text: 0.7.12 loops forever on some
 * control characters after a '%' directive (found by schema-yaml-fuzz). */
static int check_chars(const yr *r, const char *text, size_t len)
{
    size_t line = 1, col = 1;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n = 1;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return yerr(r, line, col, SURQL_EPARSE,
                            "control character U+%04X is not allowed in YAML", c);
        } else {
            uint32_t cp = 0;
            if (c >= 0xC2 && c <= 0xDF)
                n = 2, cp = c & 0x1F;
            else if (c >= 0xE0 && c <= 0xEF)
                n = 3, cp = c & 0x0F;
            else if (c >= 0xF0 && c <= 0xF4)
                n = 4, cp = c & 0x07;
            else
                n = 0;
            for (size_t k = 1; n && k < n; k++) {
                if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                    n = 0;
                else
                    cp = (cp << 6) | (s[i + k] & 0x3F);
            }
            if (!n || (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
                return yerr(r, line, col, SURQL_EPARSE, "invalid UTF-8");
            if ((cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xFFFE || cp == 0xFFFF)
                return yerr(r, line, col, SURQL_EPARSE,
                            "control character U+%04X is not allowed in YAML", (unsigned)cp);
        }
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += n;
    }
    return SURQL_OK;
}

int sq_yaml_read(sn **out, const char *text, size_t len, const char *file)
{
    *out = NULL;
    yr r;
    memset(&r, 0, sizeof r);
    r.file = file;
    int crc = check_chars(&r, text ? text : "", len);
    if (crc)
        return crc;
    struct fy_diag_cfg dcfg;
    memset(&dcfg, 0, sizeof dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_discard;
    dcfg.level = FYET_ERROR;
    dcfg.module_mask = ~0u;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag)
        return sq_err(SURQL_ENOMEM, "out of memory (YAML diagnostics)");
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_AUTO | FYPCF_JSON_NONE;
    cfg.diag = diag;
    struct fy_parser *fyp = fy_parser_create(&cfg);
    int rc = SURQL_OK;
    if (!fyp) {
        fy_diag_unref(diag);
        return sq_err(SURQL_ENOMEM, "out of memory (YAML parser)");
    }
    if (fy_parser_set_string(fyp, text ? text : "", len) != 0) {
        rc = sq_err(SURQL_ENOMEM, "out of memory (YAML input)");
        goto done;
    }
    int docs = 0;
    for (;;) {
        struct fy_event *ev = fy_parser_parse(fyp);
        if (!ev) {
            if (fy_parser_get_stream_error(fyp)) {
                char msg[400] = "";
                size_t line = 0, col = 0;
                capture_diag_error(diag, msg, sizeof msg, &line, &col);
                rc = yerr(&r, line, col, SURQL_EPARSE, "%s", msg[0] ? msg : "invalid YAML");
            }
            break;
        }
        const struct fy_mark *m = fy_event_start_mark(ev);
        size_t line = m ? (size_t)m->line + 1 : 0, col = m ? (size_t)m->column + 1 : 0;
        sn *n = NULL;
        struct fy_token *tag = NULL;
        switch (ev->type) {
        case FYET_DOCUMENT_START:
            if (++docs > 1)
                rc = yerr(&r, line, col, SURQL_EPARSE,
                          "a schema file holds one YAML document (found a second one)");
            break;
        case FYET_ALIAS: /* the mark is after the '*' */
            rc = yerr(&r, line, col > 1 ? col - 1 : col, SURQL_EPARSE,
                      "YAML aliases are not supported");
            break;
        case FYET_MAPPING_START:
        case FYET_SEQUENCE_START:
            tag = ev->type == FYET_MAPPING_START ? ev->mapping_start.tag : ev->sequence_start.tag;
            if (tag) {
                tag_pos(tag, &line, &col);
                rc = yerr(&r, line, col, SURQL_EPARSE, "YAML tags are not supported");
                break;
            }
            if (r.depth >= SN_MAX_DEPTH) {
                rc = yerr(&r, line, col, SURQL_ERANGE, "nesting deeper than %d levels",
                          SN_MAX_DEPTH);
                break;
            }
            n = sn_new(ev->type == FYET_MAPPING_START ? SN_MAP : SN_SEQ, line, col);
            if (!n) {
                rc = SURQL_ENOMEM;
                break;
            }
            r.stack[r.depth] = n;
            r.pending[r.depth] = NULL;
            r.depth++;
            break;
        case FYET_MAPPING_END:
        case FYET_SEQUENCE_END:
            if (r.depth > 0) {
                n = r.stack[--r.depth];
                sn_free(r.pending[r.depth]);
                r.pending[r.depth] = NULL;
                rc = attach(&r, n);
            }
            break;
        case FYET_SCALAR: {
            if (ev->scalar.tag) {
                tag_pos(ev->scalar.tag, &line, &col);
                rc = yerr(&r, line, col, SURQL_EPARSE, "YAML tags are not supported");
                break;
            }
            char *s = NULL;
            size_t sl = 0;
            if ((rc = token_text(ev->scalar.value, &s, &sl)))
                break;
            int quoted = fy_token_scalar_style(ev->scalar.value) != FYSS_PLAIN;
            n = sn_new(!quoted && plain_null(s, sl) ? SN_NULL : SN_SCALAR, line, col);
            if (!n) {
                free(s);
                rc = SURQL_ENOMEM;
                break;
            }
            n->quoted = quoted;
            n->len = sl;
            n->text = s;
            rc = attach(&r, n);
            break;
        }
        default:
            break;
        }
        fy_parser_event_free(fyp, ev);
        if (rc)
            break;
    }
done:
    while (r.depth > 0) {
        r.depth--;
        sn_free(r.pending[r.depth]);
        if (r.depth == 0 || r.stack[r.depth] != r.root)
            sn_free(r.stack[r.depth]);
    }
    if (rc) {
        sn_free(r.root);
    } else {
        if (!r.root) /* an empty file: an empty mapping */
            r.root = sn_new(SN_NULL, 1, 1);
        if (!r.root)
            rc = SURQL_ENOMEM;
        *out = r.root;
    }
    fy_parser_destroy(fyp);
    fy_diag_set_collect_errors(diag, false); /* frees the collected errors (0.7.12) */
    fy_diag_unref(diag);
    return rc;
}

/* ---- writing ------------------------------------------------------------ */

static int looks_special(const char *s, size_t len)
{
    /* words a YAML 1.1/1.2 reader resolves to something other than a string */
    static const char *const words[] = { "null", "Null", "NULL", "~", "true", "True", "TRUE",
                                         "false", "False", "FALSE", "yes", "Yes", "YES", "no",
                                         "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                                         "y", "Y", "n", "N", NULL };
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
            return 1;
    /* numbers: anything starting with a digit, a sign or a dot followed by a digit */
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    if (i < len && s[i] == '.')
        i++;
    if (i < len && s[i] >= '0' && s[i] <= '9')
        return 1;
    if (len >= 4 && (strstr(s, ".inf") || strstr(s, ".Inf") || strstr(s, ".INF") ||
                     strstr(s, ".nan") || strstr(s, ".NaN") || strstr(s, ".NAN")))
        return 1;
    return 0;
}

static int plain_ok(const char *s, size_t len)
{
    if (len == 0 || looks_special(s, len))
        return 0;
    if (strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]))
        return 0;
    if (s[len - 1] == ' ' || s[len - 1] == ':')
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == ',' || c == '[' || c == ']' || c == '{' || c == '}')
            return 0;
        if (c == ':' && i + 1 < len && s[i + 1] == ' ')
            return 0;
        if (c == '#' && i > 0 && s[i - 1] == ' ')
            return 0;
    }
    return 1;
}

static int put_quoted(surql_buf *b, const char *s, size_t len)
{
    int rc = surql_buf_putc(b, '"');
    for (size_t i = 0; !rc && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': rc = surql_buf_puts(b, "\\\""); break;
        case '\\': rc = surql_buf_puts(b, "\\\\"); break;
        case '\n': rc = surql_buf_puts(b, "\\n"); break;
        case '\t': rc = surql_buf_puts(b, "\\t"); break;
        case '\r': rc = surql_buf_puts(b, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                rc = surql_buf_printf(b, "\\x%02x", c);
            else
                rc = surql_buf_putc(b, (char)c);
        }
    }
    return rc ? rc : surql_buf_putc(b, '"');
}

/* multi-line text as a literal block (`|-` or `|`) when that reads back exactly */
static int block_ok(const char *s, size_t len)
{
    if (!memchr(s, '\n', len) || s[0] == ' ' || s[0] == '\n')
        return 0;
    size_t trail = 0;
    while (trail < len && s[len - 1 - trail] == '\n')
        trail++;
    if (trail > 1)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            return 0;
        /* trailing spaces on a line and space-only lines read back fine, but a
         * line of only spaces before a more indented one does not: keep it simple */
        if (c == ' ' && (i + 1 == len || s[i + 1] == '\n'))
            return 0;
    }
    return 1;
}

static int put_string(surql_buf *b, const char *s, size_t len, int indent, int as_key)
{
    if (plain_ok(s, len))
        return surql_buf_put(b, s, len);
    if (!as_key && block_ok(s, len)) {
        int rc = surql_buf_puts(b, s[len - 1] == '\n' ? "|" : "|-");
        size_t i = 0;
        while (!rc && i < len) {
            const char *nl = memchr(s + i, '\n', len - i);
            size_t e = nl ? (size_t)(nl - s) : len;
            rc = surql_buf_putc(b, '\n');
            if (!rc && e > i)
                rc = surql_buf_printf(b, "%*s", indent, "");
            if (!rc)
                rc = surql_buf_put(b, s + i, e - i);
            i = e + 1;
        }
        return rc;
    }
    return put_quoted(b, s, len);
}

static int is_scalar(const surql_value *v)
{
    surql_value_type t = surql_value_type_of(v);
    return t != SURQL_VALUE_ARRAY && t != SURQL_VALUE_OBJECT && t != SURQL_VALUE_SET;
}

static int put_scalar(surql_buf *b, const surql_value *v, int indent)
{
    const char *s = NULL;
    size_t len = 0;
    int64_t i = 0;
    int bo = 0;
    double d = 0;
    switch (surql_value_type_of(v)) {
    case SURQL_VALUE_NONE:
    case SURQL_VALUE_NULL: return surql_buf_puts(b, "null");
    case SURQL_VALUE_BOOL:
        surql_value_get_bool(v, &bo);
        return surql_buf_puts(b, bo ? "true" : "false");
    case SURQL_VALUE_INT:
        surql_value_get_int(v, &i);
        return surql_buf_printf(b, "%lld", (long long)i);
    case SURQL_VALUE_FLOAT: {
        surql_value_get_float(v, &d);
        if (d != d)
            return surql_buf_puts(b, ".nan");
        if (d > 1e308 || d < -1e308)
            return surql_buf_puts(b, d > 0 ? ".inf" : "-.inf");
        char num[64];
        snprintf(num, sizeof num, "%.17g", d);
        if (!strpbrk(num, ".eE"))
            return surql_buf_printf(b, "%s.0", num);
        return surql_buf_puts(b, num);
    }
    case SURQL_VALUE_STRING:
        surql_value_get_string(v, &s, &len);
        return put_string(b, s, len, indent, 0);
    default: {
        /* other types are written as their JSON text */
        surql_buf j = SURQL_BUF_INIT;
        int rc = surql_value_to_json(v, &j, 0);
        if (!rc)
            rc = put_quoted(b, j.ptr ? j.ptr : "", j.size);
        surql_buf_dispose(&j);
        return rc;
    }
    }
}

static int flow_list(const surql_value *v)
{
    size_t n = surql_value_length(v), width = 0;
    for (size_t i = 0; i < n; i++) {
        const surql_value *e = surql_value_array_at(v, i);
        if (!is_scalar(e))
            return 0;
        const char *s = NULL;
        size_t len = 0;
        if (surql_value_get_string(e, &s, &len) == SURQL_OK && (!plain_ok(s, len)))
            return 0;
        width += len + 2;
    }
    return width < 60;
}

static int write_node(surql_buf *b, const surql_value *v, int indent);

/* the value after "key:" or "- " */
static int write_after(surql_buf *b, const surql_value *v, int indent, int in_seq)
{
    surql_value_type t = surql_value_type_of(v);
    if (t == SURQL_VALUE_OBJECT && surql_value_length(v) > 0) {
        if (in_seq) /* "- key: v" continues on the same line */
            return write_node(b, v, indent);
        int rc = surql_buf_putc(b, '\n');
        if (!rc)
            rc = surql_buf_printf(b, "%*s", indent, "");
        return rc ? rc : write_node(b, v, indent);
    }
    if ((t == SURQL_VALUE_ARRAY || t == SURQL_VALUE_SET) && surql_value_length(v) > 0 &&
        !flow_list(v)) {
        int rc = surql_buf_putc(b, '\n');
        if (!rc)
            rc = surql_buf_printf(b, "%*s", indent, "");
        return rc ? rc : write_node(b, v, indent);
    }
    if (!in_seq && surql_buf_putc(b, ' '))
        return SURQL_ENOMEM;
    return write_node(b, v, indent);
}

/* writes v at the current position; continuation lines are indented by indent */
static int write_node(surql_buf *b, const surql_value *v, int indent)
{
    surql_value_type t = surql_value_type_of(v);
    int rc = SURQL_OK;
    if (t == SURQL_VALUE_OBJECT) {
        size_t n = surql_value_length(v);
        if (n == 0)
            return surql_buf_puts(b, "{}");
        for (size_t i = 0; !rc && i < n; i++) {
            const char *k = NULL;
            size_t kl = 0;
            const surql_value *e = NULL;
            surql_value_object_at(v, i, &k, &kl, &e);
            if (i > 0) {
                rc = surql_buf_putc(b, '\n');
                if (!rc)
                    rc = surql_buf_printf(b, "%*s", indent, "");
            }
            if (!rc)
                rc = put_string(b, k, kl, indent, 1);
            if (!rc)
                rc = surql_buf_putc(b, ':');
            if (!rc)
                rc = write_after(b, e, indent + 2, 0);
        }
        return rc;
    }
    if (t == SURQL_VALUE_ARRAY || t == SURQL_VALUE_SET) {
        size_t n = surql_value_length(v);
        if (n == 0)
            return surql_buf_puts(b, "[]");
        if (flow_list(v)) {
            rc = surql_buf_putc(b, '[');
            for (size_t i = 0; !rc && i < n; i++) {
                if (i)
                    rc = surql_buf_puts(b, ", ");
                if (!rc)
                    rc = put_scalar(b, surql_value_array_at(v, i), indent);
            }
            return rc ? rc : surql_buf_putc(b, ']');
        }
        for (size_t i = 0; !rc && i < n; i++) {
            if (i > 0) {
                rc = surql_buf_putc(b, '\n');
                if (!rc)
                    rc = surql_buf_printf(b, "%*s", indent, "");
            }
            if (!rc)
                rc = surql_buf_puts(b, "- ");
            if (!rc)
                rc = write_after(b, surql_value_array_at(v, i), indent + 2, 1);
        }
        return rc;
    }
    return put_scalar(b, v, indent);
}

int sq_yaml_write(surql_buf *out, const surql_value *v)
{
    int rc = write_node(out, v, 0);
    return rc ? rc : surql_buf_putc(out, '\n');
}
