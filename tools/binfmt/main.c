/*
 * main.c: crossemu-binfmt, the command line.
 *
 *   crossemu-binfmt register   [--arch A...] [--flags POCF] [--persistent] [--suffix S] ...
 *   crossemu-binfmt unregister [--arch A...] [--persistent] ...
 *   crossemu-binfmt status     [--arch A...]
 *   crossemu-binfmt list       [--arch A...]     (print the lines, write nothing)
 *
 * Every command checks everything it can before it changes anything, and a
 * register that fails half-way removes what it added, so the kernel and the
 * file system are left as they were.  Exit statuses: binfmt.h, docs/user/binfmt.md.
 */
#include "common.h"
#include "binfmt.h"

#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

const char *crossemu_progname = "crossemu-binfmt";

#ifndef CROSSEMU_BINDIR
#define CROSSEMU_BINDIR "/usr/local/bin"
#endif
#ifndef CROSSEMU_VERSION_STR
#define CROSSEMU_VERSION_STR "unknown"
#endif

typedef enum BfCommand { CMD_REGISTER, CMD_UNREGISTER, CMD_STATUS, CMD_LIST } BfCommand;

typedef struct BfOptions {
    BfCommand cmd;
    GPtrArray *arches;      /* const BfArch *, in command-line order; empty: default */
    const char *flags;      /* NULL: default */
    bool persistent;
    const char *suffix;
    const char *path;       /* interpreter directory, NULL: default */
    const char *name;
    const char *dir;        /* binfmt_misc mount point */
    const char *destdir;
} BfOptions;

/* One architecture being worked on. */
typedef struct BfJob {
    const BfArch *arch;
    char *entry;            /* <name>-<arch> */
    char *interpreter;      /* absolute path */
    char *flags;
    char *line;             /* the registration line */
    char *magic_esc, *mask_esc;
    BfPersist persist;
    bool registered, persisted;     /* done by this run (for the roll back) */
} BfJob;

static void NORETURN usage_error(const char *fmt, ...) PRINTF_FMT(1, 2);
static void usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", crossemu_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try --help)\n");
    exit(BF_EXIT_USAGE);
}

static void errmsg(const char *fmt, ...) PRINTF_FMT(1, 2);
static void errmsg(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", crossemu_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: crossemu-binfmt COMMAND [options]\n"
        "Register crossemu-<arch> with the kernel's binfmt_misc, so that foreign\n"
        "Linux executables run directly, also inside foreign chroots.\n"
        "\n"
        "Commands:\n"
        "  register       register the architectures (default: every one whose\n"
        "                 interpreter crossemu-<arch> is found)\n"
        "  unregister     remove them (default: every registered one)\n"
        "  status         show the registrations and any other handler of the same\n"
        "                 binaries; exit 0 if registered, 3 if not\n"
        "  list           print the registration lines without writing anything\n"
        "\n"
        "Options:\n"
        "  --arch A[,B]   architecture(s), repeatable: ");
    for (size_t i = 0; i < bf_narches; i++) {
        fprintf(f, "%s%s%s", i ? " " : "", bf_arches[i].name,
                bf_arches[i].is_host ? "(host)" : "");
    }
    fprintf(f, "\n"
        "  --flags FLAGS  binfmt_misc flags, letters from POCF (\"\" for none):\n"
        "                 P preserve argv[0], O open the binary for the interpreter,\n"
        "                 C credentials of the binary (setuid; implies O),\n"
        "                 F open the interpreter now (works in chroots and containers).\n"
        "                 Default: POC, and F too when the interpreter is static\n"
        "  --persistent   also write /etc/binfmt.d/NAME.conf (systemd-binfmt) and\n"
        "                 /usr/share/binfmts/NAME (update-binfmts --import NAME);\n"
        "                 with unregister, remove them\n"
        "  --suffix S     interpreter file name crossemu-<arch>S, e.g. -static\n"
        "  --path DIR     directory of the interpreters (default: next to\n"
        "                 crossemu-binfmt, else %s)\n"
        "  --name NAME    entry names NAME-<arch> (default crossemu)\n"
        "  --binfmt-dir D where binfmt_misc is mounted (default %s)\n"
        "  --destdir D    root directory for the --persistent files (default /)\n"
        "  -h, --help     this help;  --version  the version\n"
        "\n"
        "Exit status: 0 done, 1 failed (permission, no binfmt_misc, kernel refused,\n"
        "missing interpreter), 2 bad command line, 3 already registered (register)\n"
        "or not registered (unregister, status).\n",
        CROSSEMU_BINDIR, BF_DEFAULT_DIR);
}

