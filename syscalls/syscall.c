/*
 * syscall.c: syscall dispatch, strace and the helpers the handlers share.
 *
 * syscall_init joins the generated per-guest number table with the handler
 * tables by name, so dispatch is one array index.  A number without a handler
 * (or unknown to the guest's table) returns -ENOSYS and logs under -d unimp.
 */
#include "common.h"
#include "syscalls/syscall.h"
#include "log.h"

#include <time.h>
#include <unistd.h>

const GuestABI *guest_abi;
const GuestABI abi_host = {
    .name = "host",
    .long_bits = sizeof(long) * 8,
    .big_endian = G_BYTE_ORDER == G_BIG_ENDIAN,
};

typedef struct SyscallSlot {
    const char *name;           /* from the generated table, NULL if no such number */
    const SyscallDef *def;      /* NULL if we have no handler */
} SyscallSlot;

static SyscallSlot *slots;
static unsigned nslots;

void syscall_init(const GuestABI *abi)
{
    const SyscallDef *tables[] = {
        syscalls_file, syscalls_fs, syscalls_mem, syscalls_process, syscalls_time,
        syscalls_signal, syscalls_ioctl, syscalls_sys, syscalls_poll, syscalls_socket,
        syscalls_mount,
    };
    GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);
    unsigned n = *abi->nnames;

    guest_abi = abi;
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
        for (const SyscallDef *d = tables[t]; d->name; d++) {
            g_hash_table_insert(by_name, (gpointer)d->name, (gpointer)d);
        }
    }
    nslots = 0;
    for (unsigned i = 0; i < n; i++) {
        nslots = MAX(nslots, abi->names[i].nr + 1);
    }
    slots = g_new0(SyscallSlot, nslots);
    for (unsigned i = 0; i < n; i++) {
        SyscallSlot *s = &slots[abi->names[i].nr];
        s->name = abi->names[i].name;
        s->def = g_hash_table_lookup(by_name, s->name);
    }
    g_hash_table_destroy(by_name);
}

/* ---- strace ---- */

static void strace_string(FILE *f, uint64_t addr)
{
    int err;
    char *s;

    if (!addr) {
        fputs("NULL", f);
        return;
    }
    s = user_strdup(addr, 4096, &err);
    if (!s) {
        fprintf(f, "0x%" PRIx64, addr);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; s[i] && i < 64; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c < 32 || c >= 127) {
            fprintf(f, "\\%03o", c);
        } else {
            fputc(c, f);
        }
    }
    fputs(strlen(s) > 64 ? "\"..." : "\"", f);
    g_free(s);
}

static void strace_call(uint64_t nr, const SyscallSlot *s, const uint64_t *a)
{
    FILE *f = log_file ? log_file : stderr;
    const char *fmt = s && s->def ? s->def->fmt : "xxxxxx";

    fprintf(f, "%d ", (int)gettid());
    if (!s || !s->name) {
        fprintf(f, "Unknown syscall %" PRIu64 "\n", nr);
        return;
    }
    fprintf(f, "%s(", s->name);
    for (unsigned i = 0; fmt[i] && i < 6; i++) {
        if (i) {
            fputc(',', f);
        }
        switch (fmt[i]) {
        case 'd': fprintf(f, "%d", arg_int(a[i])); break;
        case 'u': fprintf(f, "%" PRIu64, arg_ulong(a[i])); break;
        case 'l': fprintf(f, "%" PRId64, arg_long(a[i])); break;
        case 'o': fprintf(f, "0%" PRIo64, a[i]); break;
        case 's': strace_string(f, a[i]); break;
        case 'f':
            if (arg_int(a[i]) == -100) {
                fputs("AT_FDCWD", f);
            } else {
                fprintf(f, "%d", arg_int(a[i]));
            }
            break;
        case 'p':
            if (a[i]) {
                fprintf(f, "0x%" PRIx64, a[i]);
            } else {
                fputs("NULL", f);
            }
            break;
        default: fprintf(f, "0x%" PRIx64, a[i]); break;
        }
    }
    fputc(')', f);
    fflush(f);
}

