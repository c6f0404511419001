/*
 * test-x86-boot.c: the x86 boot path byte by byte against the boot
 * protocol (Documentation/arch/x86/boot.rst, zero-page.rst), the PVH
 * start_info layout, the MP specification and the ACPI 6.0 tables
 * (checksums, structure, and the DSDT's AML byte by byte).  With
 * CROSSEMU_ACPI_DUMP=DIR set, the tables are also written there as
 * DSDT.dat, FACP.dat, APIC.dat for a check with iasl -d.
 */
#include "common.h"
#include "softmmu/boards/x86-boot.h"
#include <check.h>
#include <elf.h>

static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

static X86Ram ram;

static void ram_new(uint64_t size)
{
    /* the test only touches low memory; high RAM is never written */
    x86_ram_split(size, &ram);
    ram.host = g_malloc0(MIN(size, 256ull << 20));
    if (size > (256ull << 20)) {
        ram.low = MIN(ram.low, 256ull << 20);
        ram.high = 0;
    }
}

static void ram_free(void)
{
    g_free(ram.host);
}

/* A synthetic bzImage: 2 setup sectors, then a payload of n bytes. */
static uint8_t *make_bzimage(size_t payload, uint16_t version, uint8_t xlf, size_t *len)
{
    uint8_t *k = g_malloc0(1024 + payload);
    k[0x1f1] = 1;
    k[0x200] = 0xeb;
    k[0x201] = 0x66;                    /* header ends at 0x268 */
    memcpy(k + 0x202, "HdrS", 4);
    memcpy(k + 0x206, &version, 2);
    k[0x211] = 0x01;
    uint32_t v = 0x7fffffff;
    memcpy(k + 0x22c, &v, 4);           /* initrd_addr_max */
    v = 0x200000;
    memcpy(k + 0x230, &v, 4);
    k[0x236] = xlf;
    v = 255;
    memcpy(k + 0x238, &v, 4);           /* cmdline_size */
    v = 0x400000;
    memcpy(k + 0x260, &v, 4);           /* init_size: 4 MiB */
    for (size_t i = 0; i < payload; i++) {
        k[1024 + i] = (uint8_t)(i * 13 + 1);
    }
    *len = 1024 + payload;
    return k;
}

START_TEST(test_e820_small)
{
    E820Entry e[8];
    unsigned n;

    ram_new(64ull << 20);
    n = x86_build_e820(&ram, e, 8);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(sizeof(E820Entry), 20);
    ck_assert_uint_eq(e[0].addr, 0);
    ck_assert_uint_eq(e[0].size, 0x9fc00);
    ck_assert_uint_eq(e[0].type, E820_RAM);
    ck_assert_uint_eq(e[1].addr, 0x9fc00);
    ck_assert_uint_eq(e[1].size, 0x400);
    ck_assert_uint_eq(e[1].type, E820_RESERVED);
    ck_assert_uint_eq(e[2].addr, 0xe0000);
    ck_assert_uint_eq(e[2].size, 0x20000);
    ck_assert_uint_eq(e[2].type, E820_RESERVED);
    ck_assert_uint_eq(e[3].addr, 0x100000);
    ck_assert_uint_eq(e[3].size, (64ull << 20) - 0x100000);
    ck_assert_uint_eq(e[3].type, E820_RAM);
    ram_free();
}
END_TEST

START_TEST(test_e820_above_4g)
{
    X86Ram r;
    E820Entry e[8];
    unsigned n;

    x86_ram_split(5ull << 30, &r);
    ck_assert_uint_eq(r.low, 0xc0000000ull);
    ck_assert_uint_eq(r.high, (5ull << 30) - 0xc0000000ull);
    n = x86_build_e820(&r, e, 8);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(e[3].addr + e[3].size, 0xc0000000ull);
    ck_assert_uint_eq(e[4].addr, 1ull << 32);
    ck_assert_uint_eq(e[4].size, 2ull << 30);
    ck_assert_uint_eq(e[4].type, E820_RAM);
}
END_TEST

