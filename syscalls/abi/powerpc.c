/*
 * powerpc.c: what ppc64le, ppc64 and ppc share (arch/powerpc/include/uapi).
 *
 * Generic errno and signal numbers and sigaction flags; its own open bits
 * (O_DIRECTORY, O_NOFOLLOW, O_LARGEFILE, O_DIRECT), mmap bits (MAP_LOCKED,
 * MAP_NORESERVE), mlockall bits, SO_* numbers (the RCVLOWAT..PEERCRED
 * block), ioctl encoding (13 size bits, 3 direction bits) and a termios of
 * its own: c_cc before c_line, speeds at the end, and different flag bits
 * and c_cc slots almost everywhere.  ppc64's struct stat puts st_nlink
 * (8 bytes) before st_mode.
 */
#include "common.h"
#include "syscalls/abi/abi-internal.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>

/* arch/powerpc/include/uapi/asm/stat.h, 64-bit */
static const AbiField ppc64_stat_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 8, 8), F(STAT_NLINK, 16, 8), F(STAT_MODE, 24, 4),
    F(STAT_UID, 28, 4), F(STAT_GID, 32, 4), F(STAT_RDEV, 40, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 8), F(STAT_BLOCKS, 64, 8),
    F(STAT_ATIME, 72, 8), F(STAT_ATIME_NSEC, 80, 8), F(STAT_MTIME, 88, 8),
    F(STAT_MTIME_NSEC, 96, 8), F(STAT_CTIME, 104, 8), F(STAT_CTIME_NSEC, 112, 8),
};
LAYOUT(abi_ppc64_stat, "stat", 144, ppc64_stat_fields);

/* The same header, 32-bit: struct stat and struct stat64 ("matches glibc 2.1"). */
static const AbiField ppc_stat_fields[] = {
    F(STAT_DEV, 0, 4), F(STAT_INO, 4, 4), F(STAT_MODE, 8, 4), F(STAT_NLINK, 12, 2),
    F(STAT_UID, 16, 4), F(STAT_GID, 20, 4), F(STAT_RDEV, 24, 4), F(STAT_SIZE, 28, 4),
    F(STAT_BLKSIZE, 32, 4), F(STAT_BLOCKS, 36, 4),
    F(STAT_ATIME, 40, 4), F(STAT_ATIME_NSEC, 44, 4), F(STAT_MTIME, 48, 4),
    F(STAT_MTIME_NSEC, 52, 4), F(STAT_CTIME, 56, 4), F(STAT_CTIME_NSEC, 60, 4),
};
LAYOUT(abi_ppc_stat, "stat", 72, ppc_stat_fields);
static const AbiField ppc_stat64_fields[] = {
    F(STAT_DEV, 0, 8), F(STAT_INO, 8, 8), F(STAT_MODE, 16, 4), F(STAT_NLINK, 20, 4),
    F(STAT_UID, 24, 4), F(STAT_GID, 28, 4), F(STAT_RDEV, 32, 8), F(STAT_SIZE, 48, 8),
    F(STAT_BLKSIZE, 56, 4), F(STAT_BLOCKS, 64, 8),
    F(STAT_ATIME, 72, 4), F(STAT_ATIME_NSEC, 76, 4), F(STAT_MTIME, 80, 4),
    F(STAT_MTIME_NSEC, 84, 4), F(STAT_CTIME, 88, 4), F(STAT_CTIME_NSEC, 92, 4),
};
LAYOUT(abi_ppc_stat64, "stat64", 104, ppc_stat64_fields);

/* asm/fcntl.h */
const AbiBitmap abi_ppc_open_flags[] = {
    BIT(00000100, O_CREAT), BIT(00000200, O_EXCL), BIT(00000400, O_NOCTTY),
    BIT(00001000, O_TRUNC), BIT(00002000, O_APPEND), BIT(00004000, O_NONBLOCK),
    BIT(00010000, O_DSYNC), BIT(00020000, O_ASYNC),
    BIT(00040000, O_DIRECTORY), BIT(00100000, O_NOFOLLOW),
    BIT(00200000, ABI_HOST_O_LARGEFILE), BIT(00400000, O_DIRECT),
    BIT(01000000, O_NOATIME), BIT(02000000, O_CLOEXEC),
    BIT(04000000, O_SYNC & ~O_DSYNC), BIT(010000000, O_PATH),
    BIT(020000000, O_TMPFILE & ~O_DIRECTORY),
};
const unsigned abi_ppc_n_open_flags = ARRAY_SIZE(abi_ppc_open_flags);

