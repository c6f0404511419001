/*
 * log.h: -d categories and -D logfile, as QEMU spells them.
 */
#ifndef CROSSEMU_LOG_H
#define CROSSEMU_LOG_H

#include "common.h"

enum {
    LOG_IN_ASM = 1 << 0,
    LOG_OP = 1 << 1,
    LOG_OP_OPT = 1 << 2,
    LOG_OUT_ASM = 1 << 3,
    LOG_EXEC = 1 << 4,
    LOG_CPU = 1 << 5,
    LOG_INT = 1 << 6,
    LOG_UNIMP = 1 << 7,
    LOG_GUEST_ERROR = 1 << 8,
    LOG_STRACE = 1 << 9,
    LOG_PAGE = 1 << 10,
    LOG_NOCHAIN = 1 << 11,
};

extern unsigned log_mask;
extern FILE *log_file;      /* stderr unless -D */

static inline bool log_enabled(unsigned cat) { return (log_mask & cat) != 0; }

/* Parse "in_asm,op,..."; "help" prints the list.  false + errp on unknown names. */
bool log_parse_mask(const char *str, unsigned *mask, GError **errp);
bool log_set_file(const char *path, GError **errp);
void log_print_help(FILE *f);

void log_printf(const char *fmt, ...) PRINTF_FMT(1, 2);
#define log_mask_printf(cat, ...) \
    do { if (unlikely(log_enabled(cat))) log_printf(__VA_ARGS__); } while (0)

/*
 * Disassemble code through capstone (the one wrapper): cs_arch/cs_mode are
 * capstone's enums; addr is the address shown for the first byte.
 */
void log_disas(FILE *f, int cs_arch, int cs_mode, const void *code, size_t size, uint64_t addr);

#endif
