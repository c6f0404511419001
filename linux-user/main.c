/*
 * main.c: crossemu-<arch>, the user-mode emulator's command line.
 *
 *   crossemu-<arch> [options] program [arguments...]
 *
 * Options are QEMU's (the ones scripts, binfmt_misc registrations and build
 * systems use), with QEMU's environment variables as defaults.  Option parsing
 * stops at the first argument that is not an option, or after "--".  Every
 * set-up error is one line "crossemu-<arch>: <what>: <problem>" and exit 1.
 */
#include "common.h"
#include "user.h"
#include "log.h"
#include "linux-user/crossemu-version.h"
#include "gdb-user.h"

#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <unistd.h>

typedef struct Options {
    const char *backend;
    const char *cpu_model;
    const char *argv0;
    uint64_t code_size;
    GPtrArray *env_set;     /* "var=value" */
    GPtrArray *env_unset;   /* "var" */
    const char *gdb;        /* -g: where to wait for gdb, or NULL */
} Options;

static void NORETURN die(const char *fmt, ...) PRINTF_FMT(1, 2);
static void die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: ", crossemu_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: %s [options] program [arguments...]\n"
        "Linux CPU emulator (compiled for %s emulation)\n"
        "\n"
        "Options and associated environment variables:\n"
        "\n"
        "-h, -help                print this help and exit\n"
        "-version                 display version information and exit\n"
        "-L path         QEMU_LD_PREFIX     set the guest path prefix (sysroot)\n"
        "-s size         QEMU_STACK_SIZE    set the guest stack size in bytes (suffixes k, M, G)\n"
        "-cpu model      QEMU_CPU           select the CPU (-cpu help for the list)\n"
        "-E var=value    QEMU_SET_ENV       set a variable in the guest environment\n"
        "-U var          QEMU_UNSET_ENV     remove a variable from the guest environment\n"
        "-0 argv0        QEMU_ARGV0         pass argv0 as the program's argv[0]\n"
        "-R size         QEMU_RESERVED_VA   (not supported yet)\n"
        "-d item[,...]   QEMU_LOG           log the given items (-d help for the list)\n"
        "-D logfile      QEMU_LOG_FILENAME  write the log to logfile (default stderr)\n"
        "-strace         QEMU_STRACE        log system calls (same as -d strace)\n"
        "-one-insn-per-tb QEMU_ONE_INSN_PER_TB translate one instruction per block\n"
        "-singlestep                        alias of -one-insn-per-tb\n"
        "-perfmap        CROSSEMU_PERFMAP   write /tmp/perf-<pid>.map naming generated code\n"
        "-accel tcg[,backend=jit|interp][,tb-size=MiB]\n"
        "                CROSSEMU_BACKEND   choose the code generator\n"
        "-seed number    QEMU_RAND_SEED     seed the guest's random numbers (AT_RANDOM, getrandom)\n"
        "-g port         QEMU_GDB           wait for gdb on a TCP port (or unix:path) first\n"
        "-B address      QEMU_GUEST_BASE    (not supported)\n",
        crossemu_progname, user_target.name);
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    uint64_t v;

    errno = 0;
    v = g_ascii_strtoull(s, &end, 0);
    if (errno || end == s) {
        return false;
    }
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end) {
        return false;
    }
    *out = v;
    return true;
}

static void set_log_items(const char *items)
{
    GError *err = NULL;
    unsigned mask;

    if (strcmp(items, "help") == 0) {
        log_print_help(stdout);
        exit(0);
    }
    if (!log_parse_mask(items, &mask, &err)) {
        die("%s", err->message);
    }
    log_mask |= mask;
}

static void set_cpu(Options *o, const char *model)
{
    const char *const *m;

    if (strcmp(model, "help") == 0) {
        printf("Available CPUs:\n");
        for (m = user_target.cpu_models; *m; m++) {
            printf("  %s\n", *m);
        }
        exit(0);
    }
    for (m = user_target.cpu_models; *m; m++) {
        if (strcmp(*m, model) == 0) {
            o->cpu_model = *m;
            return;
        }
    }
    die("-cpu %s: unknown CPU model (-cpu help for the list)", model);
}

