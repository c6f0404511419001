/*
 * microvm.c: the x86 microVM board.
 *
 * No PCI, no firmware: the kernel is loaded directly (x86-boot.c).
 *   RAM        0 .. min(size, 3 GiB), the rest from 4 GiB
 *   port 0x60  i8042 (reset)           port 0x3f8  16550 UART, IRQ 4
 *   port 0x600 power controller (pm.h)
 *   0xfeb00000 virtio-mmio slots, 0x200 bytes each, ISA IRQs 5,6,7,9,10,11,12,14,15
 *   0xfec00000 IOAPIC, 0xfee00000 LAPIC (the accelerator's interrupt controller)
 * With ACPI (the default), CPUs and the IOAPIC are in the MADT and the
 * UART and virtio devices in the DSDT (x86-acpi.c); poweroff and reset go
 * through the FADT's sleep control and reset registers on the power
 * controller.  With -M microvm,acpi=off the virtio devices are announced
 * on the kernel command line instead ("virtio_mmio.device=512@0xfeb00000:5").
 * The MP table is always there, for guests without ACPI.
 */
#include "common.h"
#include "softmmu/boards/board.h"
#include "softmmu/chardev/chardev.h"
#include "softmmu/hw/ns16550.h"
#include "softmmu/hw/i8042.h"
#include "softmmu/hw/pm.h"
#include "softmmu/hw/virtio-devices.h"
#include "softmmu/net/net.h"
#include <sys/mman.h>

#define MICROVM_UART_PORT   0x3f8
#define MICROVM_UART_IRQ    4
#define MICROVM_I8042_PORT  0x60
#define MICROVM_PM_PORT     0x600
#define MICROVM_VIRTIO_BASE 0xfeb00000ull
#define MICROVM_IOAPIC_ADDR 0xfec00000u
#define MICROVM_LAPIC_ADDR  0xfee00000u

static const uint8_t microvm_virtio_irqs[] = { 5, 6, 7, 9, 10, 11, 12, 14, 15 };

typedef struct MicrovmVirtio {
    VirtioDevice *vdev;
    uint64_t base;
    unsigned irq;
} MicrovmVirtio;

typedef struct Microvm {
    X86Ram ram;
    Chardev *serial_chr;
    NS16550 *uart;
    I8042 *i8042;
    MicrovmVirtio virtio[ARRAY_SIZE(microvm_virtio_irqs)];
    unsigned nr_virtio;
    GPtrArray *blks, *rngs, *nets, *consoles, *netbackends, *chardevs;
    uint8_t *kernel, *initrd;
    size_t kernel_size, initrd_size;
} Microvm;

static bool microvm_add_virtio(Machine *m, VirtioDevice *vdev, GError **errp)
{
    Microvm *s = m->state;
    MicrovmVirtio *v;

    if (s->nr_virtio == ARRAY_SIZE(microvm_virtio_irqs)) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "too many virtio devices (at most %zu)",
                    ARRAY_SIZE(microvm_virtio_irqs));
        return false;
    }
    v = &s->virtio[s->nr_virtio];
    v->vdev = vdev;
    v->base = MICROVM_VIRTIO_BASE + s->nr_virtio * VIRTIO_MMIO_SIZE;
    v->irq = microvm_virtio_irqs[s->nr_virtio];
    vdev->irq = machine_irq(m, v->irq);
    s->nr_virtio++;
    return as_add_io(&m->mem, vdev->ops->name, v->base, VIRTIO_MMIO_SIZE,
                     &virtio_mmio_ops, vdev, errp);
}

static Chardev *microvm_chardev(Machine *m, const char *id, GError **errp)
{
    Microvm *s = m->state;
    ChardevOptions *c = options_find_chardev(m->opts, id);
    Chardev *chr;

    if (!c) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "chardev '%s' not found (-chardev ...,id=%s)",
                    id ? id : "", id ? id : "");
        return NULL;
    }
    chr = chardev_new(c->spec, false, errp);
    if (chr) {
        g_ptr_array_add(s->chardevs, chr);
    }
    return chr;
}

