/*
 * main.c: the crossemu KVM test guest.
 *
 * Booted through either entry (PVH or the Linux 64-bit boot protocol), it
 * finds its command line, runs the test named by "test=NAME", reports on
 * the serial port and powers off with status 0 (pass) or 1 (fail) through
 * the board's power controller.  tests/kvm/run-guest.py checks the output,
 * the exit status and, for the disk test, the image on the host.
 */
#include "guest.h"

#define LAPIC 0xfee00000ull
#define IOAPIC 0xfec00000ull
#define AP_TRAMPOLINE 0x8000

extern char ap_trampoline[], ap_trampoline_end[];
extern uint64_t gdt[], tss_desc[];
extern uint64_t user_cs;
extern void user_return(void);
uint64_t enter_user(void (*fn)(void), uint64_t user_stack);

static const char *cmdline;
static int boot_mode;               /* 1: Linux boot protocol, 2: PVH */
static uint64_t boot_ptr;

static int fails;

static void check(bool ok, const char *what)
{
    puts_(ok ? "ok: " : "FAIL: ");
    puts_(what);
    puts_("\n");
    if (!ok) fails++;
}

static void finish(void)
{
    puts_(fails ? "RESULT: FAIL\n" : "RESULT: PASS\n");
    poweroff(fails ? 1 : 0);
}

/* ---- boot information ---- */

static uint64_t ram_from_e820(void)
{
    uint64_t total = 0;

    if (boot_mode == 1) {
        const uint8_t *bp = (const uint8_t *)boot_ptr;
        unsigned n = bp[0x1e8];
        for (unsigned i = 0; i < n && i < 128; i++) {
            const uint8_t *e = bp + 0x2d0 + i * 20;
            uint64_t size; uint32_t type;
            memcpy(&size, e + 8, 8);
            memcpy(&type, e + 16, 4);
            if (type == 1) total += size;
        }
    } else {
        const uint8_t *si = (const uint8_t *)boot_ptr;
        uint64_t map; uint32_t n;
        memcpy(&map, si + 40, 8);
        memcpy(&n, si + 48, 4);
        for (unsigned i = 0; i < n && i < 16; i++) {
            const uint8_t *e = (const uint8_t *)map + i * 24;
            uint64_t size; uint32_t type;
            memcpy(&size, e + 8, 8);
            memcpy(&type, e + 16, 4);
            if (type == 1) total += size;
        }
    }
    return total;
}

static void test_hello(void)
{
    uint64_t mib = ram_from_e820() >> 20;
    const char *want = cmdline_get(cmdline, "mem", NULL);

    puts_("hello from the crossemu test guest\n");
    puts_(boot_mode == 1 ? "boot: linux\n" : "boot: pvh\n");
    puts_("ram MiB: ");
    put_dec(mib + 1);               /* e820 leaves the EBDA and the low 1 MiB hole out */
    puts_("\n");
    if (want) {
        uint64_t w = parse_num(want, NULL);
        check(mib + 1 >= w - 1 && mib <= w, "e820 RAM matches -m");
    }
    if (boot_mode == 1) {
        const uint8_t *bp = (const uint8_t *)boot_ptr;
        uint32_t magic;
        memcpy(&magic, bp + 0x202, 4);
        check(magic == 0x53726448, "boot_params carries the setup header");
        check(bp[0x210] == 0xff, "type_of_loader is 0xff");
    } else {
        uint32_t magic;
        memcpy(&magic, (const void *)boot_ptr, 4);
        check(magic == 0x336ec578, "hvm_start_info magic");
    }
    finish();
}

static void test_echo(void)
{
    char line[64];
    unsigned n = 0;

    puts_("type a line:\n");
    while (n < sizeof(line) - 1) {
        int c = uart_getc_timeout(30000000000ull);
        if (c < 0) break;
        if (c == '\n' || c == '\r') break;
        line[n++] = c;
    }
    line[n] = 0;
    puts_("echo: ");
    puts_(line);
    puts_("\n");
    check(n > 0, "read a line from the serial port");
    finish();
}

/* ---- interrupts ---- */

struct idt_entry { uint16_t off0, sel; uint8_t ist, type; uint16_t off1; uint32_t off2, zero; };
static struct idt_entry idt[256] __attribute__((aligned(16)));
struct interrupt_frame;

static void idt_set(unsigned vec, void *handler, unsigned dpl)
{
    uint64_t a = (uint64_t)handler;
    idt[vec] = (struct idt_entry){ a & 0xffff, 0x08, 0, 0x8e | (dpl << 5), (a >> 16) & 0xffff,
                                   a >> 32, 0 };
}

