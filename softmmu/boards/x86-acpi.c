/*
 * x86-acpi.c: the ACPI tables of an x86 board without firmware (ACPI 6.0,
 * hardware-reduced profile), see x86-boot.h for the layout.
 *
 * Hardware-reduced ACPI means no PM1 event/control blocks, no SCI and no
 * PM timer: the OS sleeps and powers off through the FADT's sleep control
 * register, resets through its reset register, finds the CPUs and the
 * IOAPIC in the MADT and every other device in the DSDT.  That is the
 * whole power-management hardware a microVM has, so the tables stay small
 * and need no firmware code.
 *
 * The DSDT's AML is produced by a tiny builder below: names, integers,
 * strings, packages, buffers (resource templates), Device and Scope.
 */
#include "common.h"
#include "softmmu/boards/x86-boot.h"

#define ACPI_HEADER_SIZE 36
#define ACPI_RSDP_SIZE   36
#define ACPI_FADT_SIZE   276        /* ACPI 6.0: up to the hypervisor vendor id */

/* FADT offsets */
#define FADT_DSDT           40
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS          112
#define FADT_RESET_REG      116
#define FADT_RESET_VALUE    128
#define FADT_MINOR_REVISION 131
#define FADT_X_DSDT         140
#define FADT_SLEEP_CONTROL  244
#define FADT_SLEEP_STATUS   256
#define FADT_HYPERVISOR_ID  268

/* FADT flags and IA-PC boot architecture flags */
#define FADT_F_WBINVD          (1u << 0)
#define FADT_F_PWR_BUTTON      (1u << 4)    /* no fixed-feature power button */
#define FADT_F_SLP_BUTTON      (1u << 5)
#define FADT_F_RESET_REG_SUP   (1u << 10)
#define FADT_F_HW_REDUCED_ACPI (1u << 20)
#define IAPC_8042              (1u << 1)
#define IAPC_VGA_NOT_PRESENT   (1u << 2)
#define IAPC_MSI_NOT_SUPPORTED (1u << 3)
#define IAPC_CMOS_RTC_NOT_PRESENT (1u << 5)

/* MADT */
#define MADT_PCAT_COMPAT   1u
#define MADT_LAPIC         0
#define MADT_IOAPIC        1
#define MADT_LAPIC_NMI     4

/* AML opcodes (ACPI 6.0, chapter 20) */
#define AML_ZERO      0x00
#define AML_ONE       0x01
#define AML_NAME      0x08
#define AML_BYTE      0x0a
#define AML_WORD      0x0b
#define AML_DWORD     0x0c
#define AML_STRING    0x0d
#define AML_QWORD     0x0e
#define AML_SCOPE     0x10
#define AML_BUFFER    0x11
#define AML_PACKAGE   0x12
#define AML_EXT       0x5b
#define AML_DEVICE    0x82          /* after AML_EXT */
#define AML_ROOT      0x5c          /* '\' */

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

uint8_t x86_acpi_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;
    while (len--) {
        sum += *p++;
    }
    return (uint8_t)-sum;
}

/* The common 36-byte header; the checksum is filled in by acpi_finish. */
static void acpi_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    put32(t + 4, len);
    t[8] = rev;
    memcpy(t + 10, X86_ACPI_OEM_ID, 6);
    memcpy(t + 16, X86_ACPI_OEM_TABLE_ID, 8);
    put32(t + 24, 1);                       /* OEM revision */
    memcpy(t + 28, X86_ACPI_CREATOR_ID, 4);
    put32(t + 32, 1);                       /* creator revision */
}

static void acpi_finish(uint8_t *t)
{
    uint32_t len;
    memcpy(&len, t + 4, 4);
    t[9] = 0;
    t[9] = x86_acpi_checksum(t, len);
}

/* Generic Address Structure: one byte-wide register in port I/O space. */
static void acpi_gas_io8(uint8_t *p, uint16_t port)
{
    p[0] = 1;                               /* system I/O */
    p[1] = 8;                               /* bit width */
    p[2] = 0;                               /* bit offset */
    p[3] = 1;                               /* byte access */
    put64(p + 4, port);
}

