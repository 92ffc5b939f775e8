/* Frame-header sniffer: names the first RFC 6455 violation in the byte
 * stream a server sent, so that "invalid WebSocket data" errors say what was
 * wrong (wslay only answers with close code 1002). See ws-internal.h. */
#include <stdio.h>
#include <string.h>

#include "ws-internal.h"

static const char *op_name(unsigned op)
{
    switch (op) {
    case 0x0: return "continuation";
    case 0x1: return "text";
    case 0x2: return "binary";
    case 0x8: return "Close";
    case 0x9: return "Ping";
    case 0xA: return "Pong";
    default: return "unknown";
    }
}

/* the close codes wslay accepts on the wire */
static int valid_close_code(unsigned c)
{
    return (c >= 1000 && c <= 1011 && c != 1004 && c != 1005 && c != 1006) ||
           (c >= 3000 && c <= 4999);
}

/* A complete header is in s->hdr: check it; 0 ok, -1 violation recorded. */
static int check_header(surql_conn__ws_sniff *s)
{
    unsigned b0 = s->hdr[0], b1 = s->hdr[1];
    unsigned op = b0 & 0x0f;
    int fin = (b0 & 0x80) != 0;
    uint64_t len = b1 & 0x7f;
    if (len == 126)
        len = (uint64_t)s->hdr[2] << 8 | s->hdr[3];
    else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++)
            len = len << 8 | s->hdr[2 + i];
    }
    char *w = s->what;
    size_t cap = sizeof s->what;
    if (b0 & 0x70) {
        snprintf(w, cap, "reserved bit RSV%d set (no extension was negotiated)",
                 (b0 & 0x40) ? 1 : (b0 & 0x20) ? 2 : 3);
        return -1;
    }
    if (op > 0xA || (op > 0x2 && op < 0x8)) {
        snprintf(w, cap, "unknown opcode 0x%x", op);
        return -1;
    }
    if (b1 & 0x80) {
        snprintf(w, cap, "masked %s frame (a server must not mask)", op_name(op));
        return -1;
    }
    if (len >> 63) {
        snprintf(w, cap, "frame length with the most significant bit set");
        return -1;
    }
    if (op & 0x8) {
        if (!fin) {
            snprintf(w, cap, "fragmented %s frame (control frames cannot be fragmented)",
                     op_name(op));
            return -1;
        }
        if (len > 125) {
            snprintf(w, cap, "%s frame of %llu bytes (control frames carry at most 125)",
                     op_name(op), (unsigned long long)len);
            return -1;
        }
        if (op == 0x8 && len == 1) {
            snprintf(w, cap, "Close frame with a 1-byte payload (a status code takes 2)");
            return -1;
        }
    } else if (op == 0x0) {
        if (!s->in_msg) {
            snprintf(w, cap, "continuation frame without a message to continue");
            return -1;
        }
        s->in_msg = !fin;
    } else {
        if (s->in_msg) {
            snprintf(w, cap, "new %s message while a fragmented message is incomplete",
                     op_name(op));
            return -1;
        }
        s->in_msg = !fin;
    }
    s->opcode = op;
    s->left = len;
    s->close_got = 0;
    return 0;
}

void surql_conn__ws_sniff_feed(surql_conn__ws_sniff *s, const unsigned char *p, size_t n)
{
    while (n > 0 && !s->what[0]) {
        if (s->left > 0) {
            size_t take = s->left < n ? (size_t)s->left : n;
            if (s->opcode == 0x8 && s->close_got < 2) {
                for (size_t i = 0; i < take && s->close_got < 2; i++)
                    s->close_code[s->close_got++] = p[i];
                if (s->close_got == 2) {
                    unsigned c = (unsigned)s->close_code[0] << 8 | s->close_code[1];
                    if (!valid_close_code(c)) {
                        snprintf(s->what, sizeof s->what,
                                 "Close frame with invalid status code %u", c);
                        return;
                    }
                }
            }
            s->left -= take;
            p += take;
            n -= take;
            continue;
        }
        /* header bytes */
        s->hdr[s->hlen++] = *p++;
        n--;
        size_t need = 2;
        if (s->hlen >= 2) {
            unsigned l7 = s->hdr[1] & 0x7f;
            need = 2 + (l7 == 126 ? 2 : l7 == 127 ? 8 : 0) + ((s->hdr[1] & 0x80) ? 4 : 0);
        }
        if (s->hlen < need)
            continue;
        s->hlen = 0;
        if (check_header(s) != 0)
            return;
    }
}
