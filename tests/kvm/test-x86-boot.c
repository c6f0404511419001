/*
 * test-x86-boot.c: the x86 boot path byte by byte against the boot
 * protocol (Documentation/arch/x86/boot.rst, zero-page.rst), the PVH
 * start_info layout and the MP specification.
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
    ck_assert_uint_eq(e[2].addr, 0xf0000);
    ck_assert_uint_eq(e[2].size, 0x10000);
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
    X86KernelImage img = { k, len, initrd, sizeof(initrd), "console=ttyS0 root=/dev/vda" };
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
    /* nothing else in the zero page before the header */
    for (unsigned i = 0; i < 0x1e8; i++) {
        ck_assert_uint_eq(bp[i], 0);
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
    X86KernelImage img = { (uint8_t *)&f, sizeof(f), NULL, 0, "test=hello" };
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
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