static void idt_load(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } d = { sizeof(idt) - 1,
                                                                           (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(d));
}

/* Exceptions end the test with a report instead of a triple fault. */
struct exc_frame { uint64_t rip, cs, rflags, rsp, ss; };
static void exc_report(unsigned vec, uint64_t err, struct exc_frame *f)
{
    uint64_t cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    puts_("exception ");
    put_dec(vec);
    puts_(" error ");
    put_hex(err);
    puts_(" rip ");
    put_hex(f->rip);
    puts_(" cs ");
    put_hex(f->cs);
    puts_(" cr2 ");
    put_hex(cr2);
    puts_("\nRESULT: FAIL\n");
    poweroff(3);
}
#define EXC_NOERR(n) __attribute__((interrupt)) static void exc##n(struct interrupt_frame *f) \
    { exc_report(n, 0, (struct exc_frame *)f); }
#define EXC_ERR(n) __attribute__((interrupt)) static void exc##n(struct interrupt_frame *f, \
    uint64_t e) { exc_report(n, e, (struct exc_frame *)f); }
EXC_NOERR(0) EXC_NOERR(1) EXC_NOERR(2) EXC_NOERR(3) EXC_NOERR(4) EXC_NOERR(5) EXC_NOERR(6)
EXC_NOERR(7) EXC_ERR(8) EXC_ERR(10) EXC_ERR(11) EXC_ERR(12) EXC_ERR(13) EXC_ERR(14)
EXC_NOERR(16) EXC_ERR(17) EXC_NOERR(18) EXC_NOERR(19)

static void idt_exceptions(void)
{
    void *h[20] = { exc0, exc1, exc2, exc3, exc4, exc5, exc6, exc7, exc8, 0, exc10, exc11,
                    exc12, exc13, exc14, 0, exc16, exc17, exc18, exc19 };
    for (unsigned i = 0; i < 20; i++) {
        if (h[i]) idt_set(i, h[i], 0);
    }
}

static volatile unsigned uart_irqs, thre_irqs, rx_irqs;
static volatile char rx_buf[32];
static volatile unsigned rx_len;

__attribute__((interrupt)) static void uart_handler(struct interrupt_frame *f)
{
    uint8_t iir;
    uart_irqs++;
    while (!((iir = inb(UART + 2)) & 1)) {
        if ((iir & 0x0e) == 0x02) {
            thre_irqs++;
            outb(UART + 1, inb(UART + 1) & ~0x02);  /* THRE seen: disable it */
        } else if ((iir & 0x0e) == 0x04 || (iir & 0x0e) == 0x0c) {
            rx_irqs++;
            while (inb(UART + 5) & 1) {
                char c = inb(UART);
                if (rx_len < sizeof(rx_buf) - 1) rx_buf[rx_len++] = c;
            }
        } else {
            inb(UART + 5);
            inb(UART + 6);
        }
    }
    mmio_write32(LAPIC + 0xb0, 0);                  /* EOI */
}

__attribute__((interrupt)) static void spurious_handler(struct interrupt_frame *f)
{
}

static void ioapic_route(unsigned pin, unsigned vector, unsigned apic_id)
{
    mmio_write32(IOAPIC, 0x10 + 2 * pin + 1);
    mmio_write32(IOAPIC + 0x10, apic_id << 24);
    mmio_write32(IOAPIC, 0x10 + 2 * pin);
    mmio_write32(IOAPIC + 0x10, vector);            /* fixed, edge, high, unmasked */
}

static void lapic_enable(void)
{
    mmio_write32(LAPIC + 0xf0, 0x100 | 0xff);       /* software enable, spurious 0xff */
}

static void test_irq(void)
{
    uint64_t t0;

    /* the BSP's LINT0 starts in virtual-wire mode: mask the 8259s so that
     * IRQ 4 arrives only through the IOAPIC */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    idt_set(0x24, uart_handler, 0);
    idt_set(0xff, spurious_handler, 0);
    idt_load();
    lapic_enable();
    ioapic_route(4, 0x24, 0);
    outb(UART + 4, 0x0b);                           /* OUT2: the PC gate for the IRQ */
    __asm__ volatile("sti");

    outb(UART + 1, 0x02);                           /* THR empty interrupt */
    t0 = rdtsc();
    while (!thre_irqs && rdtsc() - t0 < 5000000000ull) {
        __asm__ volatile("hlt");
    }
    check(thre_irqs == 1, "THR-empty interrupt through the IOAPIC");

    puts_("send input\n");
    outb(UART + 1, 0x01);                           /* received data interrupt */
    t0 = rdtsc();
    while (rx_len < 3 && rdtsc() - t0 < 30000000000ull) {
        __asm__ volatile("hlt");
    }
    __asm__ volatile("cli");
    outb(UART + 1, 0);
    rx_buf[rx_len] = 0;
    puts_("irq input: ");
    puts_((const char *)rx_buf);
    puts_("\n");
    check(rx_irqs >= 1 && rx_len >= 3, "receive interrupt delivered the input");
    finish();
}