START_TEST(test_page_tables)
{
    ram_new(64ull << 20);
    x86_build_page_tables(&ram);
    ck_assert_uint_eq(rd64(ram.host + 0x9000), 0xa003);
    for (unsigned i = 1; i < 512; i++) {
        ck_assert_uint_eq(rd64(ram.host + 0x9000 + i * 8), 0);
    }
    for (unsigned i = 0; i < 4; i++) {
        ck_assert_uint_eq(rd64(ram.host + 0xa000 + i * 8), 0xb003 + i * 0x1000);
    }
    ck_assert_uint_eq(rd64(ram.host + 0xa000 + 4 * 8), 0);
    for (unsigned i = 0; i < 2048; i++) {
        ck_assert_uint_eq(rd64(ram.host + 0xb000 + i * 8), ((uint64_t)i << 21) | 0x83);
    }
    ram_free();
}
END_TEST

START_TEST(test_gdt)
{
    ram_new(64ull << 20);
    x86_build_gdt(&ram);
    ck_assert_uint_eq(rd64(ram.host + 0x500), 0);
    ck_assert_uint_eq(rd64(ram.host + 0x508), 0);
    ck_assert_uint_eq(rd64(ram.host + 0x510), 0x00af9b000000ffffull);  /* __BOOT_CS */
    ck_assert_uint_eq(rd64(ram.host + 0x518), 0x00cf93000000ffffull);  /* __BOOT_DS */
    ck_assert_uint_eq(rd64(ram.host + 0x520), 0x00cf9b000000ffffull);  /* 32-bit code */
    ram_free();
}
END_TEST

START_TEST(test_bzimage)
{
    size_t len, payload = 100000;
    uint8_t *k = make_bzimage(payload, 0x020f, BP_XLF_KERNEL_64, &len);
    uint8_t initrd[10000];
    X86KernelImage img = { k, len, initrd, sizeof(initrd), "console=ttyS0 root=/dev/vda",
                           0xe0000 };
    X86BootEntry e;
    GError *err = NULL;
    uint8_t *bp;
    uint32_t rd;

    memset(initrd, 0x5a, sizeof(initrd));
    ram_new(64ull << 20);
    ck_assert(x86_load_bzimage(&ram, &img, &e, &err));
    bp = ram.host + 0x7000;
    /* the setup header is copied from 0x1f1 to its end (0x268) */
    ck_assert_uint_eq(bp[0x1f1], 1);
    ck_assert(!memcmp(bp + 0x202, "HdrS", 4));
    ck_assert_uint_eq(rd16(bp + 0x206), 0x020f);
    ck_assert_uint_eq(rd32(bp + 0x260), 0x400000);
    ck_assert_uint_eq(bp[0x236], BP_XLF_KERNEL_64);
    /* fields the loader writes */
    ck_assert_uint_eq(rd16(bp + 0x1fa), 0xffff);
    ck_assert_uint_eq(bp[0x210], 0xff);
    ck_assert_uint_eq(bp[0x211] & 1, 1);
    ck_assert_uint_eq(rd32(bp + 0x214), 0x100000);
    ck_assert_uint_eq(rd32(bp + 0x228), 0x20000);
    ck_assert_uint_eq(rd32(bp + 0x0c8), 0);
    ck_assert_str_eq((char *)ram.host + 0x20000, "console=ttyS0 root=/dev/vda");
    /* initrd: page aligned, as high as possible, after the kernel's init_size */
    rd = rd32(bp + 0x218);
    ck_assert_uint_eq(rd32(bp + 0x21c), sizeof(initrd));
    ck_assert_uint_eq(rd % 4096, 0);
    ck_assert_uint_eq(rd, ROUND_DOWN((64u << 20) - sizeof(initrd), 4096));
    ck_assert(rd >= 0x100000 + 0x400000);
    ck_assert(!memcmp(ram.host + rd, initrd, sizeof(initrd)));
    /* e820 in the zero page */
    ck_assert_uint_eq(bp[0x1e8], 4);
    ck_assert_uint_eq(rd64(bp + 0x2d0), 0);
    ck_assert_uint_eq(rd64(bp + 0x2d0 + 8), 0x9fc00);
    ck_assert_uint_eq(rd32(bp + 0x2d0 + 16), 1);
    ck_assert_uint_eq(rd64(bp + 0x2d0 + 60), 0x100000);
    ck_assert_uint_eq(rd64(bp + 0x2d0 + 68), (64ull << 20) - 0x100000);
    ck_assert_uint_eq(rd32(bp + 0x2d0 + 76), 1);
    /* acpi_rsdp_addr (protocol 2.14), nothing else in the zero page before the header */
    ck_assert_uint_eq(rd64(bp + 0x070), 0xe0000);
    for (unsigned i = 0; i < 0x1e8; i++) {
        ck_assert_uint_eq(i >= 0x70 && i < 0x78 ? 0 : bp[i], 0);
    }
    /* the protected-mode kernel at 1 MiB */
    for (size_t i = 0; i < payload; i += 997) {
        ck_assert_uint_eq(ram.host[0x100000 + i], (uint8_t)(i * 13 + 1));
    }
    /* the 64-bit entry */
    ck_assert_int_eq(e.mode, X86_ENTRY_LINUX64);
    ck_assert_uint_eq(e.rip, 0x100200);
    ck_assert_uint_eq(e.rsi, 0x7000);
    ck_assert_uint_eq(e.cr3, 0x9000);
    ck_assert_uint_eq(e.gdt_base, 0x500);
    ck_assert_uint_eq(e.gdt_limit, 39);
    ram_free();
    g_free(k);
}
END_TEST