static bool microvm_devices(Machine *m, GError **errp)
{
    Microvm *s = m->state;
    MachineOptions *o = m->opts;

    for (guint i = 0; i < o->drives->len; i++) {
        DriveOptions *d = g_ptr_array_index(o->drives, i);
        BlockBackend *blk = blk_open(d->file, d->readonly, errp);
        VirtioBlk *vb;
        if (!blk) {
            return false;
        }
        vb = virtio_blk_new(blk, &m->mem, (IrqLine){ 0 });
        g_ptr_array_add(s->blks, vb);
        if (!microvm_add_virtio(m, virtio_blk_vdev(vb), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < o->devices->len; i++) {
        DeviceOptions *d = g_ptr_array_index(o->devices, i);
        const char *drv = d->driver ? d->driver : "";
        if (!strcmp(drv, "virtio-rng-device")) {
            VirtioRng *r = virtio_rng_new(&m->mem, (IrqLine){ 0 });
            g_ptr_array_add(s->rngs, r);
            if (!microvm_add_virtio(m, virtio_rng_vdev(r), errp)) {
                return false;
            }
        } else if (!strcmp(drv, "virtio-net-device")) {
            NetdevOptions *nd = options_find_netdev(o, d->netdev);
            uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 + s->nets->len };
            NetBackend *nb;
            VirtioNet *vn;
            if (!nd) {
                g_set_error(errp, CROSSEMU_ERROR, 0,
                            "-device virtio-net-device: netdev '%s' not found",
                            d->netdev ? d->netdev : "(none: netdev=ID missing)");
                return false;
            }
            nb = net_backend_new(nd, errp);
            if (!nb) {
                return false;
            }
            g_ptr_array_add(s->netbackends, nb);
            vn = virtio_net_new(nb, mac, &m->mem, (IrqLine){ 0 });
            g_ptr_array_add(s->nets, vn);
            if (!microvm_add_virtio(m, virtio_net_vdev(vn), errp)) {
                return false;
            }
        } else if (!strcmp(drv, "virtconsole") || !strcmp(drv, "virtio-console-device")) {
            Chardev *chr = microvm_chardev(m, d->chardev, errp);
            VirtioConsole *vc;
            if (!chr) {
                return false;
            }
            vc = virtio_console_new(chr, &m->mem, (IrqLine){ 0 });
            g_ptr_array_add(s->consoles, vc);
            if (!microvm_add_virtio(m, virtio_console_vdev(vc), errp)) {
                return false;
            }
        } else if (!strcmp(drv, "virtio-blk-device")) {
            /* the -drive if=virtio above already made it */
        } else if (!strcmp(drv, "virtio-serial-device")) {
            /* QEMU needs this bus for virtconsole; ours is built in */
        } else {
            g_set_error(errp, CROSSEMU_ERROR, 0,
                        "-device %s: not supported on microvm (virtio-net-device, "
                        "virtio-rng-device, virtio-blk-device, virtconsole)", drv);
            return false;
        }
    }
    for (guint i = 0; i < o->netdevs->len; i++) {
        NetdevOptions *nd = g_ptr_array_index(o->netdevs, i);
        bool used = false;
        for (guint j = 0; j < s->netbackends->len; j++) {
            used |= !strcmp(((NetBackend *)g_ptr_array_index(s->netbackends, j))->id, nd->id);
        }
        if (!used) {
            fprintf(stderr, "%s: warning: netdev %s has no NIC (add -device "
                    "virtio-net-device,netdev=%s)\n", crossemu_progname, nd->id, nd->id);
        }
    }
    return true;
}

static bool microvm_read_file(const char *what, const char *path, uint8_t **buf,
                              size_t *len, GError **errp)
{
    gchar *data;
    gsize n;
    GError *err = NULL;

    if (!g_file_get_contents(path, &data, &n, &err)) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "%s: %s", what, err->message);
        g_error_free(err);
        return false;
    }
    *buf = (uint8_t *)data;
    *len = n;
    return true;
}

