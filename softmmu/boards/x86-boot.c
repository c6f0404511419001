/*
 * x86-boot.c: bzImage and PVH loading, boot_params, e820, page tables, GDT
 * (see x86-boot.h for the layout and the protocol references).
 */
#include "common.h"
#include "softmmu/boards/x86-boot.h"
#include <elf.h>

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

void x86_ram_split(uint64_t size, X86Ram *ram)
{
    ram->low = size < X86_LOWMEM_MAX ? size : X86_LOWMEM_MAX;
    ram->high = size - ram->low;
}

uint8_t *x86_ram_ptr(const X86Ram *ram, uint64_t addr, uint64_t len)
{
    if (addr < ram->low && len <= ram->low - addr) {
        return ram->host + addr;
    }
    if (addr >= X86_4G && addr - X86_4G < ram->high && len <= ram->high - (addr - X86_4G)) {
        return ram->host + ram->low + (addr - X86_4G);
    }
    return NULL;
}

unsigned x86_build_e820(const X86Ram *ram, E820Entry *out, unsigned max)
{
    E820Entry e[5];
    unsigned n = 0;

    e[n++] = (E820Entry){ 0, X86_EBDA_START, E820_RAM };
    e[n++] = (E820Entry){ X86_EBDA_START, 0xa0000 - X86_EBDA_START, E820_RESERVED };
    /* the ACPI tables and the MP table live in the old BIOS area */
    e[n++] = (E820Entry){ X86_ACPI_ADDR, X86_HIMEM_START - X86_ACPI_ADDR, E820_RESERVED };
    if (ram->low > X86_HIMEM_START) {
        e[n++] = (E820Entry){ X86_HIMEM_START, ram->low - X86_HIMEM_START, E820_RAM };
    }
    if (ram->high) {
        e[n++] = (E820Entry){ X86_4G, ram->high, E820_RAM };
    }
    if (n > max) {
        n = max;
    }
    memcpy(out, e, n * sizeof(E820Entry));
    return n;
}

void x86_build_page_tables(const X86Ram *ram)
{
    uint8_t *pml4 = ram->host + X86_PML4_ADDR;
    uint8_t *pdpt = ram->host + X86_PDPT_ADDR;
    uint8_t *pd = ram->host + X86_PD_ADDR;
    const uint64_t P = 1, RW = 2, PS = 0x80;

    memset(pml4, 0, 0x6000);
    put64(pml4, X86_PDPT_ADDR | P | RW);
    for (unsigned i = 0; i < 4; i++) {
        put64(pdpt + i * 8, (X86_PD_ADDR + i * 0x1000) | P | RW);
    }
    /* 4 page directories x 512 entries x 2 MiB = the low 4 GiB */
    for (unsigned i = 0; i < 4 * 512; i++) {
        put64(pd + i * 8, ((uint64_t)i << 21) | P | RW | PS);
    }
}

/* A segment descriptor: base 0, limit 4 GiB, granularity 4 KiB. */
static uint64_t x86_flat_descriptor(uint8_t access, uint8_t flags)
{
    return 0xffffull | ((uint64_t)access << 40) | ((uint64_t)(flags | 0xf) << 48);
}

void x86_build_gdt(const X86Ram *ram)
{
    uint8_t *gdt = ram->host + X86_GDT_ADDR;

    memset(gdt, 0, X86_GDT_ENTRIES * 8);
    /* 0x10: 64-bit code (L=1, D=0); 0x18: data (D/B=1); 0x20: 32-bit code */
    put64(gdt + X86_GDT_CS64, x86_flat_descriptor(0x9b, 0xa0));
    put64(gdt + X86_GDT_DS, x86_flat_descriptor(0x93, 0xc0));
    put64(gdt + X86_GDT_CS32, x86_flat_descriptor(0x9b, 0xc0));
}

/*
 * Where the initrd goes: as high as allowed, page aligned, above the
 * kernel.  top is the first address it may not reach.
 */