START_TEST(test_bzimage_rejects)
{
    size_t len;
    uint8_t *k = make_bzimage(4096, 0x020b, BP_XLF_KERNEL_64, &len);
    X86KernelImage img = { k, len, NULL, 0, NULL };
    X86BootEntry e;
    GError *err = NULL;
    uint8_t big[8192];
    char cmd[300];

    ram_new(64ull << 20);
    ck_assert(!x86_load_bzimage(&ram, &img, &e, &err));
    ck_assert(strstr(err->message, "64-bit entry"));
    g_clear_error(&err);

    g_free(k);
    k = make_bzimage(4096, 0x020f, 0, &len);
    img.kernel = k;
    ck_assert(!x86_load_bzimage(&ram, &img, &e, &err));
    g_clear_error(&err);
    g_free(k);

    k = make_bzimage(4096, 0x020f, BP_XLF_KERNEL_64, &len);
    img.kernel = k;
    memcpy(k + 0x202, "HdrX", 4);
    ck_assert(!x86_load_kernel(&ram, &img, &e, &err));
    ck_assert(strstr(err->message, "not a bzImage"));
    g_clear_error(&err);
    memcpy(k + 0x202, "HdrS", 4);

    /* syssize (16-byte units) beyond the file: truncated; rounding up is fine */
    {
        uint32_t sys = 4096 / 16 + 1;
        memcpy(k + 0x1f4, &sys, 4);
        ck_assert(!x86_load_bzimage(&ram, &img, &e, &err));
        ck_assert(strstr(err->message, "bzImage truncated (the kernel after the setup is "
                                       "4112 bytes, the file holds 4096)"));
        g_clear_error(&err);
        sys = 4096 / 16;
        memcpy(k + 0x1f4, &sys, 4);
        ck_assert(x86_load_bzimage(&ram, &img, &e, &err));
        img.kernel_size = len - 15;     /* 4081 bytes: syssize 256 rounds it up */
        ck_assert(x86_load_bzimage(&ram, &img, &e, &err));
        img.kernel_size = len - 16;
        ck_assert(!x86_load_bzimage(&ram, &img, &e, &err));
        g_clear_error(&err);
        img.kernel_size = len;
    }

    /* command line longer than the kernel's cmdline_size (255) */
    memset(cmd, 'a', sizeof(cmd) - 1);
    cmd[sizeof(cmd) - 1] = 0;
    img.cmdline = cmd;
    ck_assert(!x86_load_bzimage(&ram, &img, &e, &err));
    ck_assert(strstr(err->message, "command line too long"));
    g_clear_error(&err);
    img.cmdline = NULL;
    ram_free();

    /* an initrd that does not fit between the kernel and the end of RAM */
    ram_new(5ull << 20);
    memset(big, 1, sizeof(big));
    img.initrd = big;
    img.initrd_size = sizeof(big);
    ck_assert(!x86_load_bzimage(&ram, &img, &e, &err));
    ck_assert(strstr(err->message, "initrd"));
    g_clear_error(&err);
    ram_free();
    g_free(k);
}
END_TEST