/* ---- virtio ---- */

static void test_blk(void)
{
    VirtioDev d;
    static uint8_t sector[512] __attribute__((aligned(512)));
    static const char pattern[] = "CROSSEMU-BLK-TEST";
    struct { uint32_t type, reserved; uint64_t sector; } hdr;
    uint8_t status = 0xff;
    void *bufs[3];
    uint32_t lens[3], written = 0;
    uint64_t capacity;
    bool ok;

    if (!virtio_find(cmdline, 2, &d)) {
        check(false, "virtio-blk device announced on the command line");
        finish();
    }
    check(virtio_setup(&d, 1u << 9, 1), "virtio-blk set up (VERSION_1, FLUSH)");
    capacity = mmio_read32(d.base + 0x100) | ((uint64_t)mmio_read32(d.base + 0x104) << 32);
    puts_("capacity sectors: ");
    put_dec(capacity);
    puts_("\n");

    /* read sector 0 */
    hdr = (typeof(hdr)){ 0, 0, 0 };
    bufs[0] = &hdr; lens[0] = 16;
    bufs[1] = sector; lens[1] = 512;
    bufs[2] = &status; lens[2] = 1;
    check(virtio_transfer(&d, bufs, lens, 3, 1, &written) && status == 0 && written == 513,
          "read sector 0");
    check(!memcmp(sector, pattern, sizeof(pattern) - 1), "sector 0 holds the host's pattern");

    /* write sector 1 */
    for (unsigned i = 0; i < 512; i++) sector[i] = (uint8_t)(i * 7 + 3);
    memcpy(sector, "WRITTEN-BY-GUEST", 16);
    hdr = (typeof(hdr)){ 1, 0, 1 };
    status = 0xff;
    ok = virtio_transfer(&d, bufs, lens, 3, 2, &written);
    if (!ok || status) {
        puts_("write: status ");
        put_hex(status);
        puts_(" used len ");
        put_dec(written);
        puts_(ok ? "\n" : " (timed out)\n");
    }
    check(ok && status == 0, "write sector 1");

    /* flush */
    hdr = (typeof(hdr)){ 4, 0, 0 };
    bufs[1] = &status; lens[1] = 1;
    status = 0xff;
    check(virtio_transfer(&d, bufs, lens, 2, 1, NULL) && status == 0, "flush");

    /* read back sector 1 */
    memset(sector, 0, 512);
    hdr = (typeof(hdr)){ 0, 0, 1 };
    bufs[1] = sector; lens[1] = 512;
    bufs[2] = &status; lens[2] = 1;
    status = 0xff;
    check(virtio_transfer(&d, bufs, lens, 3, 1, NULL) && status == 0 &&
          !memcmp(sector, "WRITTEN-BY-GUEST", 16) && sector[100] == (uint8_t)(100 * 7 + 3),
          "read back sector 1");

    /* beyond the end: must fail with IOERR, not touch the file */
    hdr = (typeof(hdr)){ 0, 0, capacity };
    status = 0xff;
    check(virtio_transfer(&d, bufs, lens, 3, 1, NULL) && status == 1,
          "read past the end fails with IOERR");
    finish();
}

/*
 * What Linux's virtio-blk driver negotiates beyond the basics: indirect
 * descriptors, event-idx interrupt/notification suppression, DISCARD and
 * WRITE_ZEROES.  The host checks the image afterwards: sector 1 holds the
 * pattern written through an indirect table, every other sector but 0 is
 * zero again (written with 0xaa, then zeroed by WRITE_ZEROES).
 */
struct blk_hdr { uint32_t type, reserved; uint64_t sector; };
struct blk_range { uint64_t sector; uint32_t num, flags; };

static uint8_t blk_req(VirtioDev *d, bool indirect, struct blk_hdr *h, void *data, uint32_t len,
                       bool data_out)
{
    static uint8_t status;
    void *bufs[3] = { h, data, &status };
    uint32_t lens[3] = { sizeof(*h), len, 1 };
    unsigned n = len ? 3 : 2;

    if (!len) {
        bufs[1] = &status;
        lens[1] = 1;
    }
    status = 0xff;
    if (indirect) {
        virtio_submit_indirect(d, 0, bufs, lens, n, data_out ? 2 : 1);
    } else {
        virtio_submit(d, 0, bufs, lens, n, data_out ? 2 : 1);
    }
    if (!virtio_wait(d, 0, NULL, 20000000000ull)) return 0xfe;
    return status;
}

