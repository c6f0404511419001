/*
 * elfload.c: load an ELF executable (static, static-pie, PIE or dynamic with
 * its PT_INTERP interpreter) into the guest address space.
 *
 * The file is never trusted: it is read with pread (no mmap of the file),
 * every offset and size is checked against the file size and the guest
 * address space with overflow-safe arithmetic before use, and every failure
 * is a one-line GError (the caller prints "crossemu-<arch>: file: problem").
 * Both ELF classes and byte orders are parsed, so later 32-bit and
 * big-endian guests use the same code; what a guest accepts comes from its
 * TargetInfo.
 */
#include "common.h"
#include "user.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ELF constants (System V ABI, "ELF Header" and "Program Header"). */
enum { EI_CLASS = 4, EI_DATA = 5, EI_NIDENT = 16 };
enum { ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2 };
enum { ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4 };
enum {
    PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6, PT_TLS = 7,
    PT_GNU_STACK = 0x6474e551,
};
enum { PF_X = 1, PF_W = 2, PF_R = 4 };

/* Linux refuses program header tables larger than this; so do we. */
#define MAX_PHDR_BYTES 65536
/* Alignment beyond this is ignored for placing static-pie programs. */
#define MAX_LOAD_ALIGN (1ull << 30)

/* Field offsets of the ELF header and program header, per class. */
typedef struct ElfClassLayout {
    unsigned ehsize, phsize;
    unsigned e_entry, e_phoff, e_phentsize, e_phnum, addr_size;
    unsigned p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz, p_align;
} ElfClassLayout;

static const ElfClassLayout elf32_layout = {
    .ehsize = 52, .phsize = 32,
    .e_entry = 24, .e_phoff = 28, .e_phentsize = 42, .e_phnum = 44, .addr_size = 4,
    .p_type = 0, .p_offset = 4, .p_vaddr = 8, .p_filesz = 16, .p_memsz = 20,
    .p_flags = 24, .p_align = 28,
};

static const ElfClassLayout elf64_layout = {
    .ehsize = 64, .phsize = 56,
    .e_entry = 24, .e_phoff = 32, .e_phentsize = 54, .e_phnum = 56, .addr_size = 8,
    .p_type = 0, .p_flags = 4, .p_offset = 8, .p_vaddr = 16, .p_filesz = 32, .p_memsz = 40,
    .p_align = 48,
};

static const struct {
    uint16_t machine;
    const char *name;
} elf_machine_names[] = {
    { 2, "SPARC" }, { 3, "i386" }, { 8, "MIPS" }, { 18, "SPARC32PLUS" },
    { 20, "PowerPC" }, { 21, "PowerPC64" }, { 22, "S/390" }, { 40, "ARM" },
    { 43, "SPARC V9" }, { 62, "x86-64" }, { 183, "AArch64" }, { 243, "RISC-V" },
    { 258, "LoongArch" },
};

static const char *machine_name(uint16_t m)
{
    for (size_t i = 0; i < ARRAY_SIZE(elf_machine_names); i++) {
        if (elf_machine_names[i].machine == m) {
            return elf_machine_names[i].name;
        }
    }
    return "unknown";
}

static uint64_t rd(const uint8_t *p, unsigned size, bool be)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v = (v << 8) | p[be ? i : size - 1 - i];
    }
    return v;
}