START_TEST(test_pvh)
{
    struct {
        Elf64_Ehdr eh;
        Elf64_Phdr ph[2];
        uint8_t note[20];
        uint8_t code[64];
    } f;
    X86KernelImage img = { (uint8_t *)&f, sizeof(f), NULL, 0, "test=hello", 0xe0000 };
    X86BootEntry e;
    GError *err = NULL;
    uint8_t *si;
    uint32_t note[5] = { 4, 4, XEN_ELFNOTE_PHYS32_ENTRY, 0x006e6558, 0x200010 };

    memset(&f, 0, sizeof(f));
    memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
    f.eh.e_ident[EI_CLASS] = ELFCLASS64;
    f.eh.e_machine = EM_X86_64;
    f.eh.e_phoff = offsetof(typeof(f), ph);
    f.eh.e_phentsize = sizeof(Elf64_Phdr);
    f.eh.e_phnum = 2;
    f.ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = offsetof(typeof(f), code),
                            .p_paddr = 0x200000, .p_filesz = 64, .p_memsz = 4096 };
    f.ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = offsetof(typeof(f), note),
                            .p_filesz = 20 };
    memcpy(f.note, note, 20);
    memset(f.code, 0x90, 64);

    ram_new(64ull << 20);
    memset(ram.host + 0x200040, 0xee, 16);
    ck_assert(x86_load_pvh(&ram, &img, &e, &err));
    ck_assert_int_eq(e.mode, X86_ENTRY_PVH32);
    ck_assert_uint_eq(e.rip, 0x200010);
    ck_assert_uint_eq(e.rbx, 0x6000);
    ck_assert_uint_eq(ram.host[0x200000], 0x90);
    ck_assert_uint_eq(ram.host[0x200040], 0);       /* bss zeroed */
    si = ram.host + 0x6000;
    ck_assert_uint_eq(rd32(si), 0x336ec578);
    ck_assert_uint_eq(rd32(si + 4), 1);
    ck_assert_uint_eq(rd32(si + 12), 0);
    ck_assert_uint_eq(rd64(si + 24), 0x20000);
    ck_assert_uint_eq(rd64(si + 32), 0xe0000);     /* rsdp_paddr */
    ck_assert_str_eq((char *)ram.host + 0x20000, "test=hello");
    ck_assert_uint_eq(rd64(si + 40), 0x6080);
    ck_assert_uint_eq(rd32(si + 48), 4);
    ck_assert_uint_eq(rd64(si + 0x80 + 3 * 24), 0x100000);
    ck_assert_uint_eq(rd32(si + 0x80 + 3 * 24 + 16), 1);

    /* no note: refused */
    f.ph[1].p_type = PT_NULL;
    ck_assert(!x86_load_pvh(&ram, &img, &e, &err));
    ck_assert(strstr(err->message, "PVH"));
    g_clear_error(&err);
    ram_free();
}
END_TEST

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--) s += *p++;
    return s;
}

