/*
 * log.c: -d categories, -D logfile, and the one capstone wrapper.
 */
#include "common.h"
#include "log.h"
#include <stdarg.h>
#include <capstone/capstone.h>

unsigned log_mask;
FILE *log_file;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "show guest code being translated" },
    { "op", LOG_OP, "show the IR before optimization" },
    { "op_opt", LOG_OP_OPT, "show the IR after optimization" },
    { "out_asm", LOG_OUT_ASM, "show the generated host code" },
    { "exec", LOG_EXEC, "show each translation block executed" },
    { "cpu", LOG_CPU, "show the CPU registers before each block (with exec)" },
    { "int", LOG_INT, "show exceptions and signals delivered to the guest" },
    { "unimp", LOG_UNIMP, "log unimplemented instructions and syscalls" },
    { "guest_errors", LOG_GUEST_ERROR, "log guest errors (invalid accesses, bad syscall args)" },
    { "strace", LOG_STRACE, "log every system call and its result" },
    { "page", LOG_PAGE, "log guest memory mappings" },
    { "nochain", LOG_NOCHAIN, "do not chain translation blocks (with exec: every block)" },
};

void log_print_help(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool log_parse_mask(const char *str, unsigned *mask, GError **errp)
{
    unsigned m = 0;
    gchar **parts = g_strsplit(str, ",", -1);
    bool ok = true;
    for (gchar **p = parts; *p; p++) {
        if (!**p) {
            continue;
        }
        if (!strcmp(*p, "all")) {
            m = ~0u & ~LOG_NOCHAIN;
            continue;
        }
        size_t i;
        for (i = 0; i < ARRAY_SIZE(log_items); i++) {
            if (!strcmp(*p, log_items[i].name)) {
                m |= log_items[i].mask;
                break;
            }
        }
        if (i == ARRAY_SIZE(log_items)) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "-d: unknown log item '%s' (try -d help)", *p);
            ok = false;
            break;
        }
    }
    g_strfreev(parts);
    if (ok) {
        *mask = m;
    }
    return ok;
}

bool log_set_file(const char *path, GError **errp)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "%s: %s", path, g_strerror(errno));
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (log_file && log_file != stderr) {
        fclose(log_file);
    }
    log_file = f;
    return true;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file ? log_file : stderr, fmt, ap);
    va_end(ap);
}

void log_disas(FILE *f, int arch, int mode, const void *code, size_t size, uint64_t addr)
{
    csh handle;
    if (cs_open((cs_arch)arch, (cs_mode)mode, &handle) != CS_ERR_OK) {
        fprintf(f, "  (no disassembler)\n");
        return;
    }
    cs_option(handle, CS_OPT_SKIPDATA, CS_OPT_ON);
    cs_insn *insn;
    size_t n = cs_disasm(handle, code, size, addr, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "0x%016" PRIx64 ":  %-10s %s\n", insn[i].address, insn[i].mnemonic, insn[i].op_str);
    }
    if (n) {
        cs_free(insn, n);
    }
    cs_close(&handle);
}