/* ---- AML ---- */

static void aml_byte(GByteArray *a, uint8_t b)
{
    g_byte_array_append(a, &b, 1);
}

static void aml_bytes(GByteArray *a, const void *p, size_t n)
{
    g_byte_array_append(a, p, n);
}

/*
 * PkgLength: the length of itself plus what follows; one byte up to 63,
 * else a lead byte holding the byte count (bits 6-7) and the low nibble,
 * then the higher bits 8 at a time.
 */
static void aml_pkglength(GByteArray *a, size_t body)
{
    size_t len;
    unsigned extra;

    if (body + 1 < 0x40) {
        aml_byte(a, body + 1);
        return;
    }
    for (extra = 1; extra < 3; extra++) {
        len = body + 1 + extra;
        if (len < (1u << (4 + 8 * extra))) {
            break;
        }
    }
    len = body + 1 + extra;
    aml_byte(a, (extra << 6) | (len & 0xf));
    for (unsigned i = 0; i < extra; i++) {
        aml_byte(a, (len >> (4 + 8 * i)) & 0xff);
    }
}

/* A NameSeg, padded with '_' to 4 characters; a leading '\' is the root. */
static void aml_name(GByteArray *a, const char *name)
{
    char seg[4] = { '_', '_', '_', '_' };

    if (*name == '\\') {
        aml_byte(a, AML_ROOT);
        name++;
    }
    for (unsigned i = 0; i < 4 && name[i]; i++) {
        seg[i] = name[i];
    }
    aml_bytes(a, seg, 4);
}

static void aml_int(GByteArray *a, uint64_t v)
{
    if (v <= 1) {
        aml_byte(a, v ? AML_ONE : AML_ZERO);
    } else if (v <= 0xff) {
        aml_byte(a, AML_BYTE);
        aml_byte(a, v);
    } else if (v <= 0xffff) {
        uint16_t w = v;
        aml_byte(a, AML_WORD);
        aml_bytes(a, &w, 2);
    } else if (v <= 0xffffffffu) {
        uint32_t d = v;
        aml_byte(a, AML_DWORD);
        aml_bytes(a, &d, 4);
    } else {
        aml_byte(a, AML_QWORD);
        aml_bytes(a, &v, 8);
    }
}

static void aml_string(GByteArray *a, const char *s)
{
    aml_byte(a, AML_STRING);
    aml_bytes(a, s, strlen(s) + 1);
}

/* EISA id "PNP0501": three letters in 5 bits each, then 4 hex digits. */
uint32_t x86_acpi_eisa_id(const char *id)
{
    unsigned c1 = id[0] - '@', c2 = id[1] - '@', c3 = id[2] - '@';
    uint32_t hex = strtoul(id + 3, NULL, 16);
    uint8_t b[4] = {
        (uint8_t)((c1 << 2) | (c2 >> 3)),
        (uint8_t)(((c2 & 7) << 5) | c3),
        (uint8_t)(hex >> 8),
        (uint8_t)hex,
    };
    uint32_t v;
    memcpy(&v, b, 4);
    return v;
}

/* Name (NAME, value) */
static void aml_name_int(GByteArray *a, const char *name, uint64_t v)
{
    aml_byte(a, AML_NAME);
    aml_name(a, name);
    aml_int(a, v);
}

static void aml_name_string(GByteArray *a, const char *name, const char *s)
{
    aml_byte(a, AML_NAME);
    aml_name(a, name);
    aml_string(a, s);
}

/* Name (NAME, Buffer () { bytes }): a resource template for _CRS. */
static void aml_name_buffer(GByteArray *a, const char *name, const GByteArray *data)
{
    GByteArray *body = g_byte_array_new();

    aml_int(body, data->len);
    aml_bytes(body, data->data, data->len);
    aml_byte(a, AML_NAME);
    aml_name(a, name);
    aml_byte(a, AML_BUFFER);
    aml_pkglength(a, body->len);
    aml_bytes(a, body->data, body->len);
    g_byte_array_free(body, TRUE);
}