START_TEST(test_mptable)
{
    X86MpConfig cfg = { 3, 0xfec00000, 0xfee00000, 0x600, 0x201 };
    GError *err = NULL;
    const uint8_t *fp, *t, *p;
    uint16_t len, count;
    unsigned cpus = 0, irqs = 0;

    ram_new(64ull << 20);
    ck_assert(x86_build_mptable(&ram, &cfg, &err));
    fp = ram.host + 0xf0000;
    ck_assert(!memcmp(fp, "_MP_", 4));
    ck_assert_uint_eq(rd32(fp + 4), 0xf0010);
    ck_assert_uint_eq(fp[8], 1);
    ck_assert_uint_eq(fp[9], 4);
    ck_assert_uint_eq(sum(fp, 16), 0);
    t = ram.host + 0xf0010;
    ck_assert(!memcmp(t, "PCMP", 4));
    len = rd16(t + 4);
    count = rd16(t + 34);
    ck_assert_uint_eq(sum(t, len), 0);
    ck_assert_uint_eq(rd32(t + 36), 0xfee00000);
    ck_assert_uint_eq(len, 44 + 3 * 20 + 20 * 8);
    ck_assert_uint_eq(count, 3 + 1 + 1 + 16 + 2);
    p = t + 44;
    for (unsigned i = 0; i < count; i++) {
        if (p[0] == 0) {
            ck_assert_uint_eq(p[1], cpus);
            ck_assert_uint_eq(p[3], cpus == 0 ? 3 : 1);
            cpus++;
            p += 20;
            continue;
        }
        if (p[0] == 2) {
            ck_assert_uint_eq(p[1], 3);
            ck_assert_uint_eq(rd32(p + 4), 0xfec00000);
        }
        if (p[0] == 3) {
            ck_assert_uint_eq(p[5], p[7]);
            irqs++;
        }
        p += 8;
    }
    ck_assert_uint_eq(cpus, 3);
    ck_assert_uint_eq(irqs, 16);
    ram_free();
}
END_TEST

/* ---- ACPI ---- */

static X86AcpiConfig acpi_cfg(unsigned cpus, unsigned nvirtio, bool uart)
{
    X86AcpiConfig c = {
        .nr_cpus = cpus, .ioapic_addr = 0xfec00000, .lapic_addr = 0xfee00000,
        .sleep_control_port = 0x604, .sleep_status_port = 0x605,
        .reset_port = 0x603, .reset_value = 1, .has_i8042 = true,
        .uart_port = uart ? 0x3f8 : 0, .uart_irq = 4, .nr_virtio = nvirtio,
    };
    for (unsigned i = 0; i < nvirtio; i++) {
        c.virtio[i].base = 0xfeb00000 + i * 0x200;
        c.virtio[i].size = 0x200;
        c.virtio[i].irq = 5 + i;
    }
    return c;
}

/* The table at guest address a, after checking its header and checksum. */
static const uint8_t *acpi_table(uint64_t a, const char *sig)
{
    const uint8_t *t = ram.host + a;
    ck_assert_msg(!memcmp(t, sig, 4), "%s at 0x%" PRIx64, sig, a);
    ck_assert_uint_eq(sum(t, rd32(t + 4)), 0);
    ck_assert(!memcmp(t + 10, "CRSEMU", 6));
    ck_assert(!memcmp(t + 16, "MICROVM ", 8));
    return t;
}

static void acpi_dump(const char *name, const uint8_t *t)
{
    const char *dir = getenv("CROSSEMU_ACPI_DUMP");
    if (dir) {
        g_autofree char *path = g_strdup_printf("%s/%s.dat", dir, name);
        ck_assert(g_file_set_contents(path, (const char *)t, rd32(t + 4), NULL));
    }
}