static void strace_ret(const SyscallSlot *s, int64_t ret)
{
    FILE *f = log_file ? log_file : stderr;

    if (!s || !s->name) {
        return;
    }
    if (ret < 0 && ret >= -4095) {
        fprintf(f, " = -1 errno=%d (%s)\n", (int)-ret, g_strerror((int)-ret));
    } else if (s->def && s->def->ret_ptr) {
        fprintf(f, " = 0x%" PRIx64 "\n", (uint64_t)ret);
    } else {
        fprintf(f, " = %" PRId64 "\n", ret);
    }
    fflush(f);
}

int64_t do_syscall(CPUCommon *cpu, uint64_t nr, const uint64_t args[6])
{
    const SyscallSlot *s = nr < nslots ? &slots[nr] : NULL;
    int64_t ret;

    if (unlikely(log_enabled(LOG_STRACE))) {
        strace_call(nr, s, args);
    }
    if (s && s->def) {
        ret = s->def->fn(cpu, args);
    } else {
        log_mask_printf(LOG_UNIMP, "Unsupported syscall: %" PRIu64 " (%s)\n", nr,
                        s && s->name ? s->name : "unknown");
        ret = -ENOSYS;
    }
    if (ret == -EINTR && s->def->restart) {
        ret = USER_ERESTARTSYS;
    }
    if (unlikely(log_enabled(LOG_STRACE))) {
        if (ret == USER_ERESTARTSYS) {
            fputs(" = ? ERESTARTSYS (interrupted by a signal)\n", log_file ? log_file : stderr);
        } else if (ret == USER_SYSRET_NOREG) {
            fputs(" = ?\n", log_file ? log_file : stderr);
        } else {
            strace_ret(s, ret);
        }
    }
    if (ret < 0 && ret >= -4095) {
        ret = -abi_errno_to_guest(guest_abi, (int)-ret);
    }
    return ret;
}

/* ---- helpers ---- */

int64_t sc_get_path(uint64_t gaddr, char **copy, const char **host_path, char **tofree)
{
    int err;

    *copy = user_strdup(gaddr, 4096, &err);
    if (!*copy) {
        return -err;
    }
    *host_path = user_path(*copy, tofree);
    return 0;
}

void sc_put_path(char *copy, char *tofree)
{
    g_free(copy);
    g_free(tofree);
}

int64_t sc_store(const AbiLayout *l, uint64_t gaddr, const uint64_t *values)
{
    if (!user_access_ok(gaddr, l->size, PAGE_WRITE)) {
        return -EFAULT;
    }
    abi_store(guest_abi, l, g2h(gaddr), values);
    return 0;
}

int64_t sc_load(const AbiLayout *l, uint64_t gaddr, uint64_t *values, unsigned n)
{
    if (!user_access_ok(gaddr, l->size, PAGE_READ)) {
        return -EFAULT;
    }
    abi_load(guest_abi, l, g2h(gaddr), values, n);
    return 0;
}

int64_t sc_time_field(const AbiLayout *l, uint64_t gaddr, unsigned id)
{
    int64_t v = abi_load_signed(guest_abi, l, g2h(gaddr), id);

    /*
     * A 32-bit task's 64-bit tv_nsec: the kernel ignores the upper half
     * (get_timespec64 in kernel/time/time.c).
     */
    if (id == TS_NSEC && guest_abi->long_bits == 32 && abi_field(l, id)->size == 8) {
        v = (uint32_t)v;
    }
    return v;
}

int64_t sc_load_timespec(const AbiLayout *l, uint64_t gaddr, struct timespec *ts)
{
    if (!user_access_ok(gaddr, l->size, PAGE_READ)) {
        return -EFAULT;
    }
    ts->tv_sec = (time_t)sc_time_field(l, gaddr, TS_SEC);
    ts->tv_nsec = (long)sc_time_field(l, gaddr, TS_NSEC);
    return 0;
}
