/*
 * arch.c: the guest architectures crossemu-binfmt knows, and the exact ELF
 * magic and mask that make binfmt_misc hand their executables to
 * crossemu-<arch>.
 *
 * The compared bytes are the first 20 of the ELF header (values from the ELF
 * gABI and each processor supplement):
 *   0-3   "\x7fELF"                        compared
 *   4     EI_CLASS: 1 = 32-bit, 2 = 64-bit compared
 *   5     EI_DATA: 1 = little, 2 = big     compared
 *   6     EI_VERSION = 1                   compared
 *   7-15  OS ABI, ABI version, padding     ignored (Linux binaries say 0 or 3)
 *   16-17 e_type                           ET_EXEC (2) or ET_DYN (3): low bit ignored
 *   18-19 e_machine, in the file's order   compared
 * so relocatable objects and core files are never run, and the byte order of
 * the two 16-bit fields follows EI_DATA.
 */
#include "common.h"
#include "binfmt.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>     /* ElfW: the host's own ELF class */
#include <unistd.h>

/* The architecture this tool was built for runs its binaries natively. */
#if defined(__aarch64__)
#define HOST_AARCH64 1
#elif defined(__arm__)
#define HOST_ARM 1
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_RISCV64 1
#elif defined(__riscv) && __riscv_xlen == 32
#define HOST_RISCV32 1
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define HOST_PPC64LE 1
#elif defined(__powerpc64__)
#define HOST_PPC64 1
#elif defined(__powerpc__)
#define HOST_PPC 1
#elif defined(__sparc__) && defined(__arch64__)
#define HOST_SPARC64 1
#endif

#ifndef HOST_AARCH64
#define HOST_AARCH64 0
#endif
#ifndef HOST_ARM
#define HOST_ARM 0
#endif
#ifndef HOST_RISCV64
#define HOST_RISCV64 0
#endif
#ifndef HOST_RISCV32
#define HOST_RISCV32 0
#endif
#ifndef HOST_PPC64LE
#define HOST_PPC64LE 0
#endif
#ifndef HOST_PPC64
#define HOST_PPC64 0
#endif
#ifndef HOST_PPC
#define HOST_PPC 0
#endif
#ifndef HOST_SPARC64
#define HOST_SPARC64 0
#endif

const BfArch bf_arches[] = {
    { "aarch64",     ELFCLASS64, ELFDATA2LSB, EM_AARCH64,     HOST_AARCH64 },
    { "arm",         ELFCLASS32, ELFDATA2LSB, EM_ARM,         HOST_ARM },
    { "riscv64",     ELFCLASS64, ELFDATA2LSB, EM_RISCV,       HOST_RISCV64 },
    { "riscv32",     ELFCLASS32, ELFDATA2LSB, EM_RISCV,       HOST_RISCV32 },
    { "ppc64le",     ELFCLASS64, ELFDATA2LSB, EM_PPC64,       HOST_PPC64LE },
    { "ppc64",       ELFCLASS64, ELFDATA2MSB, EM_PPC64,       HOST_PPC64 },
    { "ppc",         ELFCLASS32, ELFDATA2MSB, EM_PPC,         HOST_PPC },
    /* A sparc64 kernel runs 32-bit SPARC binaries too, but crossemu does not care. */
    { "sparc64",     ELFCLASS64, ELFDATA2MSB, EM_SPARCV9,     HOST_SPARC64 },
    { "sparc32plus", ELFCLASS32, ELFDATA2MSB, EM_SPARC32PLUS, 0 },
    { "sparc",       ELFCLASS32, ELFDATA2MSB, EM_SPARC,       0 },
};
const size_t bf_narches = ARRAY_SIZE(bf_arches);

const BfArch *bf_arch_find(const char *name)
{
    for (size_t i = 0; i < bf_narches; i++) {
        if (strcmp(bf_arches[i].name, name) == 0) {
            return &bf_arches[i];
        }
    }
    return NULL;
}

static void put16(uint8_t *p, uint16_t v, bool be)
{
    p[be ? 1 : 0] = (uint8_t)v;
    p[be ? 0 : 1] = (uint8_t)(v >> 8);
}

void bf_arch_magic(const BfArch *a, uint8_t *magic, uint8_t *mask)
{
    bool be = a->elf_data == ELFDATA2MSB;

    memset(magic, 0, BF_MAGIC_LEN);
    memset(mask, 0, BF_MAGIC_LEN);
    memcpy(magic, ELFMAG, SELFMAG);
    memset(mask, 0xff, SELFMAG);
    magic[EI_CLASS] = a->elf_class;
    magic[EI_DATA] = a->elf_data;
    magic[EI_VERSION] = EV_CURRENT;
    mask[EI_CLASS] = mask[EI_DATA] = mask[EI_VERSION] = 0xff;
    /* ET_EXEC = 2 and ET_DYN = 3 differ only in bit 0. */
    put16(magic + 16, ET_EXEC, be);
    put16(mask + 16, 0xfffe, be);
    put16(magic + 18, a->machine, be);
    put16(mask + 18, 0xffff, be);
}

char *bf_escape_bytes(const uint8_t *b, size_t n)
{
    GString *s = g_string_sized_new(n * 4 + 1);

    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(s, "\\x%02x", b[i]);
    }
    return g_string_free(s, FALSE);
}

bool bf_arch_matches(const BfArch *a, unsigned offset, const uint8_t *magic,
                     const uint8_t *mask, size_t len)
{
    uint8_t sample[128], m[BF_MAGIC_LEN], k[BF_MAGIC_LEN];

    /* A minimal executable of this architecture: our magic, zeros after it. */
    memset(sample, 0, sizeof(sample));
    bf_arch_magic(a, m, k);
    memcpy(sample, m, BF_MAGIC_LEN);
    if (len == 0 || offset + len > sizeof(sample)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if ((sample[offset + i] & mask[i]) != magic[i]) {
            return false;
        }
    }
    return true;
}

/* Host-native ELF only (the interpreter is a host program). */
int bf_elf_is_static(const char *path)
{
    ElfW(Ehdr) eh;
    ElfW(Phdr) ph;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int ret = -1;

    if (fd < 0) {
        return -1;
    }
    if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
        memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_phentsize != sizeof(ph)) {
        goto out;
    }
    ret = 1;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) !=
            (ssize_t)sizeof(ph)) {
            ret = -1;
            break;
        }
        if (ph.p_type == PT_INTERP) {
            ret = 0;
            break;
        }
    }
out:
    close(fd);
    return ret;
}
