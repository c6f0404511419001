/*
 * guest.h: the freestanding test guest's little library.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t mmio_read32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t rdtsc(void) { uint32_t lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((uint64_t)hi << 32) | lo; }
static inline void cpu_relax(void) { __asm__ volatile("pause" ::: "memory"); }
#define barrier() __asm__ volatile("" ::: "memory")
#define mb() __asm__ volatile("mfence" ::: "memory")

/* lib.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
void uart_init(void);
void uart_putc(char c);
void puts_(const char *s);
void put_hex(uint64_t v);
void put_dec(uint64_t v);
int uart_getc_timeout(uint64_t tsc_ticks);
uint64_t parse_num(const char *s, const char **end);
/* value of "key=" in the command line, or NULL; *len gets its length */
const char *cmdline_get(const char *cmdline, const char *key, size_t *len);
void poweroff(int status) __attribute__((noreturn));

/* virtio.c: a minimal polled virtio-mmio driver */
typedef struct VirtioQueue {
    struct vdesc *desc;
    struct vavail *avail;
    struct vused *used;
    uint16_t last_used;
} VirtioQueue;
typedef struct VirtioDev {
    uint64_t base;
    unsigned irq;
    VirtioQueue q[2];
    uint32_t last_isr;          /* interrupt status seen by the last virtio_wait */
} VirtioDev;
bool virtio_find(const char *cmdline, uint32_t device_id, VirtioDev *d);
bool virtio_setup(VirtioDev *d, uint64_t features_lo, unsigned nqueues);
void virtio_submit(VirtioDev *d, unsigned q, void **bufs, uint32_t *lens, unsigned n,
                   unsigned n_out);
bool virtio_wait(VirtioDev *d, unsigned q, uint32_t *written, uint64_t ticks);
void virtio_submit_indirect(VirtioDev *d, unsigned q, void **bufs, uint32_t *lens, unsigned n,
                            unsigned n_out);
void virtio_set_used_event(VirtioDev *d, unsigned q, uint16_t v);
uint16_t virtio_avail_event(VirtioDev *d, unsigned q);
uint16_t virtio_used_idx(VirtioDev *d, unsigned q);
uint16_t virtio_avail_idx(VirtioDev *d, unsigned q);
/* queue 0: submit one chain of n buffers (the first n_out device-readable); wait. */
bool virtio_transfer(VirtioDev *d, void **bufs, uint32_t *lens, unsigned n, unsigned n_out,
                     uint32_t *written);

/* acpi.c */
const uint8_t *acpi_rsdp(void);
const uint8_t *acpi_check_table(uint64_t addr, const char *sig);
const uint8_t *acpi_find_table(const char *sig);
const uint8_t *acpi_dsdt(void);
bool acpi_virtio(unsigned n, uint64_t *base, unsigned *irq);

/* compute.c */
uint64_t compute_kernel(uint64_t iterations);

#define PM_PORT 0x600
#define UART 0x3f8

#endif