static bool microvm_init(Machine *m, GError **errp)
{
    MachineOptions *o = m->opts;
    Microvm *s = g_new0(Microvm, 1);
    const char *serial;

    m->state = s;
    s->blks = g_ptr_array_new();
    s->rngs = g_ptr_array_new();
    s->nets = g_ptr_array_new();
    s->consoles = g_ptr_array_new();
    s->netbackends = g_ptr_array_new();
    s->chardevs = g_ptr_array_new();

    if (!o->kernel) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "no kernel: -kernel bzImage is required "
                    "(microvm has no firmware)");
        return false;
    }
    if (!microvm_read_file("-kernel", o->kernel, &s->kernel, &s->kernel_size, errp) ||
        (o->initrd &&
         !microvm_read_file("-initrd", o->initrd, &s->initrd, &s->initrd_size, errp))) {
        return false;
    }
    if (o->serials->len > 1) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "microvm has one serial port (-serial given %u times)",
                    o->serials->len);
        return false;
    }

    /* RAM: one anonymous mapping, pages only become resident when touched */
    m->ram_size = o->ram_size;
    m->ram = mmap(NULL, m->ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->ram == MAP_FAILED) {
        m->ram = NULL;
        g_set_error(errp, CROSSEMU_ERROR, 0, "cannot allocate %" PRIu64 " MiB of guest RAM: %s",
                    m->ram_size >> 20, g_strerror(errno));
        return false;
    }
    madvise(m->ram, m->ram_size, MADV_MERGEABLE);
    s->ram.host = m->ram;
    x86_ram_split(m->ram_size, &s->ram);
    as_init(&m->mem, "memory");
    as_init(&m->io, "ioport");
    if (!as_add_ram(&m->mem, "ram-below-4g", 0, s->ram.low, m->ram, errp) ||
        (s->ram.high && !as_add_ram(&m->mem, "ram-above-4g", X86_4G, s->ram.high,
                                    m->ram + s->ram.low, errp))) {
        return false;
    }

    serial = o->serials->len ? g_ptr_array_index(o->serials, 0) : "stdio";
    s->serial_chr = chardev_new(serial, o->nographic && !strcmp(serial, "stdio"), errp);
    if (!s->serial_chr) {
        return false;
    }
    s->uart = ns16550_new(s->serial_chr, machine_irq(m, MICROVM_UART_IRQ));
    s->i8042 = i8042_new();
    if (!as_add_io(&m->io, "serial", MICROVM_UART_PORT, 8, &ns16550_ops, s->uart, errp) ||
        !as_add_io(&m->io, "i8042", MICROVM_I8042_PORT, 5, &i8042_ops, s->i8042, errp) ||
        !as_add_io(&m->io, "pm", MICROVM_PM_PORT, PM_REGION_SIZE, &pm_ops, NULL, errp)) {
        return false;
    }
    return microvm_devices(m, errp);
}

