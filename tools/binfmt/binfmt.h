/*
 * binfmt.h: crossemu-binfmt, registration of crossemu-<arch> with the
 * kernel's binfmt_misc.  See docs/user/binfmt.md.
 *
 *   arch.c     the guest architectures: ELF magic and mask of each
 *   kernel.c   /proc/sys/fs/binfmt_misc: mount, register, read, remove
 *   persist.c  files read at boot: systemd binfmt.d and binfmt-support
 *   main.c     the command line
 */
#ifndef BINFMT_H
#define BINFMT_H

/* Exit statuses (documented in docs/user/binfmt.md). */
enum {
    BF_EXIT_OK = 0,
    BF_EXIT_FAIL = 1,       /* environment: permission, no binfmt_misc, kernel refused */
    BF_EXIT_USAGE = 2,      /* bad command line */
    BF_EXIT_STATE = 3,      /* already registered / not registered */
};

/* The bytes binfmt_misc compares: e_ident, e_type and e_machine. */
#define BF_MAGIC_LEN 20

typedef struct BfArch {
    const char *name;       /* as users type it, and crossemu-<name> */
    uint8_t elf_class;      /* ELFCLASS32 = 1, ELFCLASS64 = 2 */
    uint8_t elf_data;       /* ELFDATA2LSB = 1, ELFDATA2MSB = 2 */
    uint16_t machine;       /* e_machine */
    bool is_host;           /* the host runs these natively: never registered */
} BfArch;

/* ---- arch.c ---- */
extern const BfArch bf_arches[];
extern const size_t bf_narches;
const BfArch *bf_arch_find(const char *name);
/* magic and mask, BF_MAGIC_LEN bytes each. */
void bf_arch_magic(const BfArch *a, uint8_t *magic, uint8_t *mask);
/* "\x7f\x45..." as binfmt_misc and the format files take it. */
char *bf_escape_bytes(const uint8_t *b, size_t n);
/*
 * Whether an entry with (offset, magic, mask) would claim an executable of
 * architecture a (a sample ET_EXEC header is tested against it).
 */
bool bf_arch_matches(const BfArch *a, unsigned offset, const uint8_t *magic,
                     const uint8_t *mask, size_t len);
/* Whether the ELF file at path has no PT_INTERP (statically linked); -1 if unreadable. */
int bf_elf_is_static(const char *path);

/* ---- kernel.c ---- */
#define BF_DEFAULT_DIR "/proc/sys/fs/binfmt_misc"

typedef struct BfEntry {
    bool enabled;
    char *interpreter;
    char *flags;            /* the letters, "" if none */
    unsigned offset;
    uint8_t magic[128], mask[128];
    size_t magic_len;       /* mask is all 0xff when the entry has none */
    bool is_magic;          /* type M (E entries match by extension) */
} BfEntry;

/*
 * Make sure binfmt_misc is usable at dir.  mount_it: try to mount it (only
 * at the standard place, as root).  false + message on stderr if not.
 */
bool bf_kernel_ready(const char *dir, bool mount_it);
bool bf_kernel_exists(const char *dir, const char *name);
/* Read /dir/name; false if absent or unreadable (errno set). */
bool bf_kernel_read(const char *dir, const char *name, BfEntry *e);
void bf_entry_free(BfEntry *e);
/* Write a registration line; false + errno. */
bool bf_kernel_register(const char *dir, const char *line);
/* Remove /dir/name ("-1"); false + errno. */
bool bf_kernel_remove(const char *dir, const char *name);
/* Names of every entry in dir (not register, status), sorted; NULL-terminated. */
char **bf_kernel_list(const char *dir);
/* "enabled" / "disabled" of dir/status, or NULL. */
char *bf_kernel_global_status(const char *dir);

/* ---- persist.c ---- */
typedef struct BfPersist {
    char *systemd_path;     /* <destdir>/etc/binfmt.d/<name>.conf */
    char *support_path;     /* <destdir>/usr/share/binfmts/<name> */
} BfPersist;

void bf_persist_paths(const char *destdir, const char *name, BfPersist *p);
void bf_persist_free(BfPersist *p);
/* Write both files (atomically each); on failure neither is left. */
bool bf_persist_write(const BfPersist *p, const char *line, const char *interpreter,
                      const char *magic_esc, const char *mask_esc, const char *flags);
/* Remove both; missing files are not an error.  false + message on failure. */
bool bf_persist_remove(const BfPersist *p);
bool bf_persist_exists(const BfPersist *p);

#endif
