/*
 * block.h: disk image backends (raw files for now).
 *
 * I/O is synchronous positioned reads and writes on the image file.  An
 * image opened read-write takes an OFD write lock so two VMs never write
 * the same disk; failing to open or lock is a setup error, before the
 * guest runs, so nothing is ever written to an image we then reject.
 */
#ifndef SOFTMMU_BLOCK_H
#define SOFTMMU_BLOCK_H

#include "common.h"
#include <sys/uio.h>

typedef struct BlockBackend BlockBackend;

BlockBackend *blk_open(const char *path, bool readonly, GError **errp);
void blk_close(BlockBackend *blk);
uint64_t blk_size(const BlockBackend *blk);
bool blk_readonly(const BlockBackend *blk);
const char *blk_path(const BlockBackend *blk);
/* 0 on success, -errno on failure; short reads past the end read zeros. */
int blk_preadv(BlockBackend *blk, uint64_t offset, const struct iovec *iov, unsigned n);
int blk_pwritev(BlockBackend *blk, uint64_t offset, const struct iovec *iov, unsigned n);
int blk_flush(BlockBackend *blk);
/* Deallocate a range (a hint: the data may stay where holes are unsupported). */
int blk_discard(BlockBackend *blk, uint64_t offset, uint64_t len);
/* The range reads back as zeros afterwards; may_unmap lets it become a hole. */
int blk_write_zeroes(BlockBackend *blk, uint64_t offset, uint64_t len, bool may_unmap);

#endif
