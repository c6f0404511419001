/*
 * x86-boot.h: loading an x86 kernel into guest RAM.
 *
 * Two entry paths, picked from the file's contents:
 *  - a Linux bzImage: the x86 boot protocol's direct 64-bit entry
 *    (Documentation/arch/x86/boot.rst, "64-bit Boot Protocol"): the
 *    protected-mode kernel at 1 MiB, boot_params ("zero page") with the
 *    setup header, the e820 map, the command line and the initrd, an
 *    identity map of the low 4 GiB, a GDT with __BOOT_CS = 0x10 and
 *    __BOOT_DS = 0x18, entry at load address + 0x200 with rsi = boot_params;
 *  - an ELF kernel with a XEN_ELFNOTE_PHYS32_ENTRY note (PVH): 32-bit
 *    protected mode, paging off, ebx = hvm_start_info.
 *
 * Everything here only writes guest RAM and fills an X86BootEntry; the
 * accelerator turns that into CPU registers.  The functions are pure so
 * that tests/kvm/test-x86-boot.c can check the bytes.
 *
 * Fixed guest-physical layout of the boot data (all below 1 MiB):
 */
#ifndef BOARDS_X86_BOOT_H
#define BOARDS_X86_BOOT_H

#include "common.h"

#define X86_GDT_ADDR            0x0500ull
#define X86_PVH_START_INFO_ADDR 0x6000ull   /* hvm_start_info, modlist, memmap */
#define X86_BOOT_PARAMS_ADDR    0x7000ull
#define X86_PML4_ADDR           0x9000ull   /* PML4, PDPT, then 4 PDs: to 0xefff */
#define X86_PDPT_ADDR           0xa000ull
#define X86_PD_ADDR             0xb000ull
#define X86_CMDLINE_ADDR        0x20000ull
#define X86_CMDLINE_MAX         0x10000u
#define X86_ACPI_ADDR           0xe0000ull  /* RSDP, RSDT, XSDT, FADT, MADT, DSDT */
#define X86_ACPI_END            0xf0000ull
#define X86_MPTABLE_ADDR        0xf0000ull
#define X86_EBDA_START          0x9fc00ull
#define X86_KERNEL_LOAD_ADDR    0x100000ull
#define X86_HIMEM_START         0x100000ull
#define X86_4G                  0x100000000ull
/* The board's RAM below 4 GiB ends here at most; MMIO lives above. */
#define X86_LOWMEM_MAX          0xc0000000ull

#define X86_GDT_CS64    0x10
#define X86_GDT_DS      0x18
#define X86_GDT_CS32    0x20
#define X86_GDT_ENTRIES 5

/* boot_params offsets (arch/x86/include/uapi/asm/bootparam.h) */
#define BP_ACPI_RSDP_ADDR     0x070     /* boot protocol 2.14 */
#define BP_EXT_RAMDISK_IMAGE  0x0c0
#define BP_EXT_RAMDISK_SIZE   0x0c4
#define BP_EXT_CMD_LINE_PTR   0x0c8
#define BP_E820_ENTRIES       0x1e8
#define BP_HDR                0x1f1     /* setup_header starts here */
#define BP_SETUP_SECTS        0x1f1
#define BP_SYSSIZE            0x1f4     /* protected-mode part, 16-byte units */
#define BP_VID_MODE           0x1fa
#define BP_BOOT_FLAG          0x1fe
#define BP_JUMP               0x200
#define BP_HEADER_MAGIC       0x202
#define BP_VERSION            0x206
#define BP_TYPE_OF_LOADER     0x210
#define BP_LOADFLAGS          0x211
#define BP_CODE32_START       0x214
#define BP_RAMDISK_IMAGE      0x218
#define BP_RAMDISK_SIZE       0x21c
#define BP_HEAP_END_PTR       0x224
#define BP_CMD_LINE_PTR       0x228
#define BP_INITRD_ADDR_MAX    0x22c
#define BP_KERNEL_ALIGNMENT   0x230
#define BP_RELOCATABLE        0x234
#define BP_XLOADFLAGS         0x236
#define BP_CMDLINE_SIZE       0x238
#define BP_PREF_ADDRESS       0x258
#define BP_INIT_SIZE          0x260
#define BP_E820_TABLE         0x2d0
#define BP_E820_MAX           128
#define BP_SIZE               0x1000

#define BP_LOADED_HIGH  0x01
#define BP_XLF_KERNEL_64 0x01
#define BP_HDRS_MAGIC   0x53726448u     /* "HdrS" */

#define E820_RAM      1
#define E820_RESERVED 2

typedef struct E820Entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed)) E820Entry;

/* PVH (xen/include/public/arch-x86/hvm/start_info.h) */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC 0x336ec578u