static void test_blk_features(void)
{
    VirtioDev d;
    static uint8_t buf[1024] __attribute__((aligned(512)));
    static struct blk_hdr h;
    static struct blk_range r[2];
    uint64_t capacity;
    uint16_t used;
    bool zero = true;

    if (!virtio_find(cmdline, 2, &d)) {
        check(false, "virtio-blk device announced");
        finish();
    }
    /* FLUSH, DISCARD, WRITE_ZEROES, INDIRECT_DESC, EVENT_IDX */
    check(virtio_setup(&d, (1u << 9) | (1u << 13) | (1u << 14) | (1u << 28) | (1u << 29), 1),
          "features accepted: flush, discard, write-zeroes, indirect, event-idx");
    capacity = mmio_read32(d.base + 0x100) | ((uint64_t)mmio_read32(d.base + 0x104) << 32);
    check(mmio_read32(d.base + 0x100 + 40) >= 2 && mmio_read32(d.base + 0x100 + 52) >= 2,
          "config: max_discard_seg and max_write_zeroes_seg");

    /* sector 1 through an indirect table (the host checks the bytes) */
    for (unsigned i = 0; i < 512; i++) buf[i] = (uint8_t)(i * 7 + 3);
    memcpy(buf, "WRITTEN-BY-GUEST", 16);
    h = (struct blk_hdr){ 1, 0, 1 };
    virtio_set_used_event(&d, 0, virtio_used_idx(&d, 0));
    check(blk_req(&d, true, &h, buf, 512, true) == 0, "write through an indirect descriptor");
    check(d.last_isr & 1, "event-idx: interrupt when used_event is reached");
    check(virtio_avail_event(&d, 0) == virtio_avail_idx(&d, 0),
          "event-idx: the device publishes avail_event");

    /* used_event far ahead: the next completion raises no interrupt */
    virtio_set_used_event(&d, 0, virtio_used_idx(&d, 0) + 5);
    memset(buf, 0, 512);
    h = (struct blk_hdr){ 0, 0, 1 };
    check(blk_req(&d, true, &h, buf, 512, false) == 0 && !memcmp(buf, "WRITTEN-BY-GUEST", 16),
          "read back through an indirect descriptor");
    check(!(d.last_isr & 1), "event-idx: no interrupt before used_event");
    used = virtio_used_idx(&d, 0);
    virtio_set_used_event(&d, 0, used);

    /* sectors 2-3: 0xaa, then WRITE_ZEROES (plain and unmap) */
    memset(buf, 0xaa, 1024);
    h = (struct blk_hdr){ 1, 0, 2 };
    check(blk_req(&d, false, &h, buf, 1024, true) == 0, "write sectors 2-3");
    r[0] = (struct blk_range){ 2, 1, 0 };
    r[1] = (struct blk_range){ 3, 1, 1 };
    h = (struct blk_hdr){ 13, 0, 0 };
    check(blk_req(&d, false, &h, r, sizeof(r), true) == 0, "WRITE_ZEROES of two ranges");
    memset(buf, 0x55, 1024);
    h = (struct blk_hdr){ 0, 0, 2 };
    check(blk_req(&d, true, &h, buf, 1024, false) == 0, "read sectors 2-3");
    for (unsigned i = 0; i < 1024; i++) zero &= buf[i] == 0;
    check(zero, "sectors 2-3 read back as zeros");

    h = (struct blk_hdr){ 11, 0, 0 };
    r[0] = (struct blk_range){ 2, 2, 0 };
    check(blk_req(&d, false, &h, r, sizeof(r[0]), true) == 0, "DISCARD sectors 2-3");
    r[0].flags = 1;
    check(blk_req(&d, false, &h, r, sizeof(r[0]), true) == 2, "DISCARD with unmap: UNSUPP");
    r[0] = (struct blk_range){ capacity - 1, 2, 0 };
    h = (struct blk_hdr){ 13, 0, 0 };
    check(blk_req(&d, false, &h, r, sizeof(r[0]), true) == 1,
          "WRITE_ZEROES past the end: IOERR");
    h = (struct blk_hdr){ 4, 0, 0 };
    check(blk_req(&d, false, &h, 0, 0, false) == 0, "flush");
    finish();
}