/* Device (NAME) { body } or Scope (NAME) { body } */
static void aml_block(GByteArray *a, bool device, const char *name, const GByteArray *body)
{
    GByteArray *inner = g_byte_array_new();

    aml_name(inner, name);
    aml_bytes(inner, body->data, body->len);
    if (device) {
        aml_byte(a, AML_EXT);
        aml_byte(a, AML_DEVICE);
    } else {
        aml_byte(a, AML_SCOPE);
    }
    aml_pkglength(a, inner->len);
    aml_bytes(a, inner->data, inner->len);
    g_byte_array_free(inner, TRUE);
}

/* Resource descriptors (ACPI 6.0, 6.4) */
static void res_io16(GByteArray *r, uint16_t port, uint8_t len)
{
    uint8_t d[8] = { 0x47, 1, port & 0xff, port >> 8, port & 0xff, port >> 8, 1, len };
    aml_bytes(r, d, sizeof(d));
}

static void res_irq_noflags(GByteArray *r, unsigned irq)
{
    uint16_t mask = 1u << irq;
    uint8_t d[3] = { 0x22, mask & 0xff, mask >> 8 };
    aml_bytes(r, d, sizeof(d));
}

static void res_mem32_fixed(GByteArray *r, uint32_t base, uint32_t len)
{
    uint8_t d[12] = { 0x86, 9, 0, 1 };      /* read/write */
    put32(d + 4, base);
    put32(d + 8, len);
    aml_bytes(r, d, sizeof(d));
}

/* Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { irq } */
static void res_ext_irq(GByteArray *r, uint32_t irq)
{
    uint8_t d[9] = { 0x89, 6, 0, 0x03, 1 };
    put32(d + 5, irq);
    aml_bytes(r, d, sizeof(d));
}

static void res_end(GByteArray *r)
{
    uint8_t d[2] = { 0x79, 0 };             /* checksum 0: "treat as correct" */
    aml_bytes(r, d, sizeof(d));
}

static void aml_device_crs(GByteArray *sb, const char *name, GByteArray *dev, GByteArray *crs)
{
    res_end(crs);
    aml_name_buffer(dev, "_CRS", crs);
    aml_block(sb, true, name, dev);
    g_byte_array_set_size(dev, 0);
    g_byte_array_set_size(crs, 0);
}

/* The DSDT's AML body (after the table header). */
static GByteArray *acpi_dsdt_aml(const X86AcpiConfig *cfg)
{
    GByteArray *aml = g_byte_array_new();
    GByteArray *sb = g_byte_array_new();
    GByteArray *dev = g_byte_array_new();
    GByteArray *crs = g_byte_array_new();
    char name[5];

    /* \_S5_: SLP_TYP 5 for the sleep control register means soft off */
    {
        GByteArray *pkg = g_byte_array_new();
        aml_byte(pkg, 4);                   /* NumElements */
        aml_int(pkg, X86_ACPI_SLP_TYP_S5);
        aml_int(pkg, 0);
        aml_int(pkg, 0);
        aml_int(pkg, 0);
        aml_byte(aml, AML_NAME);
        aml_name(aml, "\\_S5_");
        aml_byte(aml, AML_PACKAGE);
        aml_pkglength(aml, pkg->len);
        aml_bytes(aml, pkg->data, pkg->len);
        g_byte_array_free(pkg, TRUE);
    }

    /* processor devices, _UID = the MADT's processor UID */
    for (unsigned i = 0; i < cfg->nr_cpus; i++) {
        snprintf(name, sizeof(name), "C%03X", i & 0xfff);
        aml_name_string(dev, "_HID", "ACPI0007");
        aml_name_int(dev, "_UID", i);
        aml_block(sb, true, name, dev);
        g_byte_array_set_size(dev, 0);
    }

    if (cfg->uart_port) {
        aml_name_int(dev, "_HID", x86_acpi_eisa_id("PNP0501"));
        aml_name_int(dev, "_UID", 1);
        res_io16(crs, cfg->uart_port, 8);
        res_irq_noflags(crs, cfg->uart_irq);
        aml_device_crs(sb, "COM1", dev, crs);
    }

    /* virtio-mmio transports: Linux's virtio_mmio driver matches LNRO0005 */
    for (unsigned i = 0; i < cfg->nr_virtio; i++) {
        snprintf(name, sizeof(name), "VR%02u", i % 100);
        aml_name_string(dev, "_HID", "LNRO0005");
        aml_name_int(dev, "_UID", i);
        res_mem32_fixed(crs, cfg->virtio[i].base, cfg->virtio[i].size);
        res_ext_irq(crs, cfg->virtio[i].irq);
        aml_device_crs(sb, name, dev, crs);
    }

    aml_block(aml, false, "\\_SB_", sb);
    g_byte_array_free(sb, TRUE);
    g_byte_array_free(dev, TRUE);
    g_byte_array_free(crs, TRUE);
    return aml;
}