static void add_arches(BfOptions *o, const char *spec)
{
    gchar **parts = g_strsplit(spec, ",", -1);

    for (gchar **p = parts; *p; p++) {
        const BfArch *a = bf_arch_find(*p);
        if (!**p) {
            continue;
        }
        if (!a) {
            usage_error("--arch %s: unknown architecture", *p);
        }
        if (a->is_host) {
            usage_error("--arch %s: this host runs %s binaries natively", *p, *p);
        }
        /* Listed twice is the same request. */
        bool dup = false;
        for (guint i = 0; i < o->arches->len; i++) {
            dup |= g_ptr_array_index(o->arches, i) == a;
        }
        if (!dup) {
            g_ptr_array_add(o->arches, (gpointer)a);
        }
    }
    g_strfreev(parts);
}

/* "POCF" order, C implies O (the kernel does the same); a bad letter is a usage error. */
static char *normalize_flags(const char *in)
{
    bool p = false, o = false, c = false, f = false;

    for (const char *s = in; *s; s++) {
        switch (g_ascii_toupper(*s)) {
        case 'P': p = true; break;
        case 'O': o = true; break;
        case 'C': c = true; break;
        case 'F': f = true; break;
        default:
            usage_error("--flags %s: unknown flag '%c' (flags are P, O, C, F)", in, *s);
        }
    }
    if (c) {
        o = true;
    }
    return g_strdup_printf("%s%s%s%s", p ? "P" : "", o ? "O" : "", c ? "C" : "", f ? "F" : "");
}

static void parse_args(BfOptions *o, int argc, char **argv)
{
    int i = 1;
    bool have_cmd = false;

    while (i < argc) {
        const char *a = argv[i++];
        const char *val = NULL;
        char *eq = NULL;
        char *opt;

        if (a[0] != '-') {
            if (have_cmd) {
                usage_error("unexpected argument '%s'", a);
            }
            if (!strcmp(a, "register")) {
                o->cmd = CMD_REGISTER;
            } else if (!strcmp(a, "unregister")) {
                o->cmd = CMD_UNREGISTER;
            } else if (!strcmp(a, "status")) {
                o->cmd = CMD_STATUS;
            } else if (!strcmp(a, "list")) {
                o->cmd = CMD_LIST;
            } else {
                usage_error("unknown command '%s'", a);
            }
            have_cmd = true;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(BF_EXIT_OK);
        }
        if (!strcmp(a, "--version")) {
            printf("crossemu-binfmt version %s\n", CROSSEMU_VERSION_STR);
            exit(BF_EXIT_OK);
        }
        if (!strcmp(a, "--persistent")) {
            o->persistent = true;
            continue;
        }
        /* --opt=value or --opt value */
        opt = g_strdup(a);
        if ((eq = strchr(opt, '='))) {
            *eq = 0;
            val = a + (eq - opt) + 1;
        } else if (i < argc) {
            val = argv[i++];
        } else {
            usage_error("%s: missing argument", a);
        }
        if (!strcmp(opt, "--arch")) {
            add_arches(o, val);
        } else if (!strcmp(opt, "--flags")) {
            o->flags = val;
        } else if (!strcmp(opt, "--suffix")) {
            o->suffix = val;
        } else if (!strcmp(opt, "--path")) {
            o->path = val;
        } else if (!strcmp(opt, "--name")) {
            o->name = val;
        } else if (!strcmp(opt, "--binfmt-dir")) {
            o->dir = val;
        } else if (!strcmp(opt, "--destdir")) {
            o->destdir = val;
        } else {
            usage_error("unknown option '%s'", opt);
        }
        g_free(opt);
    }
    if (!have_cmd) {
        usage(stderr);
        exit(BF_EXIT_USAGE);
    }
    if (strchr(o->suffix, '/') || strchr(o->suffix, ':')) {
        usage_error("--suffix %s: must not contain '/' or ':'", o->suffix);
    }
    if (!*o->name || strchr(o->name, '/') || strchr(o->name, ':') || o->name[0] == '.' ||
        strlen(o->name) > 64) {
        usage_error("--name '%s': must be 1-64 characters without '/' or ':', "
                    "not starting with '.'", o->name);
    }
    if (o->flags && o->cmd != CMD_REGISTER && o->cmd != CMD_LIST) {
        usage_error("--flags only applies to register and list");
    }
    if (o->flags) {
        o->flags = normalize_flags(o->flags);
    }
}