/* asm/mman.h: MAP_NORESERVE 0x40 and MAP_LOCKED 0x80; the rest is asm-generic. */
const AbiBitmap abi_ppc_mmap_flags[] = {
    FIELD(0x03, 0x01, MAP_TYPE, MAP_SHARED), FIELD(0x03, 0x02, MAP_TYPE, MAP_PRIVATE),
    FIELD(0x03, 0x03, MAP_TYPE, MAP_SHARED_VALIDATE),
    BIT(0x10, MAP_FIXED), BIT(0x20, MAP_ANONYMOUS), BIT(0x40, MAP_NORESERVE),
    BIT(0x80, MAP_LOCKED), BIT(0x100, MAP_GROWSDOWN),
    BIT(0x800, MAP_DENYWRITE), BIT(0x1000, MAP_EXECUTABLE),
    BIT(0x8000, MAP_POPULATE), BIT(0x10000, MAP_NONBLOCK),
    BIT(0x20000, MAP_STACK), BIT(0x40000, MAP_HUGETLB), BIT(0x80000, MAP_SYNC),
    BIT(0x100000, MAP_FIXED_NOREPLACE),
};
const unsigned abi_ppc_n_mmap_flags = ARRAY_SIZE(abi_ppc_mmap_flags);

/* MCL_* (asm/mman.h of powerpc and sparc alike) */
const AbiBitmap abi_ppc_mlockall_flags[] = {
    BIT(0x2000, MCL_CURRENT), BIT(0x4000, MCL_FUTURE), BIT(0x8000, MCL_ONFAULT),
};
const unsigned abi_ppc_n_mlockall_flags = ARRAY_SIZE(abi_ppc_mlockall_flags);

/* asm/socket.h: powerpc renumbers six options. */
const AbiValueMap abi_ppc_sockopts[] = {
    VAL(16, SO_RCVLOWAT), VAL(17, SO_SNDLOWAT), VAL(18, SO_RCVTIMEO_OLD),
    VAL(19, SO_SNDTIMEO_OLD), VAL(20, SO_PASSCRED), VAL(21, SO_PEERCRED),
};
const unsigned abi_ppc_n_sockopts = ARRAY_SIZE(abi_ppc_sockopts);

/* asm/termbits.h: c_iflag */
static const AbiBitmap ppc_iflag[] = {
    BIT(0x200, IXON), BIT(0x400, IXOFF), BIT(0x800, IXANY), BIT(0x1000, IUCLC),
    BIT(0x2000, IMAXBEL), BIT(0x4000, IUTF8),
};
/* c_oflag: the delay fields move and NL2/NL3 have no host equivalent. */
static const AbiBitmap ppc_oflag[] = {
    BIT(0x2, ONLCR), BIT(0x4, OLCUC),
    FIELD(0x300, 0x100, NLDLY, NL1), FIELD(0x300, 0x200, 0, 0), FIELD(0x300, 0x300, 0, 0),
    FIELD(0xc00, 0x400, TABDLY, TAB1), FIELD(0xc00, 0x800, TABDLY, TAB2),
    FIELD(0xc00, 0xc00, TABDLY, TAB3),
    FIELD(0x3000, 0x1000, CRDLY, CR1), FIELD(0x3000, 0x2000, CRDLY, CR2),
    FIELD(0x3000, 0x3000, CRDLY, CR3),
    BIT(0x4000, FF1), BIT(0x8000, BS1), BIT(0x10000, VT1),
};
/*
 * c_cflag: CBAUD is 0xff (B57600.. are 0x10.., BOTHER 0x1f) where the host
 * has 0x100f with CBAUDEX; CIBAUD is the same shifted by 16.
 */
#define PPC_SPEED(g, h) \
    FIELD(0xff, (g), CBAUD, (h)), FIELD(0xff0000, (g) << 16, CIBAUD, (h) << 16)
