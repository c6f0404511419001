/*
 * x86-mptable.c: the MP table (Intel MultiProcessor Specification 1.4,
 * chapter 4), how a guest without ACPI finds its CPUs and the IOAPIC.
 *
 * Layout at X86_MPTABLE_ADDR: the 16-byte floating pointer structure, then
 * the configuration table: header, one processor entry per vCPU (LAPIC id =
 * vCPU index, the first is the bootstrap processor), one ISA bus, the
 * IOAPIC (id nr_cpus), I/O interrupt entries ISA IRQ n -> IOAPIC pin n for
 * n = 0..15 (KVM's default GSI routing), and the local interrupt entries
 * ExtINT -> LINT0, NMI -> LINT1 of every LAPIC.
 */
#include "common.h"
#include "softmmu/boards/x86-boot.h"

#define MP_FLOATING_SIZE 16
#define MP_HEADER_SIZE   44
#define MP_CPU_SIZE      20
#define MP_ENTRY_SIZE    8
#define MP_ISA_IRQS      16

static uint8_t mp_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;
    while (len--) {
        sum += *p++;
    }
    return (uint8_t)-sum;
}

bool x86_build_mptable(const X86Ram *ram, const X86MpConfig *cfg, GError **errp)
{
    size_t len = MP_HEADER_SIZE + cfg->nr_cpus * MP_CPU_SIZE +
                 (1 + 1 + MP_ISA_IRQS + 2) * MP_ENTRY_SIZE;
    uint8_t *fp = x86_ram_ptr(ram, X86_MPTABLE_ADDR, MP_FLOATING_SIZE + len);
    uint8_t *hdr, *p;
    uint8_t ioapic_id = cfg->nr_cpus;
    unsigned count = 0;

    if (!fp || X86_MPTABLE_ADDR + MP_FLOATING_SIZE + len > X86_HIMEM_START) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "MP table for %u CPUs does not fit", cfg->nr_cpus);
        return false;
    }
    memset(fp, 0, MP_FLOATING_SIZE + len);

    memcpy(fp, "_MP_", 4);
    {
        uint32_t table = X86_MPTABLE_ADDR + MP_FLOATING_SIZE;
        memcpy(fp + 4, &table, 4);
    }
    fp[8] = 1;                  /* length in 16-byte units */
    fp[9] = 4;                  /* spec revision 1.4 */
    /* feature byte 1 = 0: a configuration table is present */
    fp[10] = mp_checksum(fp, MP_FLOATING_SIZE);

    hdr = fp + MP_FLOATING_SIZE;
    memcpy(hdr, "PCMP", 4);
    hdr[6] = 4;
    memcpy(hdr + 8, "CROSSEMU", 8);
    memcpy(hdr + 16, "MICROVM     ", 12);
    memcpy(hdr + 36, &cfg->lapic_addr, 4);

    p = hdr + MP_HEADER_SIZE;
    for (unsigned i = 0; i < cfg->nr_cpus; i++, count++) {
        p[0] = 0;                                   /* processor */
        p[1] = i;                                   /* LAPIC id */
        p[2] = 0x14;                                /* LAPIC version */
        p[3] = 0x01 | (i == 0 ? 0x02 : 0);          /* enabled, BSP */
        memcpy(p + 4, &cfg->cpu_signature, 4);
        memcpy(p + 8, &cfg->cpu_features, 4);
        p += MP_CPU_SIZE;
    }
    p[0] = 1;                                       /* bus */
    p[1] = 0;
    memcpy(p + 2, "ISA   ", 6);
    p += MP_ENTRY_SIZE;
    count++;
    p[0] = 2;                                       /* IOAPIC */
    p[1] = ioapic_id;
    p[2] = 0x11;                                    /* version */
    p[3] = 0x01;                                    /* enabled */
    memcpy(p + 4, &cfg->ioapic_addr, 4);
    p += MP_ENTRY_SIZE;
    count++;
    for (unsigned irq = 0; irq < MP_ISA_IRQS; irq++, count++) {
        p[0] = 3;                                   /* I/O interrupt */
        p[1] = 0;                                   /* INT */
        /* flags 0: polarity and trigger conform to the bus (ISA: high, edge) */
        p[4] = 0;                                   /* source bus */
        p[5] = irq;
        p[6] = ioapic_id;
        p[7] = irq;
        p += MP_ENTRY_SIZE;
    }
    for (unsigned lint = 0; lint < 2; lint++, count++) {
        p[0] = 4;                                   /* local interrupt */
        p[1] = lint == 0 ? 3 : 1;                   /* ExtINT, NMI */
        p[4] = 0;
        p[5] = 0;
        p[6] = 0xff;                                /* every LAPIC */
        p[7] = lint;
        p += MP_ENTRY_SIZE;
    }
    {
        uint16_t l16 = len, c16 = count;
        memcpy(hdr + 4, &l16, 2);
        memcpy(hdr + 34, &c16, 2);
    }
    hdr[7] = mp_checksum(hdr, len);
    return true;
}
