/*
 * user.h: what linux-user/ shares internally and with syscalls/.
 *
 * The guest address space: guest address a lives at host address
 * guest_base + a.  The whole guest range [0, user_va_size) is reserved on the
 * host at start-up (PROT_NONE), so every guest mapping is a MAP_FIXED inside
 * our own reservation and can never clobber a host mapping.  A page-granular
 * map of guest page flags (PAGE_*) is the truth for what the guest has mapped;
 * syscall handlers check guest buffers against it before touching them.
 *
 * One TargetInfo per executable (linux-user/<arch>/target.c) describes the
 * guest: its ELF identity, CPU, ABI tables, hwcaps and CPU loop.  Common code
 * reads only this table.
 */
#ifndef CROSSEMU_LINUX_USER_H
#define CROSSEMU_LINUX_USER_H

#include "common.h"
#include "exec.h"
#include "backend.h"
#include "syscalls/abi/abi.h"

/* Guest page flags. */
enum {
    PAGE_READ = 1,
    PAGE_WRITE = 2,
    PAGE_EXEC = 4,
    PAGE_VALID = 8,
};

/* What the loader produced; the stack builder and initial registers read it. */
typedef struct ImageInfo {
    uint64_t load_bias;     /* added to every p_vaddr (static-pie) */
    uint64_t entry;
    uint64_t phdr;          /* guest address of the program headers, or 0 */
    uint64_t phnum, phent;
    uint64_t start_brk;     /* first byte after the highest segment, page aligned */
    uint64_t start_code, end_code, start_data, end_data;
    bool exec_stack;        /* PT_GNU_STACK has PF_X (or is absent and the arch says so) */
    uint64_t stack_limit;   /* lowest address of the stack mapping */
    uint64_t stack_top;     /* highest address + 1 of the stack mapping */
    uint64_t sp;            /* initial stack pointer (argc) */
    uint64_t random_addr;   /* AT_RANDOM's 16 bytes */
    uint64_t execfn_addr;
} ImageInfo;

typedef struct TargetInfo {
    const char *name;                   /* "riscv64": the executable is crossemu-<name> */
    const GuestOps *guest_ops;
    const GuestABI *abi;
    /* ELF identity: EM_*, ELFCLASS32/64, big-endian?  elf_machine2 is an alias (0: none). */
    uint16_t elf_machine, elf_machine2;
    uint8_t elf_class;
    bool big_endian;
    unsigned va_bits;                   /* guest user address space: [0, 1 << va_bits) */
    unsigned page_size;                 /* guest page size */
    bool default_exec_stack;            /* without PT_GNU_STACK */
    const char *platform;               /* AT_PLATFORM string or NULL */
    const char *uname_machine;          /* uname -m */
    uint64_t minsigstksz;               /* AT_MINSIGSTKSZ, 0: not provided */
    const char *const *cpu_models;      /* NULL-terminated; the first is the default */
    uint64_t (*hwcap)(CPUCommon *cpu);
    uint64_t (*hwcap2)(CPUCommon *cpu); /* NULL: no AT_HWCAP2 */
    /* Allocate and reset a CPU of the given model (one of cpu_models). */
    CPUCommon *(*cpu_create)(const char *model);
    /* Registers at the ELF entry point (pc, sp, whatever the ABI passes). */
    void (*init_regs)(CPUCommon *cpu, const ImageInfo *info);
    /* Run the guest; returns only through exit or death. */
    void (*cpu_loop)(CPUCommon *cpu) NORETURN;
} TargetInfo;

/* The one guest this executable emulates (linux-user/<arch>/target.c). */
extern const TargetInfo user_target;

/* Process-wide state set up by main. */
typedef struct UserProcess {
    char *exe_path;         /* absolute host path of the program (/proc/self/exe) */
    char *ld_prefix;        /* -L / QEMU_LD_PREFIX, or NULL */
    uint64_t stack_size;
    bool have_seed;
    GRand *seed_rand;       /* -seed: deterministic AT_RANDOM and getrandom */
    ImageInfo image;
} UserProcess;
extern UserProcess user_proc;

/* ---- mmap.c: the guest address space ---- */