static bool x86_place_initrd(const X86Ram *ram, const X86KernelImage *img, uint64_t low,
                             uint64_t top, uint64_t *addr, GError **errp)
{
    uint64_t a;

    if (top > ram->low) {
        top = ram->low;
    }
    if (img->initrd_size > top || ROUND_DOWN(top - img->initrd_size, 4096) < low) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "initrd (%zu bytes) too large for the memory (%" PRIu64 " MiB below "
                    "0x%" PRIx64 " available after the kernel)", img->initrd_size,
                    top > low ? (top - low) >> 20 : 0, top);
        return false;
    }
    a = ROUND_DOWN(top - img->initrd_size, 4096);
    memcpy(x86_ram_ptr(ram, a, img->initrd_size), img->initrd, img->initrd_size);
    *addr = a;
    return true;
}

static bool x86_put_cmdline(const X86Ram *ram, const char *cmdline, uint32_t max,
                            GError **errp)
{
    size_t len = cmdline ? strlen(cmdline) : 0;

    if (len + 1 > max) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "kernel command line too long (%zu bytes, the kernel takes %u)",
                    len, max - 1);
        return false;
    }
    memset(ram->host + X86_CMDLINE_ADDR, 0, X86_CMDLINE_MAX);
    if (len) {
        memcpy(ram->host + X86_CMDLINE_ADDR, cmdline, len);
    }
    return true;
}

static void x86_common_tables(const X86Ram *ram, X86BootEntry *entry)
{
    x86_build_gdt(ram);
    x86_build_page_tables(ram);
    entry->gdt_base = X86_GDT_ADDR;
    entry->gdt_limit = X86_GDT_ENTRIES * 8 - 1;
    entry->cr3 = X86_PML4_ADDR;
}