size_t x86_acpi_madt_size(unsigned nr_cpus)
{
    return ACPI_HEADER_SIZE + 8 + nr_cpus * 8 + 12 + 6;
}

static void acpi_build_madt(uint8_t *t, const X86AcpiConfig *cfg)
{
    uint8_t *p = t + ACPI_HEADER_SIZE + 8;

    acpi_header(t, "APIC", x86_acpi_madt_size(cfg->nr_cpus), 4);
    put32(t + 36, cfg->lapic_addr);
    put32(t + 40, MADT_PCAT_COMPAT);        /* KVM's in-kernel 8259s exist */
    for (unsigned i = 0; i < cfg->nr_cpus; i++, p += 8) {
        p[0] = MADT_LAPIC;
        p[1] = 8;
        p[2] = i;                           /* ACPI processor UID */
        p[3] = i;                           /* APIC id */
        put32(p + 4, 1);                    /* enabled */
    }
    p[0] = MADT_IOAPIC;
    p[1] = 12;
    p[2] = cfg->nr_cpus;                    /* IOAPIC id, after the LAPICs (as the MP table) */
    p[3] = 0;
    put32(p + 4, cfg->ioapic_addr);
    put32(p + 8, 0);                        /* GSI base: ISA IRQ n = pin n */
    p += 12;
    /* NMI on LINT1 of every processor; ExtINT on LINT0 needs no entry */
    p[0] = MADT_LAPIC_NMI;
    p[1] = 6;
    p[2] = 0xff;                            /* all processors */
    put16(p + 3, 0);                        /* conforms to the bus */
    p[5] = 1;                               /* LINT1 */
    acpi_finish(t);
}

static void acpi_build_fadt(uint8_t *t, const X86AcpiConfig *cfg, uint64_t dsdt)
{
    uint16_t boot_arch = IAPC_VGA_NOT_PRESENT | IAPC_MSI_NOT_SUPPORTED |
                         IAPC_CMOS_RTC_NOT_PRESENT | (cfg->has_i8042 ? IAPC_8042 : 0);

    acpi_header(t, "FACP", ACPI_FADT_SIZE, 6);
    put32(t + FADT_DSDT, dsdt);
    put16(t + FADT_IAPC_BOOT_ARCH, boot_arch);
    put32(t + FADT_FLAGS, FADT_F_WBINVD | FADT_F_PWR_BUTTON | FADT_F_SLP_BUTTON |
                          FADT_F_RESET_REG_SUP | FADT_F_HW_REDUCED_ACPI);
    acpi_gas_io8(t + FADT_RESET_REG, cfg->reset_port);
    t[FADT_RESET_VALUE] = cfg->reset_value;
    t[FADT_MINOR_REVISION] = 0;
    put64(t + FADT_X_DSDT, dsdt);
    acpi_gas_io8(t + FADT_SLEEP_CONTROL, cfg->sleep_control_port);
    acpi_gas_io8(t + FADT_SLEEP_STATUS, cfg->sleep_status_port);
    memcpy(t + FADT_HYPERVISOR_ID, "CROSSEMU", 8);
    acpi_finish(t);
}