static void set_accel(Options *o, const char *spec)
{
    gchar **parts = g_strsplit(spec, ",", -1);

    if (!parts[0] || strcmp(parts[0], "tcg") != 0) {
        die("-accel %s: only the tcg accelerator exists in user mode", spec);
    }
    for (gchar **p = parts + 1; *p; p++) {
        if (g_str_has_prefix(*p, "backend=")) {
            o->backend = g_strdup(*p + strlen("backend="));
        } else if (g_str_has_prefix(*p, "tb-size=")) {
            uint64_t mib;
            if (!parse_size(*p + strlen("tb-size="), &mib) || mib == 0 || mib > 4096) {
                die("-accel: bad tb-size '%s'", *p + strlen("tb-size="));
            }
            o->code_size = mib << 20;
        } else if (strcmp(*p, "thread=single") == 0 || strcmp(*p, "thread=multi") == 0 ||
                   strcmp(*p, "one-insn-per-tb=on") == 0) {
            if (strcmp(*p, "one-insn-per-tb=on") == 0) {
                opt_one_insn_per_tb = true;
            }
        } else {
            die("-accel: unknown property '%s'", *p);
        }
    }
    g_strfreev(parts);
}

/* The environment variables QEMU reads, applied before the command line. */
static void parse_env(Options *o)
{
    const char *v;
    uint64_t n;

    if ((v = getenv("QEMU_LD_PREFIX"))) {
        user_proc.ld_prefix = g_strdup(v);
    }
    if ((v = getenv("QEMU_STACK_SIZE"))) {
        if (!parse_size(v, &n)) {
            die("QEMU_STACK_SIZE=%s: invalid size", v);
        }
        user_proc.stack_size = n;
    }
    if ((v = getenv("QEMU_CPU"))) {
        set_cpu(o, v);
    }
    if ((v = getenv("QEMU_LOG"))) {
        set_log_items(v);
    }
    if ((v = getenv("QEMU_LOG_FILENAME"))) {
        GError *err = NULL;
        if (!log_set_file(v, &err)) {
            die("%s", err->message);
        }
    }
    if ((v = getenv("QEMU_STRACE"))) {
        log_mask |= LOG_STRACE;
    }
    if ((v = getenv("QEMU_ONE_INSN_PER_TB")) || (v = getenv("QEMU_SINGLESTEP"))) {
        opt_one_insn_per_tb = true;
    }
    if ((v = getenv("QEMU_ARGV0"))) {
        o->argv0 = v;
    }
    if ((v = getenv("QEMU_RAND_SEED"))) {
        user_proc.have_seed = true;
        user_proc.seed_rand = g_rand_new_with_seed((guint32)g_ascii_strtoull(v, NULL, 0));
    }
    if ((v = getenv("CROSSEMU_BACKEND"))) {
        o->backend = v;
    }
    if ((v = getenv("QEMU_SET_ENV"))) {
        gchar **l = g_strsplit(v, ",", -1);
        for (gchar **p = l; *p; p++) {
            g_ptr_array_add(o->env_set, g_strdup(*p));
        }
        g_strfreev(l);
    }
    if ((v = getenv("QEMU_UNSET_ENV"))) {
        gchar **l = g_strsplit(v, ",", -1);
        for (gchar **p = l; *p; p++) {
            g_ptr_array_add(o->env_unset, g_strdup(*p));
        }
        g_strfreev(l);
    }
    if ((v = getenv("QEMU_GDB"))) {
        o->gdb = v;
    }
    if (getenv("QEMU_GUEST_BASE")) {
        die("QEMU_GUEST_BASE: choosing the guest base is not supported");
    }
}