bool x86_load_bzimage(const X86Ram *ram, const X86KernelImage *img,
                      X86BootEntry *entry, GError **errp)
{
    const uint8_t *k = img->kernel;
    uint8_t *bp = ram->host + X86_BOOT_PARAMS_ADDR;
    unsigned setup_sects, hdr_end, n;
    uint16_t version;
    uint32_t cmdline_size, initrd_max, init_size;
    uint64_t setup_size, payload_size, initrd_addr = 0;
    E820Entry e820[BP_E820_MAX];

    if (img->kernel_size < 0x264 || get32(k + BP_HEADER_MAGIC) != BP_HDRS_MAGIC) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "not a bzImage (no \"HdrS\" setup header)");
        return false;
    }
    version = get16(k + BP_VERSION);
    if (version < 0x20c || !(k[BP_XLOADFLAGS] & BP_XLF_KERNEL_64)) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "bzImage has no 64-bit entry point (boot protocol %u.%02u, "
                    "2.12 with XLF_KERNEL_64 needed)", version >> 8, version & 0xff);
        return false;
    }
    if (!(k[BP_LOADFLAGS] & BP_LOADED_HIGH)) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "zImage (not loaded high) not supported");
        return false;
    }
    setup_sects = k[BP_SETUP_SECTS] ? k[BP_SETUP_SECTS] : 4;
    setup_size = (uint64_t)(setup_sects + 1) * 512;
    if (setup_size >= img->kernel_size) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "bzImage truncated (setup is %" PRIu64
                    " bytes, file %zu)", setup_size, img->kernel_size);
        return false;
    }
    payload_size = img->kernel_size - setup_size;
    /*
     * syssize rounds the protected-mode part up to 16 bytes; a file cut
     * short would otherwise boot into garbage (0 means "not given").
     */
    if (payload_size + 15 < (uint64_t)get32(k + BP_SYSSIZE) * 16) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "bzImage truncated (the kernel after the setup is "
                    "%" PRIu64 " bytes, the file holds %" PRIu64 ")",
                    (uint64_t)get32(k + BP_SYSSIZE) * 16, payload_size);
        return false;
    }
    init_size = get32(k + BP_INIT_SIZE);
    if (init_size < payload_size) {
        init_size = payload_size;
    }
    if (X86_KERNEL_LOAD_ADDR + init_size > ram->low) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "kernel needs %u MiB at 1 MiB, more than the "
                    "memory below 4 GiB", (unsigned)(init_size >> 20) + 1);
        return false;
    }
    memcpy(ram->host + X86_KERNEL_LOAD_ADDR, k + setup_size, payload_size);

    /* boot_params: zeroed, then the setup header copied from the image */
    memset(bp, 0, BP_SIZE);
    hdr_end = BP_JUMP + 2 + k[BP_JUMP + 1];
    if (hdr_end > BP_E820_TABLE || hdr_end > setup_size) {
        hdr_end = BP_INIT_SIZE + 4;
    }
    memcpy(bp + BP_HDR, k + BP_HDR, hdr_end - BP_HDR);

    put16(bp + BP_VID_MODE, 0xffff);            /* "normal" */
    bp[BP_TYPE_OF_LOADER] = 0xff;               /* undefined boot loader */
    bp[BP_LOADFLAGS] = (k[BP_LOADFLAGS] & BP_LOADED_HIGH);
    put32(bp + BP_CODE32_START, X86_KERNEL_LOAD_ADDR);

    cmdline_size = version >= 0x206 ? get32(k + BP_CMDLINE_SIZE) + 1 : 256;
    if (cmdline_size > X86_CMDLINE_MAX) {
        cmdline_size = X86_CMDLINE_MAX;
    }
    if (!x86_put_cmdline(ram, img->cmdline, cmdline_size, errp)) {
        return false;
    }
    put32(bp + BP_CMD_LINE_PTR, X86_CMDLINE_ADDR);
    put32(bp + BP_EXT_CMD_LINE_PTR, 0);
    put64(bp + BP_ACPI_RSDP_ADDR, img->rsdp_addr);

    if (img->initrd) {
        initrd_max = get32(k + BP_INITRD_ADDR_MAX);
        if (!x86_place_initrd(ram, img, X86_KERNEL_LOAD_ADDR + init_size,
                              (uint64_t)initrd_max + 1, &initrd_addr, errp)) {
            return false;
        }
        put32(bp + BP_RAMDISK_IMAGE, initrd_addr);
        put32(bp + BP_RAMDISK_SIZE, img->initrd_size);
    }

    n = x86_build_e820(ram, e820, BP_E820_MAX);
    bp[BP_E820_ENTRIES] = n;
    memcpy(bp + BP_E820_TABLE, e820, n * sizeof(E820Entry));

    x86_common_tables(ram, entry);
    entry->mode = X86_ENTRY_LINUX64;
    entry->rip = X86_KERNEL_LOAD_ADDR + 0x200;
    entry->rsi = X86_BOOT_PARAMS_ADDR;
    entry->rbx = 0;
    return true;
}

/* Find the PVH entry note in one PT_NOTE segment. */
static bool x86_pvh_note(const uint8_t *p, uint64_t len, uint32_t *entry)
{
    while (len >= 12) {
        uint32_t namesz = get32(p), descsz = get32(p + 4), type = get32(p + 8);
        uint64_t nsz = ROUND_UP((uint64_t)namesz, 4), dsz = ROUND_UP((uint64_t)descsz, 4);
        if (12 + nsz + dsz > len) {
            return false;
        }
        if (type == XEN_ELFNOTE_PHYS32_ENTRY && namesz == 4 &&
            !memcmp(p + 12, "Xen", 4) && descsz >= 4) {
            *entry = get32(p + 12 + nsz);
            return true;
        }
        p += 12 + nsz + dsz;
        len -= 12 + nsz + dsz;
    }
    return false;
}

