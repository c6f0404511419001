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

#include <signal.h>

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
    uint64_t entry;         /* the program's entry (AT_ENTRY) */
    uint64_t start_pc;      /* where the guest starts: the interpreter's entry, or entry */
    uint64_t interp_base;   /* AT_BASE: the interpreter's load bias, 0 without one */
    uint64_t phdr;          /* guest address of the program headers, or 0 */
    uint64_t phnum, phent;
    uint64_t start_brk;     /* first byte after the highest segment, page aligned */
    uint64_t start_code, end_code, start_data, end_data;
    bool exec_stack;        /* PT_GNU_STACK has PF_X (or is absent and the arch says so) */
    uint64_t stack_limit;   /* lowest address of the stack mapping */
    uint64_t stack_top;     /* highest address + 1 of the stack mapping */
    uint64_t sp;            /* initial stack pointer (argc) */
    uint64_t random_addr;   /* AT_RANDOM's 16 bytes */
    uint64_t auxv_addr, auxv_len;   /* the auxv on the stack (/proc/self/auxv) */
    uint64_t execfn_addr;
} ImageInfo;

struct UserSiginfo;
struct UserSigAction;

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
    /* Signal frames (linux-user/<arch>/signal.c): push a frame and enter the handler. */
    bool (*setup_frame)(CPUCommon *cpu, int gsig, const struct UserSiginfo *info,
                        const struct UserSigAction *ka, uint64_t oldmask);
    /* rt_sigreturn: restore the interrupted context; returns USER_SYSRET_NOREG. */
    int64_t (*sigreturn)(CPUCommon *cpu);
    /* A rewound syscall that must not restart: make it return guest_ret instead. */
    void (*syscall_no_restart)(CPUCommon *cpu, int64_t guest_ret);
    /* A thread created by clone: child's return value 0, new stack and TLS. */
    void (*clone_regs)(CPUCommon *child, uint64_t newsp, uint64_t tls, bool settls);
    uint64_t (*get_sp)(CPUCommon *cpu);

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
    char **emu_argv;        /* crossemu's own command line, for execve of foreign programs */
    int emu_nopts;          /* emu_argv[1 .. emu_nopts-1] are the options */
    bool binfmt;            /* started by binfmt_misc: foreign programs are exec'd by the kernel */
    char **guest_argv;      /* /proc/self/cmdline */
    int guest_argc;
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
/* Call fn for every run of pages with the same flags (unmapped runs skipped), lowest first. */
void user_walk_mappings(void (*fn)(uint64_t start, uint64_t end, unsigned flags, void *opaque),
                        void *opaque);
void user_brk_range(uint64_t *start, uint64_t *end);
/* The mmap lock across fork: 0 take it before, 1 release in the parent, 2 reset in the child. */
void user_mmap_lock_for_fork(int step);
/*
 * tb_lock across fork (translate/tb.c; declared here until translate/tb.h
 * carries them): take before, release in the parent, reset in the child.
 */
void tb_fork_prepare(void);
void tb_fork_parent(void);
void tb_fork_child(void);

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
/* The same, placing an ET_DYN image at the first free address at or above dyn_hint. */
bool elf_load_at(const ElfImage *img, const TargetInfo *t, uint64_t dyn_hint, ImageInfo *info,
                 GError **errp);
void elf_image_free(ElfImage *img);
/* Open, parse and load the program and its interpreter (-L prefix applies to the latter). */
bool elf_load_file(const char *path, const TargetInfo *t, ImageInfo *info, GError **errp);
/* The same from an open descriptor, which it takes over (closes). */
bool elf_load_fd(int fd, const TargetInfo *t, ImageInfo *info, GError **errp);

/* ---- stack.c ---- */

/* Map the stack and build argc/argv/envp/auxv as Linux does; fills info->sp. */
bool user_build_stack(const TargetInfo *t, CPUCommon *cpu, ImageInfo *info,
                      char **argv, char **envp, const char *execfn, GError **errp);

/* ---- signal.c: guest signals ---- */

#define GUEST_NSIG 64
/* Bit of guest signal n (1..64) in a guest sigset held as a host uint64_t. */
#define GSIG_BIT(n) (1ull << ((n) - 1))

/* Guest action values and flags, in the host's meaning (the ABI layer maps the bits). */
#define GUEST_SIG_DFL 0
#define GUEST_SIG_IGN 1

/* What kind of information a siginfo carries (which member of its union). */
typedef enum UserSiKind {
    USER_SI_KILL,       /* pid, uid (kill, tkill, SI_USER) */
    USER_SI_QUEUE,      /* pid, uid, value (sigqueue, mq) */
    USER_SI_TIMER,      /* tid, overrun, value (POSIX timers) */
    USER_SI_CHLD,       /* pid, uid, status, utime, stime */
    USER_SI_FAULT,      /* addr (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) */
    USER_SI_POLL,       /* band, fd */
    USER_SI_SYS,        /* call_addr, syscall, arch */
} UserSiKind;

/* A guest siginfo, guest signal number, host-independent. */
typedef struct UserSiginfo {
    int signo, err, code;
    UserSiKind kind;
    int pid, uid, status, tid, overrun, fd, syscall_nr;
    uint32_t arch;
    int64_t utime, stime, band;
    uint64_t addr, value;
} UserSiginfo;

/* A guest sigaction; flags are host SA_* bits, mask a guest sigset. */
typedef struct UserSigAction {
    uint64_t handler, flags, restorer, mask;
} UserSigAction;

