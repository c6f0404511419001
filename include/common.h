/*
 * common.h: the first include of every crossemu .c file.
 *
 * Standard headers everyone needs, a few compiler helpers, and glib.
 * Nothing guest- or host-specific lives here.
 */
#ifndef CROSSEMU_COMMON_H
#define CROSSEMU_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <errno.h>

#include <glib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define NORETURN __attribute__((noreturn))
#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))
#define UNUSED __attribute__((unused))

#define ROUND_UP(n, d) (((n) + (d) - 1) & -(__typeof__(n))(d))
#define ROUND_DOWN(n, d) ((n) & -(__typeof__(n))(d))

/* The program name used as the prefix of every error message. */
extern const char *crossemu_progname;

/* Report a setup error as "progname: message" on stderr. */
void error_report(const char *fmt, ...) PRINTF_FMT(1, 2);

/* The one error domain for GError in crossemu. */
#define CROSSEMU_ERROR crossemu_error_quark()
GQuark crossemu_error_quark(void);

#endif