/* Parse options; returns the index of the program argument. */
static int parse_args(Options *o, int argc, char **argv)
{
    int i = 1;

    while (i < argc) {
        const char *a = argv[i];
        const char *val = NULL;

        if (a[0] != '-') {
            break;
        }
        i++;
        if (strcmp(a, "--") == 0) {
            break;
        }
        /* QEMU accepts "--opt" as "-opt". */
        if (a[1] == '-') {
            a++;
        }
        a++;

#define NEED_ARG() do { \
            if (i >= argc) die("-%s: missing argument", a); \
            val = argv[i++]; \
        } while (0)

        if (!strcmp(a, "h") || !strcmp(a, "help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "version")) {
            printf("%s version %s\n", crossemu_progname, CROSSEMU_VERSION);
            exit(0);
        } else if (!strcmp(a, "L")) {
            NEED_ARG();
            user_proc.ld_prefix = g_strdup(val);
        } else if (!strcmp(a, "s")) {
            uint64_t n;
            NEED_ARG();
            if (!parse_size(val, &n)) {
                die("-s %s: invalid stack size", val);
            }
            user_proc.stack_size = n;
        } else if (!strcmp(a, "cpu")) {
            NEED_ARG();
            set_cpu(o, val);
        } else if (!strcmp(a, "E")) {
            NEED_ARG();
            if (!strchr(val, '=')) {
                die("-E %s: expected var=value", val);
            }
            g_ptr_array_add(o->env_set, g_strdup(val));
        } else if (!strcmp(a, "U")) {
            NEED_ARG();
            g_ptr_array_add(o->env_unset, g_strdup(val));
        } else if (!strcmp(a, "0")) {
            NEED_ARG();
            o->argv0 = val;
        } else if (!strcmp(a, "d")) {
            NEED_ARG();
            set_log_items(val);
        } else if (!strcmp(a, "D")) {
            GError *err = NULL;
            NEED_ARG();
            if (!log_set_file(val, &err)) {
                die("%s", err->message);
            }
        } else if (!strcmp(a, "strace")) {
            log_mask |= LOG_STRACE;
        } else if (!strcmp(a, "one-insn-per-tb") || !strcmp(a, "singlestep")) {
            opt_one_insn_per_tb = true;
        } else if (!strcmp(a, "perfmap")) {
            opt_perfmap = true;
        } else if (!strcmp(a, "accel")) {
            NEED_ARG();
            set_accel(o, val);
        } else if (!strcmp(a, "seed")) {
            char *end;
            uint64_t seed;
            NEED_ARG();
            seed = g_ascii_strtoull(val, &end, 0);
            if (end == val || *end) {
                die("-seed %s: invalid number", val);
            }
            user_proc.have_seed = true;
            user_proc.seed_rand = g_rand_new_with_seed((guint32)seed);
        } else if (!strcmp(a, "g")) {
            NEED_ARG();
            o->gdb = val;
        } else if (!strcmp(a, "B")) {
            NEED_ARG();
            die("-B %s: choosing the guest base is not supported", val);
        } else if (!strcmp(a, "R")) {
            NEED_ARG();
            die("-R %s: a reserved guest address space size is not supported yet", val);
        } else if (!strcmp(a, "p")) {
            uint64_t n;
            NEED_ARG();
            if (!parse_size(val, &n) || n != user_target.page_size) {
                die("-p %s: only the page size %u is supported", val, user_target.page_size);
            }
        } else {
            die("unknown option '%s' (try -help)", argv[i - 1]);
        }
#undef NEED_ARG
    }
    return i;
}

static char **build_guest_env(Options *o)
{
    char **env = g_get_environ();

    for (guint k = 0; k < o->env_set->len; k++) {
        char *s = g_ptr_array_index(o->env_set, k);
        char *eq = strchr(s, '=');
        char *name;
        if (!eq) {
            continue;
        }
        name = g_strndup(s, (gsize)(eq - s));
        env = g_environ_setenv(env, name, eq + 1, TRUE);
        g_free(name);
    }
    for (guint k = 0; k < o->env_unset->len; k++) {
        env = g_environ_unsetenv(env, g_ptr_array_index(o->env_unset, k));
    }
    return env;
}

/*
 * Started by binfmt_misc (docs/user/binfmt.md)?  Then argv is [interpreter,
 * path of the program, with P: the program's own argv[0], its arguments...]
 * and holds no crossemu options.  The kernel (5.12+) says P in AT_FLAGS
 * (bit 0, AT_FLAGS_PRESERVE_ARGV0); with O or C it passes the program open
 * in AT_EXECFD.  Without either, AT_EXECFN names the program the user ran,
 * which is then not this executable.
 */
typedef struct BinfmtStart {
    bool active;
    bool preserve_argv0;
    int execfd;             /* -1 if none */
} BinfmtStart;