typedef enum X86EntryMode {
    X86_ENTRY_LINUX64,      /* long mode, paging on, rsi = boot_params */
    X86_ENTRY_PVH32,        /* protected mode, paging off, ebx = start_info */
} X86EntryMode;

typedef struct X86BootEntry {
    X86EntryMode mode;
    uint64_t rip;
    uint64_t rsi;
    uint64_t rbx;
    uint64_t cr3;
    uint64_t gdt_base;
    uint16_t gdt_limit;
} X86BootEntry;

/*
 * Guest RAM as the board laid it out: one host buffer; guest [0, low) is
 * host [0, low), guest [4G, 4G + high) is host [low, low + high).
 */
typedef struct X86Ram {
    uint8_t *host;
    uint64_t low;
    uint64_t high;
} X86Ram;

void x86_ram_split(uint64_t size, X86Ram *ram);
/* Host pointer for guest [addr, addr+len) or NULL. */
uint8_t *x86_ram_ptr(const X86Ram *ram, uint64_t addr, uint64_t len);

/* The e820 map of a board with this RAM; returns the entry count. */
unsigned x86_build_e820(const X86Ram *ram, E820Entry *out, unsigned max);
/* Identity map of the low 4 GiB with 2 MiB pages at X86_PML4_ADDR. */
void x86_build_page_tables(const X86Ram *ram);
void x86_build_gdt(const X86Ram *ram);

typedef struct X86KernelImage {
    const uint8_t *kernel;
    size_t kernel_size;
    const uint8_t *initrd;  /* may be NULL */
    size_t initrd_size;
    const char *cmdline;    /* may be NULL */
    uint64_t rsdp_addr;     /* ACPI RSDP handed to the kernel, 0: none */
} X86KernelImage;

/* Loads a bzImage or a PVH ELF, whichever img->kernel is. */
bool x86_load_kernel(const X86Ram *ram, const X86KernelImage *img,
                     X86BootEntry *entry, GError **errp);
bool x86_load_bzimage(const X86Ram *ram, const X86KernelImage *img,
                      X86BootEntry *entry, GError **errp);
bool x86_load_pvh(const X86Ram *ram, const X86KernelImage *img,
                  X86BootEntry *entry, GError **errp);

/* MP table (Intel MultiProcessor Specification 1.4) for nr_cpus CPUs. */
typedef struct X86MpConfig {
    unsigned nr_cpus;
    uint32_t ioapic_addr;
    uint32_t lapic_addr;
    uint32_t cpu_signature;     /* CPUID.1:EAX */
    uint32_t cpu_features;      /* CPUID.1:EDX */
} X86MpConfig;
bool x86_build_mptable(const X86Ram *ram, const X86MpConfig *cfg, GError **errp);

/*
 * ACPI tables (x86-acpi.c), hardware-reduced ACPI 6.0, at X86_ACPI_ADDR
 * (inside the BIOS area that operating systems scan for "RSD PTR "):
 * RSDP at +0 (revision 2), RSDT at +0x40, XSDT at +0x80, FADT at +0xc0,
 * then the MADT and the DSDT, 16-byte aligned.  The DSDT holds \_S5_,
 * the processor devices (ACPI0007), the UART (PNP0501) and the
 * virtio-mmio transports (LNRO0005, Linux's virtio_mmio ACPI id).
 */
#define X86_ACPI_OEM_ID       "CRSEMU"
#define X86_ACPI_OEM_TABLE_ID "MICROVM "
#define X86_ACPI_CREATOR_ID   "CRSE"
#define X86_ACPI_SLP_TYP_S5   5
#define X86_ACPI_MAX_VIRTIO   16

typedef struct X86AcpiConfig {
    unsigned nr_cpus;
    uint32_t ioapic_addr;
    uint32_t lapic_addr;
    uint16_t sleep_control_port;    /* write (SLP_TYP << 2) | SLP_EN (0x20) */
    uint16_t sleep_status_port;
    uint16_t reset_port;
    uint8_t reset_value;
    bool has_i8042;
    uint16_t uart_port;             /* 0: none */
    uint8_t uart_irq;
    unsigned nr_virtio;
    struct {
        uint32_t base;
        uint32_t size;
        uint32_t irq;
    } virtio[X86_ACPI_MAX_VIRTIO];
} X86AcpiConfig;
bool x86_build_acpi(const X86Ram *ram, const X86AcpiConfig *cfg, uint64_t *rsdp_addr,
                    GError **errp);
uint8_t x86_acpi_checksum(const uint8_t *p, size_t len);
uint32_t x86_acpi_eisa_id(const char *id);
size_t x86_acpi_madt_size(unsigned nr_cpus);

#endif
