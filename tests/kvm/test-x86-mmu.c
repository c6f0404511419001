/*
 * test-x86-mmu.c: the GDB stub's guest page-table walk (kvm/x86-mmu.c)
 * against tables built by hand per the Intel SDM vol. 3A ch. 4: paging
 * off, 32-bit paging (4 KiB and PSE-36 4 MiB pages), PAE (4 KiB, 2 MiB),
 * and long mode with 4 and 5 levels (4 KiB, 2 MiB, 1 GiB), including
 * absent entries, non-canonical addresses and tables outside RAM.
 */
#include "common.h"
#include "kvm/x86-mmu.h"
#include <check.h>

#define RAM_SIZE (1u << 20)
static uint8_t ram[RAM_SIZE];
static unsigned reads;

static bool rd(void *opaque, uint64_t pa, unsigned size, uint64_t *val)
{
    (void)opaque;
    reads++;
    if (pa + size > RAM_SIZE) {
        return false;
    }
    *val = 0;
    memcpy(val, ram + pa, size);
    return true;
}

static void put64(uint64_t pa, uint64_t v) { memcpy(ram + pa, &v, 8); }
static void put32(uint64_t pa, uint32_t v) { memcpy(ram + pa, &v, 4); }

#define CR0_PG (1ull << 31)
#define CR0_PE 1ull
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LME_LMA 0x500ull

static bool tr(const X86PagingState *st, uint64_t va, uint64_t *pa, uint64_t *left)
{
    return x86_mmu_translate(st, va, rd, NULL, pa, left);
}

START_TEST(test_paging_off)
{
    X86PagingState st = { .cr0 = CR0_PE };
    uint64_t pa, left;

    ck_assert(tr(&st, 0x12345, &pa, &left));
    ck_assert_uint_eq(pa, 0x12345);
    ck_assert_uint_eq(left, 0x1000 - 0x345);
}
END_TEST

START_TEST(test_long4)
{
    /* PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000 */
    X86PagingState st = { .cr0 = CR0_PG | CR0_PE, .cr3 = 0x1000 | 0x18 /* PWT|PCD */,
                          .cr4 = CR4_PAE, .efer = EFER_LME_LMA };
    uint64_t va = 0xffff800000201123ull, pa, left;

    memset(ram, 0, sizeof(ram));
    put64(0x1000 + 256 * 8, 0x2000 | 3);            /* PML4[256] (bit 47 set) */
    put64(0x2000 + 0 * 8, 0x3000 | 3);              /* PDPT[0] */
    put64(0x3000 + 1 * 8, 0x4000 | 3);              /* PD[1] */
    put64(0x4000 + 1 * 8, 0x8000000000abc000ull | 3); /* PT[1], NX set: ignored */
    ck_assert(tr(&st, va, &pa, &left));
    ck_assert_uint_eq(pa, 0xabc123);
    ck_assert_uint_eq(left, 0x1000 - 0x123);

    /* a 2 MiB page at PD[2] */
    put64(0x3000 + 2 * 8, 0x40000000ull | 0x83);
    ck_assert(tr(&st, 0xffff800000456789ull, &pa, &left));
    ck_assert_uint_eq(pa, 0x40056789);
    ck_assert_uint_eq(left, 0x200000 - 0x56789);

    /* a 1 GiB page at PDPT[1] */
    put64(0x2000 + 1 * 8, 0x80000000ull | 0x83);
    ck_assert(tr(&st, 0xffff800040123456ull, &pa, &left));
    ck_assert_uint_eq(pa, 0x80123456ull);
    ck_assert_uint_eq(left, 0x40000000 - 0x123456);

    /* absent PT entry, absent PML4 entry */
    ck_assert(!tr(&st, 0xffff800000202000ull, &pa, &left));
    ck_assert(!tr(&st, 0x0000000000001000ull, &pa, &left));
    /* non-canonical: bit 47 set without the upper bits */
    reads = 0;
    ck_assert(!tr(&st, 0x0000800000201123ull, &pa, &left));
    ck_assert_uint_eq(reads, 0);
    /* a table outside RAM */
    put64(0x1000 + 1 * 8, 0x7000000000ull | 3);
    ck_assert(!tr(&st, 0x0000008000000000ull, &pa, &left));
}
END_TEST

