/*
 * test-elf.c: the ELF loader against valid, corrupt and randomly mutated
 * executables.  Every input must either load or fail with a message; none
 * may crash, hang or map anything outside the guest address space.
 */
#include "common.h"
#include "linux-user/user.h"

#include <check.h>
#include <sys/mman.h>
#include <unistd.h>

/* A test guest: riscv64 identity, a 4 GiB address space to keep reservations small. */
static const TargetInfo test_target = {
    .name = "testarch",
    .elf_machine = 243,
    .elf_class = 2,
    .big_endian = false,
    .va_bits = 32,
    .page_size = 4096,
};
#define VA_SIZE ((uint64_t)1 << 32)

/* The valid image: ELF header, 3 phdrs (PT_LOAD text, PT_LOAD data+bss, PT_GNU_STACK). */
#define TEXT_VADDR 0x400000u
#define DATA_VADDR 0x402000u
#define TEXT_OFF 0x1000u
#define DATA_OFF 0x2000u
#define IMG_SIZE 0x2100u
#define DATA_FILESZ 0x100u
#define DATA_MEMSZ 0x3000u
#define PHOFF 64u
#define PHNUM 3u

static uint8_t image[IMG_SIZE];

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
                 uint64_t filesz, uint64_t memsz)
{
    uint8_t *p = image + PHOFF + 56 * i;
    put32(p, type);
    put32(p + 4, flags);
    put64(p + 8, off);
    put64(p + 16, vaddr);
    put64(p + 24, vaddr);
    put64(p + 32, filesz);
    put64(p + 40, memsz);
    put64(p + 48, 0x1000);
}

static void build_image(void)
{
    memset(image, 0, sizeof(image));
    memcpy(image, "\177ELF", 4);
    image[4] = 2;               /* ELFCLASS64 */
    image[5] = 1;               /* little-endian */
    image[6] = 1;               /* EV_CURRENT */
    put16(image + 16, 2);       /* ET_EXEC */
    put16(image + 18, 243);     /* EM_RISCV */
    put32(image + 20, 1);
    put64(image + 24, TEXT_VADDR + TEXT_OFF);      /* entry */
    put64(image + 32, PHOFF);
    put16(image + 52, 64);
    put16(image + 54, 56);
    put16(image + 56, PHNUM);
    /* Text maps file [0, 0x2000) (headers included) at TEXT_VADDR. */
    phdr(0, 1, 5, 0, TEXT_VADDR, 0x2000, 0x2000);
    phdr(1, 1, 6, DATA_OFF, DATA_VADDR, DATA_FILESZ, DATA_MEMSZ);
    phdr(2, 0x6474e551, 6, 0, 0, 0, 0);
    for (unsigned i = 0; i < 0x1000; i++) {
        image[TEXT_OFF + i] = (uint8_t)(i * 7 + 1);
    }
    for (unsigned i = 0; i < DATA_FILESZ; i++) {
        image[DATA_OFF + i] = (uint8_t)(0xa0 + i);
    }
}