START_TEST(test_acpi_tables)
{
    X86AcpiConfig cfg = acpi_cfg(3, 2, true);
    GError *err = NULL;
    uint64_t rsdp = 0, fadt, madt, dsdt;
    const uint8_t *p, *t, *x, *e;
    unsigned cpus = 0, ioapics = 0, nmis = 0;

    ram_new(64ull << 20);
    ck_assert(x86_build_acpi(&ram, &cfg, &rsdp, &err));
    ck_assert_uint_eq(rsdp, 0xe0000);
    /* RSDP: 16-byte aligned in the BIOS area, both checksums, revision 2 */
    p = ram.host + rsdp;
    ck_assert(!memcmp(p, "RSD PTR ", 8));
    ck_assert_uint_eq(sum(p, 20), 0);
    ck_assert_uint_eq(sum(p, 36), 0);
    ck_assert_uint_eq(p[15], 2);
    ck_assert_uint_eq(rd32(p + 20), 36);
    ck_assert_uint_eq(rd32(p + 16), 0xe0040);
    ck_assert_uint_eq(rd64(p + 24), 0xe0080);
    /* RSDT and XSDT list the FADT and the MADT */
    t = acpi_table(0xe0040, "RSDT");
    x = acpi_table(0xe0080, "XSDT");
    ck_assert_uint_eq(rd32(t + 4), 36 + 2 * 4);
    ck_assert_uint_eq(rd32(x + 4), 36 + 2 * 8);
    fadt = rd64(x + 36);
    madt = rd64(x + 44);
    ck_assert_uint_eq(rd32(t + 36), fadt);
    ck_assert_uint_eq(rd32(t + 40), madt);

    /* FADT: ACPI 6.0, hardware reduced, sleep/reset registers in port I/O */
    t = acpi_table(fadt, "FACP");
    acpi_dump("FACP", t);
    ck_assert_uint_eq(rd32(t + 4), 276);
    ck_assert_uint_eq(t[8], 6);
    dsdt = rd64(t + 140);
    ck_assert_uint_eq(rd32(t + 40), dsdt);
    ck_assert_uint_eq(rd32(t + 36), 0);             /* no FACS */
    ck_assert_uint_eq(rd32(t + 64), 0);             /* no PM1a control block */
    ck_assert_uint_eq(rd16(t + 46), 0);             /* no SCI */
    ck_assert_uint_eq(rd32(t + 112), (1u << 20) | (1u << 10) | (1u << 5) | (1u << 4) | 1);
    ck_assert_uint_eq(rd16(t + 109), 0x2e);         /* 8042, no VGA, no MSI, no RTC */
    {
        static const uint8_t reset[12] = { 1, 8, 0, 1, 0x03, 0x06 };
        static const uint8_t ctl[12] = { 1, 8, 0, 1, 0x04, 0x06 };
        static const uint8_t sts[12] = { 1, 8, 0, 1, 0x05, 0x06 };
        ck_assert(!memcmp(t + 116, reset, 12));
        ck_assert_uint_eq(t[128], 1);
        ck_assert(!memcmp(t + 244, ctl, 12));
        ck_assert(!memcmp(t + 256, sts, 12));
    }
    ck_assert(!memcmp(t + 268, "CROSSEMU", 8));

    /* MADT: one enabled LAPIC per CPU (UID = APIC id), the IOAPIC, LINT1 NMI */
    t = acpi_table(madt, "APIC");
    acpi_dump("APIC", t);
    ck_assert_uint_eq(rd32(t + 4), x86_acpi_madt_size(3));
    ck_assert_uint_eq(rd32(t + 36), 0xfee00000);
    ck_assert_uint_eq(rd32(t + 40), 1);
    for (e = t + 44; e < t + rd32(t + 4); e += e[1]) {
        ck_assert_uint_ge(e[1], 2);
        switch (e[0]) {
        case 0:
            ck_assert_uint_eq(e[1], 8);
            ck_assert_uint_eq(e[2], cpus);
            ck_assert_uint_eq(e[3], cpus);
            ck_assert_uint_eq(rd32(e + 4), 1);
            cpus++;
            break;
        case 1:
            ck_assert_uint_eq(e[1], 12);
            ck_assert_uint_eq(e[2], 3);
            ck_assert_uint_eq(rd32(e + 4), 0xfec00000);
            ck_assert_uint_eq(rd32(e + 8), 0);
            ioapics++;
            break;
        case 4:
            ck_assert_uint_eq(e[1], 6);
            ck_assert_uint_eq(e[2], 0xff);
            ck_assert_uint_eq(e[5], 1);
            nmis++;
            break;
        default:
            ck_abort_msg("unexpected MADT entry type %u", e[0]);
        }
    }
    ck_assert(e == t + rd32(t + 4));
    ck_assert_uint_eq(cpus, 3);
    ck_assert_uint_eq(ioapics, 1);
    ck_assert_uint_eq(nmis, 1);

    t = acpi_table(dsdt, "DSDT");
    acpi_dump("DSDT", t);
    ck_assert_uint_eq(t[8], 2);
    /* every table inside the reserved BIOS area, below the MP table */
    ck_assert_uint_le(dsdt + rd32(t + 4), 0xf0000);
    ram_free();
}
END_TEST