static BinfmtStart binfmt_detect(void)
{
    BinfmtStart b = { .execfd = -1 };
    const char *execfn;
    struct stat a, self;
    unsigned long v;

    errno = 0;
    v = getauxval(AT_EXECFD);
    if (errno == 0) {
        b.execfd = (int)v;
        b.active = true;
    }
    if (getauxval(AT_FLAGS) & 1) {
        b.preserve_argv0 = b.active = true;
    }
    execfn = (const char *)getauxval(AT_EXECFN);
    if (!b.active && execfn && stat(execfn, &a) == 0 && stat("/proc/self/exe", &self) == 0 &&
        (a.st_dev != self.st_dev || a.st_ino != self.st_ino)) {
        b.active = true;
    }
    return b;
}

int main(int argc, char **argv)
{
    Options o = { .backend = NULL, .code_size = 256u << 20 };
    const TargetInfo *t = &user_target;
    GError *err = NULL;
    const char *prog;
    char **guest_argv, **guest_env;
    CPUCommon *cpu;
    BinfmtStart binfmt;
    int first;

    crossemu_progname = g_strdup_printf("crossemu-%s", t->name);
    o.cpu_model = t->cpu_models[0];
    o.env_set = g_ptr_array_new_with_free_func(g_free);
    o.env_unset = g_ptr_array_new_with_free_func(g_free);
    user_proc.stack_size = 8u << 20;

    binfmt = binfmt_detect();
    /* Running setuid (binfmt_misc C flag): no log files or sysroots chosen by the caller. */
    if (!getauxval(AT_SECURE)) {
        parse_env(&o);
    }
    if (binfmt.active && argc >= 2) {
        first = 1;
        user_proc.binfmt = true;
    } else {
        first = parse_args(&o, argc, argv);
    }
    if (first >= argc) {
        usage(stderr);
        exit(1);
    }
    prog = argv[first];
    user_proc.emu_argv = argv;
    user_proc.emu_nopts = first;
    /* P: argv[2] is the argv[0] the program was started with, the arguments follow. */
    if (binfmt.preserve_argv0 && user_proc.binfmt && argc >= 3) {
        o.argv0 = argv[2];
        argv[2] = argv[1];
        first = 2;
    }

    if (!translate_init(o.backend ? o.backend : "jit", o.code_size, &err)) {
        die("%s", err->message);
    }

    user_proc.exe_path = realpath(prog, NULL);
    {
        /* The kernel names a process after the file it execs: ps, /proc/self/{comm,stat,status}. */
        char *base = g_path_get_basename(prog);
        prctl(PR_SET_NAME, base, 0, 0, 0);
        g_free(base);
    }
    cpu = t->cpu_create(o.cpu_model);
    if (!(binfmt.execfd >= 0 ? elf_load_fd(binfmt.execfd, t, &user_proc.image, &err)
                             : elf_load_file(prog, t, &user_proc.image, &err))) {
        die("%s: %s", prog, err->message);
    }
    user_brk_init(user_proc.image.start_brk);

    guest_argv = g_new0(char *, argc - first + 1);
    for (int k = first; k < argc; k++) {
        guest_argv[k - first] = argv[k];
    }
    if (o.argv0) {
        guest_argv[0] = (char *)o.argv0;
    }
    guest_env = build_guest_env(&o);
    if (!user_build_stack(t, cpu, &user_proc.image, guest_argv, guest_env, prog, &err)) {
        die("%s: %s", prog, err->message);
    }
    /* Kept for /proc/self/cmdline. */
    user_proc.guest_argv = guest_argv;
    user_proc.guest_argc = argc - first;
    g_strfreev(guest_env);

    t->init_regs(cpu, &user_proc.image);
    syscall_init(t->abi);
    user_thread_attach(user_thread_new(cpu));
    user_signal_init();
    log_mask_printf(LOG_PAGE,
                    "entry 0x%" PRIx64 " sp 0x%" PRIx64 " phdr 0x%" PRIx64 " brk 0x%" PRIx64
                    " bias 0x%" PRIx64 "\n", user_proc.image.entry, user_proc.image.sp,
                    user_proc.image.phdr, user_proc.image.start_brk, user_proc.image.load_bias);
    if (o.gdb && !gdb_user_start(o.gdb, cpu, &err)) {
        die("%s", err->message);
    }
    t->cpu_loop(cpu);
}