static const AbiBitmap ppc_cflag[] = {
    PPC_SPEED(0x00, B0), PPC_SPEED(0x01, B50), PPC_SPEED(0x02, B75), PPC_SPEED(0x03, B110),
    PPC_SPEED(0x04, B134), PPC_SPEED(0x05, B150), PPC_SPEED(0x06, B200),
    PPC_SPEED(0x07, B300), PPC_SPEED(0x08, B600), PPC_SPEED(0x09, B1200),
    PPC_SPEED(0x0a, B1800), PPC_SPEED(0x0b, B2400), PPC_SPEED(0x0c, B4800),
    PPC_SPEED(0x0d, B9600), PPC_SPEED(0x0e, B19200), PPC_SPEED(0x0f, B38400),
    PPC_SPEED(0x10, B57600), PPC_SPEED(0x11, B115200), PPC_SPEED(0x12, B230400),
    PPC_SPEED(0x13, B460800), PPC_SPEED(0x14, B500000), PPC_SPEED(0x15, B576000),
    PPC_SPEED(0x16, B921600), PPC_SPEED(0x17, B1000000), PPC_SPEED(0x18, B1152000),
    PPC_SPEED(0x19, B1500000), PPC_SPEED(0x1a, B2000000), PPC_SPEED(0x1b, B2500000),
    PPC_SPEED(0x1c, B3000000), PPC_SPEED(0x1d, B3500000), PPC_SPEED(0x1e, B4000000),
    PPC_SPEED(0x1f, ABI_HOST_BOTHER),
    FIELD(0x300, 0x100, CSIZE, CS6), FIELD(0x300, 0x200, CSIZE, CS7),
    FIELD(0x300, 0x300, CSIZE, CS8),
    BIT(0x400, CSTOPB), BIT(0x800, CREAD), BIT(0x1000, PARENB), BIT(0x2000, PARODD),
    BIT(0x4000, HUPCL), BIT(0x8000, CLOCAL),
};
static const AbiBitmap ppc_lflag[] = {
    BIT(0x1, ECHOKE), BIT(0x2, ECHOE), BIT(0x4, ECHOK), BIT(0x8, ECHO), BIT(0x10, ECHONL),
    BIT(0x20, ECHOPRT), BIT(0x40, ECHOCTL), BIT(0x80, ISIG), BIT(0x100, ICANON),
    BIT(0x400, IEXTEN), BIT(0x4000, XCASE), BIT(0x400000, TOSTOP), BIT(0x800000, FLUSHO),
    BIT(0x10000000, EXTPROC), BIT(0x20000000, PENDIN), BIT(0x80000000u, NOFLSH),
};
static const AbiField ppc_termios_fields[] = {
    F(TIO_IFLAG, 0, 4), F(TIO_OFLAG, 4, 4), F(TIO_CFLAG, 8, 4), F(TIO_LFLAG, 12, 4),
    FA(TIO_CC, 16, 1, 19), F(TIO_LINE, 35, 1), F(TIO_ISPEED, 36, 4), F(TIO_OSPEED, 40, 4),
};
static LAYOUT(ppc_termios_layout, "termios", 44, ppc_termios_fields);
const AbiTermios abi_ppc_termios = {
    .layout = &ppc_termios_layout,
    MAP(iflag, ppc_iflag),
    MAP(oflag, ppc_oflag),
    MAP(cflag, ppc_cflag),
    MAP(lflag, ppc_lflag),
    .ncc = 19,
    /* VINTR VQUIT VERASE VKILL VEOF VMIN VEOL VTIME VEOL2 VSWTC VWERASE VREPRINT
     * VSUSP VSTART VSTOP VLNEXT VDISCARD, by the guest's index */
    .cc_to_host = { VINTR, VQUIT, VERASE, VKILL, VEOF, VMIN, VEOL, VTIME, VEOL2, VSWTC,
                    VWERASE, VREPRINT, VSUSP, VSTART, VSTOP, VLNEXT, VDISCARD, -1, -1,
                    -1, -1, -1, -1, -1 },
    .vmin_slot = -1,
    .vtime_slot = -1,
};

G_STATIC_ASSERT(ARRAY_SIZE(abi_ppc_open_flags) == ABI_PPC_N_OPEN_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_ppc_mmap_flags) == ABI_PPC_N_MMAP_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_ppc_mlockall_flags) == ABI_PPC_N_MLOCKALL_FLAGS);
G_STATIC_ASSERT(ARRAY_SIZE(abi_ppc_sockopts) == ABI_PPC_N_SOCKOPTS);