/* Where the interpreters are: --path, or next to us, or the build tree, or bindir. */
static char **interpreter_dirs(const BfOptions *o)
{
    GPtrArray *dirs = g_ptr_array_new();
    char *self = g_file_read_link("/proc/self/exe", NULL);

    if (o->path) {
        char *abs = realpath(o->path, NULL);
        g_ptr_array_add(dirs, abs ? g_strdup(abs) : g_strdup(o->path));
        free(abs);
    } else {
        if (self) {
            char *d = g_path_get_dirname(self);
            /* In a build tree this program lives in <build>/tools/binfmt. */
            char *top = g_build_filename(d, "..", "..", NULL);
            char *ninja = g_build_filename(top, "build.ninja", NULL);
            g_ptr_array_add(dirs, d);
            if (access(ninja, F_OK) == 0) {
                char *abs = realpath(top, NULL);
                g_ptr_array_add(dirs, g_strdup(abs ? abs : top));
                free(abs);
            }
            g_free(top);
            g_free(ninja);
        }
        g_ptr_array_add(dirs, g_strdup(CROSSEMU_BINDIR));
    }
    g_free(self);
    g_ptr_array_add(dirs, NULL);
    return (char **)g_ptr_array_free(dirs, FALSE);
}

static char *find_interpreter(const BfOptions *o, const BfArch *a, char **dirs)
{
    char *base = g_strdup_printf("crossemu-%s%s", a->name, o->suffix);

    for (char **d = dirs; *d; d++) {
        char *p = g_build_filename(*d, base, NULL);
        if (access(p, X_OK) == 0) {
            g_free(base);
            return p;
        }
        g_free(p);
    }
    g_free(base);
    return NULL;
}

static void job_free(BfJob *j)
{
    g_free(j->entry);
    g_free(j->interpreter);
    g_free(j->flags);
    g_free(j->line);
    g_free(j->magic_esc);
    g_free(j->mask_esc);
    bf_persist_free(&j->persist);
}

static char *entry_name(const BfOptions *o, const BfArch *a)
{
    return g_strdup_printf("%s-%s", o->name, a->name);
}

static bool matches_head(const uint8_t *head, const uint8_t *magic, const uint8_t *mask)
{
    for (size_t i = 0; i < BF_MAGIC_LEN; i++) {
        if ((head[i] & mask[i]) != magic[i]) {
            return false;
        }
    }
    return true;
}

/*
 * Fill the job of one architecture for register/list: interpreter, flags,
 * line.  false + message if its interpreter is unusable.
 */
static bool prepare_job(const BfOptions *o, BfJob *j, char **dirs, bool quiet_missing)
{
    uint8_t magic[BF_MAGIC_LEN], mask[BF_MAGIC_LEN], head[BF_MAGIC_LEN];
    int st;
    FILE *f;

    j->entry = entry_name(o, j->arch);
    bf_persist_paths(o->destdir, j->entry, &j->persist);
    j->interpreter = find_interpreter(o, j->arch, dirs);
    if (!j->interpreter) {
        if (!quiet_missing) {
            char *all = g_strjoinv(", ", dirs);
            errmsg("%s: no executable crossemu-%s%s in %s", j->arch->name, j->arch->name,
                   o->suffix, all);
            g_free(all);
        }
        return false;
    }
    bf_arch_magic(j->arch, magic, mask);
    /* An interpreter its own entry would claim would loop in the kernel. */
    f = fopen(j->interpreter, "rb");
    if (!f || fread(head, 1, sizeof(head), f) != sizeof(head)) {
        errmsg("%s: cannot read it: %s", j->interpreter, f ? "too short" : g_strerror(errno));
        if (f) {
            fclose(f);
        }
        return false;
    }
    fclose(f);
    if (memcmp(head, ELFMAG, SELFMAG) != 0) {
        errmsg("%s: not an ELF executable", j->interpreter);
        return false;
    }
    if (matches_head(head, magic, mask)) {
        errmsg("%s: is itself a %s executable; it cannot be the interpreter of %s binaries",
               j->interpreter, j->arch->name, j->arch->name);
        return false;
    }
    st = bf_elf_is_static(j->interpreter);
    if (o->flags) {
        j->flags = g_strdup(o->flags);
        if (strchr(j->flags, 'F') && st == 0 && o->cmd == CMD_REGISTER) {
            fprintf(stderr, "%s: warning: %s is dynamically linked: with F it still needs the "
                    "host's shared libraries, so it will not start inside foreign chroots "
                    "(use the static build: make static, or --suffix -static)\n",
                    crossemu_progname, j->interpreter);
        }
    } else {
        j->flags = g_strdup(st == 1 ? "POCF" : "POC");
    }
    j->magic_esc = bf_escape_bytes(magic, BF_MAGIC_LEN);
    j->mask_esc = bf_escape_bytes(mask, BF_MAGIC_LEN);
    j->line = g_strdup_printf(":%s:M:0:%s:%s:%s:%s", j->entry, j->magic_esc, j->mask_esc,
                              j->interpreter, j->flags);
    return true;
}