/* The DSDT's AML for 1 CPU and 1 virtio device, assembled by hand from the spec. */
START_TEST(test_acpi_dsdt_aml)
{
    static const uint8_t want[] = {
        /* Name (\_S5_, Package (4) { 5, 0, 0, 0 }) */
        0x08, 0x5c, '_', 'S', '5', '_', 0x12, 0x07, 0x04, 0x0a, 0x05, 0x00, 0x00, 0x00,
        /* Scope (\_SB_) { ... }: PkgLength 95 in two bytes */
        0x10, 0x4f, 0x05, 0x5c, '_', 'S', 'B', '_',
        /* Device (C000) { Name (_HID, "ACPI0007") Name (_UID, 0) } */
        0x5b, 0x82, 0x1a, 'C', '0', '0', '0',
        0x08, '_', 'H', 'I', 'D', 0x0d, 'A', 'C', 'P', 'I', '0', '0', '0', '7', 0x00,
        0x08, '_', 'U', 'I', 'D', 0x00,
        /* Device (VR00) { _HID "LNRO0005", _UID 0, _CRS } */
        0x5b, 0x82, 0x3a, 'V', 'R', '0', '0',
        0x08, '_', 'H', 'I', 'D', 0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00,
        0x08, '_', 'U', 'I', 'D', 0x00,
        0x08, '_', 'C', 'R', 'S', 0x11, 0x1a, 0x0a, 0x17,
        /* Memory32Fixed (ReadWrite, 0xfeb00000, 0x200) */
        0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0xb0, 0xfe, 0x00, 0x02, 0x00, 0x00,
        /* Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { 5 } */
        0x89, 0x06, 0x00, 0x03, 0x01, 0x05, 0x00, 0x00, 0x00,
        0x79, 0x00,
    };
    X86AcpiConfig cfg = acpi_cfg(1, 1, false);
    GError *err = NULL;
    uint64_t rsdp;
    const uint8_t *t;

    ram_new(16ull << 20);
    ck_assert(x86_build_acpi(&ram, &cfg, &rsdp, &err));
    t = ram.host + rd64(ram.host + rd64(ram.host + rsdp + 24) + 36) ;   /* XSDT -> FADT */
    t = acpi_table(rd64(t + 140), "DSDT");
    ck_assert_uint_eq(rd32(t + 4), 36 + sizeof(want));
    for (size_t i = 0; i < sizeof(want); i++) {
        ck_assert_msg(t[36 + i] == want[i], "AML byte %zu: 0x%02x, expected 0x%02x", i,
                      t[36 + i], want[i]);
    }
    /* the well-known compressed EISA id of a 16550 */
    ck_assert_uint_eq(x86_acpi_eisa_id("PNP0501"), 0x0105d041);
    ram_free();
}
END_TEST

/* 255 CPUs and the full 16 transports still fit below the MP table; more do not. */
START_TEST(test_acpi_limits)
{
    X86AcpiConfig cfg = acpi_cfg(255, 16, true);
    GError *err = NULL;
    uint64_t rsdp;

    ram_new(16ull << 20);
    ck_assert(x86_build_acpi(&ram, &cfg, &rsdp, &err));
    cfg.nr_virtio = 17;
    ck_assert(!x86_build_acpi(&ram, &cfg, &rsdp, &err));
    ck_assert(strstr(err->message, "do not fit"));
    g_clear_error(&err);
    ram_free();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("x86-boot");
    TCase *tc = tcase_create("boot");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_e820_small);
    tcase_add_test(tc, test_e820_above_4g);
    tcase_add_test(tc, test_page_tables);
    tcase_add_test(tc, test_gdt);
    tcase_add_test(tc, test_bzimage);
    tcase_add_test(tc, test_bzimage_rejects);
    tcase_add_test(tc, test_pvh);
    tcase_add_test(tc, test_mptable);
    tcase_add_test(tc, test_acpi_tables);
    tcase_add_test(tc, test_acpi_dsdt_aml);
    tcase_add_test(tc, test_acpi_limits);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