static void test_rng(void)
{
    VirtioDev d;
    static uint8_t a[64], b[64];
    void *bufs[1];
    uint32_t lens[1] = { 64 }, wa = 0, wb = 0;
    unsigned zeros = 0;

    if (!virtio_find(cmdline, 4, &d)) {
        check(false, "virtio-rng device announced on the command line");
        finish();
    }
    check(virtio_setup(&d, 0, 1), "virtio-rng set up");
    bufs[0] = a;
    check(virtio_transfer(&d, bufs, lens, 1, 0, &wa) && wa == 64, "read 64 random bytes");
    bufs[0] = b;
    check(virtio_transfer(&d, bufs, lens, 1, 0, &wb) && wb == 64, "read 64 more");
    for (unsigned i = 0; i < 64; i++) zeros += a[i] == 0;
    check(zeros < 8 && memcmp(a, b, 64), "the bytes look random");
    puts_("rng: ");
    put_hex(*(uint64_t *)a);
    puts_("\n");
    finish();
}

/*
 * virtio-net through slirp: ARP for the gateway 10.0.2.2 from 10.0.2.15
 * and wait for slirp's reply, which must name the gateway's address.
 */
static void test_net(void)
{
    VirtioDev d;
    static uint8_t rx[12 + 1514], tx[12 + 42];
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t mac[6];
    void *bufs[1];
    uint32_t lens[1], got = 0;
    bool ok;

    if (!virtio_find(cmdline, 1, &d)) {
        check(false, "virtio-net device announced on the command line");
        finish();
    }
    check(virtio_setup(&d, 1u << 5, 2), "virtio-net set up (MAC)");
    for (unsigned i = 0; i < 6; i++) mac[i] = *(volatile uint8_t *)(d.base + 0x100 + i);
    puts_("mac: ");
    put_hex(mac[5] | (uint64_t)mac[4] << 8 | (uint64_t)mac[3] << 16 | (uint64_t)mac[2] << 24);
    puts_("\n");

    bufs[0] = rx; lens[0] = sizeof(rx);
    virtio_submit(&d, 0, bufs, lens, 1, 0);     /* one receive buffer */

    memset(tx, 0, sizeof(tx));                  /* virtio_net_hdr: all zero */
    uint8_t *f = tx + 12;
    memcpy(f, bcast, 6);
    memcpy(f + 6, mac, 6);
    f[12] = 0x08; f[13] = 0x06;                 /* ARP */
    static const uint8_t arp[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };  /* Ethernet/IPv4 request */
    memcpy(f + 14, arp, 8);
    memcpy(f + 22, mac, 6);
    f[28] = 10; f[29] = 0; f[30] = 2; f[31] = 15;   /* sender 10.0.2.15 */
    f[38] = 10; f[39] = 0; f[40] = 2; f[41] = 2;    /* target 10.0.2.2 */
    bufs[0] = tx; lens[0] = sizeof(tx);
    virtio_submit(&d, 1, bufs, lens, 1, 1);
    check(virtio_wait(&d, 1, NULL, 10000000000ull), "frame transmitted");
    /* other frames may come first (a TAP's host sends IPv6 ND/MLD): skip them */
    for (unsigned frames = 0; frames < 32; frames++) {
        ok = virtio_wait(&d, 0, &got, 20000000000ull);
        f = rx + 12;
        if (!ok || (got >= 12 + 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2)) break;
        puts_("skipped a frame of ethertype ");
        put_hex((uint64_t)f[12] << 8 | f[13]);
        puts_("\n");
        bufs[0] = rx; lens[0] = sizeof(rx);
        virtio_submit(&d, 0, bufs, lens, 1, 0);
    }
    check(ok && got >= 12 + 42, "frame received");
    f = rx + 12;
    check(ok && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 && f[28] == 10 && f[31] == 2 &&
          !memcmp(f, mac, 6), "ARP reply from the gateway 10.0.2.2");
    finish();
}

/*
 * virtio-console: write a line on queue 1, read a line from queue 0
 * (possibly in pieces), echo it back on queue 1 and over the UART.
 */
static bool vcon_write(VirtioDev *d, const char *s)
{
    void *bufs[1] = { (void *)s };
    uint32_t lens[1] = { strlen(s) };
    virtio_submit(d, 1, bufs, lens, 1, 1);
    return virtio_wait(d, 1, NULL, 10000000000ull);
}