static bool microvm_reset(Machine *m, GError **errp)
{
    Microvm *s = m->state;
    GString *cmdline = g_string_new(m->opts->append ? m->opts->append : "");
    X86KernelImage img = {
        .kernel = s->kernel, .kernel_size = s->kernel_size,
        .initrd = s->initrd, .initrd_size = s->initrd_size,
    };
    X86MpConfig mp = {
        .nr_cpus = m->opts->smp, .ioapic_addr = MICROVM_IOAPIC_ADDR,
        .lapic_addr = MICROVM_LAPIC_ADDR, .cpu_signature = 0x600, .cpu_features = 0x201,
    };
    X86AcpiConfig acpi = {
        .nr_cpus = m->opts->smp, .ioapic_addr = MICROVM_IOAPIC_ADDR,
        .lapic_addr = MICROVM_LAPIC_ADDR,
        .sleep_control_port = MICROVM_PM_PORT + PM_REG_SLEEP_CONTROL,
        .sleep_status_port = MICROVM_PM_PORT + PM_REG_SLEEP_STATUS,
        .reset_port = MICROVM_PM_PORT + PM_REG_RESET, .reset_value = 1,
        .has_i8042 = true, .uart_port = MICROVM_UART_PORT, .uart_irq = MICROVM_UART_IRQ,
    };
    bool use_acpi = m->opts->acpi != 0;
    bool ok;

    ns16550_reset(s->uart);
    i8042_reset(s->i8042);
    for (unsigned i = 0; i < s->nr_virtio; i++) {
        virtio_reset(s->virtio[i].vdev);
        if (use_acpi) {
            /* announcing twice would make Linux probe each transport twice */
            acpi.virtio[i].base = s->virtio[i].base;
            acpi.virtio[i].size = VIRTIO_MMIO_SIZE;
            acpi.virtio[i].irq = s->virtio[i].irq;
            acpi.nr_virtio++;
        } else {
            g_string_append_printf(cmdline, "%svirtio_mmio.device=512@0x%" PRIx64 ":%u",
                                   cmdline->len ? " " : "", s->virtio[i].base,
                                   s->virtio[i].irq);
        }
    }
    /* a reboot starts from clean RAM, like a power cycle */
    if (madvise(m->ram, m->ram_size, MADV_DONTNEED) < 0) {
        memset(m->ram, 0, m->ram_size);
    }
    img.cmdline = cmdline->str;
    ok = x86_build_mptable(&s->ram, &mp, errp) &&
         (!use_acpi || x86_build_acpi(&s->ram, &acpi, &img.rsdp_addr, errp)) &&
         x86_load_kernel(&s->ram, &img, &m->x86_entry, errp);
    if (!ok && errp && *errp) {
        g_prefix_error(errp, "-kernel %s: ", m->opts->kernel);
    }
    g_string_free(cmdline, TRUE);
    return ok;
}

static void microvm_cleanup(Machine *m)
{
    Microvm *s = m->state;

    if (!s) {
        return;
    }
    for (guint i = 0; i < s->blks->len; i++) {
        virtio_blk_free(g_ptr_array_index(s->blks, i));
    }
    for (guint i = 0; i < s->rngs->len; i++) {
        virtio_rng_free(g_ptr_array_index(s->rngs, i));
    }
    for (guint i = 0; i < s->nets->len; i++) {
        virtio_net_free(g_ptr_array_index(s->nets, i));
    }
    for (guint i = 0; i < s->consoles->len; i++) {
        virtio_console_free(g_ptr_array_index(s->consoles, i));
    }
    for (guint i = 0; i < s->netbackends->len; i++) {
        net_backend_free(g_ptr_array_index(s->netbackends, i));
    }
    for (guint i = 0; i < s->chardevs->len; i++) {
        chardev_free(g_ptr_array_index(s->chardevs, i));
    }
    g_ptr_array_free(s->blks, TRUE);
    g_ptr_array_free(s->rngs, TRUE);
    g_ptr_array_free(s->nets, TRUE);
    g_ptr_array_free(s->consoles, TRUE);
    g_ptr_array_free(s->netbackends, TRUE);
    g_ptr_array_free(s->chardevs, TRUE);
    if (s->uart) {
        ns16550_free(s->uart);
    }
    if (s->i8042) {
        i8042_free(s->i8042);
    }
    chardev_free(s->serial_chr);
    g_free(s->kernel);
    g_free(s->initrd);
    if (m->ram) {
        munmap(m->ram, m->ram_size);
        m->ram = NULL;
    }
    as_destroy(&m->mem);
    as_destroy(&m->io);
    g_free(s);
    m->state = NULL;
}

const BoardOps microvm_board = {
    .name = "microvm",
    .desc = "microvm (x86, virtio-mmio, no firmware)",
    .init = microvm_init,
    .reset = microvm_reset,
    .cleanup = microvm_cleanup,
};

static const BoardOps *const boards[] = {
    &microvm_board,
};

const BoardOps *board_find(const char *name)
{
    for (unsigned i = 0; i < ARRAY_SIZE(boards); i++) {
        if (!strcmp(boards[i]->name, name)) {
            return boards[i];
        }
    }
    return NULL;
}