/* The architectures a command works on: --arch, else all but the host's. */
static GArray *make_jobs(const BfOptions *o)
{
    GArray *jobs = g_array_new(FALSE, TRUE, sizeof(BfJob));

    if (o->arches->len) {
        for (guint i = 0; i < o->arches->len; i++) {
            BfJob j = { .arch = g_ptr_array_index(o->arches, i) };
            g_array_append_val(jobs, j);
        }
    } else {
        for (size_t i = 0; i < bf_narches; i++) {
            if (!bf_arches[i].is_host) {
                BfJob j = { .arch = &bf_arches[i] };
                g_array_append_val(jobs, j);
            }
        }
    }
    return jobs;
}

static void free_jobs(GArray *jobs)
{
    for (guint i = 0; i < jobs->len; i++) {
        job_free(&g_array_index(jobs, BfJob, i));
    }
    g_array_free(jobs, TRUE);
}

/*
 * Keep the jobs whose interpreter exists.  With --arch every one must; without,
 * the missing ones are dropped silently, and none at all is an error.
 */
static bool prepare_jobs(const BfOptions *o, GArray *jobs)
{
    char **dirs = interpreter_dirs(o);
    bool explicit = o->arches->len > 0;
    bool ok = true;

    for (guint i = 0; i < jobs->len;) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        if (prepare_job(o, j, dirs, !explicit)) {
            i++;
            continue;
        }
        if (explicit || j->interpreter) {
            ok = false;
            i++;
            continue;
        }
        job_free(j);
        g_array_remove_index(jobs, i);
    }
    if (ok && jobs->len == 0) {
        char *all = g_strjoinv(", ", dirs);
        errmsg("no crossemu-<arch>%s interpreter found in %s (give --path DIR)", o->suffix, all);
        g_free(all);
        ok = false;
    }
    g_strfreev(dirs);
    return ok;
}

static const char *why_failed(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return "permission denied: registering needs root (and CAP_SYS_ADMIN in a container)";
    case EEXIST:
        return "an entry of that name appeared meanwhile";
    case EINVAL:
        return "the kernel rejected the entry";
    case ENOENT:
        return "the kernel cannot open the interpreter";
    default:
        return g_strerror(e);
    }
}

/* Undo what this run did (a failure half-way). */
static void roll_back(const BfOptions *o, GArray *jobs)
{
    for (guint i = 0; i < jobs->len; i++) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        if (j->registered && !bf_kernel_remove(o->dir, j->entry)) {
            errmsg("could not remove %s while undoing: %s", j->entry, g_strerror(errno));
        }
        if (j->persisted) {
            bf_persist_remove(&j->persist);
        }
        j->registered = j->persisted = false;
    }
}