static void test_vcon(void)
{
    VirtioDev d;
    static char line[64], rx[64], out[96];
    unsigned n = 0;
    uint64_t t0;

    if (!virtio_find(cmdline, 3, &d)) {
        check(false, "virtio-console device announced");
        finish();
    }
    check(virtio_setup(&d, 0, 2), "virtio-console set up");
    check(vcon_write(&d, "hello from virtio-console\n"), "line written to the virtio console");
    t0 = rdtsc();
    while (n < sizeof(line) - 1 && (!n || line[n - 1] != '\n') &&
           rdtsc() - t0 < 30000000000ull) {
        void *bufs[1] = { rx };
        uint32_t lens[1] = { sizeof(rx) }, got = 0;
        virtio_submit(&d, 0, bufs, lens, 1, 0);
        if (!virtio_wait(&d, 0, &got, 30000000000ull)) break;
        for (uint32_t i = 0; i < got && n < sizeof(line) - 1; i++) line[n++] = rx[i];
    }
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    line[n] = 0;
    puts_("vcon input: ");
    puts_(line);
    puts_("\n");
    check(n > 0, "read a line from the virtio console");
    memcpy(out, "vcon echo: ", 11);
    memcpy(out + 11, line, n);
    out[11 + n] = '\n';
    out[12 + n] = 0;
    check(vcon_write(&d, out), "echo written to the virtio console");
    finish();
}

/* ---- SMP ---- */

uint64_t ap_stack_top;
static volatile unsigned ap_count;
static volatile unsigned ap_ids[16];
static uint8_t ap_stacks[16][4096] __attribute__((aligned(16)));

