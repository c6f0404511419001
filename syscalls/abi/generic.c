/*
 * generic.c: the asm-generic ABI data (include/uapi/asm-generic/): struct
 * stat of the 64-bit asm-generic ABIs (riscv64, aarch64, loongarch64),
 * open and mmap flag bits, termios.  arm and arm64 share asm/fcntl.h's
 * departures from the generic open flags, kept here too.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

#include <fcntl.h>
#include <sys/mman.h>

/* asm-generic/stat.h: struct stat, 64-bit longs. */
static const AbiField stat_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 8, 8), F(STAT_MODE, 16, 4), F(STAT_NLINK, 20, 4),
    F(STAT_UID, 24, 4), F(STAT_GID, 28, 4), F(STAT_RDEV, 32, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 4), F(STAT_BLOCKS, 64, 8),
    F(STAT_ATIME, 72, 8), F(STAT_ATIME_NSEC, 80, 8),
    F(STAT_MTIME, 88, 8), F(STAT_MTIME_NSEC, 96, 8),
    F(STAT_CTIME, 104, 8), F(STAT_CTIME_NSEC, 112, 8),
};
LAYOUT(abi_generic64_stat, "stat", 128, stat_fields);

/*
 * asm-generic/fcntl.h open flags -> the host's O_* (x86-64 happens to use the
 * same numbers; an aarch64 host does not for O_DIRECTORY and friends).
 */
const AbiBitmap abi_generic_open_flags[] = {
    BIT(00000100, O_CREAT), BIT(00000200, O_EXCL), BIT(00000400, O_NOCTTY),
    BIT(00001000, O_TRUNC), BIT(00002000, O_APPEND), BIT(00004000, O_NONBLOCK),
    BIT(00010000, O_DSYNC), BIT(00020000, O_ASYNC), BIT(00040000, O_DIRECT),
    /* O_LARGEFILE: the kernel's bit, not glibc's 0 (abi.h). */
    BIT(00100000, ABI_HOST_O_LARGEFILE),
    BIT(00200000, O_DIRECTORY), BIT(00400000, O_NOFOLLOW), BIT(01000000, O_NOATIME),
    BIT(02000000, O_CLOEXEC),
    /* __O_SYNC and __O_TMPFILE: the bits O_SYNC/O_TMPFILE add to O_DSYNC/O_DIRECTORY. */
    BIT(04000000, O_SYNC & ~O_DSYNC), BIT(010000000, O_PATH),
    BIT(020000000, O_TMPFILE & ~O_DIRECTORY),
};
const unsigned abi_generic_n_open_flags = ARRAY_SIZE(abi_generic_open_flags);

/* arch/arm{,64}/include/uapi/asm/fcntl.h move O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE. */
const AbiBitmap abi_arm_open_flags[] = {
    BIT(00000100, O_CREAT), BIT(00000200, O_EXCL), BIT(00000400, O_NOCTTY),
    BIT(00001000, O_TRUNC), BIT(00002000, O_APPEND), BIT(00004000, O_NONBLOCK),
    BIT(00010000, O_DSYNC), BIT(00020000, O_ASYNC),
    BIT(00040000, O_DIRECTORY), BIT(00100000, O_NOFOLLOW), BIT(00200000, O_DIRECT),
    BIT(00400000, ABI_HOST_O_LARGEFILE),
    BIT(01000000, O_NOATIME), BIT(02000000, O_CLOEXEC),
    BIT(04000000, O_SYNC & ~O_DSYNC), BIT(010000000, O_PATH),
    BIT(020000000, O_TMPFILE & ~O_DIRECTORY),
};
const unsigned abi_arm_n_open_flags = ARRAY_SIZE(abi_arm_open_flags);

/* asm-generic/mman-common.h and mman.h flags -> the host's MAP_*. */
const AbiBitmap abi_generic_mmap_flags[] = {
    FIELD(0x03, 0x01, MAP_TYPE, MAP_SHARED), FIELD(0x03, 0x02, MAP_TYPE, MAP_PRIVATE),
    FIELD(0x03, 0x03, MAP_TYPE, MAP_SHARED_VALIDATE),
    BIT(0x10, MAP_FIXED), BIT(0x20, MAP_ANONYMOUS), BIT(0x100, MAP_GROWSDOWN),
    BIT(0x800, MAP_DENYWRITE), BIT(0x1000, MAP_EXECUTABLE), BIT(0x2000, MAP_LOCKED),
    BIT(0x4000, MAP_NORESERVE), BIT(0x8000, MAP_POPULATE), BIT(0x10000, MAP_NONBLOCK),
    BIT(0x20000, MAP_STACK), BIT(0x40000, MAP_HUGETLB), BIT(0x80000, MAP_SYNC),
    BIT(0x100000, MAP_FIXED_NOREPLACE),
};
const unsigned abi_generic_n_mmap_flags = ARRAY_SIZE(abi_generic_mmap_flags);

/* asm-generic/termbits.h: the host's own flags and c_cc slots (NCCS 19). */
static const AbiField termios_fields[] = {
    F(TIO_IFLAG, 0, 4), F(TIO_OFLAG, 4, 4), F(TIO_CFLAG, 8, 4), F(TIO_LFLAG, 12, 4),
    F(TIO_LINE, 16, 1), FA(TIO_CC, 17, 1, 19),
};
static LAYOUT(generic_termios_layout, "termios", 36, termios_fields);
const AbiTermios abi_generic_termios = {
    .layout = &generic_termios_layout,
    .ncc = 19,
    .cc_to_host = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                    -1, -1, -1, -1, -1 },
    .vmin_slot = -1,
    .vtime_slot = -1,
};

G_STATIC_ASSERT(ARRAY_SIZE(abi_generic_open_flags) == ABI_GENERIC_N_OPEN_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_arm_open_flags) == ABI_ARM_N_OPEN_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_generic_mmap_flags) == ABI_GENERIC_N_MMAP_FLAGS);