bool x86_load_pvh(const X86Ram *ram, const X86KernelImage *img, X86BootEntry *entry,
                  GError **errp)
{
    const uint8_t *k = img->kernel;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)k;
    uint8_t *si = ram->host + X86_PVH_START_INFO_ADDR;
    uint64_t kernel_end = 0, initrd_addr = 0;
    uint32_t pvh_entry = 0;
    bool have_entry = false;
    E820Entry e820[8];
    unsigned n;

    if (img->kernel_size < sizeof(Elf64_Ehdr) || k[EI_CLASS] != ELFCLASS64 ||
        eh->e_machine != EM_X86_64 || eh->e_phentsize != sizeof(Elf64_Phdr) ||
        eh->e_phoff > img->kernel_size ||
        (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > img->kernel_size - eh->e_phoff) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "not an x86-64 ELF kernel");
        return false;
    }
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(k + eh->e_phoff) + i;
        uint8_t *dst;
        if (ph->p_type != PT_LOAD && ph->p_type != PT_NOTE) {
            continue;
        }
        if (ph->p_offset > img->kernel_size || ph->p_filesz > img->kernel_size - ph->p_offset) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "ELF kernel: segment %u outside the file", i);
            return false;
        }
        if (ph->p_type == PT_NOTE) {
            if (!have_entry) {
                have_entry = x86_pvh_note(k + ph->p_offset, ph->p_filesz, &pvh_entry);
            }
            continue;
        }
        dst = ph->p_paddr >= X86_HIMEM_START && ph->p_memsz >= ph->p_filesz
              ? x86_ram_ptr(ram, ph->p_paddr, ph->p_memsz) : NULL;
        if (!dst) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "ELF kernel: segment %u at 0x%" PRIx64
                        " (+0x%" PRIx64 ") not in RAM above 1 MiB", i, (uint64_t)ph->p_paddr,
                        (uint64_t)ph->p_memsz);
            return false;
        }
        memcpy(dst, k + ph->p_offset, ph->p_filesz);
        memset(dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
        if (ph->p_paddr + ph->p_memsz > kernel_end) {
            kernel_end = ph->p_paddr + ph->p_memsz;
        }
    }
    if (!have_entry) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "ELF kernel without a PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY)");
        return false;
    }
    if (!x86_put_cmdline(ram, img->cmdline, X86_CMDLINE_MAX, errp)) {
        return false;
    }
    if (img->initrd && !x86_place_initrd(ram, img, ROUND_UP(kernel_end, 4096), X86_4G,
                                         &initrd_addr, errp)) {
        return false;
    }

    /* hvm_start_info at +0, one modlist entry at +0x40, memmap at +0x80 */
    memset(si, 0, 0x1000);
    put32(si + 0, HVM_START_MAGIC);
    put32(si + 4, 1);                           /* version */
    put32(si + 12, img->initrd ? 1 : 0);        /* nr_modules */
    put64(si + 16, img->initrd ? X86_PVH_START_INFO_ADDR + 0x40 : 0);
    put64(si + 24, X86_CMDLINE_ADDR);
    put64(si + 32, img->rsdp_addr);             /* rsdp_paddr, 0: no ACPI */
    put64(si + 40, X86_PVH_START_INFO_ADDR + 0x80);
    if (img->initrd) {
        put64(si + 0x40, initrd_addr);
        put64(si + 0x48, img->initrd_size);
    }
    n = x86_build_e820(ram, e820, ARRAY_SIZE(e820));
    put32(si + 48, n);
    for (unsigned i = 0; i < n; i++) {
        /* hvm_memmap_table_entry: addr, size, type, reserved (24 bytes) */
        put64(si + 0x80 + i * 24, e820[i].addr);
        put64(si + 0x88 + i * 24, e820[i].size);
        put32(si + 0x90 + i * 24, e820[i].type);
        put32(si + 0x94 + i * 24, 0);
    }

    x86_common_tables(ram, entry);
    entry->mode = X86_ENTRY_PVH32;
    entry->rip = pvh_entry;
    entry->rbx = X86_PVH_START_INFO_ADDR;
    entry->rsi = 0;
    return true;
}

bool x86_load_kernel(const X86Ram *ram, const X86KernelImage *img, X86BootEntry *entry,
                     GError **errp)
{
    if (img->kernel_size >= 4 && !memcmp(img->kernel, ELFMAG, SELFMAG)) {
        return x86_load_pvh(ram, img, entry, errp);
    }
    if (img->kernel_size >= 0x206 && get32(img->kernel + BP_HEADER_MAGIC) == BP_HDRS_MAGIC) {
        return x86_load_bzimage(ram, img, entry, errp);
    }
    g_set_error(errp, CROSSEMU_ERROR, 0, "not a bzImage or a PVH ELF kernel");
    return false;
}