/* pread all of len bytes at off; false on a short read (truncated file) or error. */
static bool pread_full(int fd, void *buf, size_t len, uint64_t off)
{
    uint8_t *b = buf;

    while (len) {
        ssize_t n = pread(fd, b, len, (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n == 0) {
                errno = 0;
            }
            return false;
        }
        b += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return true;
}

#define ELF_ERR(...) g_set_error(errp, CROSSEMU_ERROR, 0, __VA_ARGS__)

bool elf_parse(int fd, const TargetInfo *t, uint64_t va_size, ElfImage *img, GError **errp)
{
    uint8_t eh[64];
    const ElfClassLayout *L;
    struct stat st;
    ssize_t n;
    bool be;
    uint64_t phbytes, prev_end = 0;
    unsigned nload = 0;
    uint8_t *ph = NULL;
    uint16_t machine;

    memset(img, 0, sizeof(*img));
    img->fd = fd;
    img->stack_flags = -1;

    if (fstat(fd, &st) != 0) {
        ELF_ERR("%s", g_strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        ELF_ERR("%s", g_strerror(EISDIR));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        ELF_ERR("not a regular file");
        return false;
    }
    img->file_size = (uint64_t)st.st_size;

    do {
        n = pread(fd, eh, sizeof(eh), 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        ELF_ERR("%s", g_strerror(errno));
        return false;
    }
    if (n < 4 || memcmp(eh, "\177ELF", 4) != 0) {
        ELF_ERR("not an ELF file");
        return false;
    }
    if (n < EI_NIDENT) {
        ELF_ERR("truncated ELF header");
        return false;
    }
    if (eh[EI_CLASS] != ELFCLASS32 && eh[EI_CLASS] != ELFCLASS64) {
        ELF_ERR("corrupt ELF: invalid class %u", eh[EI_CLASS]);
        return false;
    }
    if (eh[EI_DATA] != ELFDATA2LSB && eh[EI_DATA] != ELFDATA2MSB) {
        ELF_ERR("corrupt ELF: invalid data encoding %u", eh[EI_DATA]);
        return false;
    }
    if (eh[EI_CLASS] != t->elf_class) {
        ELF_ERR("wrong ELF class: %s program, crossemu-%s runs %s programs",
                eh[EI_CLASS] == ELFCLASS64 ? "64-bit" : "32-bit", t->name,
                t->elf_class == ELFCLASS64 ? "64-bit" : "32-bit");
        return false;
    }
    be = eh[EI_DATA] == ELFDATA2MSB;
    if (be != t->big_endian) {
        ELF_ERR("wrong endianness: %s program, crossemu-%s runs %s programs",
                be ? "big-endian" : "little-endian", t->name,
                t->big_endian ? "big-endian" : "little-endian");
        return false;
    }
    L = eh[EI_CLASS] == ELFCLASS64 ? &elf64_layout : &elf32_layout;
    if ((size_t)n < L->ehsize) {
        ELF_ERR("truncated ELF header");
        return false;
    }
    machine = (uint16_t)rd(eh + 18, 2, be);
    if (machine != t->elf_machine && (t->elf_machine2 == 0 || machine != t->elf_machine2)) {
        ELF_ERR("wrong architecture: %s program (ELF machine %u), crossemu-%s runs %s (%u)",
                machine_name(machine), machine, t->name, machine_name(t->elf_machine),
                t->elf_machine);
        return false;
    }
    img->type = (uint16_t)rd(eh + 16, 2, be);
    if (img->type != ET_EXEC && img->type != ET_DYN) {
        ELF_ERR("not an executable (ELF type %s)",
                img->type == ET_REL ? "ET_REL, an object file" :
                img->type == ET_CORE ? "ET_CORE, a core dump" : "unknown");
        return false;
    }
    img->entry = rd(eh + L->e_entry, L->addr_size, be);
    img->phoff = rd(eh + L->e_phoff, L->addr_size, be);
    img->phentsize = (unsigned)rd(eh + L->e_phentsize, 2, be);
    img->phnum = (unsigned)rd(eh + L->e_phnum, 2, be);

    if (img->phentsize != L->phsize) {
        ELF_ERR("corrupt ELF: bad program header size %u (expected %u)", img->phentsize,
                L->phsize);
        return false;
    }
    if (img->phnum == 0) {
        ELF_ERR("corrupt ELF: no program headers");
        return false;
    }
    phbytes = (uint64_t)img->phnum * img->phentsize;
    if (phbytes > MAX_PHDR_BYTES) {
        ELF_ERR("corrupt ELF: too many program headers (%u)", img->phnum);
        return false;
    }
    if (img->phoff > img->file_size || phbytes > img->file_size - img->phoff) {
        ELF_ERR("truncated ELF: program headers past end of file");
        return false;
    }
    ph = g_malloc(phbytes);
    if (!pread_full(fd, ph, phbytes, img->phoff)) {
        ELF_ERR("truncated ELF: cannot read program headers%s%s", errno ? ": " : "",
                errno ? g_strerror(errno) : "");
        g_free(ph);
        return false;
    }
    img->phdrs = g_new0(ElfPhdr, img->phnum);
    img->lo = UINT64_MAX;
    img->max_align = 1;
    for (unsigned i = 0; i < img->phnum; i++) {
        const uint8_t *p = ph + (size_t)i * L->phsize;
        ElfPhdr *h = &img->phdrs[i];

        h->type = (uint32_t)rd(p + L->p_type, 4, be);
        h->flags = (uint32_t)rd(p + L->p_flags, 4, be);
        h->offset = rd(p + L->p_offset, L->addr_size, be);
        h->vaddr = rd(p + L->p_vaddr, L->addr_size, be);
        h->filesz = rd(p + L->p_filesz, L->addr_size, be);
        h->memsz = rd(p + L->p_memsz, L->addr_size, be);
        h->align = rd(p + L->p_align, L->addr_size, be);

        if (h->type == PT_GNU_STACK) {
            img->stack_flags = (int)h->flags;
        }
        if (h->type == PT_INTERP && !img->interp) {
            char *s;
            if (h->filesz < 2 || h->filesz > 4096 || h->offset > img->file_size ||
                h->filesz > img->file_size - h->offset) {
                ELF_ERR("corrupt ELF: bad PT_INTERP");
                goto fail;
            }
            s = g_malloc(h->filesz + 1);
            if (!pread_full(fd, s, h->filesz, h->offset)) {
                g_free(s);
                ELF_ERR("truncated ELF: cannot read PT_INTERP");
                goto fail;
            }
            s[h->filesz] = 0;
            img->interp = s;
        }
        if (h->type != PT_LOAD) {
            continue;
        }
        if (h->filesz > h->memsz) {
            ELF_ERR("corrupt ELF: segment %u: file size larger than memory size", i);
            goto fail;
        }
        if (h->offset > img->file_size || h->filesz > img->file_size - h->offset) {
            ELF_ERR("truncated ELF: segment %u: data past end of file", i);
            goto fail;
        }
        if (h->vaddr + h->memsz < h->vaddr) {
            ELF_ERR("corrupt ELF: segment %u: address range overflows", i);
            goto fail;
        }
        if (h->vaddr + h->memsz > va_size) {
            ELF_ERR("corrupt ELF: segment %u: address 0x%" PRIx64 "-0x%" PRIx64
                    " outside the guest address space", i, h->vaddr, h->vaddr + h->memsz);
            goto fail;
        }
        if (h->memsz == 0) {
            continue;
        }
        /* The ELF spec requires PT_LOAD entries sorted by p_vaddr; overlap is corruption. */
        if (nload && h->vaddr < prev_end) {
            ELF_ERR("corrupt ELF: segment %u overlaps or precedes the previous one", i);
            goto fail;
        }
        prev_end = h->vaddr + h->memsz;
        nload++;
        img->lo = MIN(img->lo, ROUND_DOWN(h->vaddr, (uint64_t)t->page_size));
        img->hi = MAX(img->hi, ROUND_UP(prev_end, (uint64_t)t->page_size));
        if (h->align > img->max_align && h->align <= MAX_LOAD_ALIGN &&
            (h->align & (h->align - 1)) == 0) {
            img->max_align = h->align;
        }
    }
    if (nload == 0) {
        ELF_ERR("corrupt ELF: no loadable segments");
        goto fail;
    }
    if (img->hi > va_size || img->hi <= img->lo) {
        ELF_ERR("corrupt ELF: segments outside the guest address space");
        goto fail;
    }
    g_free(ph);
    return true;

fail:
    g_free(ph);
    elf_image_free(img);
    return false;
}

void elf_image_free(ElfImage *img)
{
    g_free(img->phdrs);
    g_free(img->interp);
    img->phdrs = NULL;
    img->interp = NULL;
}

static int seg_prot(uint32_t pflags)
{
    return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
           ((pflags & PF_X) ? PROT_EXEC : 0);
}

bool elf_load(const ElfImage *img, const TargetInfo *t, ImageInfo *info, GError **errp)
{
    /* A PIE goes where Linux's ELF_ET_DYN_BASE puts it: two thirds of the address space. */
    return elf_load_at(img, t, user_va_size / 3 * 2, info, errp);
}

bool elf_load_at(const ElfImage *img, const TargetInfo *t, uint64_t dyn_hint, ImageInfo *info,
                 GError **errp)
{
    const uint64_t ps = t->page_size;
    uint64_t span = img->hi - img->lo, bias = 0, base;
    uint64_t prev_page_end = 0, prev_last_page = UINT64_MAX, max_end = 0;
    int prev_prot = 0;
    int64_t r;

    memset(info, 0, sizeof(*info));
    if (img->type == ET_DYN) {
        /* A PIE or an interpreter: at the first free place from the hint, aligned as asked. */
        uint64_t align = MAX(img->max_align, ps);
        base = user_find_free(span, ROUND_UP(dyn_hint, align), align);
        if (base == (uint64_t)-1) {
            ELF_ERR("no room for the program in the guest address space");
            return false;
        }
        bias = base - img->lo;
    } else {
        base = img->lo;
    }
    if (base + span > user_va_size || base + span < base) {
        ELF_ERR("corrupt ELF: segments outside the guest address space");
        return false;
    }

    /* One writable anonymous span, filled with pread, then per-segment protections. */
    r = user_mmap(base, span, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (r < 0) {
        ELF_ERR("cannot map the program at 0x%" PRIx64 ": %s", base, g_strerror((int)-r));
        return false;
    }
    info->start_code = UINT64_MAX;
    info->start_data = UINT64_MAX;
    for (unsigned i = 0; i < img->phnum; i++) {
        const ElfPhdr *h = &img->phdrs[i];
        uint64_t v, start, end;
        int prot;

        if (h->type != PT_LOAD || h->memsz == 0) {
            continue;
        }
        v = h->vaddr + bias;
        if (h->filesz && !pread_full(img->fd, g2h(v), h->filesz, h->offset)) {
            ELF_ERR("truncated ELF: cannot read segment %u%s%s", i, errno ? ": " : "",
                    errno ? g_strerror(errno) : "");
            return false;
        }
        prot = seg_prot(h->flags);
        start = ROUND_DOWN(v, ps);
        end = ROUND_UP(v + h->memsz, ps);
        /* Pages between segments are not part of the image. */
        if (prev_page_end && start > prev_page_end) {
            user_munmap(prev_page_end, start - prev_page_end);
        }
        /* A page shared with the previous segment gets both protections. */
        if (start == prev_last_page) {
            user_mprotect(start, ps, prot | prev_prot);
            if (end > start + ps) {
                user_mprotect(start + ps, end - start - ps, prot);
            }
        } else {
            user_mprotect(start, end - start, prot);
        }
        prev_page_end = end;
        prev_last_page = end - ps;
        prev_prot = prot;
        max_end = MAX(max_end, v + h->memsz);
        if (h->flags & PF_X) {
            info->start_code = MIN(info->start_code, v);
            info->end_code = MAX(info->end_code, v + h->filesz);
        } else {
            info->start_data = MIN(info->start_data, v);
            info->end_data = MAX(info->end_data, v + h->filesz);
        }
    }

    info->load_bias = bias;
    info->entry = img->entry + bias;
    info->phnum = img->phnum;
    info->phent = img->phentsize;
    /* AT_PHDR: PT_PHDR if present, else the loaded bytes that hold e_phoff. */
    for (unsigned i = 0; i < img->phnum; i++) {
        const ElfPhdr *h = &img->phdrs[i];
        if (h->type == PT_PHDR) {
            info->phdr = h->vaddr + bias;
            break;
        }
    }
    if (!info->phdr) {
        uint64_t phbytes = (uint64_t)img->phnum * img->phentsize;
        for (unsigned i = 0; i < img->phnum; i++) {
            const ElfPhdr *h = &img->phdrs[i];
            if (h->type == PT_LOAD && img->phoff >= h->offset &&
                img->phoff - h->offset <= h->filesz &&
                phbytes <= h->filesz - (img->phoff - h->offset)) {
                info->phdr = h->vaddr + bias + (img->phoff - h->offset);
                break;
            }
        }
    }
    info->exec_stack = img->stack_flags >= 0 ? (img->stack_flags & PF_X) != 0
                                             : t->default_exec_stack;
    info->start_brk = ROUND_UP(max_end, ps);
    return true;
}

/* Open and parse one ELF file; on failure errp names the problem (not the path). */
static bool open_and_parse(const char *path, const TargetInfo *t, ElfImage *img, GError **errp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        ELF_ERR("%s", g_strerror(errno));
        return false;
    }
    if (!elf_parse(fd, t, (uint64_t)1 << t->va_bits, img, errp)) {
        close(fd);
        return false;
    }
    return true;
}

static void close_image(ElfImage *img)
{
    if (img->fd >= 0) {
        close(img->fd);
        img->fd = -1;
    }
    elf_image_free(img);
}

/*
 * The dynamic linker of a PT_INTERP program: looked up under the -L prefix
 * (user_path), parsed, and loaded where mmap would put it.  Linux enters the
 * interpreter, which finds the program through AT_PHDR/AT_ENTRY and maps the
 * libraries itself; AT_BASE tells it where it was loaded.
 */
static bool load_interp(const char *interp, const TargetInfo *t, ImageInfo *info, GError **errp)
{
    char *tofree;
    const char *hpath = user_path(interp, &tofree);
    ElfImage ii;
    ImageInfo iinfo;
    GError *err = NULL;
    bool ok;

    if (!open_and_parse(hpath, t, &ii, &err)) {
        if (user_proc.ld_prefix && !tofree) {
            ELF_ERR("interpreter %s: %s (looked for %s%s and %s)", interp, err->message,
                    user_proc.ld_prefix, interp, interp);
        } else {
            ELF_ERR("interpreter %s: %s (looked for %s%s)", interp, err->message, hpath,
                    user_proc.ld_prefix ? "" : "; a foreign sysroot is given with -L");
        }
        g_error_free(err);
        g_free(tofree);
        return false;
    }
    g_free(tofree);
    if (ii.interp) {
        ELF_ERR("interpreter %s: itself has an interpreter", interp);
        close_image(&ii);
        return false;
    }
    /* Linux maps an ET_EXEC interpreter at its own addresses, an ET_DYN one by mmap. */
    ok = elf_load_at(&ii, t, 0, &iinfo, &err);
    close_image(&ii);
    if (!ok) {
        ELF_ERR("interpreter %s: %s", interp, err->message);
        g_error_free(err);
        return false;
    }
    /* AT_BASE: where the interpreter's address 0 landed. */
    info->interp_base = iinfo.load_bias;
    info->start_pc = iinfo.entry;
    return true;
}

bool elf_load_file(const char *path, const TargetInfo *t, ImageInfo *info, GError **errp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        ELF_ERR("%s", g_strerror(errno));
        return false;
    }
    return elf_load_fd(fd, t, info, errp);
}

/* binfmt_misc's O flag hands over the program already open (AT_EXECFD): it may be unreadable. */
bool elf_load_fd(int fd, const TargetInfo *t, ImageInfo *info, GError **errp)
{
    ElfImage img;
    bool ok = false;

    if (!elf_parse(fd, t, (uint64_t)1 << t->va_bits, &img, errp)) {
        close(fd);
        return false;
    }
    if (!user_mem_init(t->va_bits, img.type == ET_EXEC ? img.lo : UINT64_MAX, errp)) {
        goto out;
    }
    if (!elf_load(&img, t, info, errp)) {
        goto out;
    }
    info->start_pc = info->entry;
    if (img.interp) {
        ok = load_interp(img.interp, t, info, errp);
    } else {
        ok = true;
    }
out:
    close_image(&img);
    return ok;
}
