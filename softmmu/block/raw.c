/*
 * raw.c: the raw image backend (see block.h).
 */
#include "common.h"
#include "softmmu/block/block.h"
#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/stat.h>
#include <unistd.h>

struct BlockBackend {
    char *path;
    int fd;
    bool readonly;
    uint64_t size;
};

BlockBackend *blk_open(const char *path, bool readonly, GError **errp)
{
    struct flock fl = { .l_type = readonly ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET };
    BlockBackend *blk;
    struct stat st;
    int fd;

    fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-drive %s: could not open%s: %s", path,
                    readonly ? "" : " for writing", g_strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-drive %s: not a regular file or block device",
                    path);
        close(fd);
        return NULL;
    }
    if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "-drive %s: failed to get a %s lock: is another process using the image?",
                    path, readonly ? "shared" : "write");
        close(fd);
        return NULL;
    }
    blk = g_new0(BlockBackend, 1);
    blk->path = g_strdup(path);
    blk->fd = fd;
    blk->readonly = readonly;
    blk->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : (uint64_t)lseek(fd, 0, SEEK_END);
    return blk;
}

void blk_close(BlockBackend *blk)
{
    if (blk) {
        close(blk->fd);
        g_free(blk->path);
        g_free(blk);
    }
}

uint64_t blk_size(const BlockBackend *blk)
{
    return blk->size;
}

bool blk_readonly(const BlockBackend *blk)
{
    return blk->readonly;
}

const char *blk_path(const BlockBackend *blk)
{
    return blk->path;
}

int blk_preadv(BlockBackend *blk, uint64_t offset, const struct iovec *iov, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        size_t done = 0;
        while (done < iov[i].iov_len) {
            ssize_t r = pread(blk->fd, (uint8_t *)iov[i].iov_base + done,
                              iov[i].iov_len - done, offset);
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r < 0) {
                return -errno;
            }
            if (r == 0) {
                memset((uint8_t *)iov[i].iov_base + done, 0, iov[i].iov_len - done);
                r = iov[i].iov_len - done;
            }
            done += r;
            offset += r;
        }
    }
    return 0;
}

int blk_pwritev(BlockBackend *blk, uint64_t offset, const struct iovec *iov, unsigned n)
{
    if (blk->readonly) {
        return -EROFS;
    }
    for (unsigned i = 0; i < n; i++) {
        size_t done = 0;
        while (done < iov[i].iov_len) {
            ssize_t r = pwrite(blk->fd, (const uint8_t *)iov[i].iov_base + done,
                               iov[i].iov_len - done, offset);
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r <= 0) {
                return r < 0 ? -errno : -EIO;
            }
            done += r;
            offset += r;
        }
    }
    return 0;
}

int blk_flush(BlockBackend *blk)
{
    return fdatasync(blk->fd) < 0 ? -errno : 0;
}

/* Plain zero writes, where the file system cannot zero a range itself. */
static int blk_write_zero_buffers(BlockBackend *blk, uint64_t offset, uint64_t len)
{
    static const uint8_t zeros[65536];

    while (len) {
        struct iovec iov = { (void *)zeros, MIN(len, sizeof(zeros)) };
        int r = blk_pwritev(blk, offset, &iov, 1);
        if (r < 0) {
            return r;
        }
        offset += iov.iov_len;
        len -= iov.iov_len;
    }
    return 0;
}

int blk_discard(BlockBackend *blk, uint64_t offset, uint64_t len)
{
    if (blk->readonly) {
        return -EROFS;
    }
    if (offset > blk->size || len > blk->size - offset) {
        return -EINVAL;
    }
    /* a hint: where holes cannot be punched the data simply stays */
    if (fallocate(blk->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, len) < 0 &&
        errno != EOPNOTSUPP && errno != ENODEV) {
        return -errno;
    }
    return 0;
}

int blk_write_zeroes(BlockBackend *blk, uint64_t offset, uint64_t len, bool may_unmap)
{
    int mode = may_unmap ? FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
                         : FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE;

    if (blk->readonly) {
        return -EROFS;
    }
    if (offset > blk->size || len > blk->size - offset) {
        return -EINVAL;
    }
    if (fallocate(blk->fd, mode, offset, len) == 0) {
        return 0;
    }
    if (errno != EOPNOTSUPP && errno != ENODEV && errno != EINVAL) {
        return -errno;
    }
    return blk_write_zero_buffers(blk, offset, len);
}