/*
 * One guest thread (cpu->opaque, and user_thread on its host thread).
 * pending holds signals the host handler took for this thread: each is kept
 * blocked on the host until delivered, so further instances queue in the
 * host kernel, not here.
 */
typedef struct UserThread {
    CPUCommon *cpu;
    int tid;
    uint64_t sigmask;                   /* guest signals blocked */
    uint64_t pending;                   /* atomic: taken from the host, not delivered */
    UserSiginfo pending_info[GUEST_NSIG + 1];
    bool in_sigsuspend;                 /* sigmask is temporary: restore saved_mask */
    uint64_t saved_mask;
    uint64_t ss_sp, ss_size;            /* sigaltstack */
    int ss_flags;
    uint64_t clear_child_tid;           /* set_tid_address / CLONE_CHILD_CLEARTID */
    uint64_t robust_list;
    bool syscall_restart;               /* the cpu loop rewound the pc onto the syscall */
} UserThread;

extern __thread UserThread *user_thread;
extern UserSigAction user_sigact[GUEST_NSIG + 1];

/* Guest SS_* flags (the same on every Linux ABI). */
enum { USER_SS_ONSTACK = 1, USER_SS_DISABLE = 2, USER_SS_AUTODISARM = 1 << 31 };

/* A syscall result that means "registers already set" (rt_sigreturn). */
#define USER_SYSRET_NOREG ((int64_t)-4097)
/* A syscall interrupted by a signal that should be restarted if the handler says so. */
#define USER_ERESTARTSYS ((int64_t)-4098)

/* Start-up: host handlers, the main thread's state. */
void user_signal_init(void);
UserThread *user_thread_new(CPUCommon *cpu);
/* Install ts as this host thread's guest thread. */
void user_thread_attach(UserThread *ts);

/* Guest <-> host signal numbers; 0: no such signal on the other side. */
int user_sig_to_host(int gsig);
int user_sig_to_guest(int hsig);
/* A guest sigset as a host sigset and back. */
void user_sigset_to_host(uint64_t gset, sigset_t *hset);
uint64_t user_sigset_from_host(const sigset_t *hset);
/* Set the guest mask of this thread (SIGKILL/SIGSTOP dropped) and mirror it on the host. */
void user_set_sigmask(uint64_t gmask);
/* Install a guest action (the syscall layer checked the arguments). */
void user_set_sigaction(int gsig, const UserSigAction *act);

/* A synchronous fault of this thread: queue it (forced like the kernel's force_sig). */
void user_queue_fault(CPUCommon *cpu, int gsig, int code, uint64_t addr);
/* Deliver every deliverable pending signal (run guest handlers, or default actions). */
void user_deliver_signals(CPUCommon *cpu);
/* Whether a signal is pending and deliverable now (sigsuspend and friends). */
bool user_signal_pending(void);
/* Write a guest siginfo (the guest ABI's layout) at host pointer p. */
void user_store_siginfo(void *p, const UserSiginfo *si);
/* A host siginfo as a guest one. */
void user_siginfo_from_host(UserSiginfo *gi, const siginfo_t *hi);
/* Where a signal frame of `size` bytes goes (aligned by the caller), SA_ONSTACK considered. */
uint64_t user_sigframe_sp(CPUCommon *cpu, const UserSigAction *ka, uint64_t sp);
/* uc_stack contents for a frame, and restoring them at sigreturn. */
void user_save_altstack(uint64_t sp, uint64_t *ss_sp, int *ss_flags, uint64_t *ss_size);
void user_restore_altstack(uint64_t ss_sp, int ss_flags, uint64_t ss_size, uint64_t cur_sp);
int64_t user_do_sigaltstack(uint64_t new_sp, int new_flags, uint64_t new_size, bool set,
                            uint64_t cur_sp);

/* The host signal behind the last EXCP_SEGV on this thread (SIGSEGV or SIGBUS). */
extern __thread int user_fault_signal;
/* The guest dies of guest signal `gsig`, as the real kernel would kill it. */
void user_force_sig(int gsig) NORETURN;
/* Flush everything before the process ends (stdio, log). */
void user_flush_all(void);
/* Common handling of the exceptions every guest maps to signals; false if not one. */
bool user_handle_common_exception(CPUCommon *cpu, int excp);

/* ---- thread.c ---- */

/* clone: arguments already in the generic order (flags, newsp, ptid, ctid, tls). */
int64_t user_clone(CPUCommon *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                   uint64_t ctid, uint64_t tls);
void user_exit_thread(CPUCommon *cpu, int status) NORETURN;
void user_exit_group(int status) NORETURN;
/* A descriptor of the emulator's own (log, vfork pipe) that guest close calls leave alone. */
bool user_fd_is_private(int fd);
/* Those descriptors, lowest first; returns how many (at most 2). */
unsigned user_private_fds(int fds[2]);

/* ---- execve.c ---- */

/* execve of a guest path with host argv/envp strings; returns -errno on failure. */
int64_t user_execve(const char *guest_path, char **argv, char **envp);

/* ---- proc.c: /proc files that must show the guest's view ---- */

/* An fd for an emulated /proc file, -ENOENT-like negative errno, or 1 if not emulated. */
int user_proc_open(const char *path, int flags);

/* ---- path.c ---- */

/* The host path for a guest path: -L prefix, /proc/self/exe.  Returns p or a new string in *tofree. */
const char *user_path(const char *p, char **tofree);

/* ---- syscalls/syscall.c ---- */

void syscall_init(const GuestABI *abi);
/* Run guest syscall nr; returns the guest result (-guest_errno on failure). */
int64_t do_syscall(CPUCommon *cpu, uint64_t nr, const uint64_t args[6]);

#endif