extern uint64_t user_va_size;       /* guest addresses are < this */
extern unsigned user_page_size;     /* guest page size (== host page size for now) */

static inline void *g2h(uint64_t addr) { return (void *)(uintptr_t)(guest_base + addr); }
static inline uint64_t h2g(const void *p) { return (uint64_t)((uintptr_t)p - guest_base); }

/* Reserve the guest range; lowest_addr is the lowest guest address the program needs. */
bool user_mem_init(unsigned va_bits, uint64_t lowest_addr, GError **errp);
unsigned user_page_flags(uint64_t addr);
/* Whether every page of [addr, addr+len) is mapped with all of `flags`. len 0: true. */
bool user_access_ok(uint64_t addr, uint64_t len, unsigned flags);
/* Find len bytes of free guest space aligned to align, at or above hint; -1 if none. */
uint64_t user_find_free(uint64_t len, uint64_t hint, uint64_t align);
/*
 * The guest's mmap family.  flags are host MAP_* bits (the ABI layer
 * translated them); results are guest addresses or -errno.
 */
int64_t user_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset);
int64_t user_munmap(uint64_t addr, uint64_t len);
int64_t user_mprotect(uint64_t addr, uint64_t len, int prot);
int64_t user_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags,
                    uint64_t new_addr);
uint64_t user_brk(uint64_t new_brk);
void user_brk_init(uint64_t start);

/* Copy a NUL-terminated guest string (at most max bytes with the NUL). NULL + *err on failure. */
char *user_strdup(uint64_t addr, size_t max, int *err);
/* Checked copies: false if the guest range is not accessible. */
bool user_copy_from(void *dst, uint64_t src, size_t len);
bool user_copy_to(uint64_t dst, const void *src, size_t len);

/* ---- elfload.c ---- */

/* A validated ELF executable, normalized to 64-bit fields. */
typedef struct ElfPhdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
} ElfPhdr;

typedef struct ElfImage {
    int fd;
    uint64_t file_size;
    uint16_t type;
    uint64_t entry, phoff;
    unsigned phnum, phentsize;
    ElfPhdr *phdrs;
    uint64_t lo, hi;        /* page-aligned span of the PT_LOAD segments (before bias) */
    uint64_t max_align;
    char *interp;           /* PT_INTERP, or NULL */
    int stack_flags;        /* PT_GNU_STACK p_flags, or -1 */
} ElfImage;

/* Parse and validate: every offset and size is checked against the file. */
bool elf_parse(int fd, const TargetInfo *t, uint64_t va_size, ElfImage *img, GError **errp);
/* Map the segments into the guest (user_mem_init done) and fill info. */
bool elf_load(const ElfImage *img, const TargetInfo *t, ImageInfo *info, GError **errp);
void elf_image_free(ElfImage *img);
/* Open, parse and load: the whole of the loader for a static program. */
bool elf_load_file(const char *path, const TargetInfo *t, ImageInfo *info, GError **errp);

/* ---- stack.c ---- */

/* Map the stack and build argc/argv/envp/auxv as Linux does; fills info->sp. */
bool user_build_stack(const TargetInfo *t, CPUCommon *cpu, ImageInfo *info,
                      char **argv, char **envp, const char *execfn, GError **errp);

/* ---- signal.c ---- */

void user_signal_init(void);
/* The host signal behind the last EXCP_SEGV on this thread (SIGSEGV or SIGBUS). */
extern __thread int user_fault_signal;
/* The guest dies of host signal `sig`, as the real kernel would kill it. */
void user_force_sig(int sig) NORETURN;
/* Flush everything before the process ends (stdio, log). */
void user_flush_all(void);
/* Common handling of the exceptions every guest maps to signals; false if not one. */
bool user_handle_common_exception(CPUCommon *cpu, int excp);

/* ---- path.c ---- */

/* The host path for a guest path: -L prefix, /proc/self/exe.  Returns p or a new string in *tofree. */
const char *user_path(const char *p, char **tofree);

/* ---- syscalls/syscall.c ---- */

void syscall_init(const GuestABI *abi);
/* Run guest syscall nr; returns the guest result (-guest_errno on failure). */
int64_t do_syscall(CPUCommon *cpu, uint64_t nr, const uint64_t args[6]);

#endif