static int cmd_register(const BfOptions *o)
{
    GArray *jobs = make_jobs(o);
    int rc = BF_EXIT_OK;
    guint i;

    if (!prepare_jobs(o, jobs)) {
        free_jobs(jobs);
        return BF_EXIT_FAIL;
    }
    if (!bf_kernel_ready(o->dir, true)) {
        free_jobs(jobs);
        return BF_EXIT_FAIL;
    }
    /* Nothing is written until every entry is known to be new. */
    for (i = 0; i < jobs->len; i++) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        BfEntry e;
        if (bf_kernel_read(o->dir, j->entry, &e)) {
            errmsg("%s is already registered (interpreter %s, flags %s); "
                   "run crossemu-binfmt unregister%s%s --arch %s first",
                   j->entry, e.interpreter, *e.flags ? e.flags : "none",
                   strcmp(o->name, "crossemu") ? " --name " : "",
                   strcmp(o->name, "crossemu") ? o->name : "", j->arch->name);
            bf_entry_free(&e);
            rc = BF_EXIT_STATE;
        }
    }
    if (rc != BF_EXIT_OK) {
        free_jobs(jobs);
        return rc;
    }
    for (i = 0; i < jobs->len; i++) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        if (!bf_kernel_register(o->dir, j->line)) {
            int e = errno;
            errmsg("registering %s: %s", j->entry, why_failed(e));
            rc = (e == EEXIST) ? BF_EXIT_STATE : BF_EXIT_FAIL;
            break;
        }
        j->registered = true;
        if (o->persistent) {
            if (!bf_persist_write(&j->persist, j->line, j->interpreter, j->magic_esc,
                                  j->mask_esc, j->flags)) {
                rc = BF_EXIT_FAIL;
                break;
            }
            j->persisted = true;
        }
    }
    if (rc != BF_EXIT_OK) {
        roll_back(o, jobs);
        if (i > 0) {
            errmsg("nothing was registered (undid the %u entr%s done before)", i,
                   i == 1 ? "y" : "ies");
        }
        free_jobs(jobs);
        return rc;
    }
    for (i = 0; i < jobs->len; i++) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        printf("registered %s: %s (flags %s)\n", j->entry, j->interpreter,
               *j->flags ? j->flags : "none");
        if (o->persistent) {
            printf("  wrote %s and %s\n", j->persist.systemd_path, j->persist.support_path);
        }
    }
    free_jobs(jobs);
    return BF_EXIT_OK;
}

static int cmd_unregister(const BfOptions *o)
{
    GArray *jobs = make_jobs(o);
    bool mounted = access(o->dir, F_OK) == 0 && bf_kernel_exists(o->dir, "register");
    bool explicit = o->arches->len > 0;
    int rc = BF_EXIT_OK;
    guint i, done = 0;

    /* What is there to remove: a kernel entry, and with --persistent the files. */
    for (i = 0; i < jobs->len;) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        j->entry = entry_name(o, j->arch);
        bf_persist_paths(o->destdir, j->entry, &j->persist);
        j->registered = mounted && bf_kernel_exists(o->dir, j->entry);
        j->persisted = o->persistent && bf_persist_exists(&j->persist);
        if (j->registered || j->persisted) {
            i++;
            continue;
        }
        if (explicit) {
            errmsg("%s is not registered%s", j->entry,
                   mounted ? "" : " (binfmt_misc is not mounted)");
            rc = BF_EXIT_STATE;
            i++;
            continue;
        }
        job_free(j);
        g_array_remove_index(jobs, i);
    }
    if (rc == BF_EXIT_OK && jobs->len == 0) {
        errmsg("nothing is registered under %s-<arch>%s", o->name,
               mounted ? "" : " (binfmt_misc is not mounted)");
        rc = BF_EXIT_STATE;
    }
    if (rc != BF_EXIT_OK) {
        free_jobs(jobs);
        return rc;
    }
    for (i = 0; i < jobs->len; i++) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        if (j->registered && !bf_kernel_remove(o->dir, j->entry)) {
            int e = errno;
            errmsg("removing %s: %s", j->entry,
                   e == EACCES || e == EPERM ? "permission denied: unregistering needs root"
                   : g_strerror(e));
            rc = BF_EXIT_FAIL;
            /* Removing the first is what fails without root: stop right there. */
            break;
        }
        if (j->persisted && !bf_persist_remove(&j->persist)) {
            rc = BF_EXIT_FAIL;
            break;
        }
        printf("unregistered %s%s\n", j->entry,
               j->persisted ? (j->registered ? " (and its files)" : " (its files)") : "");
        done++;
    }
    if (rc != BF_EXIT_OK && done) {
        errmsg("%u of %u removed before the failure", done, jobs->len);
    }
    free_jobs(jobs);
    return rc;
}