void ap_main(void)
{
    unsigned id = mmio_read32(LAPIC + 0x20) >> 24;
    unsigned n = __atomic_fetch_add(&ap_count, 1, __ATOMIC_SEQ_CST);
    if (n < 16) ap_ids[n] = id;
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

static unsigned mptable_cpus(void)
{
    for (uint64_t a = 0xf0000; a < 0x100000; a += 16) {
        if (!memcmp((void *)a, "_MP_", 4)) {
            uint32_t table;
            memcpy(&table, (void *)(a + 4), 4);
            const uint8_t *p = (const uint8_t *)(uint64_t)table;
            uint16_t count;
            unsigned cpus = 0, off = 44;
            uint8_t sum = 0;
            uint16_t len;
            memcpy(&len, p + 4, 2);
            for (unsigned i = 0; i < len; i++) sum += p[i];
            if (memcmp(p, "PCMP", 4) || sum) return 0;
            memcpy(&count, p + 34, 2);
            for (unsigned i = 0; i < count; i++) {
                if (p[off] == 0) { cpus++; off += 20; } else off += 8;
            }
            return cpus;
        }
    }
    return 0;
}

static void lapic_icr(unsigned apic_id, uint32_t low)
{
    mmio_write32(LAPIC + 0x310, apic_id << 24);
    mmio_write32(LAPIC + 0x300, low);
    while (mmio_read32(LAPIC + 0x300) & (1u << 12)) {
        cpu_relax();
    }
}

static void tsc_delay(uint64_t ticks)
{
    uint64_t t0 = rdtsc();
    while (rdtsc() - t0 < ticks) cpu_relax();
}

/* INIT-SIPI-SIPI each listed LAPIC id; returns how many APs came up. */
static unsigned start_aps(const unsigned *ids, unsigned n)
{
    uint64_t t0;

    memcpy((void *)AP_TRAMPOLINE, ap_trampoline, ap_trampoline_end - ap_trampoline);
    lapic_enable();
    for (unsigned i = 0; i < n && i < 16; i++) {
        unsigned id = ids[i], before = ap_count;
        ap_stack_top = (uint64_t)(ap_stacks[i] + sizeof(ap_stacks[i]));
        mb();
        lapic_icr(id, 0x4500);                          /* INIT */
        tsc_delay(10000000);
        lapic_icr(id, 0x4600 | (AP_TRAMPOLINE >> 12));  /* SIPI */
        t0 = rdtsc();
        while (ap_count == before && rdtsc() - t0 < 5000000000ull) cpu_relax();
        if (ap_count == before) {
            lapic_icr(id, 0x4600 | (AP_TRAMPOLINE >> 12));  /* second SIPI, per the MP spec */
            t0 = rdtsc();
            while (ap_count == before && rdtsc() - t0 < 10000000000ull) cpu_relax();
        }
    }
    puts_("APs up: ");
    put_dec(ap_count);
    for (unsigned i = 0; i < ap_count && i < 16; i++) {
        puts_(" id=");
        put_dec(ap_ids[i]);
    }
    puts_("\n");
    return ap_count;
}

static void test_smp(void)
{
    unsigned cpus = mptable_cpus(), ids[16];

    puts_("MP table CPUs: ");
    put_dec(cpus);
    puts_("\n");
    check(cpus >= 2, "the MP table lists at least 2 CPUs");
    for (unsigned i = 1; i < cpus && i <= 16; i++) ids[i - 1] = i;
    check(start_aps(ids, cpus > 1 ? cpus - 1 : 0) == cpus - 1, "every AP reached 64-bit mode");
    finish();
}

/* ---- ACPI ---- */

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* SLP_TYPa of \_S5_ in the DSDT: Name(_S5_, Package(n) { SLP_TYPa, ... }), or -1. */
static int dsdt_s5(const uint8_t *d)
{
    for (uint32_t i = 36; i + 10 < rd32(d + 4); i++) {
        const uint8_t *p = d + i;
        if (p[0] == 0x08 && p[1] == '\\' && !memcmp(p + 2, "_S5_", 4) && p[6] == 0x12) {
            p += 9;                                 /* PkgLength (1 byte), NumElements */
            if (*p == 0x0a) return p[1];
            if (*p <= 1) return *p;
            return -1;
        }
    }
    return -1;
}

/*
 * Everything an OS takes from the ACPI tables here: the RSDP (scanned for,
 * and handed over in boot_params or start_info), the MADT's processors
 * (the APs are started from its LAPIC ids) and IOAPIC, the FADT's
 * hardware-reduced sleep control register and \_S5_ from the DSDT, which
 * is then used to power off.
 */
static void test_acpi(void)
{
    const uint8_t *rsdp = acpi_rsdp(), *fadt, *madt, *dsdt, *e;
    const char *want = cmdline_get(cmdline, "cpus", NULL);
    uint64_t handed;
    unsigned cpus = 0, ioapics = 0, ids[16], naps = 0;
    int slp_typ;
    uint16_t port;

    check(rsdp != 0, "RSDP in the BIOS area, checksums valid");
    if (!rsdp) finish();
    handed = boot_mode == 1 ? rd64((const uint8_t *)boot_ptr + 0x70)
                            : rd64((const uint8_t *)boot_ptr + 32);
    check(handed == (uint64_t)rsdp, boot_mode == 1 ? "boot_params.acpi_rsdp_addr points at it"
                                                   : "start_info.rsdp_paddr points at it");
    fadt = acpi_find_table("FACP");
    madt = acpi_find_table("APIC");
    dsdt = acpi_dsdt();
    check(fadt && madt && dsdt, "XSDT -> FADT, MADT; FADT -> DSDT; checksums valid");
    if (!fadt || !madt || !dsdt) finish();

    for (e = madt + 44; e + 2 <= madt + rd32(madt + 4) && e[1] >= 2; e += e[1]) {
        if (e[0] == 0 && (rd32(e + 4) & 1)) {
            if (e[3] != (mmio_read32(LAPIC + 0x20) >> 24) && naps < 16) ids[naps++] = e[3];
            cpus++;
        } else if (e[0] == 1) {
            ioapics++;
            check(rd32(e + 4) == IOAPIC && mmio_read32(IOAPIC + 0x10 * 0) != 0xffffffff,
                  "MADT IOAPIC at 0xfec00000");
        }
    }
    puts_("MADT CPUs: ");
    put_dec(cpus);
    puts_("\n");
    check(ioapics == 1, "one IOAPIC");
    check(rd32(madt + 36) == LAPIC, "MADT LAPIC address");
    if (want) check(cpus == parse_num(want, NULL), "MADT CPU count matches -smp");
    if (naps) check(start_aps(ids, naps) == naps, "every AP of the MADT started");

    check(rd32(fadt + 112) & (1u << 20), "FADT: hardware-reduced ACPI");
    slp_typ = dsdt_s5(dsdt);
    puts_("\\_S5_ SLP_TYP: ");
    put_dec(slp_typ);
    puts_("\n");
    check(slp_typ >= 0, "DSDT has \\_S5_");
    check(fadt[244] == 1 && fadt[245] == 8 && rd64(fadt + 248) < 0x10000,
          "sleep control register in port I/O");
    if (fails) finish();
    port = rd64(fadt + 248);
    puts_("ACPI poweroff through port ");
    put_hex(port);
    puts_("\n");
    outb(port, (slp_typ << 2) | 0x20);              /* SLP_TYPx | SLP_EN */
    tsc_delay(1000000000ull);
    check(false, "still running after the S5 request");
    finish();
}

/* ---- ring 3 ---- */

static struct __attribute__((packed)) {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iomap_base;
} tss __attribute__((aligned(16)));
static uint8_t ring0_stack[8192] __attribute__((aligned(16)));
static uint8_t user_stack[16384] __attribute__((aligned(16)));
static uint64_t user_iterations;

static void user_main(void)
{
    uint64_t cs, t0, t1, r;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    t0 = rdtsc();
    r = compute_kernel(user_iterations);
    t1 = rdtsc();
    user_stack[0] = 0;
    /* pack: result in rdi, cs and the tick count in rsi */
    __asm__ volatile("ud2" :: "D"(r), "S"((cs & 3) | ((t1 - t0) << 2)));
    for (;;) {
    }
}

static void test_ring3(void)
{
    const char *it = cmdline_get(cmdline, "iterations", NULL);
    uint64_t tss_base = (uint64_t)&tss, result, ticks;
    uint16_t tr = 0x28;

    user_iterations = it ? parse_num(it, NULL) : 1000000;
    tss.rsp[0] = (uint64_t)(ring0_stack + sizeof(ring0_stack));
    tss.iomap_base = sizeof(tss);
    tss_desc[0] = (sizeof(tss) - 1) | ((tss_base & 0xffffff) << 16) | (0x89ull << 40) |
                  (((tss_base >> 24) & 0xff) << 56);
    tss_desc[1] = tss_base >> 32;
    __asm__ volatile("ltr %0" :: "r"(tr));
    /*
     * Back from ring 3 through a trap: the user code ends with ud2 and the
     * #UD gate goes to user_return.  (On kvm_pvm, "int $0x80" from user
     * mode raises #UD and syscall enters LSTAR without leaving ring 3, so
     * an exception is the one portable way back.)
     */
    idt_set(6, user_return, 0);
    idt_load();
    puts_("entering ring 3\n");

    result = enter_user(user_main, (uint64_t)(user_stack + sizeof(user_stack)));
    ticks = user_cs >> 2;
    puts_("ring3 cpl: ");
    put_dec(user_cs & 3);
    puts_("\nring3 iterations: ");
    put_dec(user_iterations);
    puts_("\nring3 checksum: ");
    put_hex(result);
    puts_("\nring3 ticks: ");
    put_dec(ticks);
    puts_("\n");
    check((user_cs & 3) == 3, "the compute kernel ran in ring 3");
    if (cmdline_get(cmdline, "expect", NULL)) {
        check(result == parse_num(cmdline_get(cmdline, "expect", NULL), NULL),
              "checksum matches the native run");
    }
    finish();
}

/* ---- lifecycle ---- */

static void test_poweroff(void)
{
    const char *s = cmdline_get(cmdline, "status", NULL);
    int status = s ? (int)parse_num(s, NULL) : 0;

    puts_("powering off with status ");
    put_dec(status);
    puts_("\n");
    poweroff(status);
}

static void test_acpi_off(void)
{
    puts_("ACPI S5\n");
    outw(PM_PORT, (5 << 10) | (1 << 13));
    for (;;) __asm__ volatile("cli; hlt");
}

static void test_reboot(void)
{
    puts_("rebooting through the i8042\n");
    outb(0x64, 0xfe);
    for (;;) __asm__ volatile("cli; hlt");
}

static const struct { const char *name; void (*fn)(void); } tests[] = {
    { "hello", test_hello },
    { "echo", test_echo },
    { "irq", test_irq },
    { "blk", test_blk },
    { "rng", test_rng },
    { "blk-features", test_blk_features },
    { "net", test_net },
    { "vcon", test_vcon },
    { "smp", test_smp },
    { "acpi", test_acpi },
    { "ring3", test_ring3 },
    { "poweroff", test_poweroff },
    { "acpi-off", test_acpi_off },
    { "reboot", test_reboot },
};

void guest_main(int mode, uint64_t ptr)
{
    const char *t;
    size_t len;

    boot_mode = mode;
    boot_ptr = ptr;
    uart_init();
    if (mode == 1) {
        uint32_t p;
        memcpy(&p, (const uint8_t *)ptr + 0x228, 4);
        cmdline = (const char *)(uint64_t)p;
    } else {
        uint64_t p;
        memcpy(&p, (const uint8_t *)ptr + 24, 8);
        cmdline = (const char *)p;
    }
    idt_exceptions();
    idt_load();
    t = cmdline_get(cmdline, "test", &len);
    for (unsigned i = 0; t && i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (strlen(tests[i].name) == len && !strncmp(tests[i].name, t, len)) {
            tests[i].fn();
        }
    }
    puts_("unknown test; command line: ");
    puts_(cmdline ? cmdline : "(none)");
    puts_("\n");
    poweroff(2);
}