/* A file holding buf[0, len). */
static int make_file(const uint8_t *buf, size_t len)
{
    int fd = memfd_create("test-elf", MFD_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
    return fd;
}

/* Parse buf; returns the error message (g_free) or NULL on success. */
static char *parse(const uint8_t *buf, size_t len, ElfImage *img)
{
    GError *err = NULL;
    ElfImage local;
    int fd = make_file(buf, len);
    bool ok = elf_parse(fd, &test_target, VA_SIZE, img ? img : &local, &err);
    char *msg = NULL;

    if (ok) {
        ck_assert_ptr_null(err);
        if (!img) {
            elf_image_free(&local);
            close(fd);
        }
    } else {
        ck_assert_ptr_nonnull(err);
        ck_assert(strlen(err->message) > 0);
        ck_assert_ptr_null(strchr(err->message, '\n'));
        msg = g_strdup(err->message);
        g_error_free(err);
        close(fd);
    }
    return msg;
}

START_TEST(test_valid_parses)
{
    ElfImage img;
    char *msg;

    build_image();
    msg = parse(image, sizeof(image), &img);
    ck_assert_msg(msg == NULL, "valid image rejected: %s", msg);
    ck_assert_uint_eq(img.entry, TEXT_VADDR + TEXT_OFF);
    ck_assert_uint_eq(img.phnum, PHNUM);
    ck_assert_uint_eq(img.lo, TEXT_VADDR);
    ck_assert_uint_eq(img.hi, DATA_VADDR + DATA_MEMSZ);
    ck_assert_int_eq(img.stack_flags, 6);
    ck_assert_ptr_null(img.interp);
    close(img.fd);
    elf_image_free(&img);
}
END_TEST

typedef struct Corruption {
    const char *what;
    size_t offset;      /* byte to patch */
    unsigned size;      /* 1, 2, 4 or 8; 0: truncate the file to `offset` */
    uint64_t value;
    const char *expect; /* substring of the error */
} Corruption;

#define PH(i, field) (PHOFF + 56 * (i) + (field))
static const Corruption corruptions[] = {
    { "empty file", 0, 0, 0, "not an ELF file" },
    { "3 bytes", 3, 0, 0, "not an ELF file" },
    { "bad magic", 1, 1, 'X', "not an ELF file" },
    { "ident only", 16, 0, 0, "truncated ELF header" },
    { "half header", 40, 0, 0, "truncated ELF header" },
    { "class 0", 4, 1, 0, "invalid class" },
    { "ELFCLASS32", 4, 1, 1, "wrong ELF class" },
    { "data 3", 5, 1, 3, "invalid data encoding" },
    { "big-endian", 5, 1, 2, "wrong endianness" },
    { "x86-64", 18, 2, 62, "wrong architecture: x86-64" },
    { "ET_REL", 16, 2, 1, "not an executable" },
    { "ET_CORE", 16, 2, 4, "not an executable" },
    { "type 0x1234", 16, 2, 0x1234, "not an executable" },
    { "phentsize 0", 54, 2, 0, "bad program header size" },
    { "phentsize 57", 54, 2, 57, "bad program header size" },
    { "phnum 0", 56, 2, 0, "no program headers" },
    { "phnum 0xffff", 56, 2, 0xffff, "too many program headers" },
    { "phnum past EOF", 56, 2, 1000, "program headers past end of file" },
    { "phoff past EOF", 32, 8, IMG_SIZE, "program headers past end of file" },
    { "phoff overflow", 32, 8, UINT64_MAX - 8, "program headers past end of file" },
    { "phdrs cut", PHOFF + 100, 0, 0, "program headers past end of file" },
    { "segment cut", DATA_OFF + 10, 0, 0, "data past end of file" },
    { "offset past EOF", PH(1, 8), 8, 0x100000, "data past end of file" },
    { "offset overflow", PH(1, 8), 8, UINT64_MAX - 4, "data past end of file" },
    { "filesz past EOF", PH(0, 32), 8, 0x10000, "larger than memory size" },
    { "filesz > memsz", PH(1, 32), 8, DATA_MEMSZ + 1, "larger than memory size" },
    { "vaddr overflow", PH(1, 16), 8, UINT64_MAX - 0x1000, "overflows" },
    { "vaddr outside", PH(1, 16), 8, VA_SIZE, "outside the guest address space" },
    { "memsz absurd", PH(1, 40), 8, (uint64_t)1 << 40, "outside the guest address space" },
    { "overlap", PH(1, 16), 8, TEXT_VADDR + 0x1000, "overlaps" },
    { "not sorted", PH(1, 16), 8, TEXT_VADDR - 0x10000, "overlaps or precedes" },
    { "no PT_LOAD", PH(0, 0), 4, 4, NULL },   /* patched twice below */
    { "interp past EOF", PH(2, 0), 4, 3, "bad PT_INTERP" },
};

START_TEST(test_corruptions)
{
    for (size_t i = 0; i < ARRAY_SIZE(corruptions); i++) {
        const Corruption *c = &corruptions[i];
        size_t len = sizeof(image);
        char *msg;

        build_image();
        if (c->size == 0) {
            len = c->offset;
        } else {
            for (unsigned b = 0; b < c->size; b++) {
                image[c->offset + b] = (uint8_t)(c->value >> (8 * b));
            }
        }
        if (!c->expect) {
            /* Both loads turned into PT_NOTE. */
            put32(image + PH(1, 0), 4);
        }
        if (strcmp(c->what, "interp past EOF") == 0) {
            put64(image + PH(2, 8), IMG_SIZE - 4);
            put64(image + PH(2, 32), 64);
        }
        msg = parse(image, len, NULL);
        ck_assert_msg(msg != NULL, "%s: accepted", c->what);
        ck_assert_msg(strstr(msg, c->expect ? c->expect : "no loadable segments") != NULL,
                      "%s: got '%s'", c->what, msg);
        g_free(msg);
    }
}
END_TEST

START_TEST(test_interp_reported)
{
    ElfImage img;
    char *msg;

    build_image();
    memcpy(image + 0x1f00, "/lib/ld.so.1", 13);
    put32(image + PH(2, 0), 3);
    put64(image + PH(2, 8), 0x1f00);
    put64(image + PH(2, 32), 13);
    msg = parse(image, sizeof(image), &img);
    ck_assert_msg(msg == NULL, "%s", msg);
    ck_assert_str_eq(img.interp, "/lib/ld.so.1");
    close(img.fd);
    elf_image_free(&img);
}
END_TEST

static void check_loaded(const ImageInfo *info)
{
    const uint8_t *text = g2h(TEXT_VADDR), *data = g2h(DATA_VADDR);

    ck_assert_uint_eq(info->entry, TEXT_VADDR + TEXT_OFF);
    ck_assert_uint_eq(info->phdr, TEXT_VADDR + PHOFF);
    ck_assert_uint_eq(info->phnum, PHNUM);
    ck_assert_uint_eq(info->start_brk, DATA_VADDR + DATA_MEMSZ);
    ck_assert(!info->exec_stack);
    ck_assert_mem_eq(text, image, 0x2000);
    ck_assert_mem_eq(data, image + DATA_OFF, DATA_FILESZ);
    for (unsigned i = DATA_FILESZ; i < DATA_MEMSZ; i++) {
        ck_assert_msg(data[i] == 0, "bss byte %u not zero", i);
    }
    ck_assert_uint_eq(user_page_flags(TEXT_VADDR),
                      PAGE_VALID | PAGE_READ | PAGE_EXEC);
    ck_assert_uint_eq(user_page_flags(DATA_VADDR + 0x2000),
                      PAGE_VALID | PAGE_READ | PAGE_WRITE);
    ck_assert_uint_eq(user_page_flags(DATA_VADDR + DATA_MEMSZ), 0);
    ck_assert(!user_access_ok(TEXT_VADDR, 16, PAGE_WRITE));
    ck_assert(user_access_ok(DATA_VADDR, DATA_MEMSZ, PAGE_WRITE));
}

START_TEST(test_load)
{
    ImageInfo info;
    ElfImage img;
    GError *err = NULL;
    char *msg;

    build_image();
    msg = parse(image, sizeof(image), &img);
    ck_assert_msg(msg == NULL, "%s", msg);
    ck_assert(user_mem_init(test_target.va_bits, img.lo, &err));
    ck_assert_msg(elf_load(&img, &test_target, &info, &err), "%s", err ? err->message : "");
    check_loaded(&info);
    close(img.fd);
    elf_image_free(&img);
}
END_TEST

/*
 * Random mutations of the valid image (header and program headers mostly,
 * random truncation sometimes): parsing must not crash, and whatever parses
 * must describe segments inside the file and the address space, and load
 * or fail cleanly.
 */
START_TEST(test_fuzz)
{
    GRand *r = g_rand_new_with_seed(0x5eed);
    GError *err = NULL;
    unsigned parsed = 0, loaded = 0;

    ck_assert(user_mem_init(test_target.va_bits, 0x10000, &err));
    for (unsigned iter = 0; iter < 10000; iter++) {
        uint8_t buf[IMG_SIZE];
        size_t len = sizeof(buf);
        unsigned nmut = 1 + g_rand_int_range(r, 0, 6);
        ElfImage img;
        ImageInfo info;
        char *msg;

        build_image();
        memcpy(buf, image, sizeof(buf));
        for (unsigned m = 0; m < nmut; m++) {
            /* Mostly the first 256 bytes (header + phdrs), where the checks are. */
            size_t off = g_rand_boolean(r) ? (size_t)g_rand_int_range(r, 0, 256)
                                           : (size_t)g_rand_int_range(r, 0, IMG_SIZE);
            switch (g_rand_int_range(r, 0, 4)) {
            case 0: buf[off] = (uint8_t)g_rand_int(r); break;
            case 1: buf[off] ^= (uint8_t)(1u << g_rand_int_range(r, 0, 8)); break;
            case 2: if (off + 8 <= sizeof(buf)) put64(buf + off, g_rand_boolean(r) ? UINT64_MAX - g_rand_int_range(r, 0, 0x2000) : (uint64_t)g_rand_int(r) << g_rand_int_range(r, 0, 33)); break;
            default: len = (size_t)g_rand_int_range(r, 0, IMG_SIZE + 1); break;
            }
        }
        msg = parse(buf, len, &img);
        if (msg) {
            g_free(msg);
            continue;
        }
        parsed++;
        for (unsigned i = 0; i < img.phnum; i++) {
            const ElfPhdr *h = &img.phdrs[i];
            if (h->type == 1) {
                ck_assert(h->offset + h->filesz <= len);
                ck_assert(h->filesz <= h->memsz);
                ck_assert(h->vaddr + h->memsz <= VA_SIZE);
            }
        }
        ck_assert(img.lo < img.hi && img.hi <= VA_SIZE);
        if (!img.interp) {
            err = NULL;
            if (elf_load(&img, &test_target, &info, &err)) {
                loaded++;
                ck_assert(info.start_brk <= VA_SIZE);
            } else {
                ck_assert_ptr_nonnull(err);
                g_error_free(err);
            }
            /* Empty the address space for the next round. */
            user_munmap(0x10000, VA_SIZE - 0x10000);
        }
        close(img.fd);
        elf_image_free(&img);
    }
    /* The mutations must leave a fair share of loadable images, or this tests nothing. */
    ck_assert_uint_gt(parsed, 100);
    ck_assert_uint_gt(loaded, 50);
    g_rand_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("loader");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_valid_parses);
    tcase_add_test(tc, test_corruptions);
    tcase_add_test(tc, test_interp_reported);
    tcase_add_test(tc, test_load);
    tcase_add_test(tc, test_fuzz);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