/* Other entries that would claim binaries of this architecture. */
static void print_others(const BfOptions *o, const BfJob *j, char **names)
{
    uint8_t magic[BF_MAGIC_LEN], mask[BF_MAGIC_LEN];

    bf_arch_magic(j->arch, magic, mask);
    for (char **n = names; *n; n++) {
        BfEntry e;
        if (strcmp(*n, j->entry) == 0 || !bf_kernel_read(o->dir, *n, &e)) {
            continue;
        }
        if (e.is_magic && bf_arch_matches(j->arch, e.offset, e.magic, e.mask, e.magic_len)) {
            printf("    also handled by %s (%s): %s\n", *n,
                   e.enabled ? "enabled" : "disabled", e.interpreter);
        }
        bf_entry_free(&e);
    }
}

static int cmd_status(const BfOptions *o)
{
    GArray *jobs = make_jobs(o);
    char **dirs = interpreter_dirs(o);
    char **names;
    char *global;
    guint nreg = 0, nenabled = 0;
    int rc;

    if (!(access(o->dir, F_OK) == 0 && bf_kernel_exists(o->dir, "register"))) {
        printf("binfmt_misc: not mounted at %s\n", o->dir);
        free_jobs(jobs);
        g_strfreev(dirs);
        return BF_EXIT_STATE;
    }
    global = bf_kernel_global_status(o->dir);
    printf("binfmt_misc: mounted at %s, %s\n", o->dir, global ? global : "status unreadable");
    g_free(global);
    names = bf_kernel_list(o->dir);
    for (guint i = 0; i < jobs->len; i++) {
        BfJob *j = &g_array_index(jobs, BfJob, i);
        BfEntry e;
        j->entry = entry_name(o, j->arch);
        bf_persist_paths(o->destdir, j->entry, &j->persist);
        if (bf_kernel_read(o->dir, j->entry, &e)) {
            nreg++;
            nenabled += e.enabled;
            printf("%-12s %s: %s, flags %s, %s%s\n", j->arch->name, j->entry,
                   e.enabled ? "enabled" : "disabled", *e.flags ? e.flags : "none",
                   e.interpreter, access(e.interpreter, X_OK) == 0 || strchr(e.flags, 'F')
                   ? "" : " (missing!)");
            bf_entry_free(&e);
        } else {
            char *interp = find_interpreter(o, j->arch, dirs);
            printf("%-12s %s: not registered%s%s\n", j->arch->name, j->entry,
                   interp ? "; interpreter available: " : "", interp ? interp : "");
            g_free(interp);
        }
        if (bf_persist_exists(&j->persist)) {
            printf("    persistent: %s, %s\n", j->persist.systemd_path, j->persist.support_path);
        }
        print_others(o, j, names);
    }
    /* With --arch: all of them must be there and enabled; without: any. */
    if (o->arches->len) {
        rc = nenabled == jobs->len ? BF_EXIT_OK : BF_EXIT_STATE;
    } else {
        rc = nreg ? BF_EXIT_OK : BF_EXIT_STATE;
    }
    g_strfreev(names);
    g_strfreev(dirs);
    free_jobs(jobs);
    return rc;
}

static int cmd_list(const BfOptions *o)
{
    GArray *jobs = make_jobs(o);

    if (!prepare_jobs(o, jobs)) {
        free_jobs(jobs);
        return BF_EXIT_FAIL;
    }
    for (guint i = 0; i < jobs->len; i++) {
        printf("%s\n", g_array_index(jobs, BfJob, i).line);
    }
    free_jobs(jobs);
    return BF_EXIT_OK;
}

int main(int argc, char **argv)
{
    BfOptions o = {
        .arches = g_ptr_array_new(), .suffix = "", .name = "crossemu",
        .dir = BF_DEFAULT_DIR, .destdir = "/",
    };
    int rc = BF_EXIT_FAIL;

    parse_args(&o, argc, argv);
    switch (o.cmd) {
    case CMD_REGISTER:   rc = cmd_register(&o); break;
    case CMD_UNREGISTER: rc = cmd_unregister(&o); break;
    case CMD_STATUS:     rc = cmd_status(&o); break;
    case CMD_LIST:       rc = cmd_list(&o); break;
    }
    g_ptr_array_free(o.arches, TRUE);
    fflush(stdout);
    return rc;
}
