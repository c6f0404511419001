/*
 * test-abi-expected.h: the shape of test-abi-expected.c, which
 * scripts/gen-abi-layouts.py generates from each guest's uapi headers.
 *
 * For every ABI one array of ints: for each layout its sizeof, then an
 * (offset, size) pair per field (-1, -1: the ABI has no such field); then
 * the errno numbers, the signal numbers and the flag groups, each at the
 * base index named below (-1: not defined by the ABI's headers).
 */
#ifndef CROSSEMU_TEST_ABI_EXPECTED_H
#define CROSSEMU_TEST_ABI_EXPECTED_H

typedef struct AbiExpected {
    const char *name;
    const int *values;
} AbiExpected;

typedef struct AbiExpectedLayout {
    const char *kind;
    unsigned index;         /* of the sizeof; field i is at index + 1 + 2 * i */
    unsigned nfields;
    struct {
        const char *id;     /* the field enum's name in syscalls/abi/abi.h */
        const char *member;
    } fields[32];
} AbiExpectedLayout;

extern const AbiExpected abi_expected[];
extern const unsigned abi_expected_nvalues;
extern const AbiExpectedLayout abi_expected_layouts[];
extern const unsigned abi_expected_errno_base, abi_expected_signal_base;
extern const unsigned abi_expected_open_base, abi_expected_mmap_base;
extern const unsigned abi_expected_sa_base, abi_expected_ioctl_base;
extern const char *const abi_expected_errnos[], *const abi_expected_signals[];
extern const char *const abi_expected_open_names[], *const abi_expected_mmap_names[];
extern const char *const abi_expected_sa_names[], *const abi_expected_ioctl_names[];

#endif
