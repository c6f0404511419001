/*
 * packet.h: the GDB remote serial protocol's packet layer, independent of
 * the transport and of the commands.
 *
 * Input is a byte stream fed one chunk at a time to a GdbRx state machine,
 * which yields events: a complete packet (checksum verified, escapes
 * undone), an interrupt request (a bare 0x03 between packets), an ack or a
 * nak of our last packet, or a packet whose checksum was wrong.  Nothing a
 * peer sends can make it overflow: a packet longer than the limit is
 * consumed to its end and reported as overlong, never stored.
 *
 * Output: gdb_packet_frame() wraps a payload as $payload#cs, escaping the
 * four bytes the protocol reserves ('#', '$', '}', '*'), so binary payloads
 * are safe.  We never send run-length encoding.
 */
#ifndef CROSSEMU_GDBSTUB_PACKET_H
#define CROSSEMU_GDBSTUB_PACKET_H

#include "common.h"

/* The largest payload we accept (after escapes are undone); advertised as PacketSize. */
#define GDB_MAX_PACKET 16384

typedef enum GdbRxEvent {
    GDB_RX_NONE,        /* need more bytes */
    GDB_RX_PACKET,      /* rx->buf/len holds a packet; rx->overlong/bad_escape say if it is unusable */
    GDB_RX_BAD_CSUM,    /* a packet arrived with a wrong checksum: answer '-' */
    GDB_RX_INTERRUPT,   /* 0x03 outside a packet */
    GDB_RX_ACK,         /* '+' outside a packet */
    GDB_RX_NAK,         /* '-' outside a packet: resend the last packet */
} GdbRxEvent;

typedef struct GdbRx {
    int state;
    uint8_t csum;           /* running sum of the raw bytes between '$' and '#' */
    uint8_t csum_hi;        /* first checksum digit */
    bool escape;            /* the previous byte was '}' */
    bool overlong;          /* more than GDB_MAX_PACKET bytes: contents dropped */
    bool bad_escape;        /* '}' directly before '#' */
    size_t len;
    uint8_t buf[GDB_MAX_PACKET + 1];    /* always NUL-terminated for the parsers */
} GdbRx;

void gdb_rx_init(GdbRx *rx);
/*
 * Consume bytes from data[0..len) until an event (or the end of the data).
 * *used is the number of bytes consumed; call again with the rest.
 */
GdbRxEvent gdb_rx_feed(GdbRx *rx, const uint8_t *data, size_t len, size_t *used);

/* Append $payload#cs to out (payload escaped as binary data). */
void gdb_packet_frame(GString *out, const uint8_t *payload, size_t len);

/* ---- encoding helpers the commands share ---- */

/* Value of one hex digit, or -1. */
int gdb_hex_digit(int c);
/* Append len bytes as hex. */
void gdb_hex_append(GString *out, const uint8_t *data, size_t len);
/*
 * Decode exactly n hex digit pairs from s into out (n bytes); false if s has
 * fewer pairs or a non-hex digit.
 */
bool gdb_hex_decode(const char *s, uint8_t *out, size_t n);
/*
 * Parse a hex number at *p (at least one digit, no overflow of 64 bits),
 * advancing *p past it.
 */
bool gdb_parse_hex(const char **p, uint64_t *v);

#endif
