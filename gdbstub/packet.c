/*
 * packet.c: framing, checksums and escapes of the GDB remote protocol
 * (gdb manual, "Overview" of the Remote Protocol appendix).
 *
 *   $<payload>#<two hex digits: sum of the payload's raw bytes mod 256>
 *
 * Inside a payload, '}' escapes the next byte (which is XORed with 0x20);
 * the checksum covers the bytes as sent.  Between packets the peer sends
 * '+' / '-' acknowledgements and 0x03 to interrupt; anything else there is
 * noise and is dropped.
 */
#include "common.h"
#include "packet.h"

enum {
    RX_IDLE,        /* between packets */
    RX_DATA,        /* after '$' */
    RX_CSUM1,       /* after '#' */
    RX_CSUM2,       /* after the first checksum digit */
};

void gdb_rx_init(GdbRx *rx)
{
    rx->state = RX_IDLE;
    rx->len = 0;
    rx->buf[0] = 0;
}

int gdb_hex_digit(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static void rx_start(GdbRx *rx)
{
    rx->state = RX_DATA;
    rx->csum = 0;
    rx->escape = false;
    rx->overlong = false;
    rx->bad_escape = false;
    rx->len = 0;
}

static void rx_store(GdbRx *rx, uint8_t c)
{
    if (rx->len >= GDB_MAX_PACKET) {
        rx->overlong = true;
        return;
    }
    rx->buf[rx->len++] = c;
}

GdbRxEvent gdb_rx_feed(GdbRx *rx, const uint8_t *data, size_t len, size_t *used)
{
    size_t i = 0;
    GdbRxEvent ev = GDB_RX_NONE;

    while (i < len && ev == GDB_RX_NONE) {
        uint8_t c = data[i++];
        int d;

        switch (rx->state) {
        case RX_IDLE:
            if (c == '$') {
                rx_start(rx);
            } else if (c == 0x03) {
                ev = GDB_RX_INTERRUPT;
            } else if (c == '+') {
                ev = GDB_RX_ACK;
            } else if (c == '-') {
                ev = GDB_RX_NAK;
            }
            break;
        case RX_DATA:
            if (c == '#') {
                if (rx->escape) {
                    rx->bad_escape = true;
                }
                rx->state = RX_CSUM1;
                break;
            }
            if (c == '$') {
                /*
                 * A '$' cannot occur unescaped inside a packet: the previous
                 * packet was cut short (the peer restarted).  Start over.
                 */
                rx_start(rx);
                break;
            }
            rx->csum += c;
            if (rx->escape) {
                rx_store(rx, c ^ 0x20);
                rx->escape = false;
            } else if (c == '}') {
                rx->escape = true;
            } else {
                rx_store(rx, c);
            }
            break;
        case RX_CSUM1:
            d = gdb_hex_digit(c);
            if (d < 0) {
                rx->state = RX_IDLE;
                ev = GDB_RX_BAD_CSUM;
                break;
            }
            rx->csum_hi = (uint8_t)d;
            rx->state = RX_CSUM2;
            break;
        case RX_CSUM2:
            d = gdb_hex_digit(c);
            rx->state = RX_IDLE;
            if (d < 0 || (uint8_t)(rx->csum_hi << 4 | d) != rx->csum) {
                ev = GDB_RX_BAD_CSUM;
                break;
            }
            rx->buf[rx->len] = 0;
            ev = GDB_RX_PACKET;
            break;
        }
    }
    *used = i;
    return ev;
}

void gdb_packet_frame(GString *out, const uint8_t *payload, size_t len)
{
    uint8_t csum = 0;

    g_string_append_c(out, '$');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = payload[i];
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            csum += '}';
            c ^= 0x20;
        }
        g_string_append_c(out, (char)c);
        csum += c;
    }
    g_string_append_printf(out, "#%02x", csum);
}

void gdb_hex_append(GString *out, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, digits[data[i] >> 4]);
        g_string_append_c(out, digits[data[i] & 15]);
    }
}

bool gdb_hex_decode(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hex_digit((unsigned char)s[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hex_digit((unsigned char)s[2 * i + 1]);
        if (lo < 0) {
            return false;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t r = 0;
    int d;

    if (gdb_hex_digit((unsigned char)*s) < 0) {
        return false;
    }
    while ((d = gdb_hex_digit((unsigned char)*s)) >= 0) {
        if (r >> 60) {
            return false;   /* more than 64 bits */
        }
        r = r << 4 | (uint64_t)d;
        s++;
    }
    *p = s;
    *v = r;
    return true;
}