/* An RSDT (32-bit entries) or XSDT (64-bit) listing the given tables. */
static size_t acpi_build_sdt(uint8_t *t, bool x, const uint64_t *tables, unsigned n)
{
    size_t w = x ? 8 : 4, len = ACPI_HEADER_SIZE + n * w;

    acpi_header(t, x ? "XSDT" : "RSDT", len, 1);
    for (unsigned i = 0; i < n; i++) {
        if (x) {
            put64(t + ACPI_HEADER_SIZE + i * 8, tables[i]);
        } else {
            put32(t + ACPI_HEADER_SIZE + i * 4, tables[i]);
        }
    }
    acpi_finish(t);
    return len;
}

static void acpi_build_rsdp(uint8_t *p, uint64_t rsdt, uint64_t xsdt)
{
    memset(p, 0, ACPI_RSDP_SIZE);
    memcpy(p, "RSD PTR ", 8);
    memcpy(p + 9, X86_ACPI_OEM_ID, 6);
    p[15] = 2;                              /* ACPI 2.0+: XSDT present */
    put32(p + 16, rsdt);
    put32(p + 20, ACPI_RSDP_SIZE);
    put64(p + 24, xsdt);
    p[8] = x86_acpi_checksum(p, 20);        /* over the ACPI 1.0 part */
    p[32] = x86_acpi_checksum(p, ACPI_RSDP_SIZE);
}

bool x86_build_acpi(const X86Ram *ram, const X86AcpiConfig *cfg, uint64_t *rsdp_out,
                    GError **errp)
{
    g_autoptr(GByteArray) aml = acpi_dsdt_aml(cfg);
    uint64_t rsdp = X86_ACPI_ADDR;
    uint64_t rsdt = rsdp + 0x40;                            /* 36 + 2 * 4 */
    uint64_t xsdt = rsdt + 0x40;                            /* 36 + 2 * 8 */
    uint64_t fadt = xsdt + 0x40;
    uint64_t madt = ROUND_UP(fadt + ACPI_FADT_SIZE, 16);
    uint64_t dsdt = ROUND_UP(madt + x86_acpi_madt_size(cfg->nr_cpus), 16);
    uint64_t end = dsdt + ACPI_HEADER_SIZE + aml->len;
    uint64_t tables[2] = { fadt, madt };
    uint8_t *base = x86_ram_ptr(ram, X86_ACPI_ADDR, end - X86_ACPI_ADDR);
    uint8_t *t;

    if (!base || end > X86_ACPI_END || cfg->nr_cpus > 255 ||
        cfg->nr_virtio > X86_ACPI_MAX_VIRTIO) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "ACPI tables for %u CPUs and %u devices do not fit",
                    cfg->nr_cpus, cfg->nr_virtio);
        return false;
    }
    memset(base, 0, end - X86_ACPI_ADDR);

    t = base + (dsdt - X86_ACPI_ADDR);
    acpi_header(t, "DSDT", ACPI_HEADER_SIZE + aml->len, 2);
    memcpy(t + ACPI_HEADER_SIZE, aml->data, aml->len);
    acpi_finish(t);
    acpi_build_madt(base + (madt - X86_ACPI_ADDR), cfg);
    acpi_build_fadt(base + (fadt - X86_ACPI_ADDR), cfg, dsdt);
    acpi_build_sdt(base + (xsdt - X86_ACPI_ADDR), true, tables, 2);
    acpi_build_sdt(base + (rsdt - X86_ACPI_ADDR), false, tables, 2);
    acpi_build_rsdp(base, rsdt, xsdt);
    *rsdp_out = rsdp;
    return true;
}
