/*
 * lib.c: string helpers, the polled 16550 driver, the command line, power off.
 */
#include "guest.h"

void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--) *p++ = c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--) *p++ = *q++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++) {
        if (*p != *q) return *p - *q;
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b) return (uint8_t)*a - (uint8_t)*b;
        if (!*a) return 0;
    }
    return 0;
}

void uart_init(void)
{
    outb(UART + 1, 0);          /* no interrupts */
    outb(UART + 3, 0x80);       /* DLAB */
    outb(UART + 0, 1);          /* 115200 */
    outb(UART + 1, 0);
    outb(UART + 3, 0x03);       /* 8n1 */
    outb(UART + 2, 0x01);       /* FIFO on; keep input that arrived before boot */
    outb(UART + 4, 0x03);
}

void uart_putc(char c)
{
    while (!(inb(UART + 5) & 0x20)) {
        cpu_relax();
    }
    outb(UART, c);
}

void puts_(const char *s)
{
    while (*s) {
        if (*s == '\n') uart_putc('\r');
        uart_putc(*s++);
    }
}

void put_hex(uint64_t v)
{
    char b[19];
    int i = 18;
    b[i--] = 0;
    do { b[i--] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
    b[i--] = 'x';
    b[i] = '0';
    puts_(b + i);
}

void put_dec(uint64_t v)
{
    char b[21];
    int i = 20;
    b[i--] = 0;
    do { b[i--] = '0' + v % 10; v /= 10; } while (v);
    puts_(b + i + 1);
}

/* -1 on timeout */
int uart_getc_timeout(uint64_t ticks)
{
    uint64_t t0 = rdtsc();
    while (!(inb(UART + 5) & 1)) {
        if (rdtsc() - t0 > ticks) return -1;
        cpu_relax();
    }
    return inb(UART);
}

uint64_t parse_num(const char *s, const char **end)
{
    uint64_t v = 0;
    unsigned base = 10;
    if (s[0] == '0' && s[1] == 'x') { base = 16; s += 2; }
    for (;; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9') d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
        else break;
        v = v * base + d;
    }
    if (end) *end = s;
    return v;
}

const char *cmdline_get(const char *c, const char *key, size_t *len)
{
    size_t kl = strlen(key);
    while (c && *c) {
        while (*c == ' ') c++;
        if (!strncmp(c, key, kl) && c[kl] == '=') {
            const char *v = c + kl + 1;
            size_t n = 0;
            while (v[n] && v[n] != ' ') n++;
            if (len) *len = n;
            return v;
        }
        while (*c && *c != ' ') c++;
    }
    return NULL;
}

void poweroff(int status)
{
    /* the board's power controller: exit register (softmmu/hw/pm.h) */
    outb(PM_PORT + 2, status);
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}