START_TEST(test_long5)
{
    X86PagingState st = { .cr0 = CR0_PG | CR0_PE, .cr3 = 0x5000,
                          .cr4 = CR4_PAE | CR4_LA57, .efer = EFER_LME_LMA };
    uint64_t va = 0xff00000000000042ull, pa, left;   /* PML5[256], everything else 0 */

    memset(ram, 0, sizeof(ram));
    put64(0x5000 + 256 * 8, 0x1000 | 3);
    put64(0x1000, 0x2000 | 3);
    put64(0x2000, 0x3000 | 3);
    put64(0x3000, 0x4000 | 3);
    put64(0x4000, 0x9000 | 3);
    ck_assert(tr(&st, va, &pa, &left));
    ck_assert_uint_eq(pa, 0x9042);
    /* canonical with 4 levels is not with 5: bit 56 decides */
    ck_assert(!tr(&st, 0xffff800000000000ull, &pa, &left));
}
END_TEST

START_TEST(test_pae)
{
    X86PagingState st = { .cr0 = CR0_PG | CR0_PE, .cr3 = 0x1020, .cr4 = CR4_PAE };
    uint64_t pa, left;

    memset(ram, 0, sizeof(ram));
    put64(0x1020 + 3 * 8, 0x2000 | 1);              /* PDPTE[3]: 0xc0000000.. */
    put64(0x2000 + 1 * 8, 0x3000 | 3);              /* PD[1] */
    put64(0x3000 + 5 * 8, 0x123456000ull | 3);      /* PT[5]: above 4 GiB */
    ck_assert(tr(&st, 0xc0205abcull, &pa, &left));
    ck_assert_uint_eq(pa, 0x123456abcull);
    put64(0x2000 + 2 * 8, 0x00e00000ull | 0x83);    /* PD[2]: 2 MiB page */
    ck_assert(tr(&st, 0xc0412345ull, &pa, &left));
    ck_assert_uint_eq(pa, 0x00e12345ull);
    ck_assert(!tr(&st, 0x00001000ull, &pa, &left));  /* PDPTE[0] absent */
}
END_TEST

START_TEST(test_32bit)
{
    X86PagingState st = { .cr0 = CR0_PG | CR0_PE, .cr3 = 0x1000 };
    uint64_t pa, left;

    memset(ram, 0, sizeof(ram));
    put32(0x1000 + 0x300 * 4, 0x2000 | 3);          /* PDE for 0xc0000000 */
    put32(0x2000 + 0x12 * 4, 0x00345000 | 3);
    ck_assert(tr(&st, 0xc0012678, &pa, &left));
    ck_assert_uint_eq(pa, 0x00345678);
    /* PS without CR4.PSE: the entry still points to a page table */
    put32(0x1000 + 0x301 * 4, 0x2000 | 0x83);
    ck_assert(tr(&st, 0xc0412678, &pa, &left));
    ck_assert_uint_eq(pa, 0x00345678);
    /* with PSE: a 4 MiB page, PSE-36 bits 20:13 giving address bits 39:32 */
    st.cr4 = CR4_PSE;
    put32(0x1000 + 0x301 * 4, 0x00800000 | (0x5u << 13) | 0x83);
    ck_assert(tr(&st, 0xc0412678, &pa, &left));
    ck_assert_uint_eq(pa, 0x500812678ull);
    ck_assert_uint_eq(left, 0x400000 - 0x12678);
    ck_assert(!tr(&st, 0x00400000, &pa, &left));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("x86-mmu");
    TCase *tc = tcase_create("walk");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_paging_off);
    tcase_add_test(tc, test_long4);
    tcase_add_test(tc, test_long5);
    tcase_add_test(tc, test_pae);
    tcase_add_test(tc, test_32bit);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
